"""Time full sweeps over councils of three sizes, against a single indexed query of the same rows.

    .venv/bin/python benchmarks/sweep_large_council.py [--database-url URL]

Builds, at 1x, 10x and 100x a test's council, 4 committees with one municipal
year of monthly meetings (48), then 40 with one (480), then 40 with ten
(4,800), each meeting with eight items: past meetings' items resolved, coming
ones scheduled, past meetings' agendas never marked held. Then, in the same run:

- the floor: one query using the indexes, selecting the entries a sweep must
  look at (waiting items of coming, uncancelled meetings within its horizon);
- a first sweep, which also does the work found (opens paper windows, queues
  and renders messages): what the scheduler does after downtime;
- a second sweep, which finds everything done: the every-five-minutes case.

Each sweep runs in a transaction that is rolled back, so each starts from the
same data. The catch-up must stay linear: its time per piece of work (a meeting
held, a window opened, a message queued or recorded) no higher at larger sizes. Peak heap (tracemalloc, a run of its own) is printed beside each. Default: a SQLite file; pass a PostgreSQL URL to measure there
(the database is emptied first, so its name must contain "bench").
"""

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from _support import fresh_database_url, peak_mib
from sqlalchemy import insert, text
from sqlmodel import col, select

from committee.committees.models import Committee
from committee.db import Database
from committee.meetings.models import Meeting
from committee.people.models import Person, RoleGrant
from committee.reminders.sweep import sweep
from committee.timeutil import LONDON, municipal_year_of
from committee.work_programme.models import WorkProgrammeEntry

SIZES = ((4, 1), (40, 1), (40, 10))  # (committees, municipal years): 1x, 10x, 100x a test's
ITEMS_PER_MEETING = 8
MEETING_MONTHS = (5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4)  # monthly: 480 meetings a year


def build(database: Database, now: datetime, committees: int, years: int) -> tuple[int, int]:
    """Fill the database; return how many meetings and entries it made."""
    # So the current year is the last but one (the only one, at one year).
    first_year = municipal_year_of(now.date()) - max(years - 2, 0)
    meetings, entries = 0, 0
    with database.transaction() as session:
        people = [Person(name=f"Officer {n}", email=f"officer{n}@council.test") for n in range(200)]
        session.add_all(people)
        session.flush()
        for number in range(committees):
            committee = Committee(
                slug=f"committee-{number}", name=f"Committee {number}", usual_venue="Room 3"
            )
            session.add(committee)
            session.flush()
            session.add(
                RoleGrant(person_id=people[number].id, role="governance", committee_id=committee.id)
            )
            meeting_rows = []
            for year in range(first_year, first_year + years):
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


def measure(url, folder: Path, committees: int, years: int, repeat: int) -> None:
    url = fresh_database_url(url, folder, f"council-{committees}-{years}")
    database = Database(url)
    now = datetime.combine(datetime.now(UTC).astimezone(LONDON).date(), clock(9, 30), tzinfo=LONDON)
    started = time.perf_counter()
    meetings, entries = build(database, now, committees, years)
    print(
        f"== {committees} committees, {meetings:,} meetings, {entries:,} items "
        f"on {url.get_backend_name()} (built in {time.perf_counter() - started:.1f} s)"
    )
    # The sweep's horizon at default settings.
    horizon = timedelta(days=(6 + 5 + 10) * 7 // 5 + 21)
    floors = [floor_query(database, now, horizon) for _ in range(repeat)]
    floor = statistics.median(elapsed for elapsed, _ in floors)
    print(f"floor: one indexed query, {floors[0][1]:,} due rows: {floor * 1000:.1f} ms")

    first = [timed_sweep(database, now, keep=False) for _ in range(repeat)]
    first_time = statistics.median(elapsed for elapsed, _ in first)
    report = first[0][1]
    first_heap = peak_mib(lambda: timed_sweep(database, now, keep=False))
    work = report.meetings_held + report.windows_opened + report.queued + report.skipped
    print(
        f"first sweep (catch-up: {report.meetings_held:,} meetings held, "
        f"{report.windows_opened:,} windows opened, {report.queued:,} messages queued, "
        f"{report.skipped:,} recorded as skipped): {first_time * 1000:.0f} ms, "
        f"{first_time / work * 1000:.2f} ms a piece of work; peak heap {first_heap:.1f} MiB"
    )

    timed_sweep(database, now, keep=True)
    steady = statistics.median(timed_sweep(database, now, keep=False)[0] for _ in range(repeat))
    steady_heap = peak_mib(lambda: timed_sweep(database, now, keep=False))
    print(
        f"steady sweep (everything already done): {steady * 1000:.1f} ms, "
        f"{steady / floor:.1f}x the floor (aim <= 3); peak heap {steady_heap:.1f} MiB"
    )
    database.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", help="PostgreSQL to measure on (its name must contain 'bench')"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for committees, years in SIZES:
            measure(args.database_url, Path(folder), committees, years, args.repeat)


if __name__ == "__main__":
    main()
