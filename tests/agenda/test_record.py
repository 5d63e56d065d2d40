"""A published agenda is a record: what an edition printed never changes, numbers once
published never move, each late item keeps its own reason, and the pack carries the papers
this service writes (the previous minutes, the work programme) where the council's does."""

import hashlib
import io
import re
from datetime import date, datetime

import pytest
from sqlmodel import Session, select

from committee.agenda import pack as pack_module
from committee.agenda.queries import publication_day
from committee.committees.models import Committee, LateItemNumbering
from committee.committees.operations import change_agenda_settings, change_council, end_seat
from committee.committees.schemas import AgendaSettings, CouncilSettings
from committee.meetings.models import MeetingStatus
from committee.meetings.operations import update_meeting
from committee.people.models import Membership, Role
from committee.timeutil import LONDON, london_datetime
from committee.work_programme.models import WorkProgrammeEntry
from tests.agenda.helpers import board_with_a_meeting, pages_named, pdf_text, send_paper
from tests.factories import Factory
from tests.minutes.conftest import July, july_board, put_minutes, seed_minutes
from tests.papers.hostile import plain_pdf

PUBLICATION_MORNING = datetime(2026, 11, 25, 9, 0, tzinfo=LONDON)


# What an edition printed.


@pytest.fixture
def july(make: Factory, session: Session, time_machine) -> July:  # type: ignore[no-untyped-def]
    return july_board(make, session, time_machine)


def _frontsheet_block(page: str) -> str:
    """The frontsheet as the meeting page shows it (the page around it may change: its status)."""
    found = re.search(
        r'<div class="frontsheet">.*?</div>\s*<p class="govuk-body downloads">', page, re.S
    )
    assert found is not None, "the page shows no frontsheet"
    return found.group(0)


def _record(client, meeting_id: int, headers: dict[str, str]) -> dict[str, object]:
    """Everything an edition put out, as the public and as members read it: the frontsheet on
    the page, the API's items and packs, and the packs' bytes (by digest)."""
    api = client.get(f"/api/meetings/{meeting_id}/agenda").json
    members_api = client.get(f"/api/meetings/{meeting_id}/agenda", headers=headers).json
    packs = {
        name: hashlib.sha256(client.get(f"/meetings/{meeting_id}/{name}").data).hexdigest()
        for name in ("agenda.pdf", "editions/0/agenda.pdf")
    }
    return {
        "page": _frontsheet_block(client.get(f"/meetings/{meeting_id}").get_data(as_text=True)),
        "items": api["items"],
        "matters_arising": api["matters_arising"],
        "members_items": members_api["items"],
        "editions": [
            (e["number"], e["kind"], e["pack"], e["members_pack"]) for e in members_api["editions"]
        ],
        "packs": packs,
    }


def _send_and_clear(client, entry_id: int, lead: dict, clerk: dict, content: bytes) -> None:
    assert client.post(f"/api/entries/{entry_id}/events/open_briefing", json={}, headers=clerk)
    sent = client.post(
        f"/api/entries/{entry_id}/events/submit_paper",
        data={"paper_kind": "briefing_note", "paper_file": (io.BytesIO(content), "p.pdf")},
        headers=lead,
        content_type="multipart/form-data",
    )
    assert sent.status_code == 200, sent.json
    cleared = client.post(
        f"/api/entries/{entry_id}/events/clear_paper",
        json={"paper_kind": "briefing_note"},
        headers=clerk,
    )
    assert cleared.status_code == 200, cleared.json


def test_what_an_edition_printed_never_changes(
    client, july: July, make: Factory, session: Session, time_machine
):
    committee = session.get(Committee, july.meeting.committee_id)
    assert committee is not None
    committee.minutes_in_pack = committee.programme_in_pack = True
    session.commit()
    change_council(
        session,
        actor=make.person(role=Role.ADMIN),
        settings=CouncilSettings(name="Coventry City Council", proper_officer="Martin Yardley"),
    )
    session.commit()
    # 19 July: minutes written and published, making two recommendations.
    put_minutes(client, july, seed_minutes(client, july))
    published = client.post(
        f"/api/meetings/{july.meeting.id}/minutes/publish", json={}, headers=july.clerk_headers
    )
    assert published.status_code == 200, published.json
    # October: an item with its paper, published on its day.
    lead = make.token(july.owner)
    entry = make.entry(
        committee, title="Secondary Progress", meeting=july.october, lead="Kirston Nelson"
    )
    _send_and_clear(
        client,
        entry.id,
        {"Authorization": f"Bearer {lead}"},
        july.clerk_headers,
        plain_pdf("FIRSTVERSION"),
    )
    day = publication_day(session, july.october)
    time_machine.move_to(london_datetime(day, datetime.min.time().replace(hour=10)), tick=False)
    path = f"/api/meetings/{july.october.id}/publish"
    missing = client.post(path, json={}, headers=july.clerk_headers).json["missing_papers"]
    to_follow = [item["item_id"] for item in missing]  # the update minute 12 asked for
    done = client.post(path, json={"to_follow": to_follow}, headers=july.clerk_headers)
    assert done.status_code == 200, done.json
    before = _record(client, july.october.id, july.clerk_headers)
    # The positive control: the record holds what it should.
    assert "Minutes of the meeting held on 19th July, 2018" in before["page"]
    assert "waiting for a response" in " ".join(before["matters_arising"])
    assert "Martin Yardley" in before["page"]
    assert "Secondary Progress" in before["page"]

    # Afterwards: a recommendation answered, the minutes corrected, the item renamed, a seat
    # ended, the paper replaced, the council's and the committee's details changed.
    recommendation = client.get(
        f"/api/committees/{committee.slug}/recommendations", headers=july.clerk_headers
    ).json["recommendations"][0]
    answered = client.post(
        f"/api/recommendations/{recommendation['id']}/answer",
        json={"answer": "accepted", "response": "Done."},
        headers=july.clerk_headers,
    )
    assert answered.status_code == 200, answered.json
    corrected = client.post(
        f"/api/meetings/{july.meeting.id}/minutes/corrections",
        json={
            "reason": "Agreed subject to a correction",
            "minute": {"number": 12, "title": "Improvement Board", "text": "Corrected."},
        },
        headers=july.clerk_headers,
    )
    assert corrected.status_code == 200, corrected.json
    renamed = client.patch(
        f"/api/entries/{entry.id}",
        json={"title": "Secondary Progress (renamed)"},
        headers=july.clerk_headers,
    )
    assert renamed.status_code == 200, renamed.json
    seat = session.exec(select(Membership).where(Membership.person_id == july.member.id)).one()
    end_seat(
        session, actor=july.clerk, committee=committee, seat_id=seat.id, ends_on=date(2018, 10, 12)
    )
    change_agenda_settings(
        session,
        actor=july.clerk,
        committee=committee,
        settings=AgendaSettings(frontsheet_notes="A new note.", contact_telephone="01234"),
    )
    change_council(
        session,
        actor=make.person(role=Role.ADMIN),
        settings=CouncilSettings(name="Another Council", proper_officer="Someone Else"),
    )
    session.commit()
    _send_and_clear(
        client,
        entry.id,
        {"Authorization": f"Bearer {lead}"},
        july.clerk_headers,
        plain_pdf("SECONDVERSION"),
    )

    after = _record(client, july.october.id, july.clerk_headers)
    assert after == before


# Numbers and reasons.


@pytest.fixture
def board(now, make, session):  # type: ignore[no-untyped-def]
    return board_with_a_meeting(make, session)


def _publish(client, board) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Publish the board's agenda with every paper; return each item's number by title."""
    for title in board.entries:
        words = title.upper().replace(" ", "").replace("-", "")
        send_paper(client, board, title, plain_pdf(words), f"{words.lower()}.pdf")
    published = client.post(
        f"/api/meetings/{board.meeting.id}/publish", json={}, headers=board.headers(board.clerk)
    )
    assert published.status_code == 200, published.json
    return _numbers(client, board)


def _numbers(client, board) -> dict[str, str]:  # type: ignore[no-untyped-def]
    agenda = client.get(
        f"/api/meetings/{board.meeting.id}/agenda", headers=board.headers(board.clerk)
    ).json
    return {item["title"]: item["number"] for item in agenda["items"]}


def _supplement(client, board, reason: str) -> dict:  # type: ignore[no-untyped-def]
    done = client.post(
        f"/api/meetings/{board.meeting.id}/supplement",
        json={"reason": reason},
        headers=board.headers(board.clerk),
    )
    assert done.status_code == 200, done.json
    return client.get(f"/api/meetings/{board.meeting.id}/agenda").json


def test_numbers_hold_through_two_supplements_and_each_late_item_keeps_its_reason(
    client, board, make, session, time_machine
):
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    first = _publish(client, board)
    fostering = int(first["Fostering"])

    # A late item is queued: governance sees it, marked so; nobody else does.
    make.entry(board.committee, title="Youth justice", meeting=board.meeting, lead="Paul Smith")
    clerk_view = client.get(
        f"/api/meetings/{board.meeting.id}/agenda", headers=board.headers(board.clerk)
    ).json
    assert [(q["title"], q["why"]) for q in clerk_view["queued"]] == [
        ("Youth justice", "a new item")
    ]
    for headers in ({}, board.headers(board.member)):
        seen = client.get(f"/api/meetings/{board.meeting.id}/agenda", headers=headers).json
        assert "Youth justice" not in str(seen)
        assert seen["queued"] is None
    assert "Youth justice" not in client.get(f"/meetings/{board.meeting.id}").get_data(as_text=True)

    one = _supplement(client, board, "The youth justice inspection reported on 20 November.")
    make.entry(board.committee, title="School transport", meeting=board.meeting, lead="Paul Smith")
    two = _supplement(client, board, "The transport contract fails on 1 December.")

    numbers = {item["title"]: item["number"] for item in two["items"]}
    assert {title: numbers[title] for title in first} == first  # not one number moved
    late = [numbers["Youth justice"], numbers["School transport"]]
    assert all(re.fullmatch(r"\d+[A-Z]", number) for number in late), late
    assert len(set(late)) == 2
    assert not set(late) & set(first.values())
    by_title = {item["title"]: item for item in two["items"]}
    assert by_title["Youth justice"]["late_reason"] == (
        "The youth justice inspection reported on 20 November."
    )
    assert (
        by_title["School transport"]["late_reason"] == "The transport contract fails on 1 December."
    )
    # Each edition printed its own reason, and the first is not lost to the second.
    assert [(e["number"], e["kind"], e["reason"]) for e in two["editions"]] == [
        (0, "agenda", ""),
        (1, "supplement", "The youth justice inspection reported on 20 November."),
        (2, "supplement", "The transport contract fails on 1 December."),
    ]
    assert {item["title"]: item["number"] for item in one["items"]}["Youth justice"] == (
        numbers["Youth justice"]
    )
    page = " ".join(client.get(f"/meetings/{board.meeting.id}").get_data(as_text=True).split())
    assert "Why it could not wait: The youth justice inspection reported on 20 November." in page
    assert "Why it could not wait: The transport contract fails on 1 December." in page
    assert fostering == int(numbers["Fostering"])


def test_a_committee_may_number_late_items_on_from_the_last(
    client, board, make, session, time_machine
):
    board.committee.late_item_numbering = LateItemNumbering.NEXT.value
    session.commit()
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    first = _publish(client, board)
    make.entry(board.committee, title="Youth justice", meeting=board.meeting, lead="Paul Smith")
    numbers = _numbers(client, board) | {
        item["title"]: item["number"]
        for item in _supplement(client, board, "It could not wait.")["items"]
    }
    highest = max(int(number) for number in first.values())
    assert numbers["Youth justice"] == str(highest + 1)
    assert {title: numbers[title] for title in first} == first


def test_a_supplement_needs_something_new_and_a_reason_and_an_edition_must_exist(
    client, board, make, time_machine
):
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    path = f"/api/meetings/{board.meeting.id}/supplement"
    clerk = board.headers(board.clerk)
    unpublished = client.post(path, json={"reason": "Why not"}, headers=clerk)
    assert unpublished.status_code == 409
    assert unpublished.json["error"] == "The agenda has not been published yet."
    _publish(client, board)
    # Nothing new is said before the reason is asked for: there is no supplement to give one for.
    for sent in ({"reason": "Why not"}, {"reason": "   "}):
        nothing = client.post(path, json=sent, headers=clerk)
        assert nothing.status_code == 409
        assert "Nothing has been added" in nothing.json["error"]
    make.entry(board.committee, title="Youth justice", meeting=board.meeting, lead="Paul Smith")
    assert client.post(path, json={}, headers=clerk).status_code == 422
    blank = client.post(path, json={"reason": "   "}, headers=clerk)
    assert blank.status_code == 422
    assert blank.json["fields"] == {
        "reason": "say why these could not wait for the next meeting, as s.100B(4)(b) asks"
    }
    missing = client.get(f"/meetings/{board.meeting.id}/editions/7/agenda.pdf")
    assert missing.status_code == 404
    assert client.get(f"/meetings/{board.meeting.id}/editions/0/agenda.pdf").status_code == 200


# The papers this service writes for the pack.


def _publish_october(client, july: July, session: Session, time_machine) -> dict:  # type: ignore[no-untyped-def]
    day = publication_day(session, july.october)
    time_machine.move_to(london_datetime(day, datetime.min.time().replace(hour=10)), tick=False)
    path = f"/api/meetings/{july.october.id}/publish"
    done = client.post(path, json={}, headers=july.clerk_headers)
    if done.status_code == 409:  # the update minute 12 asked for has no paper: to follow
        to_follow = [item["item_id"] for item in done.json["missing_papers"]]
        done = client.post(path, json={"to_follow": to_follow}, headers=july.clerk_headers)
    assert done.status_code == 200, done.json
    return client.get(f"/api/meetings/{july.october.id}/agenda").json


def _written_on(july: July, session: Session, *, on: bool) -> None:
    committee = session.get(Committee, july.meeting.committee_id)
    assert committee is not None
    committee.minutes_in_pack = committee.programme_in_pack = on
    session.commit()


def test_the_pack_carries_the_previous_minutes_and_the_programme(
    client, july: July, make: Factory, session: Session, time_machine
):
    _written_on(july, session, on=True)
    for entry in session.exec(select(WorkProgrammeEntry)):
        if entry.title in ("Serious Case Review", "Supported Internships"):
            entry.detail = "PRIVATEDETAIL" if entry.is_private else "PUBLICDETAIL"
    session.commit()
    record = seed_minutes(client, july)
    private = next(m for m in record["minutes"] if m.get("exempt_paragraph"))
    private["text"] += "\n\nPRIVATEMINUTEWORDS"
    put_minutes(client, july, record)
    client.post(
        f"/api/meetings/{july.meeting.id}/minutes/publish", json={}, headers=july.clerk_headers
    )
    agenda = _publish_october(client, july, session, time_machine)

    items = {item["title"]: item for item in agenda["items"]}
    assert items["Minutes"]["description"].startswith(
        "a) To agree the minutes of the meeting held on 19th July, 2018"
    )
    (minutes,) = items["Minutes"]["papers"]
    (programme,) = items["Work Programme"]["papers"]
    assert minutes["kind"] == "Minutes of the meeting held on 19th July, 2018"
    assert minutes["url"].endswith(f"/meetings/{july.meeting.id}/minutes")
    assert programme["kind"] == "Work Programme 2018/19"
    assert items["Minutes"]["to_follow"] is False

    pages = pdf_text(client.get(f"/meetings/{july.october.id}/agenda.pdf").data)
    sheet = "\n".join(pages[: minutes["pages"][0] - 1])
    assert pages_named(sheet, "Minutes") == tuple(minutes["pages"])
    assert pages_named(sheet, "Work Programme") == tuple(programme["pages"])
    first, last = minutes["pages"]
    assert pages[first - 1].startswith("Minutes of the Meeting of")
    assert "(Meeting closed at 4.30 pm)" in pages[last - 1]
    first, last = programme["pages"]
    assert "Work Programme 2018/19" in pages[first - 1]
    assert last == len(pages)
    whole = " ".join(pages)
    # Public words only: the private minute as its wording, the private entry's title only.
    assert "PRIVATEMINUTEWORDS" not in whole
    assert "Further to Minute 16 above" in whole
    listed = " ".join(pages[first - 1 : last])
    assert "Serious Case Review" in listed  # the private entry is listed, by its title
    assert "PUBLICDETAIL" in listed  # a public entry's detail is printed (the control)
    assert "PRIVATEDETAIL" not in whole


def test_minutes_not_yet_published_are_to_follow_and_a_committee_may_leave_both_out(
    client, july: July, session: Session, time_machine
):
    _written_on(july, session, on=True)
    agenda = _publish_october(client, july, session, time_machine)
    items = {item["title"]: item for item in agenda["items"]}
    assert (items["Minutes"]["papers"], items["Minutes"]["to_follow"]) == ([], True)
    page = " ".join(client.get(f"/meetings/{july.october.id}").get_data(as_text=True).split())
    assert re.search(r"Minutes</strong> <span class=\"to-follow\">\(Paper to follow\)</span>", page)
    assert items["Work Programme"]["papers"]  # the programme is there all the same

    # Another board, its settings off: its pack carries only what is sent in.
    _written_on(july, session, on=False)
    november = client.post(
        "/api/committees/scrutiny-board-2/meetings",
        json={"start": "2018-11-22T14:00:00+00:00"},
        headers=july.clerk_headers,
    )
    assert november.status_code == 201, november.json
    meeting_id = november.json["id"]
    time_machine.move_to(datetime(2018, 11, 14, 10, 0, tzinfo=LONDON), tick=False)
    done = client.post(f"/api/meetings/{meeting_id}/publish", json={}, headers=july.clerk_headers)
    assert done.status_code == 200, done.json
    items = {i["title"]: i for i in client.get(f"/api/meetings/{meeting_id}/agenda").json["items"]}
    assert (items["Minutes"]["papers"], items["Minutes"]["to_follow"]) == ([], False)
    assert items["Work Programme"]["papers"] == []


# A pack that failed, and a meeting cancelled after its agenda went out.


def test_a_pack_that_failed_is_built_again_and_the_page_says_so(
    client, board, make, session, time_machine, monkeypatch
):
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    real = pack_module.build_pack

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the disk was full")

    monkeypatch.setattr(pack_module, "build_pack", broken)
    _publish(client, board)
    path = f"/meetings/{board.meeting.id}"
    page = " ".join(client.get(path).get_data(as_text=True).split())
    assert "The agenda pack could not be built; it is being built again." in page
    failed = client.get(f"{path}/agenda.pdf")
    assert failed.status_code == 503
    assert failed.headers["Retry-After"]
    assert "being built again" in failed.get_data(as_text=True)

    monkeypatch.setattr(pack_module, "build_pack", real)
    assert make.build_packs() == 2  # as the scheduler's sweep does
    rebuilt = client.get(f"{path}/agenda.pdf")
    assert (rebuilt.status_code, rebuilt.content_type) == (200, "application/pdf")
    assert "could not be built" not in client.get(path).get_data(as_text=True)


def test_a_cancelled_meetings_editions_stay_readable_and_say_it_was_cancelled(
    client, board, session, time_machine
):
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    _publish(client, board)
    path = f"/meetings/{board.meeting.id}"
    before = hashlib.sha256(client.get(f"{path}/agenda.pdf").data).hexdigest()
    update_meeting(
        session, actor=board.clerk, meeting=board.meeting, status=MeetingStatus.CANCELLED
    )
    session.commit()

    page = " ".join(client.get(path).get_data(as_text=True).split())
    assert "This meeting will not take place." in page
    assert "This agenda was published before the meeting was cancelled" in page
    assert "Fostering" in page  # the frontsheet, as it went out
    after = client.get(f"{path}/agenda.pdf")
    assert hashlib.sha256(after.data).hexdigest() == before
    agenda = client.get(f"/api/meetings/{board.meeting.id}/agenda").json
    assert (agenda["state"], agenda["status"]) == ("cancelled", "Cancelled")
    assert [edition["number"] for edition in agenda["editions"]] == [0]
