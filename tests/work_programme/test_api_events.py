"""Lifecycle events over HTTP: 200 with the entry, 409 with the state, 403, 422, and history."""

import io
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from committee.papers.models import PaperFile, PaperKind, PaperVersion
from committee.people.models import Role
from committee.timeutil import LONDON
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from tests.conftest import bearer
from workflows.entry import EVENTS

MEETING_START = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2")


@pytest.fixture
def meeting(make, board):
    return make.meeting(board, MEETING_START)


@pytest.fixture
def officer(make, board):
    return make.clerk(board)


@pytest.fixture
def headers(make, officer):
    return bearer(make.token(officer))


def post_event(client, entry_id, event, headers, **body):
    return client.post(f"/api/entries/{entry_id}/events/{event}", json=body, headers=headers)


def test_an_allowed_event_answers_200_with_the_entry(client, make, board, meeting, headers, now):
    entry = make.entry(board, title="Fostering")
    response = post_event(client, entry.id, "schedule", headers, meeting_id=meeting.id)
    assert response.status_code == 200
    body = response.json
    assert body["state"] == "scheduled"
    assert body["meeting"] == {"id": meeting.id, "start": "2027-03-04T14:00:00+00:00"}
    assert body["allowed_events"] == [
        "open_briefing",
        "change_papers",
        "consider",
        "defer",
        "withdraw",
    ]


def test_an_event_not_allowed_now_is_409_with_state_and_allowed_events(
    client, make, board, meeting, headers, now
):
    entry = make.entry(board, title="Fostering")
    response = post_event(client, entry.id, "resolve", headers, resolution="RESOLVED that...")
    assert response.status_code == 409
    assert response.json == {
        "error": "“Record resolution” cannot be done to an item that is awaiting a date.",
        "state": "requested",
        "allowed_events": ["schedule", "change_papers", "withdraw"],
    }


def test_a_failing_guard_is_409_saying_why(client, make, board, meeting, headers, now):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    response = post_event(client, entry.id, "consider", headers)
    assert response.status_code == 409
    assert "has not started yet" in response.json["error"]
    assert response.json["state"] == "scheduled"


def test_a_missing_field_is_422_naming_it(client, make, board, meeting, headers, now):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    response = post_event(client, entry.id, "defer", headers)
    assert response.status_code == 422
    assert response.json["fields"] == {"reason": "is needed to defer"}


def test_an_unknown_field_is_422(client, make, board, headers, now):
    entry = make.entry(board, title="Fostering")
    response = post_event(client, entry.id, "withdraw", headers, reason="x", colour="red")
    assert response.status_code == 422
    assert "colour" in response.json["fields"]


def test_an_unknown_event_or_entry_is_404(client, make, board, headers, now):
    entry = make.entry(board, title="Fostering")
    assert post_event(client, entry.id, "frobnicate", headers).status_code == 404
    assert post_event(client, 999999, "withdraw", headers, reason="x").status_code == 404


def test_no_token_is_401_and_the_wrong_role_is_403(client, make, board, meeting, now):
    entry = make.entry(board, title="Fostering")
    assert post_event(client, entry.id, "withdraw", {}, reason="x").status_code == 401
    member = make.token(make.person(Role.MEMBER, committees=(board,)))
    response = post_event(client, entry.id, "withdraw", bearer(member), reason="x")
    assert response.status_code == 403
    assert (
        response.json["error"] == "Only governance officers of the committee may withdraw entries."
    )


def test_a_lead_officer_uploads_a_paper_file(client, make, board, meeting, headers, session, now):
    lead = make.person(name="Kirston Nelson")
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)
    post_event(client, entry.id, "open_briefing", headers)

    response = client.post(
        f"/api/entries/{entry.id}/events/submit_paper",
        data={
            "paper_kind": "briefing_note",
            "paper_title": "Briefing Note of the Director of Education",
            "paper_file": (
                io.BytesIO(b"%PDF-1.7 the note"),
                "primary-progress.pdf",
                "application/pdf",
            ),
        },
        content_type="multipart/form-data",
        headers=bearer(make.token(lead)),
    )

    assert response.status_code == 200, response.json
    paper = response.json["papers"][0]
    assert (paper["kind"], paper["status"]) == ("briefing_note", "draft_received")
    version = paper["versions"][0]
    assert (version["number"], version["filename"], version["size"], version["submitted_by"]) == (
        1,
        "primary-progress.pdf",
        17,
        "Kirston Nelson",
    )
    stored = session.exec(select(PaperFile).join(PaperVersion)).one()
    assert stored.content == b"%PDF-1.7 the note"


def test_a_form_is_refused_where_only_json_is_taken(client, make, board, headers):
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings",
        data={"start": "2027-01-07T14:00"},
        content_type="multipart/form-data",
        headers=headers,
    )
    assert response.status_code == 400


def test_history_lists_who_when_from_to_and_why(
    client, make, board, meeting, officer, headers, now
):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    post_event(client, entry.id, "defer", headers, reason="The officer is on leave")

    response = client.get(f"/api/entries/{entry.id}/history")

    assert response.status_code == 200
    assert response.json["history"] == [
        {
            "event": "create",
            "from_state": None,
            "to_state": "requested",
            "actor": "Clerk",
            "at": "2026-11-16T09:00:00+00:00",
            "reason": "",
            "meeting_id": None,
            "paper_kind": None,
        },
        {
            "event": "schedule",
            "from_state": "requested",
            "to_state": "scheduled",
            "actor": "Clerk",
            "at": "2026-11-16T09:00:00+00:00",
            "reason": "",
            "meeting_id": meeting.id,
            "paper_kind": None,
        },
        {
            "event": "defer",
            "from_state": "scheduled",
            "to_state": "requested",
            "actor": "Clerk",
            "at": "2026-11-16T09:00:00+00:00",
            "reason": "The officer is on leave",
            "meeting_id": meeting.id,  # the meeting it was taken off
            "paper_kind": None,
        },
    ]


def test_history_of_a_private_entry_hides_reasons_from_the_public(
    client, make, board, meeting, headers, now
):
    entry = make.entry(board, title="Serious Case Review", meeting=meeting, exempt_paragraph=1)
    post_event(client, entry.id, "defer", headers, reason="Child H's hearing moved")
    public = client.get(f"/api/entries/{entry.id}/history")
    assert [row["reason"] for row in public.json["history"]] == [None, None, None]
    assert b"Child H" not in public.data
    officer_view = client.get(f"/api/entries/{entry.id}/history", headers=headers)
    assert officer_view.json["history"][-1]["reason"] == "Child H's hearing moved"


def test_a_cancelled_meeting_sends_its_items_back_to_the_programme(
    client, make, board, meeting, headers, session, now
):
    waiting = make.entry(board, title="Fostering", meeting=meeting)
    also = make.entry(board, title="Adoption", meeting=meeting)
    post_event(client, also.id, "open_briefing", headers)

    response = client.patch(
        f"/api/meetings/{meeting.id}", json={"status": "cancelled"}, headers=headers
    )

    assert response.status_code == 200
    for entry in (waiting, also):
        session.refresh(entry)
        assert (entry.state, entry.meeting_id) == ("requested", None)
        last = session.exec(
            select(StateChange)
            .where(StateChange.entry_id == entry.id)
            .order_by(StateChange.id.desc())
        ).first()
        assert (last.event, last.actor_id, last.reason) == (
            "defer",
            None,
            "The meeting of 04 March 2027 was cancelled.",
        )


def test_a_moved_meeting_takes_its_items_along_with_a_history_row(
    client, make, board, meeting, headers, session, now
):
    entry = make.entry(board, title="Fostering", meeting=meeting)

    moved = client.patch(
        f"/api/meetings/{meeting.id}", json={"start": "2027-03-11T10:00"}, headers=headers
    )

    assert moved.status_code == 200
    assert moved.json["start"] == "2027-03-11T10:00:00+00:00"
    session.refresh(entry)
    assert (entry.state, entry.meeting_id) == ("scheduled", meeting.id)
    last = session.exec(
        select(StateChange).where(StateChange.entry_id == entry.id).order_by(StateChange.id.desc())
    ).first()
    assert (last.event, last.from_state, last.to_state, last.actor_id) == (
        "reschedule",
        "scheduled",
        "scheduled",
        None,
    )
    assert last.reason == "The meeting moved from 14:00 on 04 March 2027 to 10:00 on 11 March 2027."


def test_a_meeting_already_held_is_corrected_but_never_cancelled(
    client, make, board, headers, session, time_machine, now
):
    meeting = make.meeting(board, now + timedelta(days=1))
    entry = make.entry(board, title="Fostering", meeting=meeting)
    time_machine.move_to(now + timedelta(days=2), tick=False)
    post_event(client, entry.id, "consider", headers)
    corrected = client.patch(
        f"/api/meetings/{meeting.id}", json={"venue": "Diamond Room 1"}, headers=headers
    )
    cancelled = client.patch(
        f"/api/meetings/{meeting.id}", json={"status": "cancelled"}, headers=headers
    )
    assert (corrected.status_code, corrected.json["venue"]) == (200, "Diamond Room 1")
    assert cancelled.status_code == 409
    assert "a meeting that has taken place cannot be cancelled" in cancelled.json["error"]
    session.expire_all()
    assert client.get(f"/api/meetings/{meeting.id}").json["status"] == "scheduled"
    assert session.get(WorkProgrammeEntry, entry.id).state == "considered"


def test_the_state_change_and_its_history_row_commit_together(
    client, make, board, meeting, headers, session, monkeypatch, now
):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    rows_before = len(
        session.exec(select(StateChange).where(StateChange.entry_id == entry.id)).all()
    )

    def history_fails(*args, **kwargs):
        raise RuntimeError("the history table is unwritable")

    monkeypatch.setattr("committee.work_programme.lifecycle.record_state_change", history_fails)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = post_event(client, entry.id, "withdraw", headers, reason="x")
    finally:
        client.application.config["PROPAGATE_EXCEPTIONS"] = None

    assert response.status_code == 500
    session.expire_all()
    assert session.get(WorkProgrammeEntry, entry.id).state == "scheduled"
    assert (
        len(session.exec(select(StateChange).where(StateChange.entry_id == entry.id)).all())
        == rows_before
    )


def test_an_entry_shows_its_allowed_events_to_each_viewer(
    client, make, board, meeting, headers, now
):
    lead = make.person(name="Kirston Nelson")
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)
    post_event(client, entry.id, "open_briefing", headers)

    as_officer = client.get(f"/api/entries/{entry.id}", headers=headers).json
    as_lead = client.get(f"/api/entries/{entry.id}", headers=bearer(make.token(lead))).json
    as_public = client.get(f"/api/entries/{entry.id}").json

    assert as_officer["allowed_events"] == [
        "submit_paper",
        "clear_paper",
        "change_papers",
        "consider",
        "defer",
        "withdraw",
    ]
    assert as_lead["allowed_events"] == ["submit_paper"]
    assert as_public["allowed_events"] == []
    assert as_public["papers"] is None
    assert as_lead["papers"] == [{"kind": "briefing_note", "status": "awaited", "versions": []}]


def test_the_openapi_document_describes_events(client):
    paths = client.get("/api/openapi.json").json["paths"]
    operation = paths["/api/entries/{entry_id}/events/{event}"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "409" in operation["responses"]
    assert "/api/entries/{entry_id}/history" in paths


def test_event_names_and_paper_kinds_are_enums_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json
    operation = document["paths"]["/api/entries/{entry_id}/events/{event}"]["post"]
    event = next(p for p in operation["parameters"] if p["name"] == "event")
    assert event["schema"]["enum"] == list(EVENTS)
    payload = document["components"]["schemas"]["EventInput"]["properties"]
    kinds = next(
        choice for choice in payload["paper_kind"]["anyOf"] if "$ref" in choice or "enum" in choice
    )
    if "$ref" in kinds:
        kinds = document["components"]["schemas"][kinds["$ref"].rsplit("/", 1)[1]]
    assert kinds["enum"] == [kind.value for kind in PaperKind]
    assert "paper_file" not in payload  # a file comes only as multipart/form-data


def test_an_unknown_paper_kind_is_422_naming_the_field(client, make, board, meeting, headers, now):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    post_event(client, entry.id, "open_briefing", headers)
    response = post_event(
        client,
        entry.id,
        "submit_paper",
        headers,
        paper_kind="memo",
        paper_url="https://docs.test/a",
    )
    assert response.status_code == 422
    assert set(response.json["fields"]) == {"paper_kind"}
