"""Meetings: a committee's sittings, the items on their agendas, and who substitutes at them."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from committee.fields import EXEMPT_PARAGRAPHS, AwareDateTime, check_in, check_within, versioned
from committee.papers.models import PaperKind
from committee.timeutil import utcnow


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Meeting(SQLModel, table=True):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint('"end" > start', name="ends_after_start"),
        CheckConstraint(check_in("status", MeetingStatus), name="status_known"),
        CheckConstraint("revision >= 0", name="revision_not_negative"),
        CheckConstraint("version > 0", name="version_positive"),
        Index("ix_meetings_committee_start", "committee_id", "start"),
        Index("ix_meetings_start", "start"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    committee_id: int = Field(foreign_key="committees.id", ondelete="CASCADE")
    start: datetime = Field(sa_type=AwareDateTime)
    end: datetime = Field(sa_type=AwareDateTime)
    venue: str = Field(default="", sa_type=String(200))
    status: str = Field(default=MeetingStatus.SCHEDULED, sa_type=String(20))
    # Raised on every change of time, place or status: calendar programs use
    # it (as SEQUENCE) to tell a changed meeting from a stale copy.
    revision: int = 0
    # Bumped by every UPDATE of the row (not by changes to its agenda): a
    # concurrent change of the meeting fails instead of silently overwriting.
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return versioned(cls)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class AgendaItemKind(StrEnum):
    APOLOGIES = "apologies"
    DECLARATIONS = "declarations"
    MINUTES = "minutes"
    BUSINESS = "business"  # an item from the work programme, or taken directly
    WORK_PROGRAMME = "work_programme"
    OTHER_BUSINESS = "other_business"


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_items"
    __table_args__ = (
        CheckConstraint(check_in("kind", AgendaItemKind), name="kind_known"),
        CheckConstraint(
            f"paper_kind IS NULL OR {check_in('paper_kind', PaperKind)}", name="paper_kind_known"
        ),
        CheckConstraint(
            check_within("exempt_paragraph", EXEMPT_PARAGRAPHS, nullable=True),
            name="exempt_paragraph_in_schedule_12a",
        ),
        CheckConstraint("position >= 0", name="position_not_negative"),
        Index("ix_agenda_items_meeting_position", "meeting_id", "position"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    # One agenda item per entry: deferring moves the item with its paper and history.
    entry_id: int | None = Field(
        default=None, foreign_key="work_programme_entries.id", unique=True, ondelete="SET NULL"
    )
    kind: str = Field(default=AgendaItemKind.BUSINESS, sa_type=String(20))
    position: int
    number: str = Field(default="", sa_type=String(10))
    title: str = Field(sa_type=String(300))
    description: str = Field(default="", sa_type=Text)
    paper_title: str = Field(default="", sa_type=String(300))
    paper_kind: str | None = Field(default=None, sa_type=String(20))
    # Set when the item is exempt under Schedule 12A and taken in private.
    exempt_paragraph: int | None = None
    # Publication (committee.agenda): in which edition the item went out (0 the
    # agenda, n its n-th supplement) and in which its paper did; an item whose
    # paper is still to come is published marked "to follow".
    published_in: int | None = None
    paper_published_in: int | None = None
    to_follow: bool = False
    # Why it could not wait for the next meeting (s.100B(4)(b)), for an item added after the
    # agenda was published: printed against it in its supplement and every later edition.
    late_reason: str = Field(default="", sa_type=Text)

    @property
    def is_private(self) -> bool:
        return self.exempt_paragraph is not None


class Substitution(SQLModel, table=True):
    """A member substituting at one meeting (for another member, where known)."""

    __tablename__ = "substitutions"
    __table_args__ = (
        Index("uq_substitutions_meeting_person", "meeting_id", "person_id", unique=True),
        CheckConstraint(
            "replacing_id IS NULL OR replacing_id <> person_id", name="not_for_themselves"
        ),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="people.id", index=True, ondelete="CASCADE")
    replacing_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")


class Alteration(StrEnum):
    TIME = "time"
    VENUE = "venue"
    STATUS = "status"


class MeetingAlteration(SQLModel, table=True):
    """A change of a meeting's time, place or status, as it was made: what, from, to, who, when.

    Kept so the meeting page and the next edition of its agenda can say what changed
    ("Time changed on 2 December 2026 from 8.30 pm to 7.28 pm"). `before` and `after` are
    the values as stored: ISO times, the venue, the status.
    """

    __tablename__ = "meeting_alterations"
    __table_args__ = (
        CheckConstraint(check_in("what", Alteration), name="what_known"),
        Index("ix_meeting_alterations_meeting_at", "meeting_id", "at"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    what: str = Field(sa_type=String(10))
    before: str = Field(sa_type=Text)
    after: str = Field(sa_type=Text)
    actor_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
