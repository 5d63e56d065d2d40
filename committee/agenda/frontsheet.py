"""The frontsheet of an edition as it went out: what the meeting page, the API and the pack show.

Stored as JSON with each edition and never changed: a recommendation
answered, minutes corrected, an item renamed, a seat ended or a paper replaced
afterwards leaves it as it was. Everything here is plain data, so it reads
back the same in ten years' time.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class SheetPaper(_Frozen):
    """A paper an item carries: a version sent in, or one this service wrote (`generated`: the
    previous minutes, the work programme, kept as HTML with the edition); what the pack calls
    it, and where it is read on the web."""

    version_id: int | None = None
    generated: str = ""  # GeneratedPaper's value
    label: str  # "Briefing note", "Report", "Minutes"
    title: str = ""  # the version's own title, if it has one
    href: str = ""  # a generated paper's page, from the site's root

    @property
    def key(self) -> str:
        """Its key in page ranges and stored documents: the version's number, or its kind."""
        return str(self.version_id) if self.version_id is not None else self.generated


class GeneratedPaper(StrEnum):
    """The papers this service writes for standard items, as the committee's settings say."""

    MINUTES = "minutes"  # the previous meeting's published minutes, on the Minutes item
    WORK_PROGRAMME = "work_programme"  # the committee's programme, on the Work Programme item


class SheetContact(_Frozen):
    name: str
    email: str = ""


class SheetLine(_Frozen):
    """A line under Minutes (b), Matters Arising, with the entry it concerns (if any)."""

    text: str
    entry_id: int | None = None


class SheetItem(_Frozen):
    item_id: int
    entry_id: int | None = None
    number: str
    kind: str
    title: str
    description: str = ""
    paper_title: str = (
        ""  # the first author: "Briefing Note of the Deputy Chief Executive (People)"
    )
    authors: list[str] = Field(default_factory=list)  # each author, one a line, the first too
    exempt_paragraph: int | None = None
    to_follow: bool = False  # published without its paper, which is to follow
    added_in: int = 0  # the edition that first published it
    late_reason: str = ""  # why it could not wait, for an item added after the agenda
    papers: list[SheetPaper] = Field(default_factory=list)

    @property
    def is_private(self) -> bool:
        return self.exempt_paragraph is not None

    @property
    def is_late(self) -> bool:
        return self.added_in > 0


class Frontsheet(_Frozen):
    """Everything an edition's frontsheet says."""

    format: int = 1
    committee_id: int
    committee_name: str
    committee_slug: str
    meeting_id: int
    start: datetime
    end: datetime
    venue: str
    edition: int
    kind: str
    reason: str = ""
    published_at: datetime
    items: list[SheetItem]
    matters_arising: list[SheetLine] = Field(default_factory=list)
    membership: str = ""
    clerk_name: str = ""
    clerk_email: str = ""
    # What the council's frontsheet prints besides the business, as set when it went out.
    council_name: str = ""
    proper_officer: str = ""  # the signatory: "Martin Yardley, Executive Director, Place, ..."
    council_address: str = ""
    telephone: str = ""
    website: str = ""
    accessibility_notice: str = ""
    notes: list[str] = Field(default_factory=list)  # the committee's own, after the standard two
    # What changed since the agenda first went out: "Time changed on 2 December 2026 from ...".
    changes: list[str] = Field(default_factory=list)
    contacts: list[SheetContact] = Field(default_factory=list)  # its governance officers

    @property
    def public_items(self) -> list[SheetItem]:
        return [item for item in self.items if not item.is_private]

    @property
    def private_items(self) -> list[SheetItem]:
        return [item for item in self.items if item.is_private]

    @property
    def late_items(self) -> list[SheetItem]:
        return [item for item in self.items if item.is_late]

    def versions(self) -> list[int]:
        """The versions sent in that its items carry (not the papers this service wrote)."""
        return [
            paper.version_id
            for item in self.items
            for paper in item.papers
            if paper.version_id is not None
        ]

    @property
    def contact_names(self) -> str:
        return "/".join(contact.name for contact in self.contacts)

    @property
    def contact_emails(self) -> str:
        return " ".join(contact.email for contact in self.contacts if contact.email)


def read_frontsheet(stored: str) -> Frontsheet:
    return Frontsheet.model_validate_json(stored)


#: Where each paper sits in a pack: its key (SheetPaper.key) -> (first page, last page).
PageRanges = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class SheetView:
    """A frontsheet as one reader or one pack shows it: whose papers, and where they are.

    `shows_papers_of` says whose papers are shown (in the public pack, public
    items'; on the page, those the reader may read); `pages` come from the pack
    of that audience, once built.
    """

    sheet: Frontsheet
    shows_papers_of: Callable[[SheetItem], bool]
    link: Callable[[SheetPaper], str]
    pages: PageRanges = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)  # paper key -> why not in the pack

    def papers_of(self, item: SheetItem) -> list[SheetPaper]:
        return item.papers if self.shows_papers_of(item) else []

    def pages_of(self, item: SheetItem) -> tuple[int, int] | None:
        ranges = [self.pages[p.key] for p in self.papers_of(item) if p.key in self.pages]
        if not ranges:
            return None
        return min(first for first, _ in ranges), max(last for _, last in ranges)
