"""The demo data: the real board and programme, and a current year that is live today."""

import io
import json
from datetime import date, datetime

from pypdf import PdfReader
from sqlmodel import select

from committee.agenda.models import AgendaEdition, EditionPack
from committee.agenda.queries import agenda_for, publication_day
from committee.committees.models import Committee
from committee.demo.seed import NAME, SLUG, DatabaseNotEmpty, seed_demo
from committee.meetings.models import AgendaItem, Meeting
from committee.minutes.models import MinutesChange
from committee.papers.models import Paper, PaperVersion
from committee.people.models import Person
from committee.timeutil import LONDON, to_london
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from workflows.entry import table_row


def test_demo_loads_the_2018_19_programme_into_its_meetings(session, now):
    seed_demo(session)

    board = session.exec(select(Committee)).one()
    assert (board.slug, board.name) == (SLUG, NAME)
    entries = session.exec(
        select(WorkProgrammeEntry).where(WorkProgrammeEntry.municipal_year == 2018)
    ).all()
    # 23 entries in the fixture, plus the private Serious Case Review of 19 July 2018 (minute 18)
    # and the update its Minute 12/18 asked for.
    assert len(entries) == 25
    (follow_up,) = [e for e in entries if e.source == "Meeting 19 July 2018 (Minute 12/18)"]
    assert (follow_up.title, follow_up.timing_note) == (
        "Children's Services Improvement Board: update",
        "to_be_determined",
    )
    on_meetings = [entry for entry in entries if entry.meeting_id]
    assert len(on_meetings) == 17
    assert {entry.state for entry in on_meetings} == {"resolved"}
    undated = [entry for entry in entries if entry.meeting_id is None]
    assert {(entry.state, entry.timing_note) for entry in undated} == {
        ("requested", "to_be_determined")
    }


def test_demo_agenda_of_6_september_2018_is_the_published_one(session, now):
    seed_demo(session)
    meeting = next(
        m
        for m in session.exec(select(Meeting))
        if to_london(m.start) == datetime(2018, 9, 6, 14, 0, tzinfo=LONDON)
    )
    items = session.exec(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)
    ).all()
    assert [(item.number, item.title) for item in items] == [
        ("1", "Apologies and Substitutions"),
        ("2", "Declarations of Interests"),
        ("3", "Minutes"),
        ("4", "Early Years and Primary Education Performance - 2018 indicative outcomes"),
        ("5", "Serious Case Review - Baby F"),
        ("6", "Work Programme"),
        ("7", "Any Other Business"),
    ]
    assert not any(item.is_private for item in items)


def test_demo_has_a_live_current_year(session, now):
    seed_demo(session)
    current = session.exec(
        select(WorkProgrammeEntry).where(WorkProgrammeEntry.municipal_year == 2026)
    ).all()
    upcoming = [m for m in session.exec(select(Meeting)) if m.start > now]
    assert len(upcoming) >= 3
    states = {entry.state for entry in current}
    assert {"resolved", "briefing_due", "scheduled", "requested", "withdrawn"} <= states
    assert any(entry.is_private for entry in current)


def test_demo_late_in_april_still_has_meetings_ahead(session, time_machine):
    time_machine.move_to(datetime(2027, 4, 28, 12, 0, tzinfo=LONDON), tick=False)
    seed_demo(session)
    upcoming = [
        m
        for m in session.exec(select(Meeting))
        if m.start > datetime(2027, 4, 28, 12, 0, tzinfo=LONDON)
    ]
    assert len(upcoming) >= 3
    assert to_london(upcoming[0].start).date() >= date(2027, 5, 1)


def test_demo_people_use_the_reserved_example_domain(session, now):
    seed_demo(session)
    emails = [person.email for person in session.exec(select(Person)) if person.email]
    assert emails
    assert all(email.endswith(".example") for email in emails)


def test_demo_refuses_a_database_with_data(session, make, now):
    make.committee("other")
    try:
        seed_demo(session)
    except DatabaseNotEmpty:
        pass
    else:
        raise AssertionError("seed_demo loaded into a database that had data")
    assert len(session.exec(select(Committee)).all()) == 1


def test_seed_demo_command(app, now):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    again = runner.invoke(args=["seed-demo"])
    quiet = runner.invoke(args=["seed-demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Loaded demo data: 1 committee, 27 people,")
    assert again.exit_code == 1
    assert "already has committees" in again.output
    assert quiet.exit_code == 0
    assert quiet.output == "The database already has data; demo data not loaded.\n"


def test_demo_briefing_due_entries_await_their_papers(session, now):
    seed_demo(session)
    due = session.exec(
        select(WorkProgrammeEntry).where(WorkProgrammeEntry.state == "briefing_due")
    ).all()
    assert due
    for entry in due:
        paper = session.exec(select(Paper).where(Paper.entry_id == entry.id)).one()
        assert (paper.kind, paper.status) == ("briefing_note", "awaited")


def test_seed_demo_refuses_production(app):
    app.config["COMMITTEE_ENV"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["seed-demo"])
    finally:
        app.config["COMMITTEE_ENV"] = "testing"
    assert result.exit_code == 1
    assert "does not run in production" in result.output


def test_every_change_the_demo_records_is_a_move_of_the_lifecycle(session, now):
    seed_demo(session)
    changes = session.exec(select(StateChange)).all()
    created = [change for change in changes if change.event == "create"]
    moves = [change for change in changes if change.event != "create"]
    assert {(change.from_state, change.to_state) for change in created} == {(None, "requested")}
    assert {change.event for change in moves} >= {
        "schedule",
        "open_briefing",
        "consider",
        "resolve",
    }
    strays = [
        (change.from_state, change.event, change.to_state)
        for change in moves
        if table_row(change.from_state, change.event, change.to_state) is None
    ]
    assert strays == []


def test_every_past_demo_meeting_is_published_and_held_and_the_coming_ones_are_drafts(session, now):
    seed_demo(session)
    agendas = {
        meeting.id: (meeting, agenda_for(session, meeting))
        for meeting in session.exec(select(Meeting))
    }
    past = [(m, a) for m, a in agendas.values() if m.start <= now]
    coming = [(m, a) for m, a in agendas.values() if m.start > now]
    assert past
    assert coming
    assert {(agenda.state, agenda.is_published) for _, agenda in past} == {("held", True)}
    for meeting, agenda in past:
        assert to_london(agenda.published_at).date() == publication_day(session, meeting)
    for meeting, agenda in coming:
        due = publication_day(session, meeting)
        assert agenda.state == ("published" if due <= now.date() else "draft")
    assert any(agenda.state == "draft" for _, agenda in coming)
    assert all(publication_day(session, m) > now.date() for m, a in coming if a.state == "draft")


def test_the_6_september_2018_pack_has_the_papers_of_the_published_one(app, make, session, now):
    seed_demo(session)
    session.commit()
    make.build_packs()
    meeting = next(
        m
        for m in session.exec(select(Meeting))
        if to_london(m.start) == datetime(2018, 9, 6, 14, 0, tzinfo=LONDON)
    )
    agenda = agenda_for(session, meeting)
    assert to_london(agenda.published_at).date() == date(2018, 8, 29)  # as the frontsheet says
    papers = session.exec(
        select(Paper.kind, PaperVersion.title, PaperVersion.filename, Paper.status)
        .join(PaperVersion, PaperVersion.paper_id == Paper.id)
        .order_by(PaperVersion.id)
    ).all()
    assert [tuple(paper) for paper in papers] == [
        (
            "briefing_note",
            "Early Years and Primary Education Performance – 2018 indicative outcomes",
            "2018-09-06-early-years-briefing-note.pdf",
            "cleared",
        ),
        (
            "briefing_note",
            "Baby F Serious Case Review: findings and recommendations",
            "2018-09-06-baby-f-briefing-note.pdf",
            "cleared",
        ),
        (
            "report",
            "Recommendations and Implementation Assurance",
            "2018-09-06-baby-f-report.pdf",
            "cleared",
        ),
    ]
    pack = session.exec(
        select(EditionPack)
        .join(AgendaEdition, AgendaEdition.id == EditionPack.edition_id)
        .where(AgendaEdition.meeting_id == meeting.id, EditionPack.audience == "public")
    ).one()
    pages = [
        PdfReader(io.BytesIO(pack.content)).pages[number].extract_text()
        for number in range(pack.pages)
    ]
    sheet = " ".join(" ".join(pages[:2]).split())
    assert "Published Wednesday, 29th August, 2018" in sheet
    ranges = sorted(json.loads(pack.page_ranges).values())
    assert len(ranges) == 3
    assert ranges[0][0] == 3  # after the two pages of the frontsheet
    assert ranges[-1][1] == pack.pages
    first, last = ranges[0]
    assert f"outcomes (Pages {first} - {last})" in sheet
    assert "Subject: Early Years and Primary Education Performance" in pages[first - 1]
    assert "Recommendations and Implementation Assurance" in pages[ranges[2][0] - 1]


def test_demo_has_the_seeds_minutes_of_19_july_2018_linked_from_that_meeting(client, session, now):
    seed_demo(session)
    session.commit()
    july = session.exec(
        select(Meeting).where(Meeting.start == datetime(2018, 7, 19, 14, 0, tzinfo=LONDON))
    ).one()
    page = client.get(f"/meetings/{july.id}").get_data(as_text=True)
    assert f'<a class="govuk-link" href="/meetings/{july.id}/minutes">Minutes</a>' in page
    minutes = client.get(f"/api/meetings/{july.id}/minutes").json
    assert [m["number"] for m in minutes["minutes"]] == list(range(9, 20))
    assert minutes["minutes"][2]["title"] == "The Virtual School for Looked After Children"
    assert minutes["minutes"][9]["text"] is None  # minute 18, private business
    history = session.exec(
        select(MinutesChange.event, MinutesChange.at)
        .where(MinutesChange.meeting_id == july.id)
        .order_by(MinutesChange.id)
    ).all()
    assert [(event, to_london(at).date()) for event, at in history] == [
        ("write", date(2018, 7, 23)),
        ("publish", date(2018, 7, 26)),
    ]
    recommendations = client.get(f"/api/committees/{SLUG}/recommendations").json["recommendations"]
    assert [(r["to"][:20], r["state"]) for r in recommendations] == [
        ("Cabinet Members for ", "answered"),
        ("Council", "implemented"),
    ]
