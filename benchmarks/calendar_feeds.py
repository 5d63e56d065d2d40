"""Measure the all-committees calendar feed over about 50, 500 and 5,000 meetings.

    .venv/bin/python benchmarks/calendar_feeds.py

Past meetings' agendas are published (their items and pack in the feed), the rest show the
day their agenda is due out. Prints, at each size, each against a floor measured in the same
run (peak heap beside the full build's):

1. a full build of /calendar/all.ics from the database with empty caches,
   against the icalendar library alone serialising the same events from rows
   already in memory (aim: 1.2 times the floor or less);
2. a rebuild after one meeting changed, against that full build (aim: under a
   tenth, by reusing the events that did not change);
3. at the largest size, requests per second for a 304 answer and for a cached 200, each
   against a minimal Flask endpoint served the same way (Flask's test client, in process;
   aim: at least half of it for 304).
"""

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _support import peak_mib
from flask import Flask
from icalendar import Calendar
from sqlalchemy import insert, text
from sqlmodel import select

from committee import create_app
from committee.agenda.models import Agenda
from committee.calendars.ical import (
    AgendaLine,
    FeedHeader,
    MeetingEvent,
    calendar_shell,
    meeting_component,
    vtimezone,
)
from committee.calendars.views import clear_caches
from committee.committees.models import Committee
from committee.db import EXTENSION_KEY, Database
from committee.meetings.models import AgendaItem, Meeting
from committee.meetings.queries import Schedules
from committee.migrate import upgrade
from committee.timeutil import LONDON

#: Committees and meetings of each at 1x, 10x and 100x a test's council (about 50 meetings):
#: the largest is 5,000 meetings, monthly over ten years and more.
SIZES = ((4, 12), (40, 12), (40, 125))
STANDARD_ITEMS = (
    "Apologies and Substitutions",
    "Declarations of Interests",
    "Minutes",
    "Work Programme",
    "Any Other Business",
)
REQUESTS = 3000


def build_council(database: Database, committees: int, per_committee: int) -> None:
    now = datetime.now(UTC)
    first = datetime(2018, 6, 7, 14, 0, tzinfo=LONDON)
    with database.transaction() as session:
        for number in range(committees):
            committee = Committee(
                slug=f"committee-{number}", name=f"Scrutiny Board ({number})", usual_venue="Room 3"
            )
            session.add(committee)
            session.flush()
            session.execute(
                insert(Meeting),
                [
                    {
                        "committee_id": committee.id,
                        "start": first + timedelta(days=28 * n + number),
                        "end": first + timedelta(days=28 * n + number, hours=2),
                        "venue": "Committee Room 3",
                        "status": "scheduled",
                        "revision": 0,
                        "updated_at": now,
                    }
                    for n in range(per_committee)
                ],
            )
        meetings = list(session.execute(text("SELECT id, start FROM meetings")))
        ids = [meeting_id for meeting_id, _ in meetings]
        # Past meetings' agendas are published (their items and pack in the feed); the rest are
        # drafts, which show the day the agenda is due out.
        published = {
            meeting_id
            for meeting_id, start in meetings
            if datetime.fromisoformat(str(start)).replace(tzinfo=UTC) < now
        }
        session.execute(
            insert(Agenda),
            [
                {
                    "meeting_id": meeting_id,
                    "state": "published",
                    "published_at": now,
                    "version": 1,
                    "updated_at": now,
                }
                for meeting_id in sorted(published)
            ],
        )
        items = []
        for meeting_id in ids:
            titles = [
                *STANDARD_ITEMS[:3],
                f"Business item for meeting {meeting_id}",
                *STANDARD_ITEMS[3:],
            ]
            items += [
                {
                    "meeting_id": meeting_id,
                    "kind": "business",
                    "position": position,
                    "number": str(position + 1),
                    "title": title,
                    "description": "",
                    "paper_title": "",
                    "published_in": 0 if meeting_id in published else None,
                }
                for position, title in enumerate(titles)
            ]
        session.execute(insert(AgendaItem), items)


def rows_in_memory(database: Database) -> list[MeetingEvent]:
    """The feed's events, worked out beforehand: what the floor serialises is what the feed
    shows (agendas and packs once published, the publication day before)."""
    base = "https://committees.test"
    with database.sessionmaker() as session:
        names = {c.id: c.name for c in session.exec(select(Committee))}
        published = {a.meeting_id for a in session.exec(select(Agenda)) if a.published_at}
        schedules = Schedules(session)
        agenda: dict[int, list[AgendaLine]] = {}
        for item in session.exec(
            select(AgendaItem).order_by(AgendaItem.meeting_id, AgendaItem.position)
        ):
            if item.published_in is not None:
                agenda.setdefault(item.meeting_id, []).append(
                    AgendaLine(item.number, item.title, item.exempt_paragraph)
                )
        return [
            MeetingEvent(
                m.id,
                names[m.committee_id],
                m.start,
                m.end,
                m.venue,
                m.is_cancelled,
                m.revision,
                m.updated_at,
                f"{base}/meetings/{m.id}",
                tuple(agenda.get(m.id, ())),
                pack_url=f"{base}/meetings/{m.id}/agenda.pdf" if m.id in published else "",
                publication_day=None if m.id in published else schedules.of(m).publication,
            )
            for m in session.exec(select(Meeting).order_by(Meeting.start, Meeting.id))
        ]


def floor_serialise(events: list[MeetingEvent]) -> bytes:
    """icalendar alone: one calendar, the same events, serialised in one call."""
    calendar: Calendar = calendar_shell(
        FeedHeader("Council committee meetings", "All.", "https://committees.test/")
    )
    calendar.add_component(vtimezone(2018))
    for event in events:
        calendar.add_component(meeting_component(event, "committees.test"))
    return calendar.to_ical()


def median_time(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def requests_per_second(client, path: str, headers: dict[str, str], expect: int) -> float:
    assert client.get(path, headers=headers).status_code == expect
    started = time.perf_counter()
    for _ in range(REQUESTS):
        client.get(path, headers=headers)
    return REQUESTS / (time.perf_counter() - started)


def measure(folder: Path, committees: int, per_committee: int, *, polls: bool) -> None:
    """Build a council of this size and print the feed's figures against their floors."""
    url = f"sqlite:///{Path(folder) / f'feeds-{committees}-{per_committee}.sqlite'}"
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "BASE_URL": "https://committees.test",
            "FEED_VALIDATORS_TTL_SECONDS": 10,
        }
    )
    database: Database = app.extensions[EXTENSION_KEY]
    upgrade(database.url)
    build_council(database, committees, per_committee)
    client = app.test_client()

    events = rows_in_memory(database)
    floor = median_time(lambda: floor_serialise(events))

    def full_build() -> bytes:
        clear_caches()
        response = client.get("/calendar/all.ics")
        assert response.status_code == 200
        return response.data

    body = full_build()
    # The floor serialises the feed's own events: the same VEVENTs, byte for byte.
    assert body.count(b"BEGIN:VEVENT") == floor_serialise(events).count(b"BEGIN:VEVENT")
    assert len(body) - len(floor_serialise(events)) < 1000, "the floor is not the same feed"
    full = median_time(full_build)
    peak, floor_peak = peak_mib(full_build), peak_mib(lambda: floor_serialise(events))
    print(f"== {len(events):,} meetings; the feed is {len(body) / 1024 / 1024:.1f} MiB")
    print(
        f"1. full build, from the database, caches empty: {full * 1000:.0f} ms; "
        f"icalendar alone on rows in memory: {floor * 1000:.0f} ms; ratio {full / floor:.2f} "
        f"(aim <= 1.2); peak heap {peak:.1f} MiB against the floor's {floor_peak:.1f} MiB"
    )

    clear_caches()
    client.get("/calendar/all.ics")  # warm
    with database.transaction() as session:
        meeting = session.get(Meeting, events[len(events) // 2].id)
        meeting.venue, meeting.revision, meeting.updated_at = (
            "Diamond Room 1",
            1,
            datetime.now(UTC),
        )
    app.config["FEED_VALIDATORS_TTL_SECONDS"] = 0  # see the change at once
    started = time.perf_counter()
    rebuilt = client.get("/calendar/all.ics")
    rebuild = time.perf_counter() - started
    assert b"Diamond Room 1" in rebuilt.data
    print(
        f"2. rebuild after one meeting changed: {rebuild * 1000:.0f} ms; "
        f"{rebuild / full:.3f} of a full build (aim < 0.1)"
    )
    if polls:
        app.config["FEED_VALIDATORS_TTL_SECONDS"] = 10
        etag = client.get("/calendar/all.ics").headers["ETag"]
        minimal = Flask("minimal")
        minimal.add_url_rule("/ping", "ping", lambda: "ok")
        floor_rps = requests_per_second(minimal.test_client(), "/ping", {}, 200)
        not_modified = requests_per_second(
            client, "/calendar/all.ics", {"If-None-Match": etag}, 304
        )
        cached = requests_per_second(client, "/calendar/all.ics", {}, 200)
        print(f"3. minimal Flask endpoint: {floor_rps:,.0f} requests/s")
        print(
            f"   304 for the all-committees feed: {not_modified:,.0f} requests/s, "
            f"{not_modified / floor_rps:.2f} of the minimal endpoint (aim >= 0.5)"
        )
        print(
            f"   cached 200 ({len(body) / 1024 / 1024:.1f} MiB each): {cached:,.0f} requests/s, "
            f"{cached / floor_rps:.2f} of the minimal endpoint"
        )
    database.engine.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for committees, per_committee in SIZES:
            measure(
                Path(folder),
                committees,
                per_committee,
                polls=(committees, per_committee) == SIZES[-1],
            )


if __name__ == "__main__":
    main()
