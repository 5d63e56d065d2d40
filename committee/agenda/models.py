"""A meeting's agenda as the council publishes it: its state, its history, and its editions.

Which items it holds, in order, is the meeting's (committee.meetings.models.
AgendaItem). Each publication (the agenda, a supplement, a correction) is an
edition: its frontsheet as it went out, frozen, and its packs, built from that
frontsheet off the request. What happens afterwards never changes an edition.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, LargeBinary, String, Text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from committee.fields import AwareDateTime, check_in, versioned
from committee.people.models import Change
from committee.timeutil import utcnow
from workflows.agenda import AgendaState


class Agenda(SQLModel, table=True):
    """One per meeting; a meeting without a row has a draft agenda."""

    __tablename__ = "agendas"
    __table_args__ = (
        CheckConstraint(check_in("state", AgendaState), name="state_known"),
        CheckConstraint("supplements >= 0", name="supplements_not_negative"),
        CheckConstraint("version > 0", name="version_positive"),
    )

    meeting_id: int = Field(foreign_key="meetings.id", primary_key=True, ondelete="CASCADE")
    state: str = Field(default=AgendaState.DRAFT.value, sa_type=String(20))
    published_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    # How many supplements followed the agenda.
    supplements: int = 0
    # Why it came out after its statutory publication day, for governance to see.
    late_reason: str = Field(default="", sa_type=Text)
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return versioned(cls)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class AgendaChange(Change, table=True):
    """One change of an agenda's state: who, when, from, to, why (committee.people.models.Change)."""

    __tablename__ = "agenda_changes"
    __table_args__ = (Index("ix_agenda_changes_meeting_at", "meeting_id", "at"),)

    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")


class EditionKind(StrEnum):
    AGENDA = "agenda"  # the agenda, published five clear working days before
    SUPPLEMENT = "supplement"  # what was added after, with why it could not wait
    CORRECTION = "correction"  # the same business, corrected (an item made private, say)


EDITION_KIND_LABELS = {
    EditionKind.AGENDA: "Agenda",
    EditionKind.SUPPLEMENT: "Supplementary agenda",
    EditionKind.CORRECTION: "Corrected agenda",
}


class AgendaEdition(SQLModel, table=True):
    """One publication of a meeting's agenda, as it went out; never changed afterwards.

    `frontsheet` is the frontsheet as published (committee.agenda.frontsheet):
    every item with its number, papers, reason and privacy, the matters
    arising, the membership and the notes. A correction that takes something
    out of public view withdraws the earlier editions from the public, who then
    read the corrected one; members and clerks still read every edition.
    """

    __tablename__ = "agenda_editions"
    __table_args__ = (
        CheckConstraint(check_in("kind", EditionKind), name="kind_known"),
        CheckConstraint("number >= 0", name="number_not_negative"),
        Index("uq_agenda_editions_meeting_number", "meeting_id", "number", unique=True),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    number: int  # 0 the agenda; 1, 2, ... each later edition
    kind: str = Field(sa_type=String(20))
    reason: str = Field(default="", sa_type=Text)
    published_at: datetime = Field(sa_type=AwareDateTime)
    published_by_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    frontsheet: str = Field(sa_type=Text)  # JSON: committee.agenda.frontsheet.Frontsheet
    # JSON: the papers this service wrote for the edition (the previous minutes, the work
    # programme) as HTML, by the key their SheetPaper carries; public words only.
    generated: str = Field(default="{}", sa_type=Text)
    withdrawn_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    withdrawn_reason: str = Field(default="", sa_type=Text)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class PackAudience(StrEnum):
    PUBLIC = "public"  # the public papers
    MEMBERS = "members"  # the private papers too


class PackState(StrEnum):
    PENDING = "pending"  # to be built, off the request that published it
    READY = "ready"
    FAILED = "failed"  # the last build failed; the sweep builds it again


class EditionPack(SQLModel, table=True):
    """An edition's pack as one PDF: the frontsheet, then the papers, numbered throughout."""

    __tablename__ = "edition_packs"
    __table_args__ = (
        CheckConstraint(check_in("audience", PackAudience), name="audience_known"),
        CheckConstraint(check_in("state", PackState), name="state_known"),
        CheckConstraint("pages >= 0", name="pages_not_negative"),
        Index("uq_edition_packs_edition_audience", "edition_id", "audience", unique=True),
        Index("ix_edition_packs_state", "state"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    edition_id: int = Field(foreign_key="agenda_editions.id", ondelete="CASCADE")
    audience: str = Field(sa_type=String(20))
    state: str = Field(default=PackState.PENDING.value, sa_type=String(20))
    attempts: int = 0
    claimed_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    built_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    pages: int = 0
    # Where each paper is, as JSON: {"<paper version id>": [first page, last page]}.
    page_ranges: str = Field(default="{}", sa_type=Text)
    # Papers that could not be put in, and why, as JSON: {"<paper version id>": "why"}.
    left_out: str = Field(default="{}", sa_type=Text)
    content: bytes | None = Field(default=None, sa_type=LargeBinary)
    sha256: str = Field(default="", sa_type=String(64))
    problem: str = Field(default="", sa_type=Text)  # why the last build failed


class EditionMention(SQLModel, table=True):
    """What an edition names: each item's entry, and each paper version it publishes.

    Lets a change of an entry's privacy find the editions it touches, and tells
    a published paper version from one still in draft, without reading JSON.
    """

    __tablename__ = "edition_mentions"
    __table_args__ = (
        Index("ix_edition_mentions_entry", "entry_id"),
        Index("ix_edition_mentions_version", "version_id"),
        Index("ix_edition_mentions_edition", "edition_id"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    edition_id: int = Field(foreign_key="agenda_editions.id", ondelete="CASCADE")
    entry_id: int | None = Field(
        default=None, foreign_key="work_programme_entries.id", ondelete="SET NULL"
    )
    version_id: int | None = Field(
        default=None, foreign_key="paper_versions.id", ondelete="SET NULL"
    )
