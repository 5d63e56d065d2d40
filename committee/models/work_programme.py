"""Work programme entries: the topics a committee means to look at in a municipal year."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, field_validator
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from committee.models.base import AwareDateTime, LondonDateTimeOut, check_in
from committee.models.meetings import MeetingRef
from committee.models.people import PersonPublic
from committee.timeutil import utcnow
from workflows.entry import STATES_WITH_MEETING, EntryState

EXEMPT_PARAGRAPHS = range(1, 8)  # Schedule 12A to the Local Government Act 1972


class TimingNote(StrEnum):
    """Why an entry has no meeting yet, as work programmes say it."""

    TO_BE_DETERMINED = "to_be_determined"
    NEXT_MUNICIPAL_YEAR = "next_municipal_year"


TIMING_NOTE_LABELS = {
    TimingNote.TO_BE_DETERMINED: "Date to be determined",
    TimingNote.NEXT_MUNICIPAL_YEAR: "Next municipal year",
}


class WorkProgrammeEntry(SQLModel, table=True):
    __tablename__ = "work_programme_entries"
    __table_args__ = (
        CheckConstraint(check_in("state", EntryState), name="state_known"),
        CheckConstraint(
            f"meeting_id IS NOT NULL OR NOT ({check_in('state', sorted(STATES_WITH_MEETING))})",
            name="scheduled_has_meeting",
        ),
        CheckConstraint(
            "exempt_paragraph IS NULL OR exempt_paragraph BETWEEN 1 AND 7",
            name="exempt_paragraph_in_schedule_12a",
        ),
        CheckConstraint(
            f"timing_note IS NULL OR {check_in('timing_note', TimingNote)}",
            name="timing_note_known",
        ),
        CheckConstraint("municipal_year BETWEEN 1974 AND 2999", name="municipal_year_plausible"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("version > 0", name="version_positive"),
        Index("ix_work_programme_entries_committee_year", "committee_id", "municipal_year"),
        Index("ix_work_programme_entries_meeting", "meeting_id"),
        Index("ix_work_programme_entries_state", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committees.id", ondelete="CASCADE")
    municipal_year: int
    title: str = Field(sa_type=String(300))
    detail: str = Field(default="", sa_type=Text)
    # The "Cabinet Member / Lead Officer" cell as written; officers it names
    # are linked through EntryLeadOfficer where they are known people.
    lead_text: str = Field(default="", sa_type=String(500))
    cabinet_member: str = Field(default="", sa_type=String(200))
    source: str = Field(default="", sa_type=String(200))
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id", ondelete="RESTRICT")
    timing_note: str | None = Field(default=None, sa_type=String(30))
    state: str = Field(default=EntryState.REQUESTED.value, sa_type=String(20))
    exempt_paragraph: int | None = None
    resolution: str = Field(default="", sa_type=Text)
    # Bumped by every UPDATE; a concurrent change of the same row fails
    # instead of silently overwriting the winner.
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}

    @property
    def is_private(self) -> bool:
        return self.exempt_paragraph is not None


class EntryLeadOfficer(SQLModel, table=True):
    """A known person named as a lead officer of an entry."""

    __tablename__ = "entry_lead_officers"

    entry_id: int = Field(
        foreign_key="work_programme_entries.id", primary_key=True, ondelete="CASCADE"
    )
    person_id: int = Field(
        foreign_key="people.id", primary_key=True, index=True, ondelete="CASCADE"
    )


class _EntryFields(SQLModel):
    """Fields an officer edits on an entry; validation shared by create and update."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("title", check_fields=False)
    @classmethod
    def _title_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value:
            raise ValueError("title must not be blank")
        return value


class EntryCreate(_EntryFields):
    title: str = Field(max_length=300)
    detail: str = ""
    lead: str = Field(
        default="",
        max_length=500,
        description='The lead cell as written, e.g. "John Gregg Sonia Watson Cllr Seaman".',
    )
    cabinet_member: str | None = Field(
        default=None, max_length=200, description='Defaults to the "Cllr ..." named in lead.'
    )
    source: str = Field(default="", max_length=200)
    municipal_year: int | None = Field(
        default=None,
        ge=1974,
        le=2999,
        description="First year of the municipal year (2018 for 2018/19); defaults to the meeting's.",
    )
    meeting_id: int | None = Field(
        default=None, description="Schedule the entry onto this meeting."
    )
    timing_note: TimingNote | None = None
    exempt_paragraph: int | None = Field(default=None, ge=1, le=7)
    lead_officer_ids: list[int] | None = Field(
        default=None, description="Known people leading; defaults to those named in lead."
    )


_MOVES_BY_EVENTS = "changes by firing an event: POST /api/entries/<id>/events/<event>"


class EntryUpdate(_EntryFields):
    title: str | None = Field(default=None, max_length=300)
    detail: str | None = None
    lead: str | None = Field(default=None, max_length=500)
    cabinet_member: str | None = Field(default=None, max_length=200)
    source: str | None = Field(default=None, max_length=200)
    municipal_year: int | None = Field(default=None, ge=1974, le=2999)
    timing_note: TimingNote | None = None
    exempt_paragraph: int | None = Field(default=None, ge=1, le=7)
    lead_officer_ids: list[int] | None = None
    # Named so that sending them gets a message saying how, not "extra input".
    state: SkipJsonSchema[Any] = Field(default=None, exclude=True)
    meeting_id: SkipJsonSchema[Any] = Field(default=None, exclude=True)

    @field_validator("state", "meeting_id", mode="before")
    @classmethod
    def _moves_by_events(cls, _value: Any) -> None:
        raise ValueError(_MOVES_BY_EVENTS)


class EntryPublic(SQLModel):
    id: int
    committee: str
    municipal_year: int
    title: str
    detail: str | None = Field(
        description="Null where the entry is private and you may not see it."
    )
    lead: str
    cabinet_member: str
    lead_officers: list[PersonPublic]
    source: str
    state: EntryState
    meeting: MeetingRef | None
    timing_note: TimingNote | None
    private: bool
    exempt_paragraph: int | None


class PaperVersionPublic(SQLModel):
    number: int
    title: str
    filename: str | None
    url: str | None
    size: int | None
    submitted_at: LondonDateTimeOut
    submitted_by: str | None


class PaperPublic(SQLModel):
    kind: str
    status: str
    versions: list[PaperVersionPublic]


class EntryDetail(EntryPublic):
    resolution: str | None = Field(
        description="Null where the entry is private and you may not see it."
    )
    papers: list[PaperPublic] | None = Field(
        description="The entry's papers, for its governance and lead officers; null for others."
    )
    allowed_events: list[str] = Field(description="The events you may fire on this entry now.")


class HistoryRow(SQLModel):
    event: str
    from_state: str | None
    to_state: str
    actor: str = Field(description='The person who acted, or "system".')
    at: LondonDateTimeOut
    reason: str | None
    meeting_id: int | None
    paper_kind: str | None
