"""Time one full sweep over a large council, against a single indexed query of the same rows.

    .venv/bin/python benchmarks/sweep_large_council.py [--database-url URL]

Builds 40 committees with ten municipal years of monthly meetings (about
5,000) and eight items each (about 40,000): past meetings' items resolved,
coming ones scheduled. Then, in the same run:

- the floor: one query using the indexes, selecting the entries a sweep must
  look at (waiting items of coming, uncancelled meetings within its horizon);
- a first sweep, which also does the work found (opens paper windows, queues
  and renders messages): what the scheduler does after downtime;
- a second sweep, which finds everything done: the every-five-minutes case.

Each sweep runs in a transaction that is rolled back, so each starts from the
same data. Default: a SQLite file; pass a PostgreSQL URL to measure there
(the database is emptied first, so its name must contain "bench").
"""

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import col, select

from committee.committees.models import Committee
from committee.db import Database, normalise_database_url
from committee.meetings.models import Meeting
from committee.migrate import upgrade
from committee.people.models import Person, RoleGrant
from committee.reminders.sweep import sweep
from committee.timeutil import LONDON, municipal_year_of
from committee.work_programme.models import WorkProgrammeEntry

COMMITTEES = 40
YEARS = 10
ITEMS_PER_MEETING = 8
MEETING_MONTHS = (5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4)  # monthly: 480 meetings a year


def build(database: Database, now: datetime) -> tuple[int, int]:
    """Fill the database; return how many meetings and entries it made."""
    first_year = (
        municipal_year_of(now.date()) - YEARS + 2
    )  # so the current year is the last but one
    meetings, entries = 0, 0
    with database.transaction() as session:
        people = [Person(name=f"Officer {n}", email=f"officer{n}@council.test") for n in range(200)]
        session.add_all(people)
        session.flush()
        for number in range(COMMITTEES):
            committee = Committee(
                slug=f"committee-{number}", name=f"Committee {number}", usual_venue="Room 3"
            )
            session.add(committee)
            session.flush()
            session.add(
                RoleGrant(person_id=people[number].id, role="governance", committee_id=committee.id)
            )
            meeting_rows = []
            for year in range(first_year, first_year + YEARS):
                for month in MEETING_MONTHS:
                    day = datetime(year + (month < 5), month, 3 + number % 20, 14, 0, tzinfo=LONDON)
                    meeting_rows.append(
                        {
                            "committee_id": committee.id,
                            "start": day,
                            "end": day + timedelta(hours=2),
                            "venue": "Room 3",
                            "status": "scheduled",
                            "revision": 0,
                            "updated_at": now,
                        }
                    )
            session.execute(insert(Meeting), meeting_rows)
            meetings += len(meeting_rows)
            rows = session.exec(
                select(Meeting.id, Meeting.start).where(Meeting.committee_id == committee.id)
            ).all()
            entry_rows = []
            for meeting_id, start in rows:
                for item in range(ITEMS_PER_MEETING):
                    entry_rows.append(
                        {
                            "committee_id": committee.id,
                            "municipal_year": municipal_year_of(start.date()),
                            "title": f"Item {item}",
                            "detail": "",
                            "lead_text": f"Officer {item}",
                            "cabinet_member": "",
                            "source": "",
                            "meeting_id": meeting_id,
                            "state": "resolved" if start < now else "scheduled",
                            "version": 1,
                            "resolution": "",
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
            session.execute(insert(WorkProgrammeEntry), entry_rows)
            entries += len(entry_rows)
        # Each item's lead officer, so messages have somewhere to go.
        session.execute(
            text(
                "INSERT INTO entry_lead_officers (entry_id, person_id) "
                "SELECT id, (id % 200) + 1 FROM work_programme_entries"
            )
        )
    return meetings, entries


def floor_query(database: Database, now: datetime, horizon: timedelta) -> tuple[float, int]:
    with database.sessionmaker() as session:
        started = time.perf_counter()
        rows = session.exec(
            select(WorkProgrammeEntry.id, Meeting.start)
            .join(Meeting, col(Meeting.id) == WorkProgrammeEntry.meeting_id)
            .where(
                col(WorkProgrammeEntry.state).in_(["scheduled", "briefing_due"]),
                Meeting.status == "scheduled",
                col(Meeting.start) > now,
                col(Meeting.start) <= now + horizon,
            )
        ).all()
        return time.perf_counter() - started, len(rows)


def timed_sweep(database: Database, now: datetime, *, keep: bool) -> tuple[float, object]:
    session = database.write_sessionmaker()
    try:
        started = time.perf_counter()
        report = sweep(session, base_url="https://committees.test", now=now)
        elapsed = time.perf_counter() - started
        if keep:
            session.commit()
        else:
            session.rollback()
        return elapsed, report
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", help="PostgreSQL to measure on (its name must contain 'bench')"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
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
        now = datetime.combine(
            datetime.now(UTC).astimezone(LONDON).date(), clock(9, 30), tzinfo=LONDON
        )
        started = time.perf_counter()
        meetings, entries = build(database, now)
        print(
            f"built {COMMITTEES} committees, {meetings:,} meetings, {entries:,} items "
            f"on {url.get_backend_name()} in {time.perf_counter() - started:.1f} s"
        )

        horizon = timedelta(
            days=(6 + 5 + 10) * 7 // 5 + 21
        )  # the sweep's horizon at default settings
        floors = [floor_query(database, now, horizon) for _ in range(args.repeat)]
        floor = statistics.median(elapsed for elapsed, _ in floors)
        print(f"floor: one indexed query, {floors[0][1]:,} due rows: {floor * 1000:.1f} ms")

        first = [timed_sweep(database, now, keep=False) for _ in range(args.repeat)]
        first_time = statistics.median(elapsed for elapsed, _ in first)
        report = first[0][1]
        print(
            f"first sweep (catch-up: {report.windows_opened:,} windows opened, {report.queued:,} messages "
            f"queued, {report.skipped:,} recorded as skipped): {first_time * 1000:.0f} ms, "
            f"{first_time / floor:.0f}x the floor"
        )

        timed_sweep(database, now, keep=True)
        steady = statistics.median(
            timed_sweep(database, now, keep=False)[0] for _ in range(args.repeat)
        )
        print(
            f"steady sweep (everything already done): {steady * 1000:.0f} ms, {steady / floor:.1f}x the floor"
        )
        database.engine.dispose()


if __name__ == "__main__":
    main()
