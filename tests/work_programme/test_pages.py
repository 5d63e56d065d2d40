"""Signing in, the entry page's actions, the work programme page and the lifecycle page."""

import html
import io
import re
from datetime import datetime

import pytest
from sqlmodel import select

from committee.people.operations import set_password
from committee.timeutil import LONDON
from committee.work_programme.models import StateChange
from tests.conftest import PASSWORD, csrf_token, sign_in
from workflows.entry import EVENTS

MEETING_START = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)
SIGNED_IN_AS = '<span class="govuk-service-navigation__text">Michelle Rose</span>'


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2")


@pytest.fixture
def meeting(make, board):
    return make.meeting(board, MEETING_START)


@pytest.fixture
def officer(make, board, session):
    person = make.governance_officer(
        board, email="michelle.rose@council.test", name="Michelle Rose"
    )
    set_password(session, person=person, password=PASSWORD)
    session.commit()
    return person


@pytest.fixture
def lead(make, session):
    person = make.person(email="kirston.nelson@council.test", name="Kirston Nelson")
    set_password(session, person=person, password=PASSWORD)
    session.commit()
    return person


def test_signing_in_and_out(client, officer):
    response = sign_in(
        client, "Michelle.Rose@council.test", next_page="/committees/scrutiny-board-2"
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/committees/scrutiny-board-2"
    assert SIGNED_IN_AS in client.get("/").get_data(as_text=True)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert SIGNED_IN_AS not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("email", ["michelle.rose@council.test", "nobody@council.test"])
def test_a_wrong_password_or_email_says_the_same(client, officer, email):
    response = sign_in(client, email, password="wrong password!", refused=True)
    assert response.status_code == 401
    assert "The email address or password is not right." in response.get_data(as_text=True)


def test_signing_in_needs_a_csrf_token(client, officer):
    response = client.post("/sign-in", data={"email": officer.email, "password": PASSWORD})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_signing_in_never_sends_people_to_another_site(client, officer, target):
    response = sign_in(client, officer.email, next_page=target)
    assert response.headers["Location"] == "/home"  # their own week, never elsewhere


def test_changing_the_password_signs_out_other_sessions(client, officer, session):
    sign_in(client, officer.email)
    set_password(session, person=officer, password="another long password")
    session.commit()
    client.get("/")  # the flashed "Signed in" message
    assert SIGNED_IN_AS not in client.get("/").get_data(as_text=True)


def test_a_governance_officer_sees_the_events_the_lifecycle_allows(
    client, make, board, meeting, officer, now
):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    sign_in(client, officer.email)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    buttons = re.findall(r'<button type="submit" class="govuk-button">([^<]+)</button>', page)
    assert buttons == ["Ask for the paper", "Change the papers needed", "Defer", "Withdraw"]
    assert 'id="unavailable-consider"' in page  # shown, disabled: the meeting is to come


def test_a_lead_officer_sees_only_submit_paper_and_the_public_nothing(
    client, make, board, meeting, officer, lead, now
):
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)
    sign_in(client, officer.email)
    client.post(
        f"/entries/{entry.id}/events/open_briefing",
        data={"csrf_token": csrf_token(client, f"/entries/{entry.id}")},
    )
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})

    public = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert 'class="govuk-button"' not in public
    assert "Sign in</a> to act on this entry" in public

    sign_in(client, lead.email)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert re.findall(r'<button type="submit" class="govuk-button">([^<]+)</button>', page) == [
        "Submit paper"
    ]
    assert "Draft to Governance Services" in page


def test_firing_an_event_from_the_page(client, make, board, meeting, officer, session, now):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    sign_in(client, officer.email)
    response = client.post(
        f"/entries/{entry.id}/events/defer",
        data={
            "reason": "The officer is on leave",
            "meeting_id": "",
            "csrf_token": csrf_token(client, f"/entries/{entry.id}"),
        },
    )
    assert response.status_code == 302
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Defer: done. It is now awaiting a date." in page
    session.refresh(entry)
    assert entry.state == "requested"


def test_a_refused_event_shows_why_with_its_status(client, make, board, meeting, officer, now):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    sign_in(client, officer.email)
    token = csrf_token(client, f"/entries/{entry.id}")
    too_early = client.post(f"/entries/{entry.id}/events/consider", data={"csrf_token": token})
    no_reason = client.post(
        f"/entries/{entry.id}/events/withdraw", data={"csrf_token": token, "reason": " "}
    )
    assert too_early.status_code == 409
    assert "has not started yet" in too_early.get_data(as_text=True)
    assert no_reason.status_code == 422
    assert "reason: is needed to withdraw" in no_reason.get_data(as_text=True)


def test_a_form_field_that_does_not_fit_the_payload_is_422_naming_it(
    client, make, board, meeting, officer, session, now
):
    entry = make.entry(board, title="Fostering")
    sign_in(client, officer.email)
    token = csrf_token(client, f"/entries/{entry.id}")
    response = client.post(
        f"/entries/{entry.id}/events/schedule", data={"csrf_token": token, "meeting_id": "first"}
    )
    assert response.status_code == 422
    assert "The meeting: “first” is not a whole number" in response.get_data(as_text=True)
    session.refresh(entry)
    assert (entry.state, entry.meeting_id) == ("requested", None)


def test_events_from_pages_need_signing_in_and_a_csrf_token(
    client, make, board, meeting, officer, session, now
):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    anonymous = client.post(f"/entries/{entry.id}/events/withdraw", data={"reason": "x"})
    assert anonymous.status_code == 400  # no CSRF token: refused before anything else
    sign_in(client, officer.email)
    forged = client.post(f"/entries/{entry.id}/events/withdraw", data={"reason": "x"})
    assert forged.status_code == 400
    session.refresh(entry)
    assert entry.state == "scheduled"
    assert session.exec(select(StateChange).where(StateChange.event == "withdraw")).all() == []


def test_a_lead_officer_uploads_a_paper_from_the_page_and_downloads_it(
    client, make, board, meeting, officer, lead, now
):
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)
    sign_in(client, officer.email)
    client.post(
        f"/entries/{entry.id}/events/open_briefing",
        data={"csrf_token": csrf_token(client, f"/entries/{entry.id}")},
    )
    sign_in(client, lead.email)
    response = client.post(
        f"/entries/{entry.id}/events/submit_paper",
        data={
            "csrf_token": csrf_token(client, f"/entries/{entry.id}"),
            "paper_kind": "briefing_note",
            "paper_file": (io.BytesIO(b"%PDF-1.7 note"), "note.pdf", "application/pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    link = re.search(r'href="(/papers/\d+/original)"', page).group(1)
    download = client.get(link)
    assert download.data == b"%PDF-1.7 note"  # the file as it was sent in
    assert download.headers["Cache-Control"] == "private, no-store"

    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    signed_out = client.get(link)
    assert signed_out.status_code == 404  # not published: not there for the public
    assert "If it is one of yours, sign in first." in signed_out.get_data(as_text=True)
    outsider = make.person(email="paul.smith@council.test")
    set_password(make.session, person=outsider, password=PASSWORD)
    make.session.commit()
    sign_in(client, outsider.email)
    assert client.get(link).status_code == 404


def test_work_programme_page_groups_by_meeting_and_hides_exempt_detail(
    client, make, board, meeting, now
):
    make.entry(board, title="Fostering", detail="Recruitment and retention", meeting=meeting)
    make.entry(
        board,
        title="Serious Case Review",
        detail="Child H, aged 4",
        meeting=meeting,
        exempt_paragraph=1,
    )
    make.entry(board, title="Secure Provision", timing_note="to_be_determined")

    page = client.get("/committees/scrutiny-board-2/work-programme?year=2026").get_data(
        as_text=True
    )

    assert "Work programme 2026/27" in page
    dated, undated = page.split("Date to be determined")
    assert "Thursday, 4th March, 2027" in dated
    assert "Recruitment and retention" in dated
    assert "Serious Case Review" in dated
    assert "Child H" not in page
    assert "Secure Provision" in undated


def test_work_programme_page_refuses_a_bad_year(client, board):
    response = client.get("/committees/scrutiny-board-2/work-programme?year=nineteen")
    assert response.status_code == 422
    assert "year: &#39;nineteen&#39; is not a municipal year" in response.get_data(as_text=True)


def test_lifecycle_page_draws_the_machine_in_words_and_lists_every_event(client):
    page = html.unescape(client.get("/lifecycle").get_data(as_text=True))
    assert '<pre class="mermaid"' in page
    assert 'state "Briefing due" as briefing_due' in page
    assert "requested --> scheduled: Schedule (onto a coming meeting)" in page
    assert (
        "scheduled --> requested: Defer (back to the programme)" in page
    )  # an `unless` guard, in words
    diagram = page[page.index('<pre class="mermaid"') : page.index("</pre>")]
    labels = [
        line.split(": ", 1)[1] for line in diagram.splitlines() if "--> " in line and ": " in line
    ]
    assert labels
    assert not any("_" in label for label in labels)  # no guard or event names
    rows = re.findall(
        r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">([^<]+)</td>\s*<td class="govuk-table__cell">([^<]+)</td>',
        page,
    )
    assert [label for label, _ in rows] == [spec.label for spec in EVENTS.values()]
    assert ("Clear paper", "Briefing due") in rows
    assert "The committee's governance officers, the scheduler" in page
