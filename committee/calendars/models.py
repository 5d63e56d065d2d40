"""Personal calendar feeds: each person's secret address."""

from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from committee.fields import AwareDateTime
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
