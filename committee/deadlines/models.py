"""The council's own closure days: days no deadline counts as working days."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, String
from sqlmodel import Field, SQLModel

from committee.fields import AwareDateTime
from committee.timeutil import utcnow


class ClosureDay(SQLModel, table=True):
    """A day the council is closed (between Christmas and New Year, say): not a working day."""

    __tablename__ = "closure_days"
    __table_args__ = (CheckConstraint("length(trim(reason)) > 0", name="reason_given"),)

    day: date = Field(primary_key=True)
    reason: str = Field(sa_type=String(200))
    created_by_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
