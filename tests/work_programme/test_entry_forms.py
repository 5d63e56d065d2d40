"""Adding and editing work programme entries from the pages, as a governance officer does."""

from datetime import datetime

import pytest
from sqlmodel import select

from committee.people.operations import set_password
from committee.timeutil import LONDON
from committee.work_programme.models import EntryLeadOfficer, StateChange, WorkProgrammeEntry
from tests.conftest import PASSWORD, csrf_token, sign_in

LATER = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)
SOON = datetime(2026, 11, 26, 14, 0, tzinfo=LONDON)  # its paper deadline has passed


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2")


@pytest.fixture
def officer(make, board, session):
    person = make.governance_officer(board, email="michelle.rose@council.test")
    set_password(session, person=person, password=PASSWORD)
    session.commit()
    return person


def _entries(session, board):
    return session.exec(
        select(WorkProgrammeEntry).where(WorkProgrammeEntry.committee_id == board.id)
    ).all()


def test_a_governance_officer_adds_an_entry_onto_a_meeting(
    now, client, make, board, officer, session
):
    meeting = make.meeting(board, LATER)
    lead = make.person(name="Kirston Nelson", email="kirston.nelson@council.test")
    sign_in(client, officer.email)
    programme = client.get("/committees/scrutiny-board-2/work-programme").get_data(as_text=True)
    assert 'href="/committees/scrutiny-board-2/work-programme/new">Add an entry</a>' in programme
    form = client.get("/committees/scrutiny-board-2/work-programme/new").get_data(as_text=True)
    assert "2.00 pm on Thursday, 4th March, 2027" in form
    response = client.post(
        "/committees/scrutiny-board-2/work-programme/new",
        data={
            "csrf_token": csrf_token(client, "/committees/scrutiny-board-2/work-programme/new"),
            "title": "Fostering Service",
            "detail": "Members asked for the annual report.",
            "lead": "Kirston Nelson Cllr Maton",
            "source": "Chair",
            "meeting_id": str(meeting.id),
            "exempt_paragraph": "",
        },
    )
    assert response.status_code == 302
    (entry,) = _entries(session, board)
    assert response.headers["Location"] == f"/entries/{entry.id}"
    assert (entry.title, entry.meeting_id, entry.state, entry.cabinet_member) == (
        "Fostering Service",
        meeting.id,
        "scheduled",
        "Cllr Maton",
    )
    leads = session.exec(
        select(EntryLeadOfficer.person_id).where(EntryLeadOfficer.entry_id == entry.id)
    ).all()
    assert leads == [lead.id]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "“Fostering Service” is on the work programme: on an agenda." in page


def test_adding_onto_a_meeting_past_its_deadline_asks_first(
    now, client, make, board, officer, session
):
    soon = make.meeting(board, SOON)
    sign_in(client, officer.email)
    path = "/committees/scrutiny-board-2/work-programme/new"
    fields = {
        "csrf_token": csrf_token(client, path),
        "title": "Fostering",
        "meeting_id": str(soon.id),
    }
    asked = client.post(path, data=fields)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "has passed: the lead officers will be sent a reminder" in page
    assert "Add and schedule anyway" in page
    assert 'value="Fostering"' in page
    assert _entries(session, board) == []
    done = client.post(path, data={**fields, "confirmed": str(soon.id)})
    assert done.status_code == 302
    (entry,) = _entries(session, board)
    assert entry.meeting_id == soon.id


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"title": "  "}, 422, "title"),
        ({"title": "x" * 501}, 422, "title"),
        ({"title": "Fostering", "exempt_paragraph": "9"}, 422, "exempt_paragraph"),
        ({"title": "Fostering", "meeting_id": "99999999999999999999999"}, 422, "meeting_id"),
        ({"title": "Fostering", "timing_note": "someday"}, 422, "timing_note"),
    ],
)
def test_a_bad_entry_is_refused_keeping_what_was_typed(
    now, client, board, officer, session, fields, status, message
):
    sign_in(client, officer.email)
    path = "/committees/scrutiny-board-2/work-programme/new"
    response = client.post(
        path, data={"csrf_token": csrf_token(client, path), "detail": "Keep me", **fields}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in page
    assert ">Keep me</textarea>" in page
    assert _entries(session, board) == []


def test_a_nul_in_an_entry_is_refused_and_changes_nothing(now, client, board, officer, session):
    sign_in(client, officer.email)
    path = "/committees/scrutiny-board-2/work-programme/new"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "title": "A\x00B"})
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
    assert _entries(session, board) == []


def test_only_the_committees_governance_officers_may_add_or_edit(now, client, make, board, session):
    other = make.governance_officer(make.committee("audit"), email="audit.clerk@council.test")
    set_password(session, person=other, password=PASSWORD)
    session.commit()
    entry = make.entry(board, title="Fostering")
    sign_in(client, other.email)
    token = csrf_token(client, "/home")
    assert client.get("/committees/scrutiny-board-2/work-programme/new").status_code == 403
    added = client.post(
        "/committees/scrutiny-board-2/work-programme/new",
        data={"csrf_token": token, "title": "Sneaked in"},
    )
    edited = client.post(
        f"/entries/{entry.id}/edit",
        data={"csrf_token": token, "title": "Changed", "version": str(entry.version)},
    )
    assert (added.status_code, edited.status_code) == (403, 403)
    session.refresh(entry)
    assert [e.title for e in _entries(session, board)] == ["Fostering"]


def test_a_form_without_its_csrf_token_is_refused(now, client, board, officer, session):
    sign_in(client, officer.email)
    response = client.post(
        "/committees/scrutiny-board-2/work-programme/new", data={"title": "Fostering"}
    )
    assert response.status_code == 400
    assert _entries(session, board) == []


def test_editing_an_entry_clears_what_was_emptied(now, client, make, board, officer, session):
    entry = make.entry(board, title="Fostering", detail="Old detail", exempt_paragraph=3)
    sign_in(client, officer.email)
    form = client.get(f"/entries/{entry.id}/edit").get_data(as_text=True)
    assert ">Old detail</textarea>" in form
    assert '<option value="3" selected>' in form
    response = client.post(
        f"/entries/{entry.id}/edit",
        data={
            "csrf_token": csrf_token(client, f"/entries/{entry.id}/edit"),
            "version": str(entry.version),
            "title": "Fostering Service",
            "detail": "",
            "lead": "",
            "source": "Chair",
            "timing_note": "next_municipal_year",
            "exempt_paragraph": "",
        },
    )
    assert response.status_code == 302
    session.refresh(entry)
    assert (entry.title, entry.detail, entry.exempt_paragraph, entry.timing_note) == (
        "Fostering Service",
        "",
        None,
        "next_municipal_year",
    )
    history = session.exec(select(StateChange.event).where(StateChange.entry_id == entry.id)).all()
    assert history == ["create"]  # editing fields moves no state


def test_an_edit_over_someone_elses_change_is_refused_keeping_both(
    now, client, make, board, officer, session
):
    entry = make.entry(board, title="Fostering")
    sign_in(client, officer.email)
    token = csrf_token(client, f"/entries/{entry.id}/edit")
    seen = str(entry.version)
    entry.title = "Fostering Service (changed by a colleague)"
    session.commit()
    response = client.post(
        f"/entries/{entry.id}/edit",
        data={"csrf_token": token, "version": seen, "title": "My title"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this entry" in page
    assert 'value="My title"' in page
    session.refresh(entry)
    assert entry.title == "Fostering Service (changed by a colleague)"
