"""Committees and who sits on them."""

from datetime import date, datetime, time
from enum import StrEnum

from pydantic import ConfigDict
from sqlalchemy import CheckConstraint, Index, String, Time
from sqlmodel import Field, SQLModel

from committee.models.base import AwareDateTime, check_in
from committee.timeutil import utcnow


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
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_type=String(80), unique=True)
    name: str = Field(sa_type=String(200))
    usual_venue: str = Field(default="", sa_type=String(200))
    usual_start_time: time = Field(default=time(14, 0), sa_type=Time)
    usual_duration_minutes: int = 150
    # The clerk named on the agenda frontsheet; permissions come from role grants.
    governance_officer_id: int | None = Field(
        default=None, foreign_key="people.id", ondelete="SET NULL"
    )
    # Paper deadlines, in working days before agenda publication (see committee.deadlines).
    draft_days: int = 5
    final_days: int = 2
    window_days: int = 10  # the paper window opens this many working days before the draft deadline
    deadline_time: time = Field(default=time(10, 0), sa_type=Time)
    # When its deadline settings, or the council's closure days, last changed:
    # personal calendar feeds show deadlines, so their Last-Modified must move.
    deadlines_changed_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)


class MembershipRole(StrEnum):
    CHAIR = "chair"
    MEMBER = "member"
    CO_OPTED = "co-opted"
    BY_INVITATION = "by-invitation"
    SUBSTITUTE = "substitute"


class Membership(SQLModel, table=True):
    """A person's seat on a committee, from one date to another (or still)."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint(check_in("role", MembershipRole), name="role_known"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        Index("ix_memberships_committee_person", "committee_id", "person_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committees.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="people.id", index=True, ondelete="CASCADE")
    role: str = Field(sa_type=String(20))
    starts_on: date
    ends_on: date | None = None


class CommitteePublic(SQLModel):
    slug: str
    name: str
    usual_venue: str
    usual_start_time: time


class DeadlineSettingsPublic(SQLModel):
    draft_days: int = Field(
        description="Draft to governance services: working days before publication."
    )
    final_days: int = Field(description="Final cleared paper: working days before publication.")
    window_days: int = Field(
        description="The paper window opens this many working days before the draft."
    )
    deadline_time: time = Field(
        description="Papers are due at this time (London) on the deadline days."
    )


class DeadlineSettingsUpdate(SQLModel):
    model_config = ConfigDict(extra="forbid")

    draft_days: int | None = Field(default=None, ge=0, le=60)
    final_days: int | None = Field(default=None, ge=0, le=60)
    window_days: int | None = Field(default=None, ge=0, le=60)
    deadline_time: time | None = None
