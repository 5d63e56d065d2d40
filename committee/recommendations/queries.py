"""Read recommendations: a committee's, one with its history, and who may read each."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from committee.errors import NotFound
from committee.people.models import Person
from committee.people.queries import history_rows
from committee.recommendations.models import Recommendation, RecommendationChange
from committee.visibility.queries import Business, Reader
from committee.work_programme.models import WorkProgrammeEntry
from workflows.recommendation import OPEN_STATES, STATE_LABELS, RecommendationState


@dataclass(frozen=True)
class RecommendationView:
    """A recommendation with what decides who may read it: its entry's privacy as it is now."""

    recommendation: Recommendation
    entry_paragraph: int | None

    @property
    def business(self) -> Business:
        """Private if made in private business, or if the entry it concerns is private now."""
        found = self.recommendation
        paragraph = found.exempt_paragraph
        return Business(
            found.committee_id,
            exempt_paragraph=paragraph if paragraph is not None else self.entry_paragraph,
            meeting_id=found.meeting_id,
            entry_id=found.entry_id,
        )

    @property
    def is_private(self) -> bool:
        return self.business.is_private


def _views(session: Session, *conditions: ColumnElement[bool] | bool) -> list[RecommendationView]:
    rows = session.exec(
        select(Recommendation, WorkProgrammeEntry.exempt_paragraph)
        .outerjoin(WorkProgrammeEntry, col(WorkProgrammeEntry.id) == Recommendation.entry_id)
        .where(*conditions)
        .order_by(col(Recommendation.response_due), col(Recommendation.id))
    )
    return [RecommendationView(found, paragraph) for found, paragraph in rows]


def recommendation_view(session: Session, recommendation_id: int) -> RecommendationView:
    """The recommendation, or NotFound (404)."""
    found = _views(session, col(Recommendation.id) == recommendation_id)
    if not found:
        raise NotFound(f"No recommendation has the number {recommendation_id}.")
    return found[0]


def recommendations_of(
    session: Session, committee_id: int, reader: Reader
) -> list[RecommendationView]:
    """The committee's recommendations the reader may read: open ones first, each by when due."""
    found = [
        view
        for view in _views(session, Recommendation.committee_id == committee_id)
        if reader.may_read(view.business)
    ]
    return sorted(found, key=lambda view: view.recommendation.state not in OPEN_STATES)


def open_recommendations(
    session: Session, committee_id: int, *, sent_before: date, reader: Reader
) -> list[RecommendationView]:
    """The committee's recommendations still awaiting an answer or implementation."""
    return [
        view
        for view in _views(
            session,
            Recommendation.committee_id == committee_id,
            col(Recommendation.state).in_(sorted(OPEN_STATES)),
            col(Recommendation.sent_on) < sent_before,
        )
        if reader.may_read(view.business)
    ]


def history_of_recommendation(
    session: Session, recommendation: Recommendation
) -> list[tuple[RecommendationChange, str]]:
    """Every change of a recommendation, oldest first, with who made it ("system")."""
    return history_rows(
        session,
        RecommendationChange,
        RecommendationChange.recommendation_id == recommendation.id,
    )


def recommendation_status(recommendation: Recommendation, today: date) -> str:
    """Say where a recommendation stands, in words: overdue once its response is late."""
    if recommendation.state == RecommendationState.SENT and recommendation.response_due < today:
        return f"Response overdue (due {recommendation.response_due:%-d %B %Y})"
    return STATE_LABELS[RecommendationState(recommendation.state)]


def sent_at_the_meeting(session: Session, meeting_id: int) -> list[tuple[str, Person | None]]:
    """To whom each recommendation of the meeting's minutes was made, and who owes its
    response (None: nobody was named, so nothing was sent)."""
    return [
        (to_whom, owner)
        for to_whom, owner in session.exec(
            select(Recommendation.to_whom, Person)
            .outerjoin(Person, col(Person.id) == Recommendation.owner_id)
            .where(Recommendation.meeting_id == meeting_id)
            .order_by(col(Recommendation.id))
        )
    ]
