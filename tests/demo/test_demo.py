"""The demo data: the real board and programme, and a current year that is live today."""

import io
import json
import re
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

    board = session.exec(select(Committee).where(Committee.slug == SLUG)).one()
    assert (board.slug, board.name) == (SLUG, NAME)
    entries = session.exec(
        select(WorkProgrammeEntry).where(WorkProgrammeEntry.municipal_year == 2018)
    ).all()
    # 23 entries in the fixture, plus the three items 19 July 2018 took that it did not list
    # (minutes 14, 16 and the private 18) and the update its Minute 12/18 asked for.
    assert len(entries) == 27
    (follow_up,) = [e for e in entries if e.source == "Meeting 19 July 2018 (Minute 12/18)"]
    assert (follow_up.title, follow_up.timing_note) == (
        "Children's Services Improvement Board: update",
        "to_be_determined",
    )
    on_meetings = [entry for entry in entries if entry.meeting_id]
    assert len(on_meetings) == 19
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
    assert first.output.startswith("Loaded demo data: 2 committees, 28 people,")
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
    packs = {
        pack.audience: pack
        for pack in session.exec(
            select(EditionPack)
            .join(AgendaEdition, AgendaEdition.id == EditionPack.edition_id)
            .where(AgendaEdition.meeting_id == meeting.id)
        )
    }
    pack = packs["public"]
    reader = PdfReader(io.BytesIO(pack.content))
    pages = [page.extract_text() for page in reader.pages]
    # (A line may break after "http://": the words, not the layout, are compared.)
    sheet = " ".join(" ".join(pages[:2]).split()).replace("http:// ", "http://")

    # The frontsheet says what the council's says.
    assert pages[0].startswith("Public Document Pack\nCoventry City Council")  # the cover
    assert (
        "3. Minutes (Pages 3 - 8) a) To agree the minutes of the meeting held on 19th July, 2018 b) Matters Arising"
        in sheet
    )
    assert (
        "Martin Yardley, Executive Director, Place, Council House Coventry "
        "Wednesday, 29 August 2018" in sheet
    )
    assert (
        "1) The person to contact about the agenda and documents for this meeting is Michelle Rose, Governance Services, Council House, Coventry, telephone (024) 7683 3237/3111, alternatively information about this meeting can be obtained from the following web link: http://moderngov.coventry.gov.uk"
        in sheet
    )
    assert (
        "2) Council Members who are not able to attend the meeting should notify Michelle Rose"
        in sheet
    )
    assert "3) Scrutiny Board Members who have an interest in any report" in sheet
    assert "Please note: a hearing loop is available in the committee rooms" in sheet
    assert "British Sign Language interpreter" in sheet
    assert "Lara Knight/Michelle Rose Telephone: (024) 7683 3237/3111" in sheet
    # Each author on a line of their own.
    assert (
        "Briefing Note of the Deputy Chief Executive (People)\n"
        "Report of the Local Safeguarding Children's Board" in "\n".join(pages[:2])
    )
    # The matters arising as they stood on 29 August: neither recommendation answered yet.
    assert "waiting for a response" in sheet
    assert "answered" not in sheet

    # Each paper's range is where its pages sit: the previous minutes are item 3, on the
    # council's pages 3 to 8; the work programme is last.
    ranges = json.loads(pack.page_ranges)
    assert ranges["minutes"] == [3, 8]
    assert pages[2].startswith(
        "Minutes of the Meeting of Education and Children's Services\nScrutiny Board (2)"
    )
    assert "(Meeting closed at 4.30 pm)" in pages[7]
    assert "There were no other items of urgent private business." in pages[7]
    first, last = ranges["work_programme"]
    assert (last, f"6. Work Programme (Pages {first} - {last})") == (pack.pages, _item(sheet, 6))
    assert "Work Programme 2018/19" in pages[first - 1]
    assert "Date to be determined" in " ".join(pages[first - 1 : last])
    papers = sorted(v for k, v in ranges.items() if k not in ("minutes", "work_programme"))
    assert [papers[0][0], papers[-1][1]] == [9, first - 1]
    assert f"outcomes (Pages {papers[0][0]} - {papers[0][1]})" in sheet
    assert "Subject: Early Years and Primary Education Performance" in pages[papers[0][0] - 1]
    assert "Recommendations and Implementation Assurance" in pages[papers[2][0] - 1]
    # Numbered throughout; nothing private, so no stamp.
    assert all(page.rstrip().endswith(f"Page {n}") for n, page in enumerate(pages, 1))
    assert not any("Not for publication" in page for page in pages)

    # Every PDF made is tagged, in British English, with a title.
    for made in (pack.content, packs["members"].content):
        document = PdfReader(io.BytesIO(made))
        assert "/StructTreeRoot" in document.trailer["/Root"]
        assert document.trailer["/Root"]["/Lang"] == "en-GB"
        assert document.metadata.title.startswith(NAME)


def _item(sheet: str, number: int) -> str:
    """The frontsheet's line for an item: its number, title and pages."""
    found = re.search(rf"{number}\. [^()]+ \(Pages? [\d -]+\)", sheet)
    assert found is not None, number
    return found.group(0)


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
    # Minute 18 was taken in private, and published as the council worded it; 19 is public.
    assert (minutes["minutes"][9]["private"], minutes["minutes"][9]["text"]) == (True, None)
    assert minutes["minutes"][9]["public_wording"].startswith("Further to Minute 16 above")
    assert (minutes["minutes"][10]["private"], minutes["minutes"][10]["text"]) == (
        False,
        "There were no other items of urgent private business.",
    )
    # The agenda holds the items its minutes record: 14 (co-option) and 16 (the public review).
    items = {item["title"] for item in client.get(f"/api/meetings/{july.id}/agenda").json["items"]}
    assert {"Co-option of Parent Representative to the Board", "Serious Case Review"} <= items
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
