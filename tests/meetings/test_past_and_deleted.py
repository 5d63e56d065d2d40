"""A meeting in the past only on purpose; a meeting with nothing on it deleted, any other not."""

import logging
from datetime import datetime

import pytest
from sqlmodel import select

from committee.meetings.models import Meeting
from committee.minutes.operations import save_minutes
from committee.minutes.schemas import MinutesInput
from committee.people.models import Role
from committee.people.operations import set_password
from committee.timeutil import LONDON, to_london
from tests.conftest import PASSWORD, bearer, csrf_token, sign_in

FORM = "/committees/scrutiny-board-2/meetings/new"


@pytest.fixture
def board(now, make, session):
    committee = make.committee("scrutiny-board-2", usual_venue="Committee Room 3")
    clerk = make.clerk(committee, email="clerk@council.test")
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    return committee


def to_london_start(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def arrange(client, **fields: str):
    data = {"csrf_token": csrf_token(client, FORM), "time": "14:00", "venue": "Library"}
    return client.post(FORM, data=data | fields)


def test_a_past_date_is_refused_then_recorded_when_the_clerk_says_it_was_held(
    client, board, session
):
    sign_in(client, "clerk@council.test")
    refused = arrange(client, day="2026-11-12")  # the Thursday before "now", 16 November
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert (
        "2.00 pm on Thursday, 12th November, 2026 has passed: a meeting is arranged for a time "
        "still to come. To record a meeting already held, say that it was held"
    ) in page
    assert 'value="2026-11-12"' in page  # what was typed is kept
    assert 'value="Library"' in page
    assert session.exec(select(Meeting)).first() is None

    recorded = arrange(client, day="2026-11-12", already_held="yes")
    meeting = session.exec(select(Meeting)).one()
    assert (recorded.status_code, recorded.headers["Location"]) == (302, f"/meetings/{meeting.id}")
    assert to_london(meeting.start).date().isoformat() == "2026-11-12"
    assert "Held" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    # A date to come needs no such word, and the box changes nothing for it.
    assert arrange(client, day="2027-01-14").status_code == 302


def test_the_api_refuses_a_past_start_unless_already_held(client, make, board, session):
    headers = bearer(make.token(make.clerk(board)))
    path = f"/api/committees/{board.slug}/meetings"
    refused = client.post(path, json={"start": "2026-11-12T14:00:00+00:00"}, headers=headers)
    assert refused.status_code == 422
    assert "has passed" in refused.get_json()["error"]
    assert session.exec(select(Meeting)).first() is None
    made = client.post(
        path, json={"start": "2026-11-12T14:00:00+00:00", "already_held": True}, headers=headers
    )
    assert made.status_code == 201, made.get_json()


def test_an_empty_meeting_is_deleted_by_its_governance_officer(
    client, make, board, session, caplog
):
    meeting = make.meeting(board, to_london_start("2027-01-14T14:00"))
    meeting_id = meeting.id
    member = make.person(Role.MEMBER, committees=(board,), email="cllr@council.test")
    set_password(session, person=member, password=PASSWORD)
    session.commit()
    path = f"/meetings/{meeting_id}/delete"
    caplog.set_level(logging.INFO, logger="committee.agenda.operations")

    sign_in(client, member.email)
    assert (
        client.post(
            path, data={"csrf_token": csrf_token(client, "/home"), "confirm": "yes"}
        ).status_code
        == 403
    )
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})

    sign_in(client, "clerk@council.test")
    change = client.get(f"/meetings/{meeting_id}/change").get_data(as_text=True)
    assert "Nothing is on this meeting" in change
    assert client.post(path, data={"confirm": "yes"}).status_code == 400  # no CSRF token
    unconfirmed = client.post(path, data={"csrf_token": csrf_token(client, "/home")})
    assert unconfirmed.status_code == 422
    assert "tick the box to say you mean to delete the meeting" in unconfirmed.get_data(
        as_text=True
    )
    assert session.get(Meeting, meeting_id) is not None

    done = client.post(path, data={"csrf_token": csrf_token(client, "/home"), "confirm": "yes"})
    assert (done.status_code, done.headers["Location"]) == (302, "/committees/scrutiny-board-2")
    page = client.get("/committees/scrutiny-board-2").get_data(as_text=True)
    assert "The meeting of 2.00 pm on Thursday, 14th January, 2027 is deleted." in page
    session.expire_all()
    assert session.get(Meeting, meeting_id) is None
    clerk_id = make.clerk(board).id
    assert (
        f"Meeting {meeting_id} of committee {board.id} (2.00 pm on Thursday, 14th January, 2027) deleted by {clerk_id}."
        in caplog.text
    )
    assert client.get(f"/meetings/{meeting_id}").status_code == 404


def test_a_meeting_with_anything_on_it_is_only_cancelled(client, make, board, session):
    headers = bearer(make.token(make.clerk(board)))
    with_items = make.meeting(board, to_london_start("2027-01-14T14:00"))
    for title in ("Fostering", "Adoption", "Libraries", "Youth Services"):
        make.entry(board, title=title, meeting=with_items)
    refused = client.delete(f"/api/meetings/{with_items.id}", headers=headers)
    assert refused.status_code == 409
    assert refused.get_json()["error"] == (
        "The meeting of 2.00 pm on Thursday, 14th January, 2027 has 4 items (“Fostering”, "
        "“Adoption”, “Libraries” and 1 more) on it: it cannot be deleted. Cancel it instead, or "
        "move its items to another meeting first."
    )
    sign_in(client, "clerk@council.test")
    change = client.get(f"/meetings/{with_items.id}/change").get_data(as_text=True)
    assert "so it stays on the record: cancel it instead" in change
    assert f'action="/meetings/{with_items.id}/delete"' not in change
    page = client.post(
        f"/meetings/{with_items.id}/delete",
        data={"csrf_token": csrf_token(client, "/home"), "confirm": "yes"},
    )
    assert page.status_code == 409
    assert "4 items" in page.get_data(as_text=True)

    published = make.meeting(board, to_london_start("2027-02-11T14:00"))
    make.publish(published)
    refused = client.delete(f"/api/meetings/{published.id}", headers=headers)
    assert (refused.status_code, "a published agenda" in refused.get_json()["error"]) == (409, True)

    minuted = make.meeting(board, to_london_start("2026-11-05T14:00"))
    save_minutes(
        session,
        actor=make.clerk(board),
        meeting=minuted,
        data=MinutesInput(closed_at="16:30"),
    )
    session.commit()
    refused = client.delete(f"/api/meetings/{minuted.id}", headers=headers)
    assert (refused.status_code, "minutes" in refused.get_json()["error"]) == (409, True)
    assert len(session.exec(select(Meeting)).all()) == 3

    # The positive control: an empty one goes, by the API as by the page.
    empty = make.meeting(board, to_london_start("2027-03-11T14:00"))
    assert client.delete(f"/api/meetings/{empty.id}", headers=headers).status_code == 204
    assert client.delete(f"/api/meetings/{empty.id}", headers=headers).status_code == 404
