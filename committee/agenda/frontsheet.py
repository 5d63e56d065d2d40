"""The frontsheet of an edition as it went out: what the meeting page, the API and the pack show.

Stored as JSON with each edition and never changed: a recommendation
answered, minutes corrected, an item renamed, a seat ended or a paper replaced
afterwards leaves it as it was. Everything here is plain data, so it reads
back the same in ten years' time.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class SheetPaper(_Frozen):
    """A paper an item carries: the version published, and what the pack calls it."""

    version_id: int
    label: str  # "Briefing note", "Report"
    title: str = ""  # the version's own title, if it has one


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
    paper_title: str = ""  # "Briefing Note of the Deputy Chief Executive (People)"
    authors: list[str] = Field(default_factory=list)
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
        return [paper.version_id for item in self.items for paper in item.papers]


def read_frontsheet(stored: str) -> Frontsheet:
    return Frontsheet.model_validate_json(stored)


#: Where each paper sits in a pack: paper version id -> (first page, last page).
PageRanges = dict[int, tuple[int, int]]


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
    left_out: dict[int, str] = field(default_factory=dict)  # version id -> why not in the pack

    def papers_of(self, item: SheetItem) -> list[SheetPaper]:
        return item.papers if self.shows_papers_of(item) else []

    def pages_of(self, item: SheetItem) -> tuple[int, int] | None:
        ranges = [
            self.pages[p.version_id] for p in self.papers_of(item) if p.version_id in self.pages
        ]
        if not ranges:
            return None
        return min(first for first, _ in ranges), max(last for _, last in ranges)
