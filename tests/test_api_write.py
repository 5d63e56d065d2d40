"""Writes through the API: only governance officers, every bad input named, nothing half-done."""

from datetime import datetime

import pytest
from sqlmodel import select

from committee.meetings.models import AgendaItem, Meeting
from committee.people.models import Role
from committee.timeutil import LONDON
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from tests.conftest import bearer


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2", usual_venue="Committee Room 3 - Council House")


@pytest.fixture
def officer_token(make, board):
    return make.token(make.governance_officer(board, name="Michelle Rose"))


def test_creating_a_meeting_needs_a_token(client, board):
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings", json={"start": "2027-01-07T14:00"}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_malformed_authorization_header_is_401(client, board):
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings",
        json={"start": "2027-01-07T14:00"},
        headers={"Authorization": "Token abc"},
    )
    assert response.status_code == 401
    assert "Bearer" in response.json["error"]


@pytest.mark.parametrize("role", [Role.LEAD_OFFICER, Role.MEMBER])
def test_only_governance_officers_create_meetings(client, make, board, session, role):
    person = make.person(role, committees=(board,) if role == Role.MEMBER else ())
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings",
        json={"start": "2027-01-07T14:00"},
        headers=bearer(make.token(person)),
    )
    assert response.status_code == 403
    assert "Only governance officers" in response.json["error"]
    assert session.exec(select(Meeting)).all() == []


def test_a_governance_officer_of_another_committee_is_refused(client, make, board, session):
    other = make.committee("audit")
    token = make.token(make.governance_officer(other))
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings",
        json={"start": "2027-01-07T14:00"},
        headers=bearer(token),
    )
    assert response.status_code == 403


def test_create_a_meeting_with_usual_venue_and_length(client, board, officer_token, session, now):
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings",
        json={"start": "2027-01-07T14:00"},  # no offset: London time
        headers=bearer(officer_token),
    )

    assert response.status_code == 201
    assert response.json["start"] == "2027-01-07T14:00:00+00:00"
    assert response.json["end"] == "2027-01-07T16:30:00+00:00"
    assert response.json["venue"] == "Committee Room 3 - Council House"
    assert response.json["status"] == "scheduled"
    items = session.exec(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == response.json["id"])
        .order_by(AgendaItem.position)
    ).all()
    assert [(item.number, item.title) for item in items] == [
        ("1", "Apologies and Substitutions"),
        ("2", "Declarations of Interests"),
        ("3", "Minutes"),
        ("4", "Work Programme"),
        ("5", "Any Other Business"),
    ]


def test_create_a_meeting_elsewhere_with_an_offset(client, board, officer_token):
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings",
        json={
            "start": "2027-06-10T13:00:00Z",
            "end": "2027-06-10T15:00:00Z",
            "venue": "Central Library",
        },
        headers=bearer(officer_token),
    )
    assert response.status_code == 201
    assert response.json["start"] == "2027-06-10T14:00:00+01:00"
    assert response.json["venue"] == "Central Library"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "start"),
        ({"start": "next Thursday"}, "start"),
        ({"start": "2027-02-30T14:00"}, "start"),
        ({"start": "2027-01-07T14:00", "end": "2027-01-07T13:00"}, "body"),
        ({"start": "2027-01-07T14:00", "venue": "x" * 201}, "venue"),
        ({"start": "2027-01-07T14:00", "colour": "blue"}, "colour"),
    ],
)
def test_bad_meeting_input_is_422_naming_the_field(
    client, board, officer_token, session, body, field
):
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings", json=body, headers=bearer(officer_token)
    )
    assert response.status_code == 422
    assert field in response.json["fields"]
    assert response.json["error"].startswith("Invalid input")
    assert session.exec(select(Meeting)).all() == []


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_is_400_saying_so(
    client, board, officer_token, session, content_type
):
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings",
        data="start=tomorrow",
        headers={**bearer(officer_token), "Content-Type": content_type},
    )
    assert response.status_code == 400
    assert response.json["error"].startswith("The request body is not JSON")
    assert session.exec(select(Meeting)).all() == []


def test_a_json_array_is_422(client, board, officer_token):
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings", json=[1, 2], headers=bearer(officer_token)
    )
    assert response.status_code == 422
    assert "body" in response.json["fields"]


def test_unknown_committee_for_a_write_is_404(client, officer_token):
    response = client.post(
        "/api/committees/nope/meetings",
        json={"start": "2027-01-07T14:00"},
        headers=bearer(officer_token),
    )
    assert response.status_code == 404


def test_move_a_meeting_keeps_its_length_and_raises_its_revision(
    client, make, board, officer_token, session
):
    meeting = make.meeting(board, datetime(2027, 1, 7, 14, 0, tzinfo=LONDON))

    response = client.patch(
        f"/api/meetings/{meeting.id}",
        json={"start": "2027-01-14T10:00"},
        headers=bearer(officer_token),
    )

    assert response.status_code == 200
    assert response.json["start"] == "2027-01-14T10:00:00+00:00"
    assert response.json["end"] == "2027-01-14T12:30:00+00:00"
    session.refresh(meeting)
    assert meeting.revision == 1


def test_change_venue_then_cancel_each_raise_the_revision(
    client, make, board, officer_token, session
):
    meeting = make.meeting(board, datetime(2027, 1, 7, 14, 0, tzinfo=LONDON))
    headers = bearer(officer_token)

    assert (
        client.patch(
            f"/api/meetings/{meeting.id}", json={"venue": "Central Library"}, headers=headers
        ).status_code
        == 200
    )
    response = client.patch(
        f"/api/meetings/{meeting.id}", json={"status": "cancelled"}, headers=headers
    )

    assert response.json["status"] == "cancelled"
    assert response.json["venue"] == "Central Library"
    session.refresh(meeting)
    assert meeting.revision == 2


def test_a_patch_that_changes_nothing_keeps_the_revision(
    client, make, board, officer_token, session
):
    meeting = make.meeting(board, datetime(2027, 1, 7, 14, 0, tzinfo=LONDON))
    response = client.patch(
        f"/api/meetings/{meeting.id}", json={"venue": meeting.venue}, headers=bearer(officer_token)
    )
    assert response.status_code == 200
    session.refresh(meeting)
    assert meeting.revision == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "postponed"}, "status"),
        ({"end": "2027-01-07T13:00"}, "end"),
        ({"start": "soon"}, "start"),
    ],
)
def test_bad_meeting_change_is_422_and_changes_nothing(
    client, make, board, officer_token, session, body, field
):
    meeting = make.meeting(board, datetime(2027, 1, 7, 14, 0, tzinfo=LONDON))
    response = client.patch(f"/api/meetings/{meeting.id}", json=body, headers=bearer(officer_token))
    assert response.status_code == 422
    assert field in response.json["fields"]
    session.refresh(meeting)
    assert (meeting.status, meeting.revision) == ("scheduled", 0)


def test_changing_an_unknown_meeting_is_404(client, officer_token):
    response = client.patch(
        "/api/meetings/999999", json={"venue": "x"}, headers=bearer(officer_token)
    )
    assert response.status_code == 404


def test_create_an_entry_links_known_lead_officers(client, make, board, officer_token, now):
    gregg = make.person(name="John Gregg")
    watson = make.person(name="Sonia Watson")
    response = client.post(
        "/api/committees/scrutiny-board-2/work-programme",
        json={
            "title": "Improvement Board Update Report",
            "detail": "A regular progress report from the Improvement Board",
            "lead": "John Gregg Sonia Watson Cllr Seaman",
            "source": "Chair",
        },
        headers=bearer(officer_token),
    )

    assert response.status_code == 201
    body = response.json
    assert body["state"] == "requested"
    assert body["meeting"] is None
    assert body["municipal_year"] == 2026
    assert body["cabinet_member"] == "Cllr Seaman"
    assert body["lead"] == "John Gregg Sonia Watson Cllr Seaman"
    assert [officer["id"] for officer in body["lead_officers"]] == [gregg.id, watson.id]


def test_create_an_entry_on_a_meeting_schedules_it_onto_the_agenda(
    client, make, board, officer_token, session, now
):
    meeting = make.meeting(board, datetime(2027, 2, 4, 14, 0, tzinfo=LONDON))
    response = client.post(
        "/api/committees/scrutiny-board-2/work-programme",
        json={"title": "Alternative Provision and Exclusions", "meeting_id": meeting.id},
        headers=bearer(officer_token),
    )

    assert response.status_code == 201
    assert response.json["state"] == "scheduled"
    assert response.json["meeting"] == {"id": meeting.id, "start": "2027-02-04T14:00:00+00:00"}
    items = session.exec(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)
    ).all()
    assert [item.title for item in items][3:5] == [
        "Alternative Provision and Exclusions",
        "Work Programme",
    ]
    history = session.exec(
        select(StateChange)
        .where(StateChange.entry_id == response.json["id"])
        .order_by(StateChange.id)
    ).all()
    assert [(row.event, row.from_state, row.to_state) for row in history] == [
        ("create", None, "requested"),
        ("schedule", "requested", "scheduled"),
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x", "exempt_paragraph": 8}, "exempt_paragraph"),
        ({"title": "x", "exempt_paragraph": 0}, "exempt_paragraph"),
        ({"title": "x", "timing_note": "someday"}, "timing_note"),
        ({"title": "x", "municipal_year": 18}, "municipal_year"),
        ({"title": "x", "meeting_id": 999999}, "meeting_id"),
        ({"title": "x", "lead_officer_ids": [999999]}, "lead_officer_ids"),
        ({"title": "x", "state": "resolved"}, "state"),
    ],
)
def test_bad_entry_input_is_422_naming_the_field(
    client, board, officer_token, session, body, field, now
):
    response = client.post(
        "/api/committees/scrutiny-board-2/work-programme", json=body, headers=bearer(officer_token)
    )
    assert response.status_code == 422, response.json
    assert field in response.json["fields"]
    assert session.exec(select(WorkProgrammeEntry)).all() == []


def test_an_entry_cannot_go_on_another_committees_meeting(
    client, make, board, officer_token, session, now
):
    other_meeting = make.meeting(make.committee("audit"))
    response = client.post(
        "/api/committees/scrutiny-board-2/work-programme",
        json={"title": "x", "meeting_id": other_meeting.id},
        headers=bearer(officer_token),
    )
    assert response.status_code == 422
    assert "not a meeting of" in response.json["fields"]["meeting_id"]
    assert session.exec(select(WorkProgrammeEntry)).all() == []


@pytest.mark.parametrize("kind", ["cancelled", "past"])
def test_an_entry_cannot_go_on_a_cancelled_or_past_meeting(
    client, make, board, officer_token, session, now, kind
):
    if kind == "past":
        meeting = make.meeting(board, datetime(2026, 11, 5, 14, 0, tzinfo=LONDON))
    else:
        meeting = make.meeting(board)
        client.patch(
            f"/api/meetings/{meeting.id}",
            json={"status": "cancelled"},
            headers=bearer(officer_token),
        )
    response = client.post(
        "/api/committees/scrutiny-board-2/work-programme",
        json={"title": "x", "meeting_id": meeting.id},
        headers=bearer(officer_token),
    )
    assert response.status_code == 422
    assert "meeting_id" in response.json["fields"]
    assert session.exec(select(WorkProgrammeEntry)).all() == []


def test_lead_officers_may_not_create_entries(client, make, board, session):
    token = make.token(make.person(Role.LEAD_OFFICER))
    response = client.post(
        "/api/committees/scrutiny-board-2/work-programme",
        json={"title": "x"},
        headers=bearer(token),
    )
    assert response.status_code == 403
    assert session.exec(select(WorkProgrammeEntry)).all() == []


def test_edit_an_entry_and_make_it_private_then_public(
    client, make, board, officer_token, session, now
):
    meeting = make.meeting(board)
    entry = make.entry(board, title="SCR – Baby F", meeting=meeting)
    headers = bearer(officer_token)

    private = client.patch(
        f"/api/entries/{entry.id}",
        json={"title": "Serious Case Review - Baby F", "exempt_paragraph": 1},
        headers=headers,
    )
    assert private.status_code == 200
    assert (private.json["title"], private.json["private"], private.json["exempt_paragraph"]) == (
        "Serious Case Review - Baby F",
        True,
        1,
    )
    item = session.exec(select(AgendaItem).where(AgendaItem.entry_id == entry.id)).one()
    assert item.exempt_paragraph == 1

    public = client.patch(
        f"/api/entries/{entry.id}", json={"exempt_paragraph": None}, headers=headers
    )
    assert public.json["private"] is False
    session.refresh(item)
    assert item.exempt_paragraph is None


def test_editing_the_lead_relinks_officers(client, make, board, officer_token, now):
    make.person(name="John Gregg")
    nelson = make.person(name="Kirston Nelson")
    entry = make.entry(board, lead="John Gregg")

    response = client.patch(
        f"/api/entries/{entry.id}",
        json={"lead": "Kirston Nelson Cllr Maton"},
        headers=bearer(officer_token),
    )

    assert [officer["id"] for officer in response.json["lead_officers"]] == [nelson.id]
    assert response.json["lead"] == "Kirston Nelson Cllr Maton"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"state": "resolved"}, "state"),
        ({"meeting_id": 1}, "meeting_id"),
        ({"exempt_paragraph": 12}, "exempt_paragraph"),
    ],
)
def test_bad_entry_edit_is_422_and_changes_nothing(
    client, make, board, officer_token, session, body, field, now
):
    entry = make.entry(board, title="Fostering")
    response = client.patch(f"/api/entries/{entry.id}", json=body, headers=bearer(officer_token))
    assert response.status_code == 422, response.json
    assert field in response.json["fields"]
    session.refresh(entry)
    assert (entry.title, entry.state, entry.exempt_paragraph) == ("Fostering", "requested", None)


def test_editing_needs_governance_of_the_entrys_committee(client, make, board, now):
    entry = make.entry(board)
    token = make.token(make.governance_officer(make.committee("audit")))
    response = client.patch(
        f"/api/entries/{entry.id}", json={"title": "Changed"}, headers=bearer(token)
    )
    assert response.status_code == 403
