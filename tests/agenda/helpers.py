"""Build the papers and the meeting the agenda tests publish."""

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from pypdf import PdfReader, PdfWriter
from sqlmodel import Session, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from committee.committees.models import Committee
from committee.meetings.models import AgendaItem, Meeting
from committee.papers.models import Paper, PaperVersion
from committee.people.models import Membership, MembershipRole, Person
from committee.timeutil import LONDON
from tests.conftest import bearer
from tests.factories import Factory

#: A meeting on Thursday 3 December 2026: its agenda is due on Wednesday 25 November.
MEETING_START = datetime(2026, 12, 3, 14, 0, tzinfo=LONDON)
PUBLICATION_DAY = date(2026, 11, 25)


def pdf_of(pages: int) -> bytes:
    """A real PDF of blank A4 pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_of(*paragraphs: str) -> bytes:
    """A minimal Word document (the parts Word itself writes), with one paragraph per string."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pages_named(text: str, title: str) -> tuple[int, int] | None:
    """The "(Pages a - b)" printed against an item, or None if it has none."""
    flat = " ".join(text.split())
    exempt = r"(?: \(Paragraph \d of Schedule 12A\))?"
    found = re.search(re.escape(title) + exempt + r" \(Pages? (\d+)(?: - (\d+))?\)", flat)
    if found is None:
        return None
    first = int(found.group(1))
    return first, int(found.group(2) or first)


@dataclass
class Board:
    """A committee with a clerk, a member, three lead officers and a meeting of three items."""

    committee: Committee
    meeting: Meeting
    clerk: Person
    member: Person
    leads: dict[str, Person]
    entries: dict[str, int]  # title -> entry id
    tokens: dict[int, dict[str, str]]  # person id -> API headers

    def headers(self, person: Person) -> dict[str, str]:
        return self.tokens[person.id]  # type: ignore[index]

    def item(self, session: Session, title: str) -> AgendaItem:
        return session.exec(
            select(AgendaItem).where(AgendaItem.entry_id == self.entries[title])
        ).one()

    def version(self, session: Session, title: str) -> PaperVersion:
        return session.exec(
            select(PaperVersion)
            .join(Paper, Paper.id == PaperVersion.paper_id)  # type: ignore[arg-type]
            .where(Paper.entry_id == self.entries[title])
            .order_by(PaperVersion.number.desc())  # type: ignore[attr-defined]
        ).first()  # type: ignore[return-value]


ITEMS = {
    # title: (lead officer, exempt paragraph)
    "Fostering": ("Sonia Watson", None),
    "Serious Case Review - Child H": ("Rebekah Eaves", 1),
    "Adoption Central England": ("Paul Smith", None),
}


def board_with_a_meeting(make: Factory, session: Session) -> Board:
    committee = make.committee("scrutiny-board-2", name="Education Scrutiny Board")
    clerk = make.clerk(committee, name="Michelle Rose", email="michelle.rose@council.test")
    member = make.person(name="M Mutton", email="m.mutton@council.test")
    session.add(
        Membership(
            committee_id=committee.id,
            person_id=member.id,
            role=MembershipRole.CHAIR,
            starts_on=date(2026, 5, 21),
        )
    )
    leads = {
        name: make.person(name=name, email=name.lower().replace(" ", ".") + "@council.test")
        for name, _ in ITEMS.values()
    }
    session.commit()
    meeting = make.meeting(committee, MEETING_START)
    entries = {}
    for title, (lead, paragraph) in ITEMS.items():
        entry = make.entry(
            committee,
            title=title,
            detail=f"Detail of {title}, in Foleshill",
            lead=lead,
            meeting=meeting,
            exempt_paragraph=paragraph,
        )
        entries[title] = entry.id
    tokens = {person.id: bearer(make.token(person)) for person in (clerk, member, *leads.values())}
    return Board(committee, meeting, clerk, member, leads, entries, tokens)  # type: ignore[arg-type]


def send_paper(
    client, board: Board, title: str, content: bytes, filename: str, kind: str = "briefing_note"
) -> None:
    """The lead officer sends the paper in and the governance officer clears it, through the API."""
    entry_id = board.entries[title]
    lead = board.leads[ITEMS[title][0]]
    clerk = board.headers(board.clerk)
    opened = client.post(f"/api/entries/{entry_id}/events/open_briefing", json={}, headers=clerk)
    assert opened.status_code in (200, 409), opened.get_json()  # 409: it was open already
    # Encoded here: the test client spools a large body to a file it never closes.
    boundary, body = encode_multipart(
        {"paper_kind": kind, "paper_file": FileStorage(io.BytesIO(content), filename)}
    )
    sent = client.post(
        f"/api/entries/{entry_id}/events/submit_paper",
        data=body,
        headers=board.headers(lead),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert sent.status_code == 200, sent.get_json()
    cleared = client.post(
        f"/api/entries/{entry_id}/events/clear_paper", json={"paper_kind": kind}, headers=clerk
    )
    assert cleared.status_code == 200, cleared.get_json()
