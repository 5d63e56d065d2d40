"""One event on many entries: each judged alone, what they share read once."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import event
from sqlmodel import Session, col, select

from committee.db import Database
from committee.errors import PermissionDenied
from committee.meetings.models import AgendaItem
from committee.timeutil import LONDON
from committee.work_programme.lifecycle import fire_event_on_each
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from committee.work_programme.schemas import EventInput

MEETING_START = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2")


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """The SQL statements run in the block, as the database received them."""
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


def history_of(session: Session, entry: WorkProgrammeEntry) -> list[tuple[str, str]]:
    return [
        (change.event, change.to_state)
        for change in session.exec(
            select(StateChange)
            .where(StateChange.entry_id == entry.id)
            .order_by(col(StateChange.id))
        )
    ]


def test_each_entry_moves_or_is_refused_alone(session, make, board, now):
    meeting = make.meeting(board, MEETING_START)
    first, second = make.entry(board, "Fostering"), make.entry(board, "Libraries")
    done = make.entry(board, "Adoption")
    fire_event_on_each(
        session,
        actor=make.clerk(board),
        entry_ids=[done.id],
        event="withdraw",
        data=EventInput(reason="No longer needed"),
    )
    session.commit()

    fired = fire_event_on_each(
        session,
        actor=make.clerk(board),
        entry_ids=[first.id, done.id, second.id],
        event="schedule",
        data=EventInput(meeting_id=meeting.id),
    )
    session.commit()

    assert [entry.id for entry in fired.moved] == [first.id, second.id]
    assert list(fired.refused) == [done.id]
    assert fired.refused[done.id].message == (
        "“Schedule” cannot be done to an item that is withdrawn."
    )
    assert done.state == "withdrawn"
    assert history_of(session, done) == [("create", "requested"), ("withdraw", "withdrawn")]
    for entry in (first, second):
        assert entry.state == "scheduled"
        assert entry.meeting_id == meeting.id
        assert history_of(session, entry)[-1] == ("schedule", "scheduled")
    # On the agenda in the order given, after what was there.
    titles = session.exec(
        select(AgendaItem.title)
        .where(AgendaItem.meeting_id == meeting.id, col(AgendaItem.entry_id).is_not(None))
        .order_by(col(AgendaItem.position))
    ).all()
    assert titles == ["Fostering", "Libraries"]


def test_the_wrong_role_for_one_entry_refuses_them_all(session, make, board, now):
    other = make.committee("other")
    meeting = make.meeting(board, MEETING_START)
    ours, theirs = make.entry(board, "Fostering"), make.entry(other, "Parks")

    with pytest.raises(PermissionDenied, match="Only governance officers of the committee"):
        fire_event_on_each(
            session,
            actor=make.clerk(board),
            entry_ids=[ours.id, theirs.id],
            event="withdraw",
            data=EventInput(reason="No longer needed"),
        )
    session.rollback()
    assert (ours.state, theirs.state) == ("requested", "requested")
    # Positive control: their own committee's entry alone moves.
    fired = fire_event_on_each(
        session,
        actor=make.clerk(board),
        entry_ids=[ours.id],
        event="withdraw",
        data=EventInput(reason="No longer needed"),
    )
    assert [entry.id for entry in fired.moved] == [ours.id]
    assert meeting.id is not None


def cost_of_scheduling(
    session: Session, database: Database, make, board, count: int
) -> tuple[list[str], list[str], int]:
    """The reads and the writes of scheduling `count` new entries onto a meeting, and how many
    items its agenda then has."""
    meeting = make.meeting(board, MEETING_START)
    entries = [make.entry(board, f"Item {n}") for n in range(count)]
    clerk = make.clerk(board)
    with statements(database) as seen:
        fired = fire_event_on_each(
            session,
            actor=clerk,
            entry_ids=[entry.id for entry in entries],
            event="schedule",
            data=EventInput(meeting_id=meeting.id),
        )
        session.flush()
    assert len(fired.moved) == count  # each one moved: the count is of real work
    placed = session.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting.id)).all()
    reads = [statement for statement in seen if statement.lstrip().upper().startswith("SELECT")]
    writes = [statement for statement in seen if statement not in reads]
    return reads, writes, len(placed)


def test_scheduling_twenty_entries_reads_what_scheduling_two_reads(
    session, database, make, board, now
):
    """What the entries share (the role, the meeting, its deadlines, the agenda) is read once;
    each entry costs only its own rows: its UPDATE, its agenda item and its history."""
    cost_of_scheduling(session, database, make, board, 1)  # what a session reads once is read
    reads_of_two, writes_of_two, items_of_two = cost_of_scheduling(
        session, database, make, board, 2
    )
    reads_of_twenty, writes_of_twenty, items_of_twenty = cost_of_scheduling(
        session, database, make, board, 20
    )
    assert items_of_twenty - items_of_two == 18  # positive control: twenty placed, not two
    assert len(reads_of_twenty) == len(reads_of_two)
    assert len(writes_of_twenty) - len(writes_of_two) <= 3 * 18
