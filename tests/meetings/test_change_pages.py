"""Moving, cancelling and reinstating a meeting, and recording substitutes, from its pages."""

from datetime import datetime

import pytest
from sqlmodel import select

from committee.meetings.models import Substitution
from committee.people.models import Role
from committee.people.operations import set_password
from committee.timeutil import LONDON, to_london
from committee.work_programme.models import StateChange
from tests.conftest import PASSWORD, csrf_token, sign_in

START = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)


@pytest.fixture
def board(now, make, session):
    committee = make.committee("scrutiny-board-2", usual_venue="Committee Room 3")
    clerk = make.clerk(committee, email="clerk@council.test")
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    return committee


@pytest.fixture
def meeting(make, board):
    return make.meeting(board, START)


def _page(meeting) -> str:
    return f"/meetings/{meeting.id}/change"


def test_the_meeting_page_links_governance_to_changing_it(client, make, board, meeting, session):
    member = make.person(Role.MEMBER, committees=(board,), email="cllr@council.test")
    set_password(session, person=member, password=PASSWORD)
    session.commit()
    link = f'href="{_page(meeting)}">Change the time or place'
    sign_in(client, "clerk@council.test")
    assert link in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, member.email)
    assert link not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert client.get(_page(meeting)).status_code == 403
    refused = client.post(
        f"/meetings/{meeting.id}/cancel",
        data={"csrf_token": csrf_token(client, "/home"), "confirm": "yes"},
    )
    assert refused.status_code == 403
    session.refresh(meeting)
    assert meeting.status == "scheduled"


def test_moving_a_meeting_takes_its_items_along(client, make, board, meeting, session):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    sign_in(client, "clerk@council.test")
    form = client.get(_page(meeting)).get_data(as_text=True)
    assert 'value="2027-03-04"' in form
    assert "The 1 item on its agenda move with it" in form
    moved = client.post(
        _page(meeting),
        data={
            "csrf_token": csrf_token(client, _page(meeting)),
            "version": str(meeting.version),
            "day": "2027-03-11",
            "time": "10:00",
            "venue": "Diamond Room 1",
        },
    )
    assert moved.status_code == 302
    session.refresh(meeting)
    session.refresh(entry)
    assert to_london(meeting.start).isoformat() == "2027-03-11T10:00:00+00:00"
    assert meeting.venue == "Diamond Room 1"
    assert entry.meeting_id == meeting.id
    page = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert (
        "Saved: the meeting is at 10.00 am on Thursday, 11th March, 2027, Diamond Room 1." in page
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"day": "", "time": "14:00"}, "give the meeting&#39;s date"),
        ({"day": "2027-02-30", "time": "14:00"}, "2027-02-30 is not a date"),
        ({"day": "2027-03-11", "time": "25:00"}, "25:00 is not a time of day"),
        ({"day": "99999-01-01", "time": "14:00"}, "is not a date"),
        ({"day": "2027-03-11", "time": "14:00", "venue": "x" * 201}, "venue"),
    ],
)
def test_a_bad_move_is_refused_keeping_what_was_typed(
    client, board, meeting, session, fields, message
):
    sign_in(client, "clerk@council.test")
    refused = client.post(
        _page(meeting),
        data={"csrf_token": csrf_token(client, _page(meeting)), "venue": "Typed place", **fields},
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert message in page
    if "venue" not in fields:
        assert 'value="Typed place"' in page
    session.refresh(meeting)
    assert meeting.start == START


def test_a_move_over_someone_elses_change_is_refused(client, board, meeting, session):
    sign_in(client, "clerk@council.test")
    token = csrf_token(client, _page(meeting))
    seen = str(meeting.version)
    meeting.venue = "Moved by a colleague"
    session.commit()
    refused = client.post(
        _page(meeting),
        data={"csrf_token": token, "version": seen, "day": "2027-03-11", "time": "10:00"},
    )
    assert refused.status_code == 409
    assert "Someone else changed this meeting" in refused.get_data(as_text=True)
    session.refresh(meeting)
    assert (meeting.start, meeting.venue) == (START, "Moved by a colleague")


def test_cancelling_needs_the_box_ticked_then_sends_items_back(
    client, make, board, meeting, session
):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    sign_in(client, "clerk@council.test")
    token = csrf_token(client, _page(meeting))
    unticked = client.post(f"/meetings/{meeting.id}/cancel", data={"csrf_token": token})
    assert unticked.status_code == 422
    assert "tick the box" in unticked.get_data(as_text=True)
    session.refresh(meeting)
    assert meeting.status == "scheduled"

    done = client.post(
        f"/meetings/{meeting.id}/cancel", data={"csrf_token": token, "confirm": "yes"}
    )
    assert done.status_code == 302
    session.refresh(meeting)
    session.refresh(entry)
    assert (meeting.status, entry.state, entry.meeting_id) == ("cancelled", "requested", None)
    last = session.exec(
        select(StateChange).where(StateChange.entry_id == entry.id).order_by(StateChange.id.desc())
    ).first()
    assert last.event == "defer"

    page = client.get(_page(meeting)).get_data(as_text=True)
    assert "Reinstate the meeting" in page
    back = client.post(f"/meetings/{meeting.id}/reinstate", data={"csrf_token": token})
    assert back.status_code == 302
    session.refresh(meeting)
    assert meeting.status == "scheduled"


def test_recording_and_removing_a_substitute(client, make, board, meeting, session):
    member = make.person(Role.MEMBER, committees=(board,), name="Cllr Kaur")
    other = make.person(Role.MEMBER, committees=(make.committee("audit"),), name="Cllr Ali")
    sign_in(client, "clerk@council.test")
    form = client.get(_page(meeting)).get_data(as_text=True)
    assert f'<option value="{other.id}" >Cllr Ali</option>' in form
    token = csrf_token(client, _page(meeting))
    added = client.post(
        f"/meetings/{meeting.id}/substitutes",
        data={"csrf_token": token, "person_id": str(other.id), "replacing_id": str(member.id)},
    )
    assert added.status_code == 302
    page = client.get(_page(meeting)).get_data(as_text=True)
    assert "Cllr Ali substitutes at this meeting; it is in their calendar." in page
    assert "Cllr Ali, for Cllr Kaur" in page

    again = client.post(
        f"/meetings/{meeting.id}/substitutes",
        data={"csrf_token": token, "person_id": str(other.id)},
    )
    assert again.status_code == 409
    assert "Cllr Ali is already a substitute at the meeting on 4 March 2027." in again.get_data(
        as_text=True
    )
    removed = client.post(
        f"/meetings/{meeting.id}/substitutes/{other.id}/remove", data={"csrf_token": token}
    )
    assert removed.status_code == 302
    assert session.exec(select(Substitution)).all() == []
    gone = client.post(
        f"/meetings/{meeting.id}/substitutes/{other.id}/remove", data={"csrf_token": token}
    )
    assert gone.status_code == 404
    assert "Cllr Ali is not a substitute at the meeting on 4 March 2027." in gone.get_data(
        as_text=True
    )


@pytest.mark.parametrize("person_id", ["", "abc", "0", "99999999999999999999"])
def test_a_bad_substitute_is_refused(client, board, meeting, session, person_id):
    sign_in(client, "clerk@council.test")
    refused = client.post(
        f"/meetings/{meeting.id}/substitutes",
        data={"csrf_token": csrf_token(client, _page(meeting)), "person_id": person_id},
    )
    assert refused.status_code == 422
    assert "person_id" in refused.get_data(as_text=True)
    assert session.exec(select(Substitution)).all() == []


def test_the_meeting_page_says_held_once_the_meeting_has_started(
    client, board, meeting, time_machine
):
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Agenda not yet published" in page
    assert f'{board.name}<br><span class="subheading">2.00 pm on Thursday, 4th March, 2027' in page
    time_machine.move_to(datetime(2027, 3, 4, 14, 1, tzinfo=LONDON), tick=False)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)  # no sweep has run
    assert ">Held</span>" in page
    listed = client.get("/committees/scrutiny-board-2").get_data(as_text=True)
    assert "Held" in listed
