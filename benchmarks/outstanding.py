"""Time the reading the morning digest and /home share, at 1×, 10× and 100× a test's council.

    .venv/bin/python benchmarks/outstanding.py [--database-url URL]

A test's council (tests/home/test_digest_and_dashboard.py) is one committee with a few coming
meetings of a few items each. Scale N has N committees, each with six coming meetings of eight
items, all clerked by one officer (the worst case: the clerk of everything), their papers
asked for and in every state. For each scale, in the same run:

- the floor: one indexed query selecting the items of business of those committees' coming
  meetings (the rows the reading must at least look at);
- `outstanding()`: everything the digest and /home list, with the number of SQL statements it
  sent (the same at every scale: no query per row).

Default: a SQLite file; pass a PostgreSQL URL to measure there (the database is emptied first,
so its name must contain "bench").
"""

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from sqlalchemy import event, insert, text
from sqlmodel import col, select

from committee.committees.models import Committee
from committee.db import Database, normalise_database_url
from committee.meetings.models import AgendaItem, Meeting
from committee.migrate import upgrade
from committee.papers.models import Paper
from committee.people.models import Person
from committee.reminders.queries import AGENDAS_AHEAD_WORKING_DAYS, outstanding
from committee.timeutil import LONDON, municipal_year_of
from committee.work_programme.models import WorkProgrammeEntry

SCALES = (1, 10, 100)
MEETINGS = 6
ITEMS = 8
STATUSES = ("awaited", "draft_received", "cleared", None)  # None: nothing sent yet


def build(database: Database, committees: int, now: datetime) -> list[int]:
    """Add `committees` committees with their coming meetings and items; return their ids."""
    ids = []
    with database.transaction() as session:
        officers = [Person(name=f"Officer {n}", email=f"o{n}@council.test") for n in range(20)]
        session.add_all(officers)
        session.flush()
        for number in range(committees):
            committee = Committee(
                slug=f"committee-{number}", name=f"Committee {number}", usual_venue="Room 3"
            )
            session.add(committee)
            session.flush()
            ids.append(committee.id)
            starts = [now + timedelta(days=7 + 14 * n) for n in range(MEETINGS)]
            session.execute(
                insert(Meeting),
                [
                    {
                        "committee_id": committee.id,
                        "start": start,
                        "end": start + timedelta(hours=2),
                        "venue": "Room 3",
                        "status": "scheduled",
                        "revision": 0,
                        "updated_at": now,
                    }
                    for start in starts
                ],
            )
            meetings = session.exec(
                select(Meeting.id, Meeting.start).where(Meeting.committee_id == committee.id)
            ).all()
            for meeting_id, start in meetings:
                session.execute(
                    insert(WorkProgrammeEntry),
                    [
                        {
                            "committee_id": committee.id,
                            "municipal_year": municipal_year_of(start.date()),
                            "title": f"Item {item}",
                            "detail": "",
                            "lead_text": f"Officer {item}",
                            "cabinet_member": "",
                            "source": "",
                            "meeting_id": meeting_id,
                            "state": "briefing_due",
                            "version": 1,
                            "resolution": "",
                            "papers_needed": "briefing_note",
                            "created_at": now,
                            "updated_at": now,
                        }
                        for item in range(ITEMS)
                    ],
                )
                entries = session.exec(
                    select(WorkProgrammeEntry.id).where(WorkProgrammeEntry.meeting_id == meeting_id)
                ).all()
                session.execute(
                    insert(AgendaItem),
                    [
                        {
                            "meeting_id": meeting_id,
                            "entry_id": entry_id,
                            "kind": "business",
                            "position": 10 + n,
                            "number": str(4 + n),
                            "title": f"Item {n}",
                            "to_follow": n % 5 == 0,
                        }
                        for n, entry_id in enumerate(entries)
                    ],
                )
                papers = [
                    {"entry_id": entry_id, "kind": "briefing_note", "status": status}
                    for n, entry_id in enumerate(entries)
                    if (status := STATUSES[n % len(STATUSES)]) is not None
                ]
                if papers:
                    session.execute(insert(Paper), papers)
        session.execute(
            text(
                "INSERT INTO entry_lead_officers (entry_id, person_id) "
                "SELECT id, (id % 20) + 1 FROM work_programme_entries"
            )
        )
    return ids


def floor_query(database: Database, ids: list[int], now: datetime) -> float:
    with database.sessionmaker() as session:
        started = time.perf_counter()
        session.exec(
            select(AgendaItem.id, WorkProgrammeEntry.state)
            .join(Meeting, col(Meeting.id) == AgendaItem.meeting_id)
            .join(WorkProgrammeEntry, col(WorkProgrammeEntry.id) == AgendaItem.entry_id)
            .where(
                col(Meeting.committee_id).in_(ids),
                Meeting.status == "scheduled",
                col(Meeting.start) > now,
            )
        ).all()
        return time.perf_counter() - started


def timed_reading(database: Database, ids: list[int], now: datetime) -> tuple[float, int, int]:
    """The time `outstanding()` takes, the statements it sends and the papers it lists."""
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        with database.sessionmaker() as session:
            started = time.perf_counter()
            found = outstanding(
                session,
                set(ids),
                now=now,
                agendas_ahead_working_days=AGENDAS_AHEAD_WORKING_DAYS,
            )
            elapsed = time.perf_counter() - started
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    return elapsed, statements, len(found.papers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", help="PostgreSQL to measure on (its name must contain 'bench')"
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    now = datetime.combine(datetime.now(UTC).astimezone(LONDON).date(), clock(9), tzinfo=LONDON)
    for scale in SCALES:
        with tempfile.TemporaryDirectory() as folder:
            url = normalise_database_url(
                args.database_url or f"sqlite:///{Path(folder) / 'council.sqlite'}"
            )
            if url.get_backend_name() == "postgresql":
                if "bench" not in (url.database or ""):
                    raise SystemExit(
                        "the benchmark empties the database: its name must contain 'bench'"
                    )
                engine = Database(url).engine
                with engine.begin() as connection:
                    connection.execute(text("DROP SCHEMA public CASCADE"))
                    connection.execute(text("CREATE SCHEMA public"))
                engine.dispose()
            upgrade(url)
            database = Database(url)
            ids = build(database, scale, now)
            floor = statistics.median(floor_query(database, ids, now) for _ in range(args.repeat))
            runs = [timed_reading(database, ids, now) for _ in range(args.repeat)]
            reading = statistics.median(elapsed for elapsed, _, _ in runs)
            _, statements, papers = runs[-1]
            print(
                f"{scale:>3}× ({scale * MEETINGS * ITEMS:,} items, {papers:,} papers listed): "
                f"floor {floor * 1000:.1f} ms; outstanding() {reading * 1000:.1f} ms, "
                f"{reading / floor:.1f}× the floor, {statements} SQL statements"
            )
            database.engine.dispose()


if __name__ == "__main__":
    main()
