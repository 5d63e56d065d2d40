"""Calendar feeds as calendar programs read them: Mozilla's ical.js (Thunderbird) and icalendar."""

import json
import logging
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from flask import request
from sqlalchemy import event

from committee.calendars.operations import regenerate_calendar_token, revoke_calendar_token
from committee.calendars.views import clear_caches
from committee.deadlines.operations import add_closure_day, set_deadline_settings
from committee.extensions import limiter
from committee.meetings.operations import update_meeting
from committee.people.models import Membership, Person
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.conftest import PASSWORD, bearer, csrf_token, sign_in

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-secret-key"


def icaljs(body: bytes) -> dict:
    """What Thunderbird's parser makes of a feed."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "ical.js").is_dir():
        pytest.fail(
            "ical.js is not installed: run `make test` (it runs `npm ci`), with Node.js on the PATH"
        )
    result = subprocess.run(
        [node, str(ROOT / "tests" / "calendars" / "ical" / "parse.mjs")],
        input=body,
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def by_uid(calendar: dict) -> dict[str, dict]:
    return {event["uid"]: event for event in calendar["events"]}


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def board(make):
    return make.committee(
        "scrutiny-board-2", name="Education and Children's Services Scrutiny Board (2)"
    )


def test_the_seed_meeting_is_at_13_00_utc_and_a_winter_one_at_14_00(client, make, board):
    september = make.meeting(board, datetime(2030, 9, 5, 14, 0, tzinfo=LONDON))
    december = make.meeting(board, datetime(2030, 12, 5, 14, 0, tzinfo=LONDON))

    body = client.get("/calendar/committees/scrutiny-board-2.ics").data
    events = by_uid(icaljs(body))

    assert events[f"meeting-{september.id}@committees.test"]["start"] == "2030-09-05T13:00:00.000Z"
    assert events[f"meeting-{december.id}@committees.test"]["start"] == "2030-12-05T14:00:00.000Z"
    assert events[f"meeting-{december.id}@committees.test"]["end"] == "2030-12-05T16:30:00.000Z"
    parsed = icalendar.Calendar.from_ical(body)
    starts = {str(e["uid"]): e.decoded("dtstart") for e in parsed.walk("VEVENT")}
    assert starts[f"meeting-{september.id}@committees.test"] == datetime(
        2030, 9, 5, 14, 0, tzinfo=LONDON
    )


def test_the_2018_seed_meeting_in_the_demo_data(client, session, now):
    from committee.demo.seed import seed_demo

    seed_demo(session)
    session.commit()
    calendar = icaljs(client.get("/calendar/committees/scrutiny-board-2.ics").data)
    starts = {event["start"] for event in calendar["events"]}
    assert "2018-09-06T13:00:00.000Z" in starts  # "2.00 pm on Thursday, 6th September, 2018"
    assert "2018-11-29T14:00:00.000Z" in starts  # a winter meeting at 2.00 pm


def test_the_feed_has_what_calendar_programs_need(client, make, board):
    meeting = make.meeting(
        board, datetime(2030, 9, 5, 14, 0, tzinfo=LONDON), venue="Diamond Room 1"
    )
    make.publish(meeting)
    body = client.get("/calendar/committees/scrutiny-board-2.ics").data
    calendar = icaljs(body)

    assert calendar["version"] == "2.0"
    assert calendar["prodid"].startswith("-//Committee workflow service")
    assert (
        calendar["name"]
        == calendar["calname"]
        == "Education and Children's Services Scrutiny Board (2)"
    )
    assert calendar["refreshInterval"] == "PT1H"
    assert calendar["publishedTtl"] == "PT1H"
    assert calendar["url"] == "https://committees.test/calendar/committees/scrutiny-board-2.ics"
    assert calendar["timezones"] == ["Europe/London"]
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in body
    assert b"RDATE" not in body
    event = calendar["events"][0]
    assert event["uid"] == f"meeting-{meeting.id}@committees.test"
    assert event["startZone"] == "Europe/London"
    assert event["summary"] == "Education and Children's Services Scrutiny Board (2)"
    assert event["location"] == "Diamond Room 1"
    assert event["url"] == f"https://committees.test/meetings/{meeting.id}"
    assert event["sequence"] == 0
    assert event["status"] == "CONFIRMED"
    assert event["dtstamp"] == event["lastModified"]
    assert "1. Apologies and Substitutions" in event["description"]


def test_exempt_detail_never_appears_and_private_items_only_as_the_agenda_shows_them(
    client, make, board, now
):
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    make.entry(board, title="Fostering", detail="Recruitment numbers", meeting=meeting)
    make.entry(
        board,
        title="Serious Case Review - Child H",
        detail="Child H, born 2019, in foster care in Foleshill",
        meeting=meeting,
        exempt_paragraph=1,
    )
    make.publish(meeting)

    for path in ("/calendar/committees/scrutiny-board-2.ics", "/calendar/all.ics"):
        body = client.get(path).data
        description = icaljs(body)["events"][0]["description"]
        assert "4. Fostering" in description
        public, private = description.split(
            "Private business (the press and public are likely to be excluded):"
        )
        assert "Serious Case Review - Child H" not in public  # never listed as public business
        assert "Serious Case Review - Child H (exempt: paragraph 1)" in private
        assert b"Foleshill" not in body
        assert b"Recruitment numbers" not in body  # no item detail in feeds at all


def test_the_same_data_gives_the_same_bytes(client, make, board):
    make.meeting(board, datetime(2030, 9, 5, 14, 0, tzinfo=LONDON))
    first = client.get("/calendar/all.ics")
    clear_caches()
    second = client.get("/calendar/all.ics")
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]


def test_a_move_and_a_cancellation_raise_the_sequence_and_keep_the_uid(
    client, make, board, session, now
):
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    clerk = make.clerk(board)
    uid = f"meeting-{meeting.id}@committees.test"

    update_meeting(
        session, actor=clerk, meeting=meeting, start=datetime(2027, 3, 11, 10, 0, tzinfo=LONDON)
    )
    session.commit()
    moved = by_uid(icaljs(client.get("/calendar/all.ics").data))[uid]
    update_meeting(session, actor=clerk, meeting=meeting, status="cancelled")
    session.commit()
    cancelled = by_uid(icaljs(client.get("/calendar/all.ics").data))[uid]

    assert (moved["sequence"], moved["start"]) == (1, "2027-03-11T10:00:00.000Z")
    assert (cancelled["sequence"], cancelled["status"]) == (2, "CANCELLED")
    assert cancelled["summary"] == "Cancelled: Education and Children's Services Scrutiny Board (2)"


def test_a_cancelled_meeting_stays_90_days_then_goes(
    client, make, board, session, time_machine, now
):
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    update_meeting(session, actor=make.clerk(board), meeting=meeting, status="cancelled")
    session.commit()
    uid = f"meeting-{meeting.id}@committees.test"

    time_machine.move_to(now + timedelta(days=89), tick=False)
    assert uid in by_uid(icaljs(client.get("/calendar/all.ics").data))
    time_machine.move_to(now + timedelta(days=91), tick=False)
    assert uid not in by_uid(icaljs(client.get("/calendar/all.ics").data))


def test_http_headers_and_conditional_answers(now, client, make, board, session):
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    first = client.get("/calendar/committees/scrutiny-board-2.ics")
    etag = first.headers["ETag"]

    assert first.status_code == 200
    assert first.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)  # strong: no W/
    assert first.headers["Last-Modified"] == "Mon, 16 Nov 2026 09:00:00 GMT"
    assert first.headers["Cache-Control"] == "max-age=300, public"

    again = client.get("/calendar/committees/scrutiny-board-2.ics", headers={"If-None-Match": etag})
    since = client.get(
        "/calendar/committees/scrutiny-board-2.ics",
        headers={"If-Modified-Since": first.headers["Last-Modified"]},
    )
    older = client.get(
        "/calendar/committees/scrutiny-board-2.ics",
        headers={"If-Modified-Since": "Sun, 15 Nov 2026 09:00:00 GMT"},
    )
    assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", etag)
    assert since.status_code == 304
    assert older.status_code == 200

    update_meeting(session, actor=make.clerk(board), meeting=meeting, venue="Central Library")
    session.commit()
    changed = client.get(
        "/calendar/committees/scrutiny-board-2.ics", headers={"If-None-Match": etag}
    )
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_the_all_committees_feed_holds_every_committee(client, make, board):
    other = make.committee("audit", name="Audit and Procurement Committee")
    make.meeting(board, datetime(2030, 9, 5, 14, 0, tzinfo=LONDON))
    make.meeting(other, datetime(2030, 9, 12, 10, 0, tzinfo=LONDON))
    calendar = icaljs(client.get("/calendar/all.ics").data)
    assert [event["summary"] for event in calendar["events"]] == [
        "Education and Children's Services Scrutiny Board (2)",
        "Audit and Procurement Committee",
    ]
    assert client.get("/calendar/committees/nope.ics").status_code == 404


def test_the_committee_page_offers_webcal_and_google_links(client, board):
    page = client.get("/committees/scrutiny-board-2").get_data(as_text=True)
    assert 'href="webcal://committees.test/calendar/committees/scrutiny-board-2.ics"' in page
    assert (
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fcommittees.test%2Fcalendar%2Fcommittees%2Fscrutiny-board-2.ics"
        in page
    )


class People:
    def __init__(self, make, session, board):
        self.member = make.person(email="m.mutton@council.test", name="M Mutton")
        session.add(
            Membership(
                committee_id=board.id,
                person_id=self.member.id,
                role="chair",
                starts_on=date(2027, 1, 1),
                ends_on=date(2027, 3, 31),
            )
        )
        self.lead = make.person(email="kirston.nelson@council.test", name="Kirston Nelson")
        self.clerk = make.clerk(board, email="michelle.rose@council.test", name="Michelle Rose")
        session.commit()


def feed_of(client, session, person) -> tuple[dict, bytes, str]:
    token = regenerate_calendar_token(session, person=person, secret_key=SECRET)
    session.commit()
    body = client.get(f"/calendar/u/{token}.ics").data
    return icaljs(body), body, token


def test_a_members_feed_holds_their_meetings_while_a_member_and_where_they_substitute(
    client, make, session, board, now
):
    people = People(make, session, board)
    make.meeting(board, datetime(2026, 12, 10, 14, 0, tzinfo=LONDON))  # before the membership
    during = make.meeting(board, datetime(2027, 2, 4, 14, 0, tzinfo=LONDON))
    make.meeting(board, datetime(2027, 5, 6, 14, 0, tzinfo=LONDON))  # after it ended
    audit = make.committee("audit", name="Audit")
    elsewhere = make.meeting(audit, datetime(2027, 2, 11, 10, 0, tzinfo=LONDON))
    substitute = client.post(
        f"/api/meetings/{elsewhere.id}/substitutes",
        json={"person_id": people.member.id},
        headers=bearer(make.token(make.clerk(audit))),
    )
    assert substitute.status_code == 201

    calendar, _, _ = feed_of(client, session, people.member)

    # A member from 1 January to 31 March 2027, and a substitute at Audit on 11 February.
    assert set(by_uid(calendar)) == {
        f"meeting-{during.id}@committees.test",
        f"meeting-{elsewhere.id}@committees.test",
    }


def test_a_lead_officers_feed_holds_their_deadlines_as_all_day_events(
    client, make, session, board, now
):
    people = People(make, session, board)
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)

    calendar, _, _ = feed_of(client, session, people.lead)
    events = by_uid(calendar)

    draft = events[f"draft-entry-{entry.id}-meeting-{meeting.id}@committees.test"]
    final = events[f"final-entry-{entry.id}-meeting-{meeting.id}@committees.test"]
    # Counted by hand: draft due 17 Feb 2027, final 22 Feb 2027 (meeting on Thursday 4 March).
    assert (draft["summary"], draft["start"], draft["end"], draft["allDay"]) == (
        "Draft due: Primary Progress",
        "2027-02-17",
        "2027-02-18",
        True,
    )
    assert (final["summary"], final["start"]) == ("Final paper due: Primary Progress", "2027-02-22")
    assert draft["url"] == f"https://committees.test/entries/{entry.id}"
    assert "10.00 am on Wednesday, 17th February, 2027" in draft["description"]
    assert "Thursday, 4th March, 2027" in draft["description"]
    assert f"meeting-{meeting.id}@committees.test" in events  # the meeting itself


def test_a_governance_officers_feed_holds_publication_days(client, make, session, board, now):
    people = People(make, session, board)
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    calendar, _, _ = feed_of(client, session, people.clerk)
    publication = by_uid(calendar)[f"publication-meeting-{meeting.id}@committees.test"]
    assert (publication["summary"], publication["start"]) == (
        "Publish agenda: Education and Children's Services Scrutiny Board (2)",
        "2027-02-24",
    )


def test_a_personal_feed_shows_private_items_as_the_public_agenda_does(
    client, make, session, board, now
):
    people = People(make, session, board)
    meeting = make.meeting(board, datetime(2027, 2, 4, 14, 0, tzinfo=LONDON))
    make.entry(
        board,
        title="Serious Case Review - Child H",
        detail="Child H, in Foleshill",
        lead="Kirston Nelson",
        meeting=meeting,
        exempt_paragraph=1,
    )
    make.publish(meeting)
    calendar, body, _ = feed_of(client, session, people.member)
    description = by_uid(calendar)[f"meeting-{meeting.id}@committees.test"]["description"]
    assert "Serious Case Review - Child H (exempt: paragraph 1)" in description
    assert "Foleshill" not in description
    assert b"Foleshill" not in body


def test_an_agenda_is_described_in_the_feeds_only_once_it_is_published(
    now, client, make, session, board
):
    people = People(make, session, board)
    meeting = make.meeting(board, datetime(2027, 2, 4, 14, 0, tzinfo=LONDON))
    make.entry(board, title="Fostering", lead="Kirston Nelson", meeting=meeting)
    uid = f"meeting-{meeting.id}@committees.test"
    public = "/calendar/committees/scrutiny-board-2.ics"

    before = client.get(public)
    description = by_uid(icaljs(before.data))[uid]["description"]
    assert description == (
        "The agenda is due to be published on Wednesday, 27th January, 2027.\n\n"
        f"https://committees.test/meetings/{meeting.id}"
    )
    member_calendar, _, _ = feed_of(client, session, people.member)
    assert "Fostering" not in by_uid(member_calendar)[uid]["description"]

    # A closure day moves the publication day: the public feed changes with it.
    add_closure_day(session, actor=people.clerk, day=date(2027, 1, 28), reason="Council closed")
    session.commit()
    moved = client.get(public, headers={"If-None-Match": before.headers["ETag"]})
    assert moved.status_code == 200
    assert (
        "published on Tuesday, 26th January, 2027" in by_uid(icaljs(moved.data))[uid]["description"]
    )

    make.publish(meeting)
    after = client.get(public, headers={"If-None-Match": moved.headers["ETag"]})
    assert after.status_code == 200
    description = by_uid(icaljs(after.data))[uid]["description"]
    assert description.startswith(
        f"Agenda: https://committees.test/meetings/{meeting.id}\n"
        f"Agenda pack (PDF): https://committees.test/meetings/{meeting.id}/agenda.pdf\n"
    )
    assert "4. Fostering" in description
    member_calendar, _, _ = feed_of(client, session, people.member)
    assert "4. Fostering" in by_uid(member_calendar)[uid]["description"]


def test_a_moved_meeting_moves_the_deadlines_with_a_higher_sequence(
    client, make, session, board, now
):
    people = People(make, session, board)
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)
    token = regenerate_calendar_token(session, person=people.lead, secret_key=SECRET)
    session.commit()
    update_meeting(
        session,
        actor=people.clerk,
        meeting=meeting,
        start=datetime(2027, 3, 11, 14, 0, tzinfo=LONDON),
    )
    session.commit()
    draft = by_uid(icaljs(client.get(f"/calendar/u/{token}.ics").data))[
        f"draft-entry-{entry.id}-meeting-{meeting.id}@committees.test"
    ]
    assert (draft["start"], draft["sequence"]) == ("2027-02-24", 1)


def test_personal_feeds_answer_304_and_are_private(client, make, session, board, now):
    people = People(make, session, board)
    make.meeting(board, datetime(2027, 2, 4, 14, 0, tzinfo=LONDON))
    token = regenerate_calendar_token(session, person=people.member, secret_key=SECRET)
    session.commit()
    first = client.get(f"/calendar/u/{token}.ics")
    assert first.headers["Cache-Control"] == "max-age=300, private"
    assert (
        client.get(
            f"/calendar/u/{token}.ics", headers={"If-None-Match": first.headers["ETag"]}
        ).status_code
        == 304
    )


def test_a_revoked_or_replaced_token_answers_404(client, make, session, board):
    people = People(make, session, board)
    old = regenerate_calendar_token(session, person=people.member, secret_key=SECRET)
    new = regenerate_calendar_token(session, person=people.member, secret_key=SECRET)
    session.commit()
    assert client.get(f"/calendar/u/{old}.ics").status_code == 404
    assert client.get(f"/calendar/u/{new}.ics").status_code == 200
    revoke_calendar_token(session, person=people.member)
    session.commit()
    assert client.get(f"/calendar/u/{new}.ics").status_code == 404
    assert client.get("/calendar/u/made-up.ics").status_code == 404


def test_a_person_sees_regenerates_and_revokes_their_address(client, make, session, board):
    people = People(make, session, board)
    set_password(session, person=people.member, password=PASSWORD)
    session.commit()

    sign_in(client, people.member.email)
    assert "You have no calendar address" in client.get("/my/calendar").get_data(as_text=True)
    client.post("/my/calendar/regenerate", data={"csrf_token": csrf_token(client, "/my/calendar")})
    page = client.get("/my/calendar").get_data(as_text=True)
    address = re.search(
        r"<code>(https://committees\.test/calendar/u/[^<]+\.ics)</code>", page
    ).group(1)
    assert 'href="webcal://committees.test/calendar/u/' in page
    assert "calendar.google.com" in page
    assert client.get(address.removeprefix("https://committees.test")).status_code == 200
    # The page shows the same address again: it is derived, not stored.
    assert address in client.get("/my/calendar").get_data(as_text=True)

    client.post("/my/calendar/revoke", data={"csrf_token": csrf_token(client, "/my/calendar")})
    assert client.get(address.removeprefix("https://committees.test")).status_code == 404
    assert client.post("/my/calendar/revoke", data={}).status_code == 400  # no CSRF token


def test_tokens_never_appear_in_logs(app, caplog):
    token = "AbCdEf0123456789_-secret"
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info(
            '127.0.0.1 - - "GET /calendar/u/%s.ics HTTP/1.1" 200 -', token
        )
        logging.getLogger("gunicorn.access").info(
            '"GET /calendar/u/%s.ics?x=1 HTTP/1.1" 304', token
        )
        app.logger.error("Exception on /calendar/u/%s.ics [GET]", token)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert token not in text
    assert text.count("/calendar/u/[token].ics") == 3


def test_substitutes_by_api(client, make, session, board, now):
    people = People(make, session, board)
    meeting = make.meeting(board, datetime(2027, 2, 4, 14, 0, tzinfo=LONDON))
    token = bearer(make.token(people.clerk))
    url = f"/api/meetings/{meeting.id}/substitutes"
    assert (
        client.post(
            url, json={"person_id": people.lead.id, "replacing_id": people.member.id}, headers=token
        ).status_code
        == 201
    )
    assert client.post(url, json={"person_id": people.lead.id}, headers=token).status_code == 409
    assert client.post(url, json={"person_id": 999999}, headers=token).json["fields"] == {
        "person_id": "no person has the id 999999"
    }
    assert (
        client.post(
            url,
            json={"person_id": people.member.id, "replacing_id": people.member.id},
            headers=token,
        ).status_code
        == 422
    )
    assert (
        client.post(
            url, json={"person_id": people.member.id}, headers=bearer(make.token(people.lead))
        ).status_code
        == 403
    )
    assert client.delete(f"{url}/{people.lead.id}", headers=token).status_code == 204
    assert client.delete(f"{url}/{people.lead.id}", headers=token).status_code == 404


def test_public_validators_are_reread_after_a_few_seconds(
    app, client, make, board, session, time_machine, now
):
    app.config["FEED_VALIDATORS_TTL_SECONDS"] = 10
    try:
        meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
        first = client.get("/calendar/all.ics").headers["ETag"]
        update_meeting(session, actor=make.clerk(board), meeting=meeting, venue="Central Library")
        session.commit()
        # Within ten seconds a poll costs no query, so it still sees the old validators...
        time_machine.move_to(now + timedelta(seconds=9), tick=False)
        assert client.get("/calendar/all.ics", headers={"If-None-Match": first}).status_code == 304
        # ...after them, the change shows.
        time_machine.move_to(now + timedelta(seconds=11), tick=False)
        changed = client.get("/calendar/all.ics", headers={"If-None-Match": first})
        assert changed.status_code == 200
        assert b"Central Library" in changed.data
    finally:
        app.config["FEED_VALIDATORS_TTL_SECONDS"] = 0


def test_public_feeds_may_be_read_from_any_page_and_personal_ones_may_not(
    client, make, session, board
):
    people = People(make, session, board)
    for path in ("/calendar/all.ics", "/calendar/committees/scrutiny-board-2.ics"):
        assert client.get(path).headers["Access-Control-Allow-Origin"] == "*"
    _, _, token = feed_of(client, session, people.member)
    assert "Access-Control-Allow-Origin" not in client.get(f"/calendar/u/{token}.ics").headers


def test_a_weak_if_none_match_is_compared_weakly(client, make, session, board, now):
    people = People(make, session, board)
    make.meeting(board, datetime(2027, 2, 4, 14, 0, tzinfo=LONDON))
    public = client.get("/calendar/all.ics").headers["ETag"]
    again = client.get("/calendar/all.ics", headers={"If-None-Match": f"W/{public}"})
    assert again.status_code == 304
    _, _, token = feed_of(client, session, people.member)
    personal = client.get(f"/calendar/u/{token}.ics").headers["ETag"]
    assert (
        client.get(f"/calendar/u/{token}.ics", headers={"If-None-Match": f"W/{personal}"})
    ).status_code == 304


def _deadline_events(client, session, people, entry, meeting) -> tuple[dict, dict]:
    calendar, _, _ = feed_of(client, session, people.lead)
    draft = by_uid(calendar)[f"draft-entry-{entry.id}-meeting-{meeting.id}@committees.test"]
    clerk_calendar, _, _ = feed_of(client, session, people.clerk)
    publication = by_uid(clerk_calendar)[f"publication-meeting-{meeting.id}@committees.test"]
    return draft, publication


def test_a_closure_day_that_moves_deadlines_raises_their_sequence_and_dtstamp(
    now, client, make, session, board, time_machine
):  # the clock stops before the board exists
    people = People(make, session, board)
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)
    draft, publication = _deadline_events(client, session, people, entry, meeting)
    assert (draft["start"], draft["sequence"]) == ("2027-02-17", 0)
    assert (publication["start"], publication["sequence"]) == ("2027-02-24", 0)

    time_machine.move_to(datetime(2026, 11, 20, 9, 0, tzinfo=LONDON), tick=False)
    add_closure_day(session, actor=people.clerk, day=date(2027, 3, 1), reason="Council closed")
    session.commit()
    moved_draft, moved_publication = _deadline_events(client, session, people, entry, meeting)

    # One clear working day fewer before the meeting: publication moves a day earlier, to
    # Tuesday 23 February, and the draft five working days before that, Tuesday the 16th.
    assert (moved_publication["start"], moved_publication["sequence"]) == ("2027-02-23", 1)
    assert (moved_draft["start"], moved_draft["sequence"]) == ("2027-02-16", 1)
    assert moved_draft["dtstamp"] > draft["dtstamp"]
    assert moved_draft["dtstamp"] == "2026-11-20T09:00:00Z"
    assert moved_publication["dtstamp"] == "2026-11-20T09:00:00Z"


def test_new_deadline_settings_raise_the_sequence_of_the_deadlines_they_move(
    now, client, make, session, board, time_machine
):  # the clock stops before the board exists
    people = People(make, session, board)
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)
    before, _ = _deadline_events(client, session, people, entry, meeting)
    time_machine.move_to(datetime(2026, 11, 20, 9, 0, tzinfo=LONDON), tick=False)
    set_deadline_settings(session, actor=people.clerk, committee=board, draft_days=8)
    session.commit()
    after, _ = _deadline_events(client, session, people, entry, meeting)
    assert (before["start"], after["start"]) == ("2027-02-17", "2027-02-12")
    assert (before["sequence"], after["sequence"]) == (0, 1)
    assert after["dtstamp"] == "2026-11-20T09:00:00Z"


def test_a_cancelled_meeting_stays_in_lead_and_governance_feeds_marked_cancelled(
    now, client, make, session, board, time_machine
):  # the clock stops before the board exists
    people = People(make, session, board)
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)
    update_meeting(session, actor=people.clerk, meeting=meeting, status="cancelled")
    session.commit()

    lead = by_uid(feed_of(client, session, people.lead)[0])
    draft = lead[f"draft-entry-{entry.id}-meeting-{meeting.id}@committees.test"]
    assert (draft["status"], draft["summary"]) == (
        "CANCELLED",
        "Cancelled: Draft due: Primary Progress",
    )
    assert draft["sequence"] == 1  # the meeting's revision rose with the cancellation
    assert lead[f"meeting-{meeting.id}@committees.test"]["status"] == "CANCELLED"
    clerk = by_uid(feed_of(client, session, people.clerk)[0])
    publication = clerk[f"publication-meeting-{meeting.id}@committees.test"]
    assert publication["status"] == "CANCELLED"
    assert publication["summary"].startswith("Cancelled: Publish agenda")

    time_machine.move_to(datetime(2027, 2, 15, 9, 0, tzinfo=LONDON), tick=False)  # 91 days on
    assert by_uid(feed_of(client, session, people.lead)[0]) == {}
    assert f"publication-meeting-{meeting.id}@committees.test" not in by_uid(
        feed_of(client, session, people.clerk)[0]
    )


def test_a_live_deadline_is_confirmed(client, make, session, board, now):
    people = People(make, session, board)
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)
    draft, publication = _deadline_events(client, session, people, entry, meeting)
    assert (draft["status"], publication["status"]) == ("CONFIRMED", "CONFIRMED")


def test_a_feed_stamps_events_with_when_they_changed_not_when_it_was_read(
    now, client, make, board, time_machine
):  # the clock stops before the board exists
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    time_machine.move_to(now + timedelta(days=3, hours=5), tick=False)
    first = client.get("/calendar/committees/scrutiny-board-2.ics").data
    event = by_uid(icaljs(first))[f"meeting-{meeting.id}@committees.test"]
    assert event["dtstamp"] == event["lastModified"] == "2026-11-16T09:00:00Z"
    clear_caches()  # built afresh, a day later: the same data, the same bytes
    time_machine.move_to(now + timedelta(days=4), tick=False)
    assert client.get("/calendar/committees/scrutiny-board-2.ics").data == first


def test_a_poll_answered_304_costs_no_query_no_session_and_no_limit(
    app, client, database, make, board, now, monkeypatch
):
    """A calendar program polling a public feed it has: the answer comes from memory (the
    validators held a few seconds), opens no session and passes no rate limit."""
    app.config["FEED_VALIDATORS_TTL_SECONDS"] = 10
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    try:
        make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
        first = client.get("/calendar/all.ics")
        etag = first.headers["ETag"]
        limited: list[str | None] = []
        resolve = limiter.limit_manager.resolve_limits

        def resolving(*args: object, **kwargs: object) -> object:
            limited.append(request.endpoint)
            return resolve(*args, **kwargs)

        monkeypatch.setattr(limiter.limit_manager, "resolve_limits", resolving)
        event.listen(database.engine, "before_cursor_execute", count)
        try:
            polls = [
                client.get("/calendar/all.ics", headers={"If-None-Match": etag}) for _ in range(30)
            ]
        finally:
            event.remove(database.engine, "before_cursor_execute", count)
        assert {poll.status_code for poll in polls} == {304}
        assert statements == []
        assert limited == []
        client.get("/sign-in")  # positive control: a page passes the limiter's check
        assert "people.sign_in" in limited
        answer = polls[-1]
        assert "Set-Cookie" not in answer.headers
        assert "X-RateLimit-Limit" not in answer.headers
        assert answer.headers["ETag"] == etag
        assert answer.headers["Cache-Control"] == "max-age=300, public"
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        # Positive control: the first answer, past the validators' life, read the database.
        event.listen(database.engine, "before_cursor_execute", count)
        try:
            app.config["FEED_VALIDATORS_TTL_SECONDS"] = 0
            assert (
                client.get("/calendar/all.ics", headers={"If-None-Match": etag}).status_code == 304
            )
        finally:
            event.remove(database.engine, "before_cursor_execute", count)
        assert statements
    finally:
        app.config["FEED_VALIDATORS_TTL_SECONDS"] = 0


def test_a_members_feed_costs_the_same_statements_however_many_seats_they_hold(
    client, database, make, session, board, now
):
    """No query per seat: a member of one committee and of six read alike."""

    def statements_for(person: Person) -> tuple[int, set[str]]:
        token = regenerate_calendar_token(session, person=person, secret_key=SECRET)
        session.commit()
        seen: list[str] = []

        def count(*args: object) -> None:
            seen.append(str(args[2]))

        event.listen(database.engine, "before_cursor_execute", count)
        try:
            body = client.get(f"/calendar/u/{token}.ics").data
        finally:
            event.remove(database.engine, "before_cursor_execute", count)
        return len(seen), set(by_uid(icaljs(body)))

    one, six = make.person(name="One Seat"), make.person(name="Six Seats")
    committees = [board] + [make.committee(f"panel-{n}", name=f"Panel {n}") for n in range(5)]
    expected = set()
    for committee in committees:
        meeting = make.meeting(committee, datetime(2027, 2, 4, 14, 0, tzinfo=LONDON))
        expected.add(f"meeting-{meeting.id}@committees.test")
        for person in [one, six] if committee is board else [six]:
            session.add(
                Membership(
                    committee_id=committee.id,
                    person_id=person.id,
                    role="member",
                    starts_on=date(2026, 5, 21),
                )
            )
    session.commit()
    few, few_uids = statements_for(one)
    many, many_uids = statements_for(six)
    assert many_uids == expected  # positive control: all six committees' meetings
    assert len(few_uids) == 1
    assert many == few
