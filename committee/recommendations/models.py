"""Recommendations: the board's to the executive, and a report's own it monitors, each tracked
until answered and implemented."""

from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from committee.fields import EXEMPT_PARAGRAPHS, check_in, check_within, versioned
from committee.people.models import Change
from workflows.recommendation import Answer, RecommendationState


class Recommendation(SQLModel, table=True):
    """A recommendation tracked until answered and implemented."""

    __tablename__ = "recommendations"
    __table_args__ = (
        CheckConstraint(check_in("state", RecommendationState), name="state_known"),
        CheckConstraint(f"answer IS NULL OR {check_in('answer', Answer)}", name="answer_known"),
        CheckConstraint("response_due >= sent_on", name="due_after_sent"),
        CheckConstraint("version > 0", name="version_positive"),
        Index("ix_recommendations_committee_state", "committee_id", "state"),
        Index("ix_recommendations_state_due", "state", "response_due"),
        CheckConstraint(
            check_within("exempt_paragraph", EXEMPT_PARAGRAPHS, nullable=True),
            name="exempt_paragraph_in_schedule_12a",
        ),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    committee_id: int = Field(foreign_key="committees.id", ondelete="CASCADE")
    # The board's own (from a resolution), or a report's (on a work programme entry).
    resolution_id: int | None = Field(
        default=None, foreign_key="resolutions.id", unique=True, ondelete="SET NULL"
    )
    entry_id: int | None = Field(
        default=None, foreign_key="work_programme_entries.id", index=True, ondelete="SET NULL"
    )
    to_whom: str = Field(sa_type=String(300))
    # Who owes the response, where they have an account: they are reminded when it falls due.
    owner_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    text: str = Field(sa_type=Text)
    source: str = Field(default="", sa_type=String(200))  # "Meeting 19 July 2018 (Minute 13/18)"
    # Where it was made: the meeting, and the exempt paragraph of its minute if it was made in
    # private (None for a report's own, whose privacy is its entry's, read as it is now).
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id", ondelete="SET NULL")
    exempt_paragraph: int | None = None
    state: str = Field(default=RecommendationState.SENT, sa_type=String(20))
    sent_on: date
    response_due: date
    answer: str | None = Field(default=None, sa_type=String(20))
    response: str = Field(default="", sa_type=Text)
    answered_on: date | None = None
    implemented_on: date | None = None
    version: int = 1

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return versioned(cls)


class RecommendationChange(Change, table=True):
    """One change of a recommendation: who, when, from, to, and as its reason the response's
    words (committee.people.models.Change)."""

    __tablename__ = "recommendation_changes"
    __table_args__ = (Index("ix_recommendation_changes_at", "recommendation_id", "at"),)

    recommendation_id: int = Field(foreign_key="recommendations.id", ondelete="CASCADE")
