"""Build the agenda pack: the frontsheet, then the published papers in agenda order, as one PDF.

The frontsheet is rendered (WeasyPrint) from the same template as the meeting
page, with each paper's pages in the pack ("Pages 23 - 48"): the frontsheet's
own length moves those numbers, so it is laid out again until it settles.
Papers come as PDFs (checked with pypdf) or Word documents (converted with
mammoth to HTML, then WeasyPrint: no office suite on the server, one renderer,
and a small surface for untrusted uploads). A paper that is damaged, cannot
be converted, or is only a link takes a page of its own naming it and where
to read it: nothing is dropped silently. Pages are numbered throughout.

Nothing here fetches from the network: every renderer's URL fetcher refuses
anything but data: URLs (an uploaded document must not make the server call out).
"""

import io
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

import mammoth
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from pypdf import PdfReader, PdfWriter
from sqlmodel import Session

from committee import formatting
from committee.agenda.models import Agenda, AgendaPack
from committee.agenda.queries import PaperOnAgenda, agenda_for, cleared_papers, recipients_names
from committee.committees.models import Committee
from committee.meetings.models import AgendaItem, Meeting
from committee.meetings.queries import agenda_of
from committee.papers.models import PAPER_KIND_LABELS, PaperFile, PaperKind, PaperVersion
from committee.people.models import Person
from committee.timeutil import to_london

logger = logging.getLogger(__name__)

PageRanges = dict[int, tuple[int, int]]  # paper version id -> (first page, last page)


def _no_fetching(url: str) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: data: URLs (images mammoth embeds) only, nothing from outside."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url)
    raise ValueError(f"the pack fetches nothing from outside ({url[:60]})")


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()  # type: ignore[no-any-return]


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("committee.agenda", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",)),
        undefined=StrictUndefined,
    )
    for name in ("meeting_when", "long_date", "short_date", "clock_time", "ordinal"):
        environment.filters[name] = getattr(formatting, name)
    return environment


def render_document(template: str, **context: object) -> str:
    return _environment().get_template(template).render(**context)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@dataclass
class Document:
    """One paper as it goes into the pack, or the page that stands in for it."""

    on_agenda: PaperOnAgenda
    title: str
    link: str
    pdf: bytes = b""
    pages: int = 0  # in `pdf`
    problem: str = ""  # why the paper itself is not in the pack

    @property
    def version_id(self) -> int:
        return self.on_agenda.version.id  # type: ignore[return-value]


def _docx_to_pdf(content: bytes, title: str) -> bytes:
    converted = mammoth.convert_to_html(io.BytesIO(content))
    return render_pdf(render_document("agenda/converted.html", title=title, body=converted.value))


def _paper_pdf(session: Session, document: Document) -> None:
    """Fill in the paper's PDF, or the problem that keeps it out."""
    version = document.on_agenda.version
    if version.url:
        document.problem = "it was submitted as a link, not a file"
        return
    stored = session.get(PaperFile, version.id)
    name = (version.filename or "").lower()
    if stored is None:
        document.problem = "its file is missing"
        return
    try:
        pdf = (
            _docx_to_pdf(stored.content, document.title)
            if name.endswith(".docx")
            else stored.content
        )
        document.pages = page_count(pdf)  # read it through: a damaged PDF fails here, not later
        document.pdf = pdf
    except Exception as error:
        # Whatever it is, the pack still builds, with a page naming the paper.
        logger.info("Paper version %s left out of a pack: %s", version.id, error)
        document.pdf, document.pages = b"", 0
        document.problem = "its file could not be read (it may be damaged)"


def _stand_in(document: Document, item: AgendaItem) -> bytes:
    return render_pdf(render_document("agenda/left_out.html", document=document, item=item))


@dataclass
class Frontsheet:
    """What the frontsheet shows: the same on the page and in the pack."""

    committee: Committee
    meeting: Meeting
    agenda: Agenda
    items: list[AgendaItem]
    papers: dict[int, list[Document]]  # by agenda item id
    pages: PageRanges
    clerk: Person | None
    membership: str
    private: bool
    published: datetime | None = None
    edition: int = 0
    supplement_reason: str = ""
    # Under Minutes (b): what the last minutes asked to come back, and open recommendations.
    matters_arising: Sequence[str] = ()
    left_out: dict[int, str] = field(default_factory=dict)  # version id -> why it is not in

    @property
    def public_items(self) -> list[AgendaItem]:
        return [item for item in self.items if not item.is_private]

    @property
    def private_items(self) -> list[AgendaItem]:
        return [item for item in self.items if item.is_private]

    def pages_of(self, item: AgendaItem) -> tuple[int, int] | None:
        ranges = [
            self.pages[d.version_id]
            for d in self.papers.get(item.id, [])
            if d.version_id in self.pages
        ]  # type: ignore[index]
        if not ranges:
            return None
        return min(first for first, _ in ranges), max(last for _, last in ranges)


def frontsheet_for(
    session: Session,
    meeting: Meeting,
    *,
    private: bool,
    base_url: str,
    link: Callable[[PaperVersion], str],
    matters_arising: Sequence[str] = (),
) -> Frontsheet:
    """Gather what goes out: the published items (private ones in the members' pack only).

    `matters_arising` comes from the minutes (a later area): the caller gathers it.
    """
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    agenda = agenda_for(session, meeting)
    items = [item for item in agenda_of(session, meeting) if item.published_in is not None]
    papers: dict[int, list[Document]] = {}
    for item_id, cleared in cleared_papers(session, items).items():
        item = next(i for i in items if i.id == item_id)
        if item.paper_published_in is None or (item.is_private and not private):
            continue
        papers[item_id] = [
            Document(
                paper,
                PAPER_KIND_LABELS.get(PaperKind(paper.paper.kind), paper.paper.kind),
                link(paper.version),
            )
            for paper in cleared
        ]
    clerk = (
        session.get(Person, committee.governance_officer_id)
        if committee.governance_officer_id
        else None
    )
    return Frontsheet(
        committee=committee,
        meeting=meeting,
        agenda=agenda,
        items=items,
        papers=papers,
        pages={},
        clerk=clerk,
        membership=recipients_names(session, meeting),
        private=private,
        published=agenda.published_at,
        edition=agenda.supplements,
        supplement_reason=_last_supplement_reason(session, meeting),
        matters_arising=tuple(matters_arising),
    )


def _last_supplement_reason(session: Session, meeting: Meeting) -> str:
    from sqlmodel import col, select

    from committee.agenda.models import AgendaChange

    change = session.exec(
        select(AgendaChange)
        .where(AgendaChange.meeting_id == meeting.id, AgendaChange.event == "supplement")
        .order_by(col(AgendaChange.id).desc())
        .limit(1)
    ).first()
    return change.reason if change else ""


def _lay_out(front_pages: int, documents: list[Document]) -> PageRanges:
    ranges: PageRanges = {}
    page = front_pages + 1
    for document in documents:
        ranges[document.version_id] = (page, page + document.pages - 1)
        page += document.pages
    return ranges


#: The first guess at the frontsheet's length: right, it is laid out once.
USUAL_FRONTSHEET_PAGES = 2
PAGE_NUMBER_BASELINE = 12  # points above the foot of the page: inside a 10 mm margin


def _stamp_page_numbers(writer: PdfWriter) -> None:
    """Number every page at its foot, continuously, from one overlay drawn to the pages' sizes.

    ReportLab draws the overlay (a page per page, only the number on it, in a
    standard font): laying out hundreds of near-empty pages with WeasyPrint
    cost more than the rest of the pack. A turned page is turned in its
    content first, so its number is at the foot as it is read.
    """
    from reportlab.pdfgen.canvas import Canvas

    pages = list(writer.pages)
    for page in pages:
        if page.rotation:
            page.transfer_rotation_to_content()
    drawn = io.BytesIO()
    canvas = Canvas(drawn, pageCompression=1, invariant=1)
    for number, page in enumerate(pages, 1):
        box = page.mediabox
        canvas.setPageSize((float(box.right), float(box.top)))
        canvas.setFont("Helvetica", 9)
        centre = (float(box.left) + float(box.right)) / 2
        canvas.drawCentredString(centre, float(box.bottom) + PAGE_NUMBER_BASELINE, f"Page {number}")
        canvas.showPage()
    canvas.save()
    for page, numbered in zip(pages, PdfReader(drawn).pages, strict=True):
        page.merge_page(numbered)


def build_pack(
    session: Session,
    meeting: Meeting,
    *,
    private: bool,
    base_url: str,
    matters_arising: Sequence[str] = (),
) -> AgendaPack:
    """Build the pack from what has been published; the caller stores it."""
    sheet = frontsheet_for(
        session,
        meeting,
        private=private,
        base_url=base_url,
        link=lambda v: f"{base_url}/papers/{v.id}",
        matters_arising=matters_arising,
    )
    documents: list[Document] = []
    for item in sheet.items:
        for document in sheet.papers.get(item.id, []):  # type: ignore[arg-type]
            _paper_pdf(session, document)
            if document.problem:
                document.pdf = _stand_in(document, item)
                document.pages = page_count(document.pdf)
                sheet.left_out[document.version_id] = document.problem
            documents.append(document)
    front_pages, front = USUAL_FRONTSHEET_PAGES, b""
    for _ in range(5):  # the numbers change the frontsheet's length, which changes the numbers
        sheet.pages = _lay_out(front_pages, documents)
        front = render_pdf(render_document("agenda/frontsheet_document.html", sheet=sheet))
        if page_count(front) == front_pages:
            break
        front_pages = page_count(front)
    writer = PdfWriter()
    writer.append(io.BytesIO(front))
    for document in documents:
        writer.append(io.BytesIO(document.pdf))
    _stamp_page_numbers(writer)
    writer.add_metadata(
        {"/Title": f"{sheet.committee.name}, {formatting.long_date(to_london(meeting.start))}"}
    )
    out = io.BytesIO()
    writer.write(out)
    return AgendaPack(
        meeting_id=meeting.id,  # type: ignore[arg-type]
        private=private,
        edition=sheet.edition,
        pages=len(writer.pages),
        page_ranges=json.dumps({str(key): list(value) for key, value in sheet.pages.items()}),
        left_out=json.dumps({str(key): problem for key, problem in sheet.left_out.items()}),
        content=out.getvalue(),
    )


def stored_ranges(pack: AgendaPack) -> PageRanges:
    return {int(key): (first, last) for key, (first, last) in json.loads(pack.page_ranges).items()}


def stored_left_out(pack: AgendaPack) -> dict[int, str]:
    """The papers the pack could not include, and why, by version id."""
    stored = json.loads(pack.left_out)
    if isinstance(stored, list):  # a pack built before the reasons were kept
        return {int(key): "it could not be included" for key in stored}
    return {int(key): problem for key, problem in stored.items()}


def as_packed(sheet: Frontsheet, pack: AgendaPack) -> Frontsheet:
    """Give a frontsheet for the page the pack's page numbers and what it left out, and why."""
    sheet.pages = stored_ranges(pack)
    sheet.left_out = stored_left_out(pack)
    for documents in sheet.papers.values():
        for document in documents:
            document.problem = sheet.left_out.get(document.version_id, "")
    return sheet
