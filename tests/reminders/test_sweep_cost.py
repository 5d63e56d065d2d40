"""What a sweep costs: the same statements however many items wait or meetings were held.

The board's meeting is on Thursday 4 March 2027 at 2.00 pm; its paper window opened on
Wednesday 3 February (tests/reminders/test_sweep.py counts the days by hand), so on
Friday 12 February at 10.00 every item on it owes its briefing note.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from committee.agenda.models import Agenda
from committee.db import Database
from committee.meetings.models import Meeting
from committee.reminders.sweep import sweep
from committee.timeutil import LONDON

MEETING = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)
WINDOW_OPEN = datetime(2027, 2, 12, 10, 0, tzinfo=LONDON)


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2")


def sweep_counted(session, database, now):
    with statements(database) as seen:
        report = sweep(session, base_url="https://committees.test", now=now)
    session.commit()
    return report, seen


def reads_papers(seen: list[str]) -> bool:
    return any("FROM papers" in statement for statement in seen)


def test_a_steady_sweep_reads_no_papers_and_costs_the_same_for_twelve_items_as_for_two(
    session, database, make, board, now
):
    meeting = make.meeting(board, MEETING)
    lead = make.person(name="Kirston Nelson", email="kirston.nelson@council.test")
    for n in range(2):
        make.entry(board, f"Item {n}", lead="Kirston Nelson", meeting=meeting)
    first, seen = sweep_counted(session, database, WINDOW_OPEN)
    assert first.windows_opened == 2  # positive control: the work was there to do
    assert reads_papers(seen)  # and deciding it read the papers
    _, steady_with_two = sweep_counted(session, database, WINDOW_OPEN)

    for n in range(2, 12):
        make.entry(board, f"Item {n}", lead="Kirston Nelson", meeting=meeting)
    again, _ = sweep_counted(session, database, WINDOW_OPEN)
    assert again.windows_opened == 10
    _, steady_with_twelve = sweep_counted(session, database, WINDOW_OPEN)

    assert not reads_papers(steady_with_two)
    assert not reads_papers(steady_with_twelve)
    assert len(steady_with_twelve) == len(steady_with_two)
    assert lead.id is not None


def test_holding_ten_meetings_after_downtime_reads_what_holding_two_reads(
    session, database, board, now
):
    def unheld_meetings(count: int, first: datetime) -> list[Meeting]:
        meetings = [
            Meeting(
                committee_id=board.id,
                start=first + timedelta(weeks=n),
                end=first + timedelta(weeks=n, hours=2),
                venue="Committee Room 3",
            )
            for n in range(count)
        ]
        session.add_all(meetings)
        session.commit()
        return meetings

    def reads(seen: list[str]) -> int:
        return sum(1 for statement in seen if statement.lstrip().upper().startswith("SELECT"))

    sweep_counted(session, database, now)  # what is read once (the closure days) is read
    unheld_meetings(2, datetime(2025, 1, 9, 14, 0, tzinfo=LONDON))
    two, seen_two = sweep_counted(session, database, now)
    unheld_meetings(10, datetime(2025, 6, 5, 14, 0, tzinfo=LONDON))
    ten, seen_ten = sweep_counted(session, database, now)

    assert (two.meetings_held, ten.meetings_held) == (2, 10)
    held = session.exec(select(Agenda.state).where(Agenda.state == "held")).all()
    assert len(held) == 12
    assert reads(seen_ten) == reads(seen_two)
