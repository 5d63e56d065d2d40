"""Work programme entries: the topics a committee means to look at in a municipal year, and their history."""

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
from committee.papers.models import PaperKind, kinds_from
from committee.people.models import Change
from committee.timeutil import utcnow
from workflows.entry import STATES_WITH_MEETING, EntryState


class TimingNote(StrEnum):
    """Why an entry has no meeting yet, as work programmes say it."""

    TO_BE_DETERMINED = "to_be_determined"
    NEXT_MUNICIPAL_YEAR = "next_municipal_year"


TIMING_NOTE_LABELS = {
    TimingNote.TO_BE_DETERMINED: "Date to be determined",
    TimingNote.NEXT_MUNICIPAL_YEAR: "Next municipal year",
}

#: Schedule 12A to the Local Government Act 1972: why business may be taken in private.
EXEMPT_PARAGRAPH_LABELS = {
    1: "Information relating to any individual",
    2: "Information likely to reveal the identity of an individual",
    3: "Financial or business affairs of any particular person",
    4: "Consultations or negotiations on a labour relations matter",
    5: "Legal professional privilege",
    6: "Notices, orders or directions the authority proposes to give or make",
    7: "The prevention, investigation or prosecution of crime",
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
            check_within("exempt_paragraph", EXEMPT_PARAGRAPHS, nullable=True),
            name="exempt_paragraph_in_schedule_12a",
        ),
        CheckConstraint(
            f"timing_note IS NULL OR {check_in('timing_note', TimingNote)}",
            name="timing_note_known",
        ),
        CheckConstraint(
            check_within("municipal_year", MUNICIPAL_YEARS), name="municipal_year_plausible"
        ),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("version > 0", name="version_positive"),
        Index("ix_work_programme_entries_committee_year", "committee_id", "municipal_year"),
        Index("ix_work_programme_entries_meeting", "meeting_id"),
        Index("ix_work_programme_entries_state", "state"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
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
    # The papers its item needs ("briefing_note,report"; "" none): asked for, and ready when
    # every one is cleared. New entries take their committee's setting.
    papers_needed: str = Field(default="briefing_note", sa_type=String(100))
    # Bumped by every UPDATE; a concurrent change of the same row fails
    # instead of silently overwriting the winner.
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return versioned(cls)

    @property
    def is_private(self) -> bool:
        return self.exempt_paragraph is not None

    @property
    def needed_kinds(self) -> list[PaperKind]:
        return kinds_from(self.papers_needed)


class EntryLeadOfficer(SQLModel, table=True):
    """A known person named as a lead officer of an entry."""

    __tablename__ = "entry_lead_officers"

    entry_id: int = Field(
        foreign_key="work_programme_entries.id", primary_key=True, ondelete="CASCADE"
    )
    person_id: int = Field(
        foreign_key="people.id", primary_key=True, index=True, ondelete="CASCADE"
    )


class StateChange(Change, table=True):
    """One change of an entry's state: who, when, from, to, why (committee.people.models.Change)."""

    __tablename__ = "state_changes"
    __table_args__ = (Index("ix_state_changes_entry_at", "entry_id", "at"),)

    entry_id: int = Field(foreign_key="work_programme_entries.id", ondelete="CASCADE")
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id", ondelete="SET NULL")
    # Set for submit_paper and clear_paper: the paper's own history.
    paper_id: int | None = Field(default=None, foreign_key="papers.id", ondelete="SET NULL")
