"""Committees: each with its usual venue, time, clerk and paper deadline settings."""

from datetime import datetime, time
from enum import StrEnum

from sqlalchemy import CheckConstraint, String, Text, Time
from sqlmodel import Field, SQLModel

from committee.fields import AwareDateTime, check_in
from committee.timeutil import utcnow


class LateItemNumbering(StrEnum):
    """How an item added to a published agenda is numbered, never moving a published number."""

    LETTER = "letter"  # a letter after the item it follows: 6A, 6B
    NEXT = "next"  # the next number after the highest on the agenda


class Committee(SQLModel, table=True):
    __tablename__ = "committees"
    __table_args__ = (
        CheckConstraint("length(slug) > 0", name="slug_not_empty"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("usual_duration_minutes > 0", name="usual_duration_positive"),
        CheckConstraint(
            "draft_days >= 0 AND final_days >= 0 AND window_days >= 0",
            name="deadline_days_not_negative",
        ),
        CheckConstraint("final_days <= draft_days", name="final_not_before_draft"),
        CheckConstraint("deadline_revision >= 0", name="deadline_revision_not_negative"),
        CheckConstraint(
            check_in("late_item_numbering", LateItemNumbering), name="late_item_numbering_known"
        ),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    slug: str = Field(sa_type=String(80), unique=True)
    name: str = Field(sa_type=String(200))
    usual_venue: str = Field(default="", sa_type=String(200))
    usual_start_time: time = Field(default=time(14, 0), sa_type=Time)
    usual_duration_minutes: int = 150
    # The clerk named on the agenda frontsheet; permissions come from role grants.
    governance_officer_id: int | None = Field(
        default=None, foreign_key="people.id", ondelete="SET NULL"
    )
    # Paper deadlines, in working days before agenda publication (see committee.deadlines.calendar).
    draft_days: int = 5
    final_days: int = 2
    window_days: int = 10  # the paper window opens this many working days before the draft deadline
    deadline_time: time = Field(default=time(10, 0), sa_type=Time)
    # When its deadline settings, or the council's closure days, last changed, and
    # how often: calendar feeds show deadlines, so their DTSTAMP, Last-Modified and
    # SEQUENCE must move with them.
    deadlines_changed_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    deadline_revision: int = 0
    # How an item added after the agenda went out is numbered: numbers once published never move.
    late_item_numbering: str = Field(default=LateItemNumbering.LETTER.value, sa_type=String(20))
    # The frontsheet: the telephone in its notes and contacts (else the council's), notes of
    # its own after the standard two (one a paragraph), and which standard items carry a
    # paper this service writes: the Minutes item the previous meeting's published minutes,
    # the Work Programme item the committee's programme as its page prints it.
    contact_telephone: str = Field(default="", sa_type=String(100))
    frontsheet_notes: str = Field(default="", sa_type=Text)
    minutes_in_pack: bool = True
    programme_in_pack: bool = True
    # The papers a new entry's item needs, unless it says otherwise ("briefing_note,report").
    papers_needed: str = Field(default="briefing_note", sa_type=String(100))
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)


class Council(SQLModel, table=True):
    """The council's own details, printed on every frontsheet and pack: one row, or none yet."""

    __tablename__ = "council"
    __table_args__ = (CheckConstraint("id = 1", name="one_council"),)

    id: int = Field(default=1, primary_key=True)
    name: str = Field(default="", sa_type=String(200))  # "Coventry City Council"
    # The proper officer who signs the agenda: "Martin Yardley, Executive Director, Place,
    # Council House Coventry".
    proper_officer: str = Field(default="", sa_type=String(300))
    address: str = Field(default="", sa_type=String(300))  # where Governance Services are
    telephone: str = Field(default="", sa_type=String(100))
    website: str = Field(default="", sa_type=String(300))
    accessibility_notice: str = Field(default="", sa_type=Text)  # a hearing loop, BSL, formats
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
