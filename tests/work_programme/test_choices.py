"""The entry page offers only what the lifecycle would accept now, and warns before harm."""

import re
from datetime import datetime

import pytest
from sqlmodel import select

from committee.people.operations import set_password
from committee.timeutil import LONDON
from committee.work_programme.models import StateChange
from tests.conftest import PASSWORD, csrf_token, sign_in

SOON = datetime(2026, 11, 26, 14, 0, tzinfo=LONDON)  # its paper deadline passed on 11 November
LATER = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)
LATEST = datetime(2027, 4, 8, 14, 0, tzinfo=LONDON)


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2")


@pytest.fixture
def officer(make, board, session):
    person = make.governance_officer(board, email="michelle.rose@council.test")
    set_password(session, person=person, password=PASSWORD)
    session.commit()
    return person


def _options(page: str, event: str) -> list[str]:
    """The meetings offered in the event's meeting list, as their labels read."""
    select_tag = re.search(rf'<select[^>]* id="{event}-meeting_id".*?</select>', page, re.S)
    assert select_tag is not None, f"no meeting list for {event}"
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select_tag.group(0))


def _buttons(page: str) -> list[str]:
    return re.findall(r'<button type="submit" class="govuk-button">([^<]+)</button>', page)


def _unavailable(page: str, event: str) -> str | None:
    found = re.search(rf'id="unavailable-{event}">(.*?)</div>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else None


def test_schedule_offers_only_meetings_it_would_accept(now, client, make, board, officer, session):
    make.meeting(board, datetime(2026, 11, 10, 14, 0, tzinfo=LONDON))  # held
    cancelled = make.meeting(board, datetime(2027, 2, 11, 14, 0, tzinfo=LONDON))
    cancelled.status = "cancelled"
    session.commit()
    make.meeting(make.committee("audit"), datetime(2027, 2, 18, 14, 0, tzinfo=LONDON))
    make.meeting(board, LATER)
    make.meeting(board, SOON)
    entry = make.entry(board, title="Fostering")
    sign_in(client, officer.email)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert _options(page, "schedule") == [
        "2.00 pm on Thursday, 26th November, 2026",
        "2.00 pm on Thursday, 4th March, 2027",
    ]


def test_defer_offers_only_later_meetings(now, client, make, board, officer):
    make.meeting(board, SOON)
    middle = make.meeting(board, LATER)
    make.meeting(board, LATEST)
    entry = make.entry(board, title="Fostering", meeting=middle)
    sign_in(client, officer.email)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert _options(page, "defer") == ["2.00 pm on Thursday, 8th April, 2027"]


def test_schedule_without_a_coming_meeting_is_shown_disabled_saying_why(
    now, client, make, board, officer
):
    entry = make.entry(board, title="Fostering")
    sign_in(client, officer.email)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Schedule" not in _buttons(page)
    assert _unavailable(page, "schedule") == (
        "Schedule : not now. No meeting of the committee is still to come: arrange one first."
    )
    make.meeting(board, LATER)  # positive control: with a meeting to go on, it is offered
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Schedule" in _buttons(page)
    assert _unavailable(page, "schedule") is None


def test_considered_is_offered_once_the_meeting_has_started(
    now, client, make, board, officer, time_machine
):
    meeting = make.meeting(board, LATER)
    entry = make.entry(board, title="Fostering", meeting=meeting)
    sign_in(client, officer.email)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Record as considered" not in _buttons(page)
    assert _unavailable(page, "consider") == (
        "Record as considered : not now. The meeting on 4 March 2027 has not started yet: "
        "it starts at 2.00 pm. Record it as considered once the meeting is under way."
    )
    time_machine.move_to(datetime(2027, 3, 4, 14, 5, tzinfo=LONDON), tick=False)
    sign_in(client, officer.email)  # months on: the session has expired
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Record as considered" in _buttons(page)


def test_clear_paper_waits_for_a_draft(now, client, make, board, officer, session):
    meeting = make.meeting(board, SOON)  # the paper window is open
    entry = make.entry(board, title="Fostering", meeting=meeting)
    sign_in(client, officer.email)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert entry.state == "briefing_due"
    assert _unavailable(page, "clear_paper") == (
        "Clear paper : not now. No draft paper has been received to clear."
    )
    token = csrf_token(client, f"/entries/{entry.id}")
    sent = client.post(
        f"/entries/{entry.id}/events/submit_paper",
        data={
            "csrf_token": token,
            "paper_kind": "briefing_note",
            "paper_url": "https://example.org/note",
        },
    )
    assert sent.status_code == 302
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Clear paper" in _buttons(page)


def test_scheduling_past_the_paper_deadline_asks_first_and_changes_nothing_until_confirmed(
    now, client, make, board, officer, session
):
    soon = make.meeting(board, SOON)
    entry = make.entry(board, title="Fostering")
    sign_in(client, officer.email)
    token = csrf_token(client, f"/entries/{entry.id}")
    asked = client.post(
        f"/entries/{entry.id}/events/schedule", data={"csrf_token": token, "meeting_id": soon.id}
    )
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "The paper deadline (10.00 am on" in page
    assert "the lead officers will be sent a reminder that their paper is overdue" in page
    assert "Schedule anyway" in page
    session.refresh(entry)
    assert (entry.state, entry.meeting_id) == ("requested", None)

    confirmed = client.post(
        f"/entries/{entry.id}/events/schedule",
        data={"csrf_token": token, "meeting_id": soon.id, "confirmed": str(soon.id)},
    )
    assert confirmed.status_code == 302
    session.refresh(entry)
    assert entry.meeting_id == soon.id


def test_scheduling_onto_a_published_agenda_warns_of_the_supplement(
    now, client, make, board, officer, session
):
    later = make.meeting(board, LATER)
    make.publish(later)
    entry = make.entry(board, title="Fostering")
    sign_in(client, officer.email)
    token = csrf_token(client, f"/entries/{entry.id}")
    asked = client.post(
        f"/entries/{entry.id}/events/schedule", data={"csrf_token": token, "meeting_id": later.id}
    )
    page = asked.get_data(as_text=True)
    assert "The agenda was published on Monday, 16th November, 2026" in page
    assert "until you publish a supplementary agenda" in page
    assert "paper deadline" not in page  # its deadlines are still to come
    session.refresh(entry)
    assert entry.state == "requested"


def test_scheduling_with_nothing_to_warn_of_needs_no_confirmation(
    now, client, make, board, officer, session
):
    later = make.meeting(board, LATER)
    entry = make.entry(board, title="Fostering")
    sign_in(client, officer.email)
    token = csrf_token(client, f"/entries/{entry.id}")
    done = client.post(
        f"/entries/{entry.id}/events/schedule", data={"csrf_token": token, "meeting_id": later.id}
    )
    assert done.status_code == 302
    session.refresh(entry)
    assert entry.meeting_id == later.id


def test_a_refusal_names_meetings_by_date_and_keeps_what_was_typed(
    now, client, make, board, officer, session
):
    earlier = make.meeting(board, LATER)
    current = make.meeting(board, LATEST)
    entry = make.entry(board, title="Fostering", meeting=current)
    sign_in(client, officer.email)
    token = csrf_token(client, f"/entries/{entry.id}")
    refused = client.post(
        f"/entries/{entry.id}/events/defer",
        data={"csrf_token": token, "meeting_id": earlier.id, "reason": "Clash with the budget"},
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "the meeting on 4 March 2027 is not after the meeting on 8 April 2027" in page
    assert not re.search(rf"meeting {earlier.id}\b|meeting {current.id}\b", page)
    assert ">Clash with the budget</textarea>" in page
    rows = session.exec(select(StateChange).where(StateChange.entry_id == entry.id)).all()
    assert [row.event for row in rows] == ["create", "schedule"]
