"""Papers: the briefing notes and reports an entry needs, and every version submitted."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, LargeBinary, String, Text
from sqlmodel import Field, SQLModel

from committee.fields import AwareDateTime, check_in
from committee.timeutil import utcnow


class PaperKind(StrEnum):
    BRIEFING_NOTE = "briefing_note"
    REPORT = "report"
    PRESENTATION = "presentation"


PAPER_KIND_LABELS = {
    PaperKind.BRIEFING_NOTE: "Briefing note",
    PaperKind.REPORT: "Report",
    PaperKind.PRESENTATION: "Presentation",
}


def kinds_from(stored: str) -> list[PaperKind]:
    """The kinds a stored list names ("briefing_note,report"), in the order PaperKind lists them."""
    named = {part.strip() for part in stored.split(",") if part.strip()}
    return [kind for kind in PaperKind if kind.value in named]


def kinds_stored(kinds: Iterable[PaperKind | str]) -> str:
    """Kinds as stored: known ones only, each once, in PaperKind's order ("" for none)."""
    wanted = {str(kind) for kind in kinds}
    return ",".join(kind.value for kind in PaperKind if kind.value in wanted)


def kinds_in_words(kinds: Sequence[PaperKind | str]) -> str:
    """ "a briefing note and a report"; "no paper" for none."""
    words = [f"a {PAPER_KIND_LABELS[PaperKind(kind)].lower()}" for kind in kinds]
    if not words:
        return "no paper"
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


class Readiness(StrEnum):
    """Where an item's papers stand against the kinds it needs."""

    READY = "ready"  # every kind needed is cleared, or none is needed
    RECEIVED = "received"  # a draft of every kind needed is in; some wait to be cleared
    AWAITED = "awaited"  # some kind needed has not been sent


def readiness(needed: Sequence[str], statuses: Mapping[str, str]) -> Readiness:
    """The one rule: an item is ready when every kind it needs is cleared."""
    if all(statuses.get(kind) == PaperStatus.CLEARED.value for kind in needed):
        return Readiness.READY
    received = (PaperStatus.DRAFT_RECEIVED.value, PaperStatus.CLEARED.value)
    if all(statuses.get(kind) in received for kind in needed):
        return Readiness.RECEIVED
    return Readiness.AWAITED


class PaperStatus(StrEnum):
    AWAITED = "awaited"
    DRAFT_RECEIVED = "draft_received"
    CLEARED = "cleared"


#: The statuses as pages say them.
PAPER_STATUS_WORDS = {
    PaperStatus.AWAITED: "Awaited",
    PaperStatus.DRAFT_RECEIVED: "Received, to be cleared",
    PaperStatus.CLEARED: "Cleared",
}


def paper_label(kind: str) -> str:
    """ "Briefing note" for "briefing_note"."""
    return PAPER_KIND_LABELS[PaperKind(kind)]


class Paper(SQLModel, table=True):
    """One paper an entry needs; it belongs to the entry, so it survives deferral."""

    __tablename__ = "papers"
    __table_args__ = (
        CheckConstraint(check_in("kind", PaperKind), name="kind_known"),
        CheckConstraint(check_in("status", PaperStatus), name="status_known"),
        Index("uq_papers_entry_kind", "entry_id", "kind", unique=True),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    entry_id: int = Field(foreign_key="work_programme_entries.id", ondelete="CASCADE")
    kind: str = Field(sa_type=String(20))
    status: str = Field(default=PaperStatus.AWAITED, sa_type=String(20))
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)


class PaperVersion(SQLModel, table=True):
    """A submission of a paper: a file or a link. Replacing a paper adds a version."""

    __tablename__ = "paper_versions"
    __table_args__ = (
        Index("uq_paper_versions_paper_number", "paper_id", "number", unique=True),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("(url IS NULL) <> (filename IS NULL)", name="file_or_link"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    paper_id: int = Field(foreign_key="papers.id", ondelete="CASCADE")
    number: int
    title: str = Field(default="", sa_type=String(300))
    url: str | None = Field(default=None, sa_type=String(2000))
    filename: str | None = Field(default=None, sa_type=String(255))
    content_type: str | None = Field(default=None, sa_type=String(100))
    size: int | None = None
    sha256: str | None = Field(default=None, sa_type=String(64))
    submitted_by_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)


class RenditionState(StrEnum):
    PENDING = "pending"  # to be converted, off the request that submitted it
    READY = "ready"  # the PDF members and the public read
    UNREADABLE = "unreadable"  # could not be converted: the pack carries a stand-in page


class PaperRendition(SQLModel, table=True):
    """A version as the pack and the public take it: a PDF this service wrote, or why none.

    Made once per version, in a process with limits (committee.papers.convert),
    after the submission's commit: never inside a request or a transaction.
    """

    __tablename__ = "paper_renditions"
    __table_args__ = (
        CheckConstraint(check_in("state", RenditionState), name="state_known"),
        CheckConstraint("pages >= 0", name="pages_not_negative"),
        Index("ix_paper_renditions_state", "state"),
    )

    version_id: int = Field(foreign_key="paper_versions.id", primary_key=True, ondelete="CASCADE")
    state: str = Field(default=RenditionState.PENDING.value, sa_type=String(20))
    pdf: bytes | None = Field(default=None, sa_type=LargeBinary)
    pages: int = 0
    problem: str = Field(default="", sa_type=Text)  # why it could not be read, in words
    made_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    # When a worker took it on: another leaves it be unless that was long ago (a worker died).
    claimed_at: datetime | None = Field(default=None, sa_type=AwareDateTime)


class PaperFile(SQLModel, table=True):
    """A submitted file's bytes, apart so that listing versions never loads them."""

    __tablename__ = "paper_files"

    version_id: int = Field(foreign_key="paper_versions.id", primary_key=True, ondelete="CASCADE")
    content: bytes = Field(sa_type=LargeBinary)
