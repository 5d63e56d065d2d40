"""Agenda items: what a meeting takes, in order."""

from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlmodel import Field, SQLModel

from committee.models.base import check_in
from committee.models.papers import PaperKind


class AgendaItemKind(StrEnum):
    APOLOGIES = "apologies"
    DECLARATIONS = "declarations"
    MINUTES = "minutes"
    BUSINESS = "business"  # an item from the work programme, or taken directly
    WORK_PROGRAMME = "work_programme"
    OTHER_BUSINESS = "other_business"


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_items"
    __table_args__ = (
        CheckConstraint(check_in("kind", AgendaItemKind), name="kind_known"),
        CheckConstraint(
            f"paper_kind IS NULL OR {check_in('paper_kind', PaperKind)}", name="paper_kind_known"
        ),
        CheckConstraint(
            "exempt_paragraph IS NULL OR exempt_paragraph BETWEEN 1 AND 7",
            name="exempt_paragraph_in_schedule_12a",
        ),
        CheckConstraint("position >= 0", name="position_not_negative"),
        Index("ix_agenda_items_meeting_position", "meeting_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    # One agenda item per entry: deferring moves the item with its paper and history.
    entry_id: int | None = Field(
        default=None, foreign_key="work_programme_entries.id", unique=True, ondelete="SET NULL"
    )
    kind: str = Field(default=AgendaItemKind.BUSINESS, sa_type=String(20))
    position: int
    number: str = Field(default="", sa_type=String(10))
    title: str = Field(sa_type=String(300))
    description: str = Field(default="", sa_type=Text)
    paper_title: str = Field(default="", sa_type=String(300))
    paper_kind: str | None = Field(default=None, sa_type=String(20))
    # Set when the item is exempt under Schedule 12A and taken in private.
    exempt_paragraph: int | None = None

    @property
    def is_private(self) -> bool:
        return self.exempt_paragraph is not None
