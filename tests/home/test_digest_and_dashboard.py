"""The morning digest and /home list the same things: each test builds both from the same data
and finds every line of the digest on the person's /home."""

import html
import io
import re
from datetime import datetime

from sqlmodel import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from committee.demo.seed import seed_demo
from committee.notifications.models import MessageKind, OutboxMessage
from committee.people.models import Person, Role, RoleGrant
from committee.people.operations import set_password
from committee.scheduler import run_sweep
from committee.timeutil import LONDON
from committee.work_programme.lifecycle import fire_event
from committee.work_programme.models import WorkProgrammeEntry
from tests.agenda.helpers import Board, board_with_a_meeting, pdf_of, send_paper
from tests.conftest import PASSWORD, sign_in
from tests.home.test_home import failed_message
from workflows.entry import AWAITING_WINDOW

#: Wednesday 25 November 2026, publication day of the board's 3 December meeting.
PUBLICATION_MORNING = datetime(2026, 11, 25, 9, 0, tzinfo=LONDON)


def rows_of(page: str) -> list[str]:
    """Each table row and list item of a page, as its text."""
    found = re.findall(r"<(tr|li)[^>]*>(.*?)</\1>", page, flags=re.S)
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", " ", body).split())) for _, body in found]


def digest_sections(text: str) -> dict[str, list[str]]:
    """The digest's plain text by heading: the "- " lines under each."""
    sections: dict[str, list[str]] = {}
    heading = ""
    for line in text.splitlines():
        if line.endswith(":") and not line.startswith("- "):
            heading = line.rstrip(":").split(" (")[0]
            sections[heading] = []
        elif line.startswith("- ") and heading:
            sections[heading].append(line[2:])
    return sections


def the_digest_of(session, person: Person) -> dict[str, list[str]]:
    (message,) = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.kind == MessageKind.DIGEST.value, OutboxMessage.person_id == person.id
        )
    ).all()
    return digest_sections(message.body_text)


def missing_from_home(digest: dict[str, list[str]], page: str) -> list[str]:
    """The digest's lines that no row of /home carries, each part for part."""
    rows = rows_of(page)
    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))
    missing = []
    for line in digest.get("Papers outstanding", []):
        paper = re.fullmatch(
            r"(?P<title>.+?) \((?P<committee>.+), (?P<day>\d+ \w+ \d{4})(?:, on the published "
            r"agenda)?\): (?P<status>[\w ]+); due (?P<due>.+); (?P<leads>.+)",
            line,
        )
        assert paper is not None, line
        wanted = [
            paper["title"],
            f"{paper['committee']}, {paper['day']}",
            paper["status"].capitalize(),
            paper["due"],
        ]
        if paper["leads"] != "no lead officer known":
            wanted.append(paper["leads"])
        if not any(all(part in row for part in wanted) for row in rows):
            missing.append(line)
    for line in digest.get("Agendas to publish", []):
        agenda = re.fullmatch(r"(?:Due|Late, was due) (?P<due>.+?): (?P<meeting>.+)", line)
        assert agenda is not None, line
        meeting = agenda["meeting"].replace(", meeting ", ", ")
        if f"{meeting} " not in text or agenda["due"] not in text.split(meeting, 1)[1][:200]:
            missing.append(line)
    for line in digest.get("Items with no meeting yet", []):
        title, committee = re.fullmatch(r"(.+?) \((.+)\)", line).groups()  # type: ignore[union-attr]
        if not any(row.startswith(f"{title} ({committee}") for row in rows):
            missing.append(line)
    for line in digest.get("Messages that failed to send", []):
        subject, rest = line.split(", to ", 1)
        address, error = rest.split(": ", 1)
        if not any(all(part in row for part in (subject, address, error)) for row in rows):
            missing.append(line)
    return missing


def submit_only(client, board: Board, title: str, lead: Person) -> None:
    """The lead officer sends the paper in; nobody clears it."""
    entry_id = board.entries[title]
    opened = client.post(
        f"/api/entries/{entry_id}/events/open_briefing", json={}, headers=board.headers(board.clerk)
    )
    assert opened.status_code in (200, 409), opened.get_json()  # 409: it was open already
    boundary, body = encode_multipart(
        {"paper_kind": "briefing_note", "paper_file": FileStorage(io.BytesIO(pdf_of(1)), "p.pdf")}
    )
    sent = client.post(
        f"/api/entries/{entry_id}/events/submit_paper",
        data=body,
        headers=board.headers(lead),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert sent.status_code == 200, sent.get_json()


def ask_for_papers(session, actor: Person, entry_id: int) -> None:
    """Open the entry's paper window, unless its day has come and it is open already."""
    entry = session.get(WorkProgrammeEntry, entry_id)
    session.refresh(entry)  # the pages may have opened it
    if entry.state in AWAITING_WINDOW:
        fire_event(session, actor=actor, entry_id=entry_id, event="open_briefing")


def test_everything_the_digest_lists_is_on_home_and_home_leads_with_today(
    app, client, make, session, now, time_machine
):
    board = board_with_a_meeting(make, session)
    clerk = board.clerk
    set_password(session, person=clerk, password=PASSWORD)
    send_paper(client, board, "Adoption Central England", pdf_of(1), "adoption.pdf")
    submit_only(client, board, "Fostering", board.leads["Sonia Watson"])
    ask_for_papers(session, clerk, board.entries["Serious Case Review - Child H"])
    make.entry(board.committee, title="Review of Libraries")
    # A second committee she clerks: a meeting on the publication morning's evening, and one
    # whose agenda is due the next day with its paper asked for.
    audit = make.committee("audit", name="Audit and Procurement Committee")
    session.add(RoleGrant(person_id=clerk.id, role=Role.GOVERNANCE, committee_id=audit.id))
    session.commit()
    evening = make.meeting(audit, datetime(2026, 11, 25, 18, 0, tzinfo=LONDON))
    friday = make.meeting(audit, datetime(2026, 12, 4, 10, 0, tzinfo=LONDON))
    contracts = make.entry(audit, title="Contract Waivers", lead="Paul Smith", meeting=friday)
    ask_for_papers(session, clerk, contracts.id)
    # A committee she does not clerk: its overdue paper is in neither.
    planning = make.committee("planning", name="Planning Committee")
    elsewhere = make.entry(
        planning,
        title="Local Plan Review",
        lead="Sonia Watson",
        meeting=make.meeting(planning, datetime(2026, 12, 3, 10, 0, tzinfo=LONDON)),
    )
    ask_for_papers(session, make.clerk(planning), elsewhere.id)
    session.commit()

    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    for title in ("Fostering", "Serious Case Review - Child H"):
        board.item(session, title).to_follow = True
    make.publish(board.meeting)
    failed_message(session, board, "Draft due: Fostering")
    run_sweep(app)

    digest = the_digest_of(session, clerk)
    sign_in(client, clerk.email)
    page = client.get("/home").get_data(as_text=True)

    # Positive controls: the digest lists something of each kind, and the parser reads it.
    assert [
        len(digest[heading])
        for heading in (
            "Agendas to publish",
            "Papers outstanding",
            "Messages that failed to send",
            "Items with no meeting yet",
        )
    ] == [2, 3, 1, 1]  # both of audit's agendas: the evening's is late
    assert missing_from_home(digest, page) == []
    assert (
        missing_from_home(
            {
                "Papers outstanding": [
                    "Local Plan Review (Planning Committee, 3 Dec 2026): overdue; due 10.00 am on 18 Nov "
                    "2026; Sonia Watson"
                ]
            },
            page,
        )
        != []
    )
    assert not any("Local Plan Review" in line for lines in digest.values() for line in lines)
    assert "Local Plan Review" not in page

    # /home leads with today, then the papers to clear, to follow and overdue, each linked.
    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))
    headings = re.findall(r'<h2 class="govuk-heading-m" id="[a-z]+-heading">([^<]+)</h2>', page)
    assert headings[:5] == [
        "Today, Wednesday, 25th November, 2026",
        "Papers received, waiting to be cleared",
        "Papers to follow",
        "Papers overdue",
        "Agendas to publish in the next 15 working days",
    ]
    assert "Audit and Procurement Committee, 6.00 pm" in text
    assert f'href="/meetings/{evening.id}"' in page
    section = text.split("Papers received, waiting to be cleared", 1)[1].split("Papers to follow")[
        0
    ]
    assert "Fostering" in section
    assert "Serious Case Review" not in section
    section = text.split("Papers to follow", 1)[1].split("Papers overdue")[0]
    assert "Fostering" in section
    assert "Serious Case Review - Child H" in section
    assert section.count("Agenda published") == 2
    assert 'href="/committees/audit"' in page
    assert 'href="/committees/scrutiny-board-2"' in page
    assert 'href="/committees/planning"' not in page


def test_everything_the_demo_clerks_digest_lists_is_on_her_home(app, client, session, time_machine):
    the_day = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
    time_machine.move_to(the_day, tick=False)
    seed_demo(session, now=the_day)
    clerk = session.exec(select(Person).where(Person.name == "Michelle Rose")).one()
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    run_sweep(app)

    digest = the_digest_of(session, clerk)
    sign_in(client, clerk.email)
    page = client.get("/home").get_data(as_text=True)
    assert len(digest["Papers outstanding"]) == 2  # the two overdue papers of 10 December
    assert all(": overdue;" in line for line in digest["Papers outstanding"])
    assert missing_from_home(digest, page) == []
    overdue = page.split('id="overdue-heading"', 1)[1].split("</section>")[0]
    assert "Home to School Transport" in overdue
    assert "Serious Case Review - Child H" in overdue
