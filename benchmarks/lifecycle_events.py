"""Fire lifecycle events on 25, 250 and 2,500 entries and compare with a bare floor.

    .venv/bin/python benchmarks/lifecycle_events.py [--entries 25 250 2500] [--database-url URL]

The sizes are 1x, 10x and 100x the entries a test moves; SQLite by default, or the
PostgreSQL database named (emptied first, so its name must contain "bench").

Each entry goes schedule -> open_briefing -> defer (back to the programme) ->
withdraw: four events, each committed on its own as a request would be. The
floor, measured in the same run on a copy of the same database, is what any
implementation must do for the same rows: a bare SQLAlchemy Core UPDATE of the
state and an INSERT of the history row, committed per event, on a database built
the same way. Peak memory (RSS)
is read before the events and after them: with one shared machine and no
models kept, it must not grow with the number of events.
"""

import argparse
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _support import fresh_database_url
from sqlalchemy import URL, insert, text, update

from committee.committees.operations import create_committee
from committee.db import Database
from committee.meetings.operations import create_meeting
from committee.people.actors import SYSTEM
from committee.people.models import Person, RoleGrant
from committee.work_programme.lifecycle import fire_event
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from committee.work_programme.schemas import EventInput
from workflows.entry import entry_machine

# (event, from, to, whether the entry is on the meeting afterwards)
STEPS = [
    ("schedule", "requested", "scheduled", True),
    ("open_briefing", "scheduled", "briefing_due", True),
    ("defer", "briefing_due", "requested", False),
    ("withdraw", "requested", "withdrawn", False),
]


def build(url: URL, entries: int) -> tuple[int, int, list[int]]:
    """Create a board, one meeting far ahead and the entries; return officer, meeting, entry ids."""
    database = Database(url)
    with database.transaction() as session:
        board = create_committee(session, slug="board", name="Scrutiny Board (2)")
        officer = Person(name="Michelle Rose", email="michelle.rose@council.test")
        session.add(officer)
        session.flush()
        session.add(RoleGrant(person_id=officer.id, role="governance", committee_id=board.id))
        meeting = create_meeting(
            session, actor=SYSTEM, committee=board, start=datetime.now(UTC) + timedelta(days=365)
        )
        rows = [
            {
                "committee_id": board.id,
                "municipal_year": 2030,
                "title": f"Item {n}",
                "detail": "",
                "lead_text": "",
                "cabinet_member": "",
                "source": "",
                "state": "requested",
                "version": 1,
                "resolution": "",
                "created_at": datetime.now(UTC),
                "updated_at": datetime.now(UTC),
            }
            for n in range(entries)
        ]
        session.execute(insert(WorkProgrammeEntry), rows)
        ids = [
            row[0]
            for row in session.execute(text("SELECT id FROM work_programme_entries ORDER BY id"))
        ]
        result = officer.id, meeting.id, ids
    database.engine.dispose()
    return result


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_service(
    url: URL, officer_id: int, meeting_id: int, ids: list[int]
) -> tuple[float, int, int]:
    database = Database(url)
    data = {
        "schedule": EventInput(meeting_id=meeting_id),
        "open_briefing": EventInput(),
        "defer": EventInput(reason="Officer on leave"),
        "withdraw": EventInput(reason="No longer needed"),
    }
    tenth = max(1, len(ids) // 10)
    peak_early = 0
    started = time.perf_counter()
    for index, entry_id in enumerate(ids):
        for event, *_ in STEPS:
            with database.transaction() as session:
                officer = session.get(Person, officer_id)
                fire_event(session, actor=officer, entry_id=entry_id, event=event, data=data[event])
        if index + 1 == tenth:
            peak_early = peak_rss_kib()
    elapsed = time.perf_counter() - started
    database.engine.dispose()
    return elapsed, peak_early, peak_rss_kib()


def run_floor(url: URL, officer_id: int, meeting_id: int, ids: list[int]) -> float:
    database = Database(url)
    entries = WorkProgrammeEntry.__table__
    history = StateChange.__table__
    started = time.perf_counter()
    for entry_id in ids:
        for event, before, after, on_meeting in STEPS:
            with database.engine.begin() as connection:
                now = datetime.now(UTC)
                connection.execute(
                    update(entries)
                    .where(entries.c.id == entry_id)
                    .values(
                        state=after,
                        meeting_id=meeting_id if on_meeting else None,
                        version=entries.c.version + 1,
                        updated_at=now,
                    )
                )
                connection.execute(
                    insert(history).values(
                        entry_id=entry_id,
                        event=event,
                        from_state=before,
                        to_state=after,
                        actor_id=officer_id,
                        at=now,
                        reason="",
                        meeting_id=meeting_id,
                    )
                )
    elapsed = time.perf_counter() - started
    database.engine.dispose()
    return elapsed


def measure(database_url: str | None, folder: Path, entries: int) -> None:
    url = fresh_database_url(database_url, folder, f"floor-{entries}")
    floor = run_floor(url, *build(url, entries))
    url = fresh_database_url(database_url, folder, f"service-{entries}")
    officer_id, meeting_id, ids = build(url, entries)
    events = len(ids) * len(STEPS)
    peak_before = peak_rss_kib()
    service, peak_early, peak_after = run_service(url, officer_id, meeting_id, ids)
    print(f"== {entries:,} entries, {events:,} events on {url.get_backend_name()}")
    print(
        f"service {events / service:,.0f} events/s ({service:.2f} s); floor (UPDATE + INSERT) "
        f"{events / floor:,.0f} events/s ({floor:.2f} s); service = {service / floor:.1f}x the "
        "floor's time (aim <= 2)"
    )
    print(
        f"peak RSS {peak_before / 1024:,.1f} MiB before, {peak_early / 1024:,.1f} MiB after "
        f"{events // 10:,} events, {peak_after / 1024:,.1f} MiB after {events:,} "
        f"(growth over the last 90%: {(peak_after - peak_early) / 1024:+,.1f} MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[25, 250, 2500])
    parser.add_argument(
        "--database-url", help="PostgreSQL to measure on (its name must contain 'bench')"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for entries in args.entries:
            measure(args.database_url, Path(folder), entries)
    print(f"models held by the shared machine: {len(entry_machine().models)}")


if __name__ == "__main__":
    main()
