"""Arranging a meeting from the committee's page."""

import pytest
from sqlmodel import select

from committee.meetings.models import Meeting
from committee.people.operations import set_password
from committee.timeutil import to_london
from tests.conftest import PASSWORD, csrf_token, sign_in

FORM = "/committees/scrutiny-board-2/meetings/new"


@pytest.fixture
def board(now, make, session):
    committee = make.committee("scrutiny-board-2", usual_venue="Committee Room 3")
    clerk = make.clerk(committee, email="clerk@council.test")
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    return committee


def test_a_governance_officer_arranges_a_meeting_from_the_committee_page(client, board, session):
    sign_in(client, "clerk@council.test")
    committee_page = client.get("/committees/scrutiny-board-2").get_data(as_text=True)
    assert f'href="{FORM}">Arrange a meeting</a>' in committee_page
    form = client.get(FORM).get_data(as_text=True)
    assert 'value="14:00"' in form
    assert 'value="Committee Room 3"' in form

    done = client.post(
        FORM,
        data={
            "csrf_token": csrf_token(client, FORM),
            "day": "2027-01-14",
            "time": "10:30",
            "venue": "",
        },
    )
    meeting = session.exec(select(Meeting)).one()
    assert (done.status_code, done.headers["Location"]) == (302, f"/meetings/{meeting.id}")
    assert to_london(meeting.start).isoformat() == "2027-01-14T10:30:00+00:00"
    assert meeting.venue == "Committee Room 3"
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "The meeting on 10.30 am on Thursday, 14th January, 2027 is arranged." in page


@pytest.mark.parametrize(
    ("day", "time", "problem"),
    [
        ("", "14:00", "give the meeting"),
        ("2027-02-30", "14:00", "2027-02-30"),
        ("1899-01-01", "14:00", "1974"),
        ("2027-01-14", "25:00", "25:00"),
        ("2027-01-14\x00", "14:00", ""),
    ],
)
def test_a_bad_date_or_time_is_refused_with_what_was_typed_kept(
    client, board, session, day, time, problem
):
    sign_in(client, "clerk@council.test")
    response = client.post(
        FORM,
        data={"csrf_token": csrf_token(client, FORM), "day": day, "time": time, "venue": "Library"},
    )
    assert response.status_code in (400, 422)
    page = response.get_data(as_text=True)
    assert problem in page
    if response.status_code == 422:
        assert 'value="Library"' in page
    assert session.exec(select(Meeting)).first() is None


def test_only_the_committees_governance_officers_may_arrange_its_meetings(
    client, make, board, session
):
    lead = make.person(email="lead@council.test")
    set_password(session, person=lead, password=PASSWORD)
    session.commit()
    sign_in(client, "lead@council.test")
    assert "Arrange a meeting" not in client.get("/committees/scrutiny-board-2").get_data(
        as_text=True
    )
    assert client.get(FORM).status_code == 403
    refused = client.post(
        FORM,
        data={
            "csrf_token": csrf_token(client, "/committees/scrutiny-board-2"),
            "day": "2027-01-14",
        },
    )
    assert refused.status_code == 403
    assert session.exec(select(Meeting)).first() is None
