"""Papers: the briefing notes and reports an entry needs, and every version submitted."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, LargeBinary, String, Text
from sqlmodel import Field, SQLModel

from committee.fields import AwareDateTime, check_in
from committee.timeutil import utcnow


class PaperKind(StrEnum):
    BRIEFING_NOTE = "briefing_note"
    REPORT = "report"


PAPER_KIND_LABELS = {PaperKind.BRIEFING_NOTE: "Briefing note", PaperKind.REPORT: "Report"}


class PaperStatus(StrEnum):
    AWAITED = "awaited"
    DRAFT_RECEIVED = "draft_received"
    CLEARED = "cleared"


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
