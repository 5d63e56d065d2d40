"""The record of every state change of a work programme entry."""

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlmodel import Field, SQLModel

from committee.models.base import AwareDateTime
from committee.timeutil import utcnow


class StateChange(SQLModel, table=True):
    __tablename__ = "state_changes"
    __table_args__ = (Index("ix_state_changes_entry_at", "entry_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="work_programme_entries.id", ondelete="CASCADE")
    event: str = Field(sa_type=String(30))
    from_state: str | None = Field(default=None, sa_type=String(20))  # None when created
    to_state: str = Field(sa_type=String(20))
    # None is the system (the scheduler); otherwise the person who acted.
    actor_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    reason: str = Field(default="", sa_type=Text)
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id", ondelete="SET NULL")
    # Set for submit_paper and clear_paper: the paper's own history.
    paper_id: int | None = Field(default=None, foreign_key="papers.id", ondelete="SET NULL")
