"""Entry forms pick lead officers from the people and the papers from the committee's usual;
the programme and the lead officer's list say which papers each item needs."""

import html
import re
from datetime import datetime

import pytest
from sqlmodel import select

from committee.people.models import Role
from committee.people.operations import set_password
from committee.timeutil import LONDON
from committee.work_programme.models import EntryLeadOfficer, WorkProgrammeEntry
from tests.conftest import PASSWORD, csrf_token, sign_in

NEW = "/committees/scrutiny-board-2/work-programme/new"
SETTINGS = "/committees/scrutiny-board-2/settings"


@pytest.fixture
def board(now, make, session):
    committee = make.committee("scrutiny-board-2")
    clerk = make.clerk(committee, email="clerk@council.test")
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    return committee


def text_of(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def leads_of(session, entry: WorkProgrammeEntry) -> list[int]:
    return list(
        session.exec(
            select(EntryLeadOfficer.person_id).where(EntryLeadOfficer.entry_id == entry.id)
        )
    )


def add(client, **fields):
    data = {"csrf_token": csrf_token(client, NEW), "title": "Fostering", "lead": ""}
    return client.post(NEW, data=data | fields)


def test_a_lead_officer_is_chosen_from_the_people_and_a_stranger_is_asked_about(
    client, make, board, session
):
    sonia = make.person(
        name="Sonia Watson", email="sonia@council.test", job_title="Head of Service"
    )
    sign_in(client, "clerk@council.test")
    form = client.get(NEW).get_data(as_text=True)
    assert '<option value="Sonia Watson">Head of Service</option>' in form
    assert 'list="people"' in form

    chosen = add(client, lead_officer_name=["Sonia Watson", ""])
    assert chosen.status_code == 302
    entry = session.exec(select(WorkProgrammeEntry)).one()
    assert entry.lead_text == "Sonia Watson"  # the text left blank is the names chosen
    assert leads_of(session, entry) == [sonia.id]

    # A name nobody has: nothing is saved until the clerk says it is meant, and what was typed
    # stays on the form.
    asked = add(
        client,
        title="Adoption",
        lead="Sonia Watsno Cllr Maton",
        lead_officer_name=["Sonia Watsno", ""],
    )
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert (
        "No one with an account is called “Sonia Watsno”: the programme will name them, but "
        "nobody will be asked for the papers or reminded."
    ) in text_of(page)
    assert 'value="Sonia Watsno"' in page
    assert 'value="Adoption"' in page
    assert 'name="leads_confirmed" value="Sonia Watsno"' in page
    assert len(session.exec(select(WorkProgrammeEntry)).all()) == 1

    saved = add(
        client,
        title="Adoption",
        lead="Sonia Watsno Cllr Maton",
        lead_officer_name=["Sonia Watsno", ""],
        leads_confirmed="Sonia Watsno",
    )
    assert saved.status_code == 302
    adoption = session.exec(
        select(WorkProgrammeEntry).where(WorkProgrammeEntry.title == "Adoption")
    ).one()
    assert (adoption.lead_text, leads_of(session, adoption)) == ("Sonia Watsno Cllr Maton", [])

    # A confirmation for one name does not carry over to another.
    again = add(
        client, title="Youth", lead_officer_name=["Paul Smyth"], leads_confirmed="Sonia Watsno"
    )
    assert again.status_code == 200
    assert "“Paul Smyth”" in text_of(again.get_data(as_text=True))


def test_two_people_of_one_name_are_told_apart_by_their_address(client, make, board, session):
    first = make.person(name="Paul Smith", email="paul.smith@council.test")
    make.person(name="Paul Smith", email="paul.smith2@council.test")
    sign_in(client, "clerk@council.test")
    form = client.get(NEW).get_data(as_text=True)
    assert '<option value="Paul Smith &lt;paul.smith@council.test&gt;">' in form
    ambiguous = add(client, lead_officer_name=["Paul Smith"])
    assert ambiguous.status_code == 200
    assert "2 people are called “Paul Smith”: choose one from the list" in text_of(
        ambiguous.get_data(as_text=True)
    )
    assert session.exec(select(WorkProgrammeEntry)).first() is None
    chosen = add(client, lead_officer_name=["Paul Smith <paul.smith@council.test>"])
    assert chosen.status_code == 302
    entry = session.exec(select(WorkProgrammeEntry)).one()
    assert (entry.lead_text, leads_of(session, entry)) == ("Paul Smith", [first.id])


def test_the_edit_form_shows_the_lead_officers_and_changes_them(client, make, board, session):
    sonia = make.person(name="Sonia Watson", email="sonia@council.test")
    paul = make.person(name="Paul Smith", email="paul@council.test")
    entry = make.entry(board, title="Fostering", lead="Sonia Watson Cllr Maton")
    sign_in(client, "clerk@council.test")
    path = f"/entries/{entry.id}/edit"
    form = client.get(path).get_data(as_text=True)
    assert (
        'name="lead_officer_name" list="people" autocomplete="off" maxlength="300" aria-describedby="leads-hint" value="Sonia Watson"'
        in form
    )
    saved = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "version": str(entry.version),
            "title": "Fostering",
            "lead": "Sonia Watson, Paul Smith Cllr Maton",
            "lead_officer_name": ["Sonia Watson", "Paul Smith"],
        },
    )
    assert saved.status_code == 302
    session.refresh(entry)
    assert sorted(leads_of(session, entry)) == sorted([sonia.id, paul.id])
    assert entry.lead_text == "Sonia Watson, Paul Smith Cllr Maton"


def test_the_committees_usual_papers_tick_the_new_entry_and_show_on_its_lists(
    client, make, board, session
):
    member = make.person(Role.MEMBER, committees=(board,), email="cllr@council.test")
    set_password(session, person=member, password=PASSWORD)
    session.commit()
    path = f"{SETTINGS}/papers"
    sign_in(client, member.email)
    refused = client.post(
        path, data={"csrf_token": csrf_token(client, "/home"), "papers_needed": ["report"]}
    )
    assert refused.status_code == 403
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})

    sign_in(client, "clerk@council.test")
    assert client.post(path, data={"papers_needed": ["report"]}).status_code == 400  # no CSRF
    wrong = client.post(
        path, data={"csrf_token": csrf_token(client, SETTINGS), "papers_needed": ["essay"]}
    )
    assert wrong.status_code == 422
    assert "“essay” is not a kind of paper: choose from briefing note, report, presentation" in (
        text_of(wrong.get_data(as_text=True))
    )
    session.refresh(board)
    assert board.papers_needed == "briefing_note"
    saved = client.post(
        path, data={"csrf_token": csrf_token(client, SETTINGS), "papers_needed": ["", "report"]}
    )
    assert saved.status_code == 302
    session.refresh(board)
    assert board.papers_needed == "report"

    form = client.get(NEW).get_data(as_text=True)
    assert 'value="report" checked' in form
    assert 'value="briefing_note" checked' not in form
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    sonia = make.person(name="Sonia Watson", email="sonia@council.test")
    set_password(session, person=sonia, password=PASSWORD)
    session.commit()
    add(
        client,
        lead_officer_name=["Sonia Watson"],
        papers_needed=["", "report"],
        meeting_id=str(meeting.id),
    )
    add(client, title="Apologies noted", papers_needed=[""])  # every box unticked: none
    by_title = {e.title: e for e in session.exec(select(WorkProgrammeEntry))}
    assert (by_title["Fostering"].papers_needed, by_title["Apologies noted"].papers_needed) == (
        "report",
        "",
    )

    programme = text_of(
        client.get("/committees/scrutiny-board-2/work-programme").get_data(as_text=True)
    )
    assert "Fostering Sonia Watson Report" in programme
    assert "Apologies noted None" in programme
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, sonia.email)
    owed = text_of(client.get("/my/papers").get_data(as_text=True))
    assert "Papers needed" in owed
    assert "Report: not asked for yet" in owed
