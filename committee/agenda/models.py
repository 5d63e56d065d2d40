"""A meeting's agenda as the council publishes it: its state, its history, and its packs.

Which items it holds, in order, is the meeting's (committee.meetings.models.
AgendaItem); when each item and its paper were published is kept on the item.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, LargeBinary, String, Text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from committee.fields import AwareDateTime, check_in
from committee.timeutil import utcnow
from workflows.agenda import AgendaState


class Agenda(SQLModel, table=True):
    """One per meeting; a meeting without a row has a draft agenda."""

    __tablename__ = "agendas"
    __table_args__ = (
        CheckConstraint(check_in("state", AgendaState), name="state_known"),
        CheckConstraint("supplements >= 0", name="supplements_not_negative"),
        CheckConstraint("version > 0", name="version_positive"),
    )

    meeting_id: int = Field(foreign_key="meetings.id", primary_key=True, ondelete="CASCADE")
    state: str = Field(default=AgendaState.DRAFT.value, sa_type=String(20))
    published_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    # How many supplements followed the agenda: each is an edition of the pack.
    supplements: int = 0
    # Why it came out after its statutory publication day, for governance to see.
    late_reason: str = Field(default="", sa_type=Text)
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class AgendaChange(SQLModel, table=True):
    """One change of an agenda's state: who, when, from, to, why."""

    __tablename__ = "agenda_changes"
    __table_args__ = (Index("ix_agenda_changes_meeting_at", "meeting_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    event: str = Field(sa_type=String(30))
    from_state: str | None = Field(default=None, sa_type=String(20))
    to_state: str = Field(sa_type=String(20))
    actor_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    reason: str = Field(default="", sa_type=Text)


class AgendaPack(SQLModel, table=True):
    """The agenda pack as one PDF: the frontsheet, then the papers, numbered throughout.

    Built when first asked for after a publication, and kept until the next
    (a supplement) replaces it. The public pack holds the public papers; the
    members' pack holds the private ones too.
    """

    __tablename__ = "agenda_packs"
    __table_args__ = (
        Index("uq_agenda_packs_meeting_private", "meeting_id", "private", unique=True),
        CheckConstraint("pages > 0", name="pages_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    private: bool = False
    edition: int  # 0 for the agenda, n for its n-th supplement
    pages: int
    # Where each paper is, as JSON: {"<paper version id>": [first page, last page]}.
    page_ranges: str = Field(default="{}", sa_type=Text)
    # Papers that could not be put in (damaged, or not convertible), as JSON: [version ids].
    left_out: str = Field(default="{}", sa_type=Text)  # JSON: version id -> why it is not in
    content: bytes = Field(sa_type=LargeBinary)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
