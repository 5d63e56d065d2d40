"""Meetings: a committee's sittings."""

from datetime import datetime
from enum import StrEnum
from typing import Self

from pydantic import ConfigDict, model_validator
from sqlalchemy import CheckConstraint, Index, String
from sqlmodel import Field, SQLModel

from committee.models.base import AwareDateTime, LondonDateTimeIn, LondonDateTimeOut, check_in
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
        Index("ix_meetings_committee_start", "committee_id", "start"),
        Index("ix_meetings_start", "start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committees.id", ondelete="CASCADE")
    start: datetime = Field(sa_type=AwareDateTime)
    end: datetime = Field(sa_type=AwareDateTime)
    venue: str = Field(default="", sa_type=String(200))
    status: str = Field(default=MeetingStatus.SCHEDULED, sa_type=String(20))
    # Raised on every change of time, place or status: calendar programs use
    # it (as SEQUENCE) to tell a changed meeting from a stale copy.
    revision: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class MeetingCreate(SQLModel):
    """A new meeting. Times without an offset are London time."""

    model_config = ConfigDict(extra="forbid")

    start: LondonDateTimeIn
    end: LondonDateTimeIn | None = Field(
        default=None, description="Defaults to the committee's usual length after the start."
    )
    venue: str | None = Field(
        default=None, max_length=200, description="Defaults to the committee's usual venue."
    )

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end is not None and self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class MeetingUpdate(SQLModel):
    """Move a meeting, change its venue, cancel or reinstate it."""

    model_config = ConfigDict(extra="forbid")

    start: LondonDateTimeIn | None = None
    end: LondonDateTimeIn | None = None
    venue: str | None = Field(default=None, max_length=200)
    status: MeetingStatus | None = None


class MeetingPublic(SQLModel):
    id: int
    committee: str
    start: LondonDateTimeOut
    end: LondonDateTimeOut
    venue: str
    status: MeetingStatus


class MeetingRef(SQLModel):
    id: int
    start: LondonDateTimeOut
