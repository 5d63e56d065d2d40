"""Personal calendar feeds and who substitutes at a meeting."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String
from sqlmodel import Field, SQLModel

from committee.models.base import AwareDateTime
from committee.timeutil import utcnow


class CalendarToken(SQLModel, table=True):
    """The secret in a person's feed address; one per person, replaced when regenerated.

    The token is derived from `nonce` with the service's SECRET_KEY, so the
    person can be shown it again, while the database alone does not reveal
    it: only its digest is kept for looking the person up.
    """

    __tablename__ = "calendar_tokens"

    person_id: int = Field(foreign_key="people.id", primary_key=True, ondelete="CASCADE")
    nonce: str = Field(sa_type=String(64))
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)


class Substitution(SQLModel, table=True):
    """A member substituting at one meeting (for another member, where known)."""

    __tablename__ = "substitutions"
    __table_args__ = (
        Index("uq_substitutions_meeting_person", "meeting_id", "person_id", unique=True),
        CheckConstraint(
            "replacing_id IS NULL OR replacing_id <> person_id", name="not_for_themselves"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="people.id", index=True, ondelete="CASCADE")
    replacing_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
