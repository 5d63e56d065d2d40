"""Minutes: who attended a meeting, what it minuted and resolved, and what follows from it.

Minutes are numbered in one sequence per committee and municipal year, cited
as "Minute 12/18" (the number, then the last two digits of the year's first). Draft
minutes are seen only by the committee's governance officers; publishing them
makes them the record: the items they resolve move to resolved, the follow-ups
they ask for join the work programme and their recommendations are sent.
After that only their words change, by a correction with its reason; every
change is kept in `minutes_changes`.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from committee.fields import (
    EXEMPT_PARAGRAPHS,
    MUNICIPAL_YEARS,
    AwareDateTime,
    check_in,
    check_within,
    versioned,
)
from committee.people.models import Change
from committee.timeutil import utcnow
from workflows.minutes import MinutesState


class AttendanceKind(StrEnum):
    """The lists of the minutes' Present and Apologies, in the order they are printed."""

    MEMBER = "member"
    CO_OPTED = "co_opted"
    OTHER_MEMBER = "other_member"
    SUBSTITUTE = "substitute"
    OFFICER = "officer"
    OTHER = "other"
    APOLOGY = "apology"


ATTENDANCE_LABELS = {
    AttendanceKind.MEMBER: "Members",
    AttendanceKind.CO_OPTED: "Co-Opted Members",
    AttendanceKind.OTHER_MEMBER: "Other Members",
    AttendanceKind.SUBSTITUTE: "Substitutes",
    AttendanceKind.OFFICER: "Employees (by Directorate)",
    AttendanceKind.OTHER: "Others present",
    AttendanceKind.APOLOGY: "Apologies",
}


class MeetingMinutes(SQLModel, table=True):
    """One meeting's minutes: a draft until published."""

    __tablename__ = "meeting_minutes"
    __table_args__ = (
        CheckConstraint(check_in("state", MinutesState), name="state_known"),
        CheckConstraint("version > 0", name="version_positive"),
    )

    meeting_id: int = Field(foreign_key="meetings.id", primary_key=True, ondelete="CASCADE")
    state: str = Field(default=MinutesState.DRAFT, sa_type=String(20))
    # "(Meeting closed at 4.30 pm)"; None until the clerk records it.
    closed_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    published_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    published_by_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return versioned(cls)

    @property
    def is_published(self) -> bool:
        return self.state == MinutesState.PUBLISHED


class MinutesChange(Change, table=True):
    """One change of a meeting's minutes: who, when, from, to, and for a correction its reason
    and the words it replaced (committee.people.models.Change)."""

    __tablename__ = "minutes_changes"
    __table_args__ = (Index("ix_minutes_changes_meeting_at", "meeting_id", "at"),)

    meeting_id: int = Field(foreign_key="meeting_minutes.meeting_id", ondelete="CASCADE")
    # A correction's: the minute corrected (None: the attendance or declarations) ...
    minute_id: int | None = Field(default=None, foreign_key="minutes.id", ondelete="SET NULL")
    # ... what it corrected ("Minute 12/18", "Attendance"), and the words it replaced.
    subject: str = Field(default="", sa_type=String(100))
    replaced: str = Field(default="", sa_type=Text)


class Attendance(SQLModel, table=True):
    """One line of Present or Apologies, as the minutes print it."""

    __tablename__ = "minutes_attendance"
    __table_args__ = (
        CheckConstraint(check_in("kind", AttendanceKind), name="kind_known"),
        Index("ix_minutes_attendance_meeting_position", "meeting_id", "position"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    meeting_id: int = Field(foreign_key="meeting_minutes.meeting_id", ondelete="CASCADE")
    kind: str = Field(sa_type=String(20))
    position: int
    name: str = Field(sa_type=String(200))  # "Councillor M Mutton"
    # "Chair", "Cabinet Member for Education and Skills", an officer's directorate.
    note: str = Field(default="", sa_type=String(300))


class Declaration(SQLModel, table=True):
    """A member's declaration of an interest, minuted under Declarations of Interests."""

    __tablename__ = "minutes_declarations"

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    meeting_id: int = Field(
        foreign_key="meeting_minutes.meeting_id", index=True, ondelete="CASCADE"
    )
    position: int
    member: str = Field(sa_type=String(200))
    interest: str = Field(sa_type=Text)  # which item, and what interest


class Minute(SQLModel, table=True):
    """One numbered minute: what the meeting heard of an item, and what it resolved."""

    __tablename__ = "minutes"
    __table_args__ = (
        Index(
            "uq_minutes_committee_year_number",
            "committee_id",
            "municipal_year",
            "number",
            unique=True,
        ),
        Index("ix_minutes_meeting_position", "meeting_id", "position"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint(
            check_within("municipal_year", MUNICIPAL_YEARS), name="municipal_year_plausible"
        ),
        CheckConstraint(
            check_within("exempt_paragraph", EXEMPT_PARAGRAPHS, nullable=True),
            name="exempt_paragraph_in_schedule_12a",
        ),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    meeting_id: int = Field(foreign_key="meeting_minutes.meeting_id", ondelete="CASCADE")
    committee_id: int = Field(foreign_key="committees.id", ondelete="CASCADE")
    municipal_year: int
    number: int
    position: int
    agenda_item_id: int | None = Field(
        default=None, foreign_key="agenda_items.id", index=True, ondelete="SET NULL"
    )
    title: str = Field(sa_type=String(300))
    text: str = Field(default="", sa_type=Text)
    resolved_intro: str = Field(default="RESOLVED that", sa_type=String(200))
    exempt_paragraph: int | None = None
    # For a private minute: what the public reads instead (the clerk's wording, disclosing
    # nothing exempt). Empty: the public reads its heading and paragraph only.
    public_wording: str = Field(default="", sa_type=Text)

    @property
    def is_private(self) -> bool:
        return self.exempt_paragraph is not None

    @property
    def is_withheld(self) -> bool:
        """Private, with nothing for the public but its heading and paragraph."""
        return self.is_private and not self.public_wording.strip()

    def citation(self) -> str:
        """Cite it as the council does: "Minute 12/18"."""
        return f"Minute {self.number}/{self.municipal_year % 100:02d}"


class Resolution(SQLModel, table=True):
    """One numbered resolution of a minute; it may ask for a follow-up or make a recommendation."""

    __tablename__ = "resolutions"
    __table_args__ = (Index("ix_resolutions_minute_position", "minute_id", "position"),)

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    minute_id: int = Field(foreign_key="minutes.id", ondelete="CASCADE")
    position: int
    text: str = Field(sa_type=Text)
    # A follow-up asked for: made into a work programme entry when the minutes are published.
    follow_up_title: str = Field(default="", sa_type=String(300))
    follow_up_months: int | None = None  # None with a title: "date to be determined"
    follow_up_entry_id: int | None = Field(
        default=None, foreign_key="work_programme_entries.id", ondelete="SET NULL"
    )
    # A recommendation made: to whom (sent when the minutes are published).
    recommend_to: str = Field(default="", sa_type=String(300))
    recommend_to_person_id: int | None = Field(
        default=None, foreign_key="people.id", ondelete="SET NULL"
    )
