"""Optimistic locking: a change made from a stale copy is refused, never silently overwritten."""

from datetime import datetime

import pytest

from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.conftest import PASSWORD, bearer, csrf_token, sign_in


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2")


@pytest.fixture
def clerk(make, board):
    return make.clerk(board)


@pytest.fixture
def headers(make, clerk):
    return bearer(make.token(clerk))


@pytest.fixture
def meeting(make, board):
    return make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))


def test_an_entry_answers_with_its_version_as_etag(client, make, board):
    entry = make.entry(board, title="Fostering")
    first = client.get(f"/api/entries/{entry.id}")
    assert first.headers["ETag"] == f'"entry-{entry.id}-v{entry.version}"'
    assert client.get(f"/api/entries/{entry.id}").headers["ETag"] == first.headers["ETag"]


def test_a_patch_from_a_stale_copy_is_412_and_the_newer_change_stays(
    client, make, board, headers, session
):
    entry = make.entry(board, title="Fostering")
    seen = client.get(f"/api/entries/{entry.id}").headers["ETag"]
    first = client.patch(
        f"/api/entries/{entry.id}", json={"detail": "Rose's"}, headers={**headers, "If-Match": seen}
    )
    second = client.patch(
        f"/api/entries/{entry.id}",
        json={"detail": "Knight's"},
        headers={**headers, "If-Match": seen},
    )
    assert first.status_code == 200
    assert first.headers["ETag"] != seen
    assert second.status_code == 412
    assert "changed since you fetched it" in second.json["error"]
    session.refresh(entry)
    assert entry.detail == "Rose's"
    third = client.patch(
        f"/api/entries/{entry.id}",
        json={"detail": "Knight's"},
        headers={**headers, "If-Match": first.headers["ETag"]},
    )
    assert third.status_code == 200
    assert third.json["detail"] == "Knight's"


def test_if_match_star_and_no_if_match_change_whatever_is_current(client, make, board, headers):
    entry = make.entry(board, title="Fostering")
    star = client.patch(
        f"/api/entries/{entry.id}", json={"detail": "a"}, headers={**headers, "If-Match": "*"}
    )
    plain = client.patch(f"/api/entries/{entry.id}", json={"detail": "b"}, headers=headers)
    assert (star.status_code, plain.status_code) == (200, 200)


def test_an_event_from_a_stale_copy_is_412(client, make, board, meeting, headers, session):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    seen = client.get(f"/api/entries/{entry.id}").headers["ETag"]
    client.patch(f"/api/entries/{entry.id}", json={"detail": "changed"}, headers=headers)
    response = client.post(
        f"/api/entries/{entry.id}/events/withdraw",
        json={"reason": "Covered elsewhere"},
        headers={**headers, "If-Match": seen},
    )
    assert response.status_code == 412
    session.refresh(entry)
    assert entry.state == "scheduled"


def test_a_meeting_change_from_a_stale_copy_is_412(client, meeting, headers, session):
    seen = client.get(f"/api/meetings/{meeting.id}").headers["ETag"]
    assert seen == f'"meeting-{meeting.id}-v{meeting.version}"'
    moved = client.patch(
        f"/api/meetings/{meeting.id}",
        json={"venue": "Central Library"},
        headers={**headers, "If-Match": seen},
    )
    stale = client.patch(
        f"/api/meetings/{meeting.id}",
        json={"venue": "Committee Room 2"},
        headers={**headers, "If-Match": seen},
    )
    assert (moved.status_code, stale.status_code) == (200, 412)
    session.refresh(meeting)
    assert meeting.venue == "Central Library"


def test_scheduling_items_onto_a_meeting_is_not_a_change_of_the_meeting(
    client, make, board, meeting, headers
):
    seen = client.get(f"/api/meetings/{meeting.id}").headers["ETag"]
    make.entry(board, title="Fostering", meeting=meeting)
    response = client.patch(
        f"/api/meetings/{meeting.id}",
        json={"venue": "Central Library"},
        headers={**headers, "If-Match": seen},
    )
    assert response.status_code == 200


def test_the_entry_page_acts_only_on_the_version_it_showed(
    client, make, board, meeting, clerk, headers, session
):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    sign_in(client, clerk.email)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert f'name="version" value="{entry.version}"' in page
    shown = entry.version
    client.patch(f"/api/entries/{entry.id}", json={"detail": "changed"}, headers=headers)
    token = csrf_token(client, f"/entries/{entry.id}")
    response = client.post(
        f"/entries/{entry.id}/events/withdraw",
        data={"csrf_token": token, "version": shown, "reason": "Covered elsewhere"},
    )
    assert response.status_code == 409
    assert "changed while you had the page open" in response.get_data(as_text=True)
    session.refresh(entry)
    assert entry.state == "scheduled"
    current = client.post(
        f"/entries/{entry.id}/events/withdraw",
        data={"csrf_token": token, "version": entry.version, "reason": "Covered elsewhere"},
    )
    assert current.status_code == 302
