"""Send and track recommendations: each checks the actor's role and records what changed;
none commits (the request or job does, then mail goes)."""

from datetime import date, datetime

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select
from transitions import EventData, MachineError

from committee.committees.models import Committee
from committee.db import base_url_of
from committee.errors import Conflict, InvalidInput, NotFound
from committee.formatting import long_date
from committee.notifications.compose import render_email
from committee.notifications.models import MessageKind
from committee.notifications.outbox import Slot, enqueue
from committee.people.actors import Actor
from committee.people.models import Person
from committee.people.operations import record_move
from committee.people.permissions import clerks_by_committee, require_governance
from committee.people.queries import find_person_by_email
from committee.recommendations.models import Recommendation, RecommendationChange
from committee.timeutil import add_months, to_london, utcnow
from committee.work_programme.models import WorkProgrammeEntry
from workflows.recommendation import Answer, RecommendationState, fire
from workflows.table import Move

TRACK_RECOMMENDATIONS = "track recommendations"


def owner_for(session: Session, email: str | None) -> Person | None:
    """The person who owes the response, by their address; None when none is given."""
    if not email:
        return None
    person = find_person_by_email(session, email)
    if person is None:
        raise InvalidInput(
            "owner_email", f"nobody has the address {email}: leave it out, or add them first"
        )
    return person


def send_recommendation(
    session: Session,
    *,
    actor: Actor,
    committee_id: int,
    meeting_id: int,
    resolution_id: int,
    entry_id: int | None,
    exempt_paragraph: int | None,
    to_whom: str,
    owner_id: int | None,
    text: str,
    source: str,
    today: date,
    response_months: int,
) -> Recommendation:
    """Send a recommendation the committee resolved (published minutes do): its response is due
    in `response_months`; private if its minute was, or if its entry is."""
    recommendation = Recommendation(
        committee_id=committee_id,
        resolution_id=resolution_id,
        meeting_id=meeting_id,
        entry_id=entry_id,
        exempt_paragraph=exempt_paragraph,
        to_whom=to_whom,
        owner_id=owner_id,
        text=text,
        source=source,
        sent_on=today,
        response_due=add_months(today, response_months),
    )
    session.add(recommendation)
    session.flush()
    _history(session, recommendation, actor, Move("send", None, recommendation.state))
    _tell_the_owner(session, recommendation)
    return recommendation


def _tell_the_owner(session: Session, recommendation: Recommendation) -> None:
    """Send the recommendation to whoever owes its response, through the outbox (after the
    commit). A private one goes without its words: its owner reads them from the clerk."""
    owner = session.get(Person, recommendation.owner_id) if recommendation.owner_id else None
    if owner is None or not owner.email:
        return
    committee = session.get(Committee, recommendation.committee_id)
    assert committee is not None
    rendered = render_email(
        "committee.recommendations",
        "recommendation_sent",
        f"Recommendation of {committee.name}: a response is due by "
        f"{long_date(recommendation.response_due)}",
        recommendation=recommendation,
        committee=committee,
        owner=owner,
        link=f"{base_url_of(session)}/recommendations/{recommendation.id}",
    )
    slot = Slot(
        key=f"recommendation_sent:{recommendation.id}",
        kind=MessageKind.RECOMMENDATION_SENT,
        due_at=utcnow(),
        person_id=owner.id,
        committee_id=recommendation.committee_id,
    )
    enqueue(session, slot, stale_at=None, rendered=rendered, to=[owner.email])


def add_report_recommendation(
    session: Session,
    *,
    actor: Actor,
    entry: WorkProgrammeEntry,
    to_whom: str,
    text: str,
    owner_email: str | None,
    response_due: date | None,
    response_months: int,
) -> Recommendation:
    """Track one of a report's own recommendations (its "Implementation Assurance" table)."""
    committee = session.get(Committee, entry.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, TRACK_RECOMMENDATIONS)
    today = to_london(utcnow()).date()
    due = response_due or add_months(today, response_months)
    if due < today:
        raise InvalidInput("response_due", "a response cannot be due before today")
    owner = owner_for(session, owner_email)
    recommendation = Recommendation(
        committee_id=committee.id,
        entry_id=entry.id,
        to_whom=to_whom,
        owner_id=owner.id if owner else None,
        text=text,
        source=f"Report: {entry.title}",
        sent_on=today,
        response_due=due,
    )
    session.add(recommendation)
    session.flush()
    _history(session, recommendation, actor, Move("send", None, recommendation.state))
    return recommendation


def _history(
    session: Session, recommendation: Recommendation, actor: Actor, move: Move, *, reason: str = ""
) -> None:
    record_move(
        session,
        RecommendationChange,
        move,
        actor=actor,
        at=utcnow(),
        reason=reason,
        recommendation_id=recommendation.id,
    )


class RecommendationRefused(Conflict):
    """The recommendation's lifecycle would not take this event now."""


class _RecommendationTransition:
    """The model the shared machine fires on: one recommendation, one event's input."""

    def __init__(
        self, recommendation: Recommendation, *, answer: Answer | None, response: str, on: date
    ) -> None:
        self.recommendation = recommendation
        self.answer = answer
        self.response = response
        self.on = on
        self.refusals: list[str] = []

    @property
    def state(self) -> str:
        return self.recommendation.state

    @state.setter
    def state(self, value: str) -> None:
        self.recommendation.state = value

    def answer_given(self, _event: EventData) -> bool:
        return self.answer is not None

    def was_accepted(self, _event: EventData) -> bool:
        if self.recommendation.answer == Answer.REJECTED:
            self.refusals.append("It was rejected: there is nothing to implement.")
            return False
        return True

    def record_answer(self, _event: EventData) -> None:
        assert self.answer is not None  # the answer_given guard
        self.recommendation.answer = self.answer.value
        self.recommendation.response = self.response
        self.recommendation.answered_on = self.on

    def record_implementation(self, _event: EventData) -> None:
        self.recommendation.implemented_on = self.on


def _move(
    session: Session,
    *,
    actor: Actor,
    recommendation_id: int,
    event: str,
    version: int | None,
    note: str = "",
    answer: Answer | None = None,
    response: str = "",
    on: date | None = None,
) -> Recommendation:
    recommendation = session.get(Recommendation, recommendation_id)
    if recommendation is None:
        raise NotFound(f"No recommendation has the id {recommendation_id}.")
    committee = session.get(Committee, recommendation.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, TRACK_RECOMMENDATIONS)
    if version is not None and version != recommendation.version:
        raise Conflict(
            "Someone else has changed this recommendation since you read it: read it again."
        )
    today = to_london(utcnow()).date()
    on = on or today
    if on > today:
        raise InvalidInput("date", "that date is still to come: record it once it has happened")
    if on < recommendation.sent_on:
        raise InvalidInput(
            "date",
            f"that is before the recommendation was sent ({recommendation.sent_on:%-d %B %Y})",
        )
    before = recommendation.state
    transition = _RecommendationTransition(recommendation, answer=answer, response=response, on=on)
    try:
        moved = fire(transition, event)
    except MachineError:
        moved = None
        transition.refusals.append(
            f"A recommendation that is {before.replace('_', ' ')} cannot be {'answered' if event == 'answer' else 'implemented'} now."
        )
    if moved is None:
        raise RecommendationRefused(" ".join(transition.refusals))
    _history(session, recommendation, actor, moved, reason=note or response)
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(
            "Someone else changed this recommendation at the same moment: read it again."
        ) from None
    return recommendation


def answer_recommendation(
    session: Session,
    *,
    actor: Actor,
    recommendation_id: int,
    answer: Answer,
    response: str = "",
    answered_on: date | None = None,
    version: int | None = None,
) -> Recommendation:
    """Record the response: accepted, partly accepted or rejected, in its own words."""
    return _move(
        session,
        actor=actor,
        recommendation_id=recommendation_id,
        event="answer",
        version=version,
        answer=answer,
        response=response,
        on=answered_on,
    )


def implement_recommendation(
    session: Session,
    *,
    actor: Actor,
    recommendation_id: int,
    implemented_on: date | None = None,
    note: str = "",
    version: int | None = None,
) -> Recommendation:
    """Record that an accepted recommendation has been implemented."""
    return _move(
        session,
        actor=actor,
        recommendation_id=recommendation_id,
        event="implement",
        version=version,
        note=note,
        on=implemented_on,
    )


def remind_due_recommendations(session: Session, *, now: datetime, base_url: str) -> int:
    """Queue, once each, a reminder for every response falling due today or overdue; return how many.

    To whoever owes it where they have an account, copied to the committee's
    governance officers; to the governance officers alone otherwise.
    """
    today = to_london(now).date()
    due = session.exec(
        select(Recommendation).where(
            Recommendation.state == RecommendationState.SENT,
            col(Recommendation.response_due) <= today,
        )
    ).all()
    if not due:
        return 0
    clerks = clerks_by_committee(session)
    committees = {
        committee.id: committee
        for committee in session.exec(
            select(Committee).where(col(Committee.id).in_({r.committee_id for r in due}))
        )
    }
    owners = {
        person.id: person
        for person in session.exec(
            select(Person).where(col(Person.id).in_({r.owner_id for r in due if r.owner_id}))
        )
    }
    queued = 0
    for recommendation in due:
        committee = committees[recommendation.committee_id]
        owner = owners.get(recommendation.owner_id) if recommendation.owner_id else None
        governance = [p.email for p in clerks.get(recommendation.committee_id, []) if p.email]
        to = [owner.email] if owner and owner.email else governance
        if not to:
            continue
        rendered = render_email(
            "committee.recommendations",
            "recommendation_due",
            f"Response due: recommendation of {committee.name}",
            recommendation=recommendation,
            committee=committee,
            owner=owner,
            link=f"{base_url}/recommendations/{recommendation.id}",
            today=today,
        )
        slot = Slot(
            key=f"recommendation_due:{recommendation.id}:{recommendation.response_due.isoformat()}",
            kind=MessageKind.RECOMMENDATION_DUE,
            due_at=now,
            person_id=owner.id if owner else None,
            committee_id=recommendation.committee_id,
        )
        cc = [address for address in governance if address not in to]
        queued += enqueue(session, slot, stale_at=None, rendered=rendered, to=to, cc=cc)
    return queued
