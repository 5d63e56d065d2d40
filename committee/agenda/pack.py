"""Build an edition's packs: its frontsheet, then its papers in agenda order, as one numbered PDF.

Built once per edition and audience (the public pack, and the members' pack
with the private papers too), after the commit that published it and off any
request: a request that finds a pack still building says so and never waits.
Papers go in as their renditions (committee.papers.renditions): PDFs this
service wrote, from the uploads, in a process with limits. A paper that could
not be read, or was sent as a link, takes a page of its own naming it and
where to read it; nothing is dropped silently.

The frontsheet is rendered (WeasyPrint) from the same template as the meeting
page, with each paper's pages ("Pages 23 - 48"): its own length moves those
numbers, so it is laid out again until it settles. Pages are numbered
throughout; in the members' pack each private paper's pages are stamped "Not
for publication" with their paragraph.
"""

import hashlib
import io
import json
import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from cachetools import LRUCache
from pypdf import PdfReader, PdfWriter
from sqlalchemy import or_, update
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from committee import formatting
from committee.agenda.frontsheet import (
    Frontsheet,
    PageRanges,
    SheetItem,
    SheetPaper,
    SheetView,
    read_frontsheet,
)
from committee.agenda.models import AgendaEdition, EditionPack, PackAudience, PackState
from committee.db import rows_matched
from committee.documents import page_count, render_document, render_pdf
from committee.papers.models import PaperRendition, RenditionState
from committee.papers.renditions import convert_pending
from committee.timeutil import to_london, utcnow

logger = logging.getLogger(__name__)

#: A claim older than this is a builder that died: another may build the pack.
CLAIM_LASTS = timedelta(minutes=5)
#: How often a pack is tried before it is left failed (the page then says so for good).
MOST_ATTEMPTS = 3
#: The first guess at the frontsheet's length: right, it is laid out once.
USUAL_FRONTSHEET_PAGES = 2
PAGE_NUMBER_BASELINE = 12  # points above the foot of the page: inside a 10 mm margin


def render_agenda_document(template: str, **context: object) -> str:
    return render_document("committee.agenda", template, **context)


def paper_address(paper: SheetPaper, base_url: str) -> str:
    """Where a paper is read on the web: its download, or a generated paper's page."""
    if paper.version_id is None:
        return f"{base_url}{paper.href}"
    return f"{base_url}/papers/{paper.version_id}"


def pack_view(sheet: Frontsheet, audience: PackAudience, base_url: str) -> SheetView:
    """The frontsheet as a pack shows it: the public pack, the public items' papers only."""
    members = audience == PackAudience.MEMBERS
    return SheetView(
        sheet=sheet,
        shows_papers_of=lambda item: members or not item.is_private,
        link=lambda paper: paper_address(paper, base_url),
    )


@dataclass
class _Document:
    """One paper as it goes into the pack, or the page that stands in for it."""

    item: SheetItem
    paper: SheetPaper
    pdf: bytes
    pages: int
    problem: str = ""


@dataclass
class BuiltPack:
    content: bytes
    pages: int
    page_ranges: PageRanges
    left_out: dict[str, str] = field(default_factory=dict)


def build_pack(
    sheet: Frontsheet,
    audience: PackAudience,
    renditions: dict[int, PaperRendition],
    *,
    base_url: str,
    generated: dict[str, str] | None = None,
) -> BuiltPack:
    """Lay out one pack from a frozen frontsheet, its papers' renditions and the HTML of the
    papers this service wrote for it (by key)."""
    view = pack_view(sheet, audience, base_url)
    documents = [
        _generated(item, paper, (generated or {}).get(paper.key, ""), view)
        if paper.version_id is None
        else _document(item, paper, renditions.get(paper.version_id), view)
        for item in _in_pack_order(sheet)
        for paper in view.papers_of(item)
    ]
    left_out = {d.paper.key: d.problem for d in documents if d.problem}
    front_pages, front = USUAL_FRONTSHEET_PAGES, b""
    for _ in range(5):  # the numbers change the frontsheet's length, which changes the numbers
        ranges = _lay_out(front_pages, documents)
        front = render_pdf(
            render_agenda_document(
                "agenda/frontsheet_document.html",
                view=_with_pages(view, ranges, left_out),
                audience=audience.value,
            )
        )
        if page_count(front) == front_pages:
            break
        front_pages = page_count(front)
    # The frontsheet's own document, structure tree and language included, is the base.
    writer = PdfWriter(clone_from=io.BytesIO(front))
    for document in documents:
        writer.append(io.BytesIO(document.pdf))
    stamps = {}
    if audience == PackAudience.MEMBERS:
        for document in documents:
            if document.item.is_private:
                first, last = ranges[document.paper.key]
                for page in range(first, last + 1):
                    stamps[page] = document.item.exempt_paragraph
    _stamp_pages(writer, stamps)
    writer.add_metadata(
        {
            "/Title": f"{sheet.committee_name}, {formatting.long_date(to_london(sheet.start))}: "
            + ("members' pack" if audience == PackAudience.MEMBERS else "agenda pack"),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return BuiltPack(out.getvalue(), len(writer.pages), ranges, left_out)


def _in_pack_order(sheet: Frontsheet) -> list[SheetItem]:
    return sheet.public_items + sheet.private_items


def _with_pages(view: SheetView, pages: PageRanges, left_out: dict[str, str]) -> SheetView:
    return SheetView(view.sheet, view.shows_papers_of, view.link, pages, left_out)


def _document(
    item: SheetItem, paper: SheetPaper, rendition: PaperRendition | None, view: SheetView
) -> _Document:
    if rendition is not None and rendition.state == RenditionState.READY and rendition.pdf:
        return _Document(item, paper, rendition.pdf, rendition.pages)
    problem = (
        rendition.problem
        if rendition is not None and rendition.problem
        else ("its file could not be read (it may be damaged)")
    )
    return _stand_in(item, paper, problem, view)


def _stand_in(item: SheetItem, paper: SheetPaper, problem: str, view: SheetView) -> _Document:
    """The page that stands in for a paper that cannot go in, naming it and where to read it."""
    stand_in = render_pdf(
        render_agenda_document(
            "agenda/left_out.html", item=item, paper=paper, problem=problem, link=view.link(paper)
        )
    )
    return _Document(item, paper, stand_in, page_count(stand_in), problem)


#: Papers this service wrote, rendered, by their HTML's digest: an edition's public and
#: members' packs carry the same ones, and so do the editions of a supplement's day.
_WRITTEN: LRUCache[str, bytes] = LRUCache(maxsize=16)
_WRITTEN_LOCK = threading.Lock()


def _generated(item: SheetItem, paper: SheetPaper, html: str, view: SheetView) -> _Document:
    """A paper this service wrote, from the HTML kept with the edition."""
    if not html:
        return _stand_in(item, paper, "it was not kept with this edition", view)
    digest = hashlib.sha256(html.encode()).hexdigest()
    with _WRITTEN_LOCK:
        pdf = _WRITTEN.get(digest)
    if pdf is None:
        pdf = render_pdf(html)
        with _WRITTEN_LOCK:
            _WRITTEN[digest] = pdf
    return _Document(item, paper, pdf, page_count(pdf))


def _lay_out(front_pages: int, documents: list[_Document]) -> PageRanges:
    ranges: PageRanges = {}
    page = front_pages + 1
    for document in documents:
        ranges[document.paper.key] = (page, page + document.pages - 1)
        page += document.pages
    return ranges


def _stamp_pages(writer: PdfWriter, private: dict[int, int | None]) -> None:
    """Number every page at its foot, and stamp private papers' pages "Not for publication".

    ReportLab draws the overlay (a page per page, only the words on it, in a
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
        centre = (float(box.left) + float(box.right)) / 2
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(centre, float(box.bottom) + PAGE_NUMBER_BASELINE, f"Page {number}")
        if number in private:
            canvas.setFont("Helvetica-Bold", 10)
            canvas.drawCentredString(
                centre,
                float(box.top) - 20,
                "Not for publication: exempt information under paragraph "
                f"{private[number]} of Schedule 12A to the Local Government Act 1972",
            )
        canvas.showPage()
    canvas.save()
    for page, numbered in zip(pages, PdfReader(drawn).pages, strict=True):
        page.merge_page(numbered)


def stored_ranges(pack: EditionPack) -> PageRanges:
    return {key: (first, last) for key, (first, last) in json.loads(pack.page_ranges).items()}


def stored_left_out(pack: EditionPack) -> dict[str, str]:
    return dict(json.loads(pack.left_out))


# The builder: claims packs to build, builds each in transactions of its own.


def build_pending_packs(
    sessions: sessionmaker[Session], *, base_url: str, edition_ids: Iterable[int] | None = None
) -> int:
    """Build the packs waiting (of these editions, or all); return how many were built."""
    now = utcnow()
    with sessions() as session:
        query = select(EditionPack.id).where(
            col(EditionPack.state).in_([PackState.PENDING.value, PackState.FAILED.value]),
            EditionPack.attempts < MOST_ATTEMPTS,
            or_(
                col(EditionPack.claimed_at).is_(None),
                col(EditionPack.claimed_at) < now - CLAIM_LASTS,
            ),
        )
        if edition_ids is not None:
            query = query.where(col(EditionPack.edition_id).in_(list(edition_ids)))
        wanted = list(session.exec(query.order_by(col(EditionPack.id))))
    return sum(_build_one(sessions, pack_id, base_url) for pack_id in wanted)


def _claim(
    sessions: sessionmaker[Session], pack_id: int
) -> tuple[Frontsheet, str, dict[str, str]] | None:
    now = utcnow()
    with sessions() as session, session.begin():
        taken = session.execute(
            update(EditionPack)
            .where(
                col(EditionPack.id) == pack_id,
                col(EditionPack.state).in_([PackState.PENDING.value, PackState.FAILED.value]),
                or_(
                    col(EditionPack.claimed_at).is_(None),
                    col(EditionPack.claimed_at) < now - CLAIM_LASTS,
                ),
            )
            .values(claimed_at=now, attempts=EditionPack.attempts + 1)
        )
        if rows_matched(taken) != 1:
            return None  # another builder has it
        stored, generated, audience = session.exec(
            select(AgendaEdition.frontsheet, AgendaEdition.generated, EditionPack.audience)
            .join(EditionPack, col(EditionPack.edition_id) == AgendaEdition.id)
            .where(EditionPack.id == pack_id)
        ).one()
    return read_frontsheet(stored), audience, json.loads(generated)


def _build_one(sessions: sessionmaker[Session], pack_id: int, base_url: str) -> bool:
    claimed = _claim(sessions, pack_id)
    if claimed is None:
        return False
    sheet, audience, generated = claimed
    try:
        convert_pending(sessions, version_ids=sheet.versions())
        with sessions() as session:
            renditions = _renditions(session, sheet.versions())
        built = build_pack(
            sheet, PackAudience(audience), renditions, base_url=base_url, generated=generated
        )
    except Exception as error:
        logger.exception("The pack %s could not be built", pack_id)
        _record_failure(sessions, pack_id, f"{type(error).__name__}: {error}")
        return False
    with sessions() as session, session.begin():
        pack = session.get(EditionPack, pack_id)
        assert pack is not None
        pack.state = PackState.READY.value
        pack.content = built.content
        pack.sha256 = hashlib.sha256(built.content).hexdigest()
        pack.pages = built.pages
        pack.page_ranges = json.dumps({k: list(v) for k, v in built.page_ranges.items()})
        pack.left_out = json.dumps(built.left_out)
        pack.built_at = utcnow()
        pack.claimed_at = None
        pack.problem = ""
    return True


def _record_failure(sessions: sessionmaker[Session], pack_id: int, problem: str) -> None:
    with sessions() as session, session.begin():
        pack = session.get(EditionPack, pack_id)
        if pack is not None:
            pack.state = PackState.FAILED.value
            pack.claimed_at = None
            pack.problem = problem[:1000]


def _renditions(session: Session, version_ids: Sequence[int]) -> dict[int, PaperRendition]:
    return {
        rendition.version_id: rendition
        for rendition in session.exec(
            select(PaperRendition).where(col(PaperRendition.version_id).in_(list(version_ids)))
        )
    }
