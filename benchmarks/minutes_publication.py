"""Write, publish and correct minutes at 11, 110 and 1,100 minutes; remind their recommendations.

    .venv/bin/python benchmarks/minutes_publication.py [--meetings 1 10 100]

The tests publish the seed's eleven minutes; this does the same at one, ten
and a hundred meetings of eleven minutes each (1x, 10x, 100x), all of one
committee and municipal year, so every save numbers on from more minutes
than the last. Each minute records an agenda item (publishing moves its
entry to resolved through the lifecycle), one resolution making a
recommendation and, on every other minute, a second asking for a follow-up
(a new work programme entry). Each meeting is saved, published and then
corrected once, each in its own transaction, as three requests would be;
then the recommendations' responses fall due and one sweep reminds them all.

Cost must grow linearly: the time per minute must stay flat from the
smallest size to the largest. The floor, measured in the same run on a copy
of the same database, is what any implementation must do for the same rows:
bare SQLAlchemy Core INSERTs of the minutes, resolutions, recommendations and
history, and UPDATEs of the entries, committed per meeting. The meetings and
their agendas are built with the clock set back to 2020 (time-machine, a test
dependency), so that they have taken place by the time they are minuted.
"""

import argparse
import resource
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from sqlalchemy import func, insert, select, text, update

from committee.committees.operations import create_committee
from committee.db import Database, normalise_database_url
from committee.meetings.models import AgendaItem, Meeting
from committee.meetings.operations import create_meeting
from committee.migrate import upgrade
from committee.minutes.models import (
    MeetingMinutes,
    Minute,
    MinutesChange,
    Resolution,
)
from committee.minutes.operations import (
    correct_minutes,
    publish_minutes,
    save_minutes,
)
from committee.minutes.schemas import CorrectionInput, MinutesInput
from committee.people.models import Person, RoleGrant
from committee.recommendations.models import Recommendation
from committee.recommendations.operations import remind_due_recommendations
from committee.timeutil import LONDON
from committee.work_programme.models import WorkProgrammeEntry
from committee.work_programme.operations import create_entry

MINUTES_PER_MEETING = 11  # the seed's meeting of 19 July 2018: minutes 9 to 19
FIRST_MEETING = datetime(2020, 6, 4, 14, 0, tzinfo=LONDON)
BUILT_AT = datetime(2020, 5, 20, 9, 0, tzinfo=LONDON)


def build(path: Path, meetings: int) -> tuple[int, list[tuple[int, list[int]]]]:
    """A board with its meetings (two days apart) and eleven entries on each agenda.

    Return the officer's id and, per meeting, its id and its agenda items' ids.
    """
    url = normalise_database_url(f"sqlite:///{path}")
    upgrade(url)
    database = Database(url)
    built = []
    with time_machine.travel(BUILT_AT, tick=False), database.transaction() as session:
        board = create_committee(session, slug="board", name="Scrutiny Board (2)")
        officer = Person(name="Michelle Rose", email="michelle.rose@council.test")
        session.add(officer)
        session.flush()
        session.add(RoleGrant(person_id=officer.id, role="governance", committee_id=board.id))
        session.flush()
        for n in range(meetings):
            meeting = create_meeting(
                session,
                actor=officer,
                committee=board,
                start=FIRST_MEETING + timedelta(days=2 * n),
                already_held=True,  # minutes are written for meetings held
            )
            for m in range(MINUTES_PER_MEETING):
                create_entry(
                    session,
                    actor=officer,
                    committee=board,
                    title=f"Meeting {n} item {m}",
                    meeting_id=meeting.id,
                )
            items = session.execute(
                select(AgendaItem.id)
                .where(AgendaItem.meeting_id == meeting.id, AgendaItem.entry_id.is_not(None))
                .order_by(AgendaItem.position)
            ).scalars()
            built.append((meeting.id, list(items)))
        officer_id = officer.id
    database.engine.dispose()
    return officer_id, built  # type: ignore[return-value]


def minutes_for(items: list[int]) -> MinutesInput:
    return MinutesInput.model_validate(
        {
            "closed_at": "16:30",
            "attendance": [
                {"kind": "member", "name": "Councillor M Mutton", "note": "Chair"},
                {"kind": "member", "name": "Councillor L Bigham"},
                {"kind": "apology", "name": "Councillor J Clifford"},
            ],
            "minutes": [
                {
                    "agenda_item_id": item,
                    "title": f"Item {m}",
                    "text": "The Scrutiny Board considered a Briefing Note.",
                    "resolutions": [
                        {
                            "text": "The Cabinet Member be recommended to act",
                            "recommendation": {"to": "Cabinet Member for Education and Skills"},
                        },
                        *(
                            [
                                {
                                    "text": "A further report come in six months",
                                    "follow_up": {"title": f"Item {m}: update", "after_months": 6},
                                }
                            ]
                            if m % 2 == 0
                            else []
                        ),
                    ],
                }
                for m, item in enumerate(items)
            ],
        }
    )


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_service(path: Path, officer_id: int, built: list[tuple[int, list[int]]]) -> float:
    database = Database(normalise_database_url(f"sqlite:///{path}"))
    started = time.perf_counter()
    for meeting_id, items in built:
        with database.transaction() as session:
            meeting = session.get(Meeting, meeting_id)
            officer = session.get(Person, officer_id)
            save_minutes(session, actor=officer, meeting=meeting, data=minutes_for(items))
        with database.transaction() as session:
            meeting = session.get(Meeting, meeting_id)
            officer = session.get(Person, officer_id)
            publish_minutes(session, actor=officer, meeting=meeting, response_months=2)
        with database.transaction() as session:
            meeting = session.get(Meeting, meeting_id)
            officer = session.get(Person, officer_id)
            first = session.execute(
                select(func.min(Minute.number)).where(Minute.meeting_id == meeting_id)
            ).scalar_one()
            correct_minutes(
                session,
                actor=officer,
                meeting=meeting,
                data=CorrectionInput(
                    reason="Agreed as a correct record, subject to a correction",
                    minute={"number": first, "title": "Item 0", "text": "Corrected."},  # type: ignore[arg-type]
                ),
            )
    elapsed = time.perf_counter() - started
    database.engine.dispose()
    return elapsed


def run_reminders(path: Path) -> tuple[float, int]:
    """Every response falls due at once, three months on: one pass reminds each, once."""
    database = Database(normalise_database_url(f"sqlite:///{path}"))
    started = time.perf_counter()
    with database.transaction() as session:
        queued = remind_due_recommendations(
            session, now=datetime.now(UTC) + timedelta(days=92), base_url="http://service.test"
        )
    elapsed = time.perf_counter() - started
    database.engine.dispose()
    return elapsed, queued


def run_floor(path: Path, officer_id: int, built: list[tuple[int, list[int]]]) -> float:
    """The same rows, written bare: per meeting, the minutes, resolutions, recommendations,
    history and follow-up entries inserted, and the entries resolved, in one transaction."""
    database = Database(normalise_database_url(f"sqlite:///{path}"))
    with database.engine.connect() as connection:
        committee_id = connection.execute(text("SELECT id FROM committees")).scalar_one()
    started = time.perf_counter()
    number = 0
    for meeting_id, items in built:
        now = datetime.now(UTC)
        today = now.astimezone(LONDON).date()
        with database.engine.begin() as connection:
            connection.execute(
                insert(MeetingMinutes.__table__).values(
                    meeting_id=meeting_id,
                    state="published",
                    published_at=now,
                    published_by_id=officer_id,
                    version=1,
                    updated_at=now,
                )
            )
            for m, item in enumerate(items):
                number += 1
                minute_id = connection.execute(
                    insert(Minute.__table__)
                    .values(
                        meeting_id=meeting_id,
                        committee_id=committee_id,
                        municipal_year=2020,
                        number=number,
                        position=m,
                        agenda_item_id=item,
                        title=f"Item {m}",
                        text="The Scrutiny Board considered a Briefing Note.",
                        resolved_intro="RESOLVED that",
                    )
                    .returning(Minute.__table__.c.id)
                ).scalar_one()
                resolution_id = connection.execute(
                    insert(Resolution.__table__)
                    .values(
                        minute_id=minute_id,
                        position=0,
                        text="The Cabinet Member be recommended to act",
                        recommend_to="Cabinet Member for Education and Skills",
                    )
                    .returning(Resolution.__table__.c.id)
                ).scalar_one()
                connection.execute(
                    insert(Recommendation.__table__).values(
                        committee_id=committee_id,
                        resolution_id=resolution_id,
                        to_whom="Cabinet Member for Education and Skills",
                        text="The Cabinet Member be recommended to act",
                        private=False,
                        state="sent",
                        sent_on=today,
                        response_due=today + timedelta(days=61),
                        response="",
                        source="",
                        version=1,
                    )
                )
                if m % 2 == 0:
                    connection.execute(
                        insert(WorkProgrammeEntry.__table__).values(
                            committee_id=committee_id,
                            municipal_year=2020,
                            title=f"Item {m}: update",
                            detail="",
                            lead_text="",
                            cabinet_member="",
                            source="",
                            state="requested",
                            version=1,
                            resolution="",
                            created_at=now,
                            updated_at=now,
                        )
                    )
                connection.execute(
                    update(WorkProgrammeEntry.__table__)
                    .where(
                        WorkProgrammeEntry.__table__.c.id
                        == select(AgendaItem.entry_id)
                        .where(AgendaItem.id == item)
                        .scalar_subquery()
                    )
                    .values(state="resolved", resolution="Minute", updated_at=now)
                )
            connection.execute(
                insert(MinutesChange.__table__),
                [
                    {
                        "meeting_id": meeting_id,
                        "event": event,
                        "from_state": before,
                        "to_state": after,
                        "actor_id": officer_id,
                        "at": now,
                        "subject": "",
                        "reason": "",
                        "replaced": "",
                    }
                    for event, before, after in (
                        ("write", None, "draft"),
                        ("publish", "draft", "published"),
                        ("correct", "published", "published"),
                    )
                ],
            )
    elapsed = time.perf_counter() - started
    database.engine.dispose()
    return elapsed


def measure(meetings: int) -> tuple[int, int, float, float, float, int]:
    """Return the size, its minutes, the service's and the floor's seconds, and the reminders'."""
    with tempfile.TemporaryDirectory() as folder:
        service_db, floor_db = Path(folder) / "service.sqlite", Path(folder) / "floor.sqlite"
        officer_id, built = build(service_db, meetings)
        shutil.copy(service_db, floor_db)
        floor = run_floor(floor_db, officer_id, built)
        service = run_service(service_db, officer_id, built)
        reminding, queued = run_reminders(service_db)
    return meetings, meetings * MINUTES_PER_MEETING, service, floor, reminding, queued


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--meetings", type=int, nargs="+", default=[1, 10, 100], help="sizes, in meetings"
    )
    args = parser.parse_args()
    measure(1)  # a warm-up, not counted: first calls compile templates and fill caches
    results = [measure(meetings) for meetings in args.meetings]
    base_per_minute = results[0][2] / results[0][1]
    base_per_reminder = results[0][4] / max(results[0][5], 1)
    print(
        f"{'minutes':>8} {'service s':>10} {'ms/minute':>10} {'vs smallest':>12} "
        f"{'floor s':>8} {'x floor':>8} {'reminders':>10} {'ms each':>8} {'vs smallest':>12}"
    )
    for _meetings, minutes, service, floor, reminding, queued in results:
        per_minute = service / minutes
        per_reminder = reminding / max(queued, 1)
        print(
            f"{minutes:>8,} {service:>10.2f} {per_minute * 1000:>10.1f} "
            f"{per_minute / base_per_minute:>12.2f} {floor:>8.3f} {service / floor:>8.1f} "
            f"{queued:>10,} {per_reminder * 1000:>8.2f} {per_reminder / base_per_reminder:>12.2f}"
        )
    print(f"peak RSS: {peak_rss_kib() / 1024:,.1f} MiB")


if __name__ == "__main__":
    main()
