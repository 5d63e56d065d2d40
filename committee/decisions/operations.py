"""Change the executive's forward plan and decisions; each change through its table, with history.

Who may do what: the forward plan and the decision records are kept by the
governance officers of the executive (the Cabinet's committee) and by
administrators; a call-in is made by members of the scrutiny board (its chair
alone, or the constitution's number of members together) and resolved by the
board's governance officers. Every function flushes, never commits.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select
from transitions import EventData, MachineError

from committee.committees.models import Committee
from committee.db import base_url_of
from committee.deadlines.queries import working_calendar
from committee.decisions.clocks import (
    ROUTE_WORDS,
    Route,
    call_in_meeting_by,
    call_in_period_ends,
    too_early,
)
from committee.decisions.models import (
    CallIn,
    CallInRequest,
    Decision,
    DecisionChange,
    DecisionMaker,
    DecisionRules,
    KeyDecisionNotice,
    MakerKind,
    NoticeChange,
    NoticeScrutiny,
)
from committee.decisions.queries import (
    board_members,
    call_in_committee_of,
    call_in_requests,
    chair_of,
    executive_committee_ids,
    keeps_the_plan,
    lead_officers_of,
    rules_of,
    seat_on,
)
from committee.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from committee.fields import EXEMPT_PARAGRAPHS
from committee.formatting import long_date
from committee.meetings.models import Meeting, MeetingStatus
from committee.notifications.compose import render_email
from committee.notifications.models import MessageKind
from committee.notifications.outbox import Slot, enqueue
from committee.people.actors import SYSTEM, Actor, SystemActor
from committee.people.models import MembershipRole, Person
from committee.people.operations import record_move
from committee.people.permissions import clerks_by_committee, is_admin, require_governance
from committee.timeutil import london_datetime, municipal_year_of, today_in_london, utcnow
from committee.work_programme.lifecycle import fire_event
from committee.work_programme.models import WorkProgrammeEntry
from committee.work_programme.operations import EntryDraft, new_entry
from committee.work_programme.schemas import EventInput
from workflows.decision import (
    DECISION_EVENTS,
    NOTICE_EVENTS,
    DecisionState,
    NoticeState,
    fire_decision,
    fire_notice,
)
from workflows.table import Move

KEEP_THE_PLAN = "keep the forward plan and record executive decisions"
RESOLVE_CALL_INS = "record the board's resolution on a call-in"
SCRUTINISE_DECISIONS = "put a key decision on its work programme"


def _send(
    session: Session,
    *,
    key: str,
    kind: MessageKind,
    template: str,
    subject: str,
    to: list[Person],
    committee_id: int | None,
    **context: object,
) -> None:
    """Queue one message to these people (those with an address), sent after the commit."""
    addresses = sorted({person.email for person in to if person.email})
    if not addresses:
        return
    rendered = render_email("committee.decisions", template, subject, **context)
    slot = Slot(key=key, kind=kind, due_at=utcnow(), committee_id=committee_id)
    enqueue(session, slot, stale_at=None, rendered=rendered, to=addresses)


def _maker_person(session: Session, maker: DecisionMaker) -> list[Person]:
    person = session.get(Person, maker.person_id) if maker.person_id else None
    return [person] if person is not None else []


def _tell_of_call_in(
    session: Session,
    decision: Decision,
    board: Committee,
    *,
    kind: MessageKind,
    subject: str,
    also: list[Person],
    on: date,
    **context: object,
) -> None:
    """Tell the people a call-in concerns (and `also` these) of one of its steps, once."""
    maker = session.get(DecisionMaker, decision.decision_maker_id)
    assert maker is not None  # the foreign key holds it
    _send(
        session,
        key=f"{kind.value}:{decision.id}",
        kind=kind,
        template=kind.value,
        subject=f"{subject}: {decision.title}",
        to=[*_concerned(session, decision, maker, board, on), *also],
        committee_id=board.id,
        decision=decision,
        maker=maker,
        board=board,
        private=decision.exempt_paragraph is not None,
        link=f"{base_url_of(session)}/decisions/{decision.id}",
        **context,
    )


def _concerned(
    session: Session, decision: Decision, maker: DecisionMaker, board: Committee, day: date
) -> list[Person]:
    """Whom each step of a call-in reaches: the decision maker, the lead officer, the board."""
    return [
        *_maker_person(session, maker),
        *lead_officers_of(session, decision),
        *board_members(session, board.id, day),
    ]


EXCEPTION_NAMES = {
    Route.GENERAL_EXCEPTION: "general exception",
    Route.SPECIAL_URGENCY: "special urgency",
}


class DecisionRefused(Conflict):
    """The notice or decision cannot move so now; the message says why, and what would do."""


def _call_in_board(session: Session, decision: Decision) -> Committee:
    committee = call_in_committee_of(session, decision)
    if committee is None:
        raise DecisionRefused(
            "No scrutiny board takes call-ins yet: an administrator names one in the call-in rules."
        )
    return committee


def _moment(on: date) -> datetime:
    """When a change on `on` happened, for its history: now, or noon of a day recorded after
    the fact (a past decision entered later, the demo's 2016)."""
    now = utcnow()
    return now if on >= today_in_london() else london_datetime(on, time(12, 0))


def _write_move(
    session: Session,
    changed: KeyDecisionNotice | Decision,
    history: type[NoticeChange] | type[DecisionChange],
    moved: Move | None,
    refusals: list[str],
    *,
    actor: Actor,
    on: date,
    reason: str,
    what: str,
    **about: int,
) -> None:
    """Refuse with the machine's reasons, or write the move: the row, guarded by its version,
    and its history (the unit of work writes the row first, so a concurrent change fails
    before any history is written)."""
    if moved is None:
        raise DecisionRefused(" ".join(refusals))
    changed.updated_at = utcnow()
    record_move(
        session, history, moved, actor=actor, at=_moment(on), reason=reason.strip(), **about
    )
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(
            f"Someone else changed this {what} at the same moment: read it again."
        ) from None


def _require_keeper(session: Session, actor: Actor) -> None:
    if not keeps_the_plan(session, actor):
        raise PermissionDenied(
            f"Only the executive's governance officers may {KEEP_THE_PLAN}; "
            f"{actor.name} is not one."
        )


def add_decision_maker(
    session: Session,
    *,
    actor: Actor,
    name: str,
    kind: str,
    portfolio: str = "",
    committee: Committee | None = None,
    person: Person | None = None,
) -> DecisionMaker:
    """Add who takes executive decisions; the Cabinet decides through a committee's meetings."""
    if not is_admin(session, actor):
        raise PermissionDenied(
            f"Only administrators may add decision makers; {actor.name} is not one."
        )
    name = name.strip()
    if not name:
        raise InvalidInput("name", "it is needed")
    if kind not in (MakerKind.EXECUTIVE, MakerKind.CABINET_MEMBER, MakerKind.OFFICER):
        raise InvalidInput("kind", "say whether it is the Cabinet, a cabinet member or an officer")
    if kind == MakerKind.EXECUTIVE and committee is None:
        raise InvalidInput("committee", "the Cabinet decides at its meetings: name its committee")
    if session.exec(select(DecisionMaker.id).where(DecisionMaker.name == name)).first():
        raise Conflict(f"A decision maker is already called {name!r}: choose another name.")
    maker = DecisionMaker(
        name=name,
        kind=kind,
        portfolio=portfolio.strip(),
        committee_id=committee.id if committee else None,
        person_id=person.id if person else None,
    )
    session.add(maker)
    session.flush()
    return maker


def set_call_in_rules(
    session: Session,
    *,
    actor: Actor,
    call_in_working_days: int,
    call_in_members_needed: int,
    call_in_meeting_working_days: int,
    call_in_committee: Committee | None,
) -> DecisionRules:
    """Set the constitution's call-in rules (administrators)."""
    if not is_admin(session, actor):
        raise PermissionDenied(
            f"Only administrators may change the call-in rules; {actor.name} is not one."
        )
    for name, value, most in (
        ("call_in_working_days", call_in_working_days, 30),
        ("call_in_members_needed", call_in_members_needed, 50),
        ("call_in_meeting_working_days", call_in_meeting_working_days, 60),
    ):
        if not 1 <= value <= most:
            raise InvalidInput(name, f"give a whole number from 1 to {most}")
    rules = session.get(DecisionRules, 1)
    if rules is None:
        rules = DecisionRules()
        session.add(rules)
    rules.call_in_working_days = call_in_working_days
    rules.call_in_members_needed = call_in_members_needed
    rules.call_in_meeting_working_days = call_in_meeting_working_days
    rules.call_in_committee_id = call_in_committee.id if call_in_committee else None
    session.flush()
    return rules


# The forward plan's notices.


def draft_notice(
    session: Session,
    *,
    actor: Actor,
    decision_maker: DecisionMaker,
    matter: str,
    decision_due: date,
    summary: str = "",
    documents: str = "",
    representations: str = "",
    lead_officer: str = "",
    exempt_paragraph: int | None = None,
    private_reason: str = "",
    route: Route = Route.FORWARD_PLAN,
    exception_reason: str = "",
    urgency_agreed_on: date | None = None,
    urgency_agreed_by: str = "",
    scrutiny_committee: Committee | None = None,
    drafted_on: date | None = None,
) -> KeyDecisionNotice:
    """Draft a key decision notice; nothing is public until it is published. `drafted_on`
    records one drafted before today (a past notice entered later)."""
    _require_keeper(session, actor)
    matter = matter.strip()
    if not matter:
        raise InvalidInput("matter", "say what the decision is about")
    if exempt_paragraph is not None:
        if exempt_paragraph not in EXEMPT_PARAGRAPHS:
            raise InvalidInput("exempt_paragraph", "give a paragraph of Schedule 12A, 1 to 7")
        if not private_reason.strip():
            raise InvalidInput(
                "private_reason", "say why it will be taken in private: the notice publishes it"
            )
    if route != Route.FORWARD_PLAN and not exception_reason.strip():
        raise InvalidInput(
            "exception_reason",
            "say why 28 days' notice is impracticable (or why it cannot wait): it is published",
        )
    if route == Route.SPECIAL_URGENCY and (urgency_agreed_on is None or not urgency_agreed_by):
        raise InvalidInput(
            "urgency_agreed_by",
            "special urgency needs the scrutiny chair's agreement: who agreed, and when",
        )
    notice = KeyDecisionNotice(
        matter=matter,
        summary=summary.strip(),
        decision_maker_id=decision_maker.id,
        decision_due=decision_due,
        documents=documents.strip(),
        representations=representations.strip(),
        lead_officer=lead_officer.strip(),
        exempt_paragraph=exempt_paragraph,
        private_reason=private_reason.strip(),
        route=route.value,
        exception_reason=exception_reason.strip(),
        urgency_agreed_on=urgency_agreed_on,
        urgency_agreed_by=urgency_agreed_by.strip(),
        scrutiny_committee_id=scrutiny_committee.id if scrutiny_committee else None,
    )
    session.add(notice)
    session.flush()
    record_move(
        session,
        NoticeChange,
        Move("draft", None, notice.state),
        actor=actor,
        at=_moment(drafted_on or today_in_london()),
        notice_id=notice.id,
    )
    return notice


class _NoticeTransition:
    """The model the notice table fires on: one notice, one event's input."""

    def __init__(self, notice: KeyDecisionNotice, *, on: date, new_date: date | None) -> None:
        self.notice = notice
        self.on = on
        self.new_date = new_date
        self.refusals: list[str] = []

    @property
    def state(self) -> str:
        return self.notice.state

    @state.setter
    def state(self, value: str) -> None:
        self.notice.state = value

    def later_date_given(self, _event: EventData | None) -> bool:
        if self.new_date is None or self.new_date <= self.notice.decision_due:
            self.refusals.append(
                f"Give a new date after {long_date(self.notice.decision_due)}, the date it has now."
            )
            return False
        return True

    def decision_is_lawful_now(self, _event: EventData | None) -> bool:
        lawful = self.notice.lawful_from
        assert lawful is not None  # published: the table decides only from there
        if self.on < lawful:
            self.refusals.append(too_early(Route(self.notice.route), lawful))
            return False
        return True

    def stamp_publication(self, _event: EventData | None) -> None:
        # A notice published again keeps the day it first went out: the 28 days run from it.
        self.notice.first_published_on = self.notice.first_published_on or self.on

    def move_decision_date(self, _event: EventData | None) -> None:
        assert self.new_date is not None  # later_date_given
        self.notice.decision_due = self.new_date


def _move_notice(
    session: Session,
    *,
    actor: Actor,
    notice: KeyDecisionNotice,
    event: str,
    on: date,
    reason: str = "",
    new_date: date | None = None,
) -> KeyDecisionNotice:
    transition = _NoticeTransition(notice, on=on, new_date=new_date)
    before = notice.state
    try:
        moved = fire_notice(transition, event)
    except MachineError:
        moved = None
        transition.refusals.append(
            f"“{NOTICE_EVENTS[event].label}” cannot happen to a notice that is "
            f"{before.replace('_', ' ')}."
        )
    _write_move(
        session,
        notice,
        NoticeChange,
        moved,
        transition.refusals,
        actor=actor,
        on=on,
        reason=reason,
        what="notice",
        notice_id=notice.id,
    )
    return notice


def publish_notice(
    session: Session, *, actor: Actor, notice: KeyDecisionNotice, on: date | None = None
) -> KeyDecisionNotice:
    """Publish the notice on the forward plan (today, unless `on` records an earlier day)."""
    _require_keeper(session, actor)
    _move_notice(session, actor=actor, notice=notice, event="publish", on=on or today_in_london())
    if notice.route != Route.FORWARD_PLAN:
        _tell_the_scrutiny_chair(session, notice)
    return notice


def _tell_the_scrutiny_chair(session: Session, notice: KeyDecisionNotice) -> None:
    """Reg. 10: a key decision under an exception is notified to the relevant scrutiny chair."""
    board_id = notice.scrutiny_committee_id or rules_of(session).call_in_committee_id
    board = session.get(Committee, board_id) if board_id else None
    maker = session.get(DecisionMaker, notice.decision_maker_id)
    assert maker is not None  # the foreign key holds it
    chair = chair_of(session, board.id, today_in_london()) if board else None
    if board is None or chair is None:
        return
    _send(
        session,
        key=f"exception_notice:{notice.id}",
        kind=MessageKind.EXCEPTION_NOTICE,
        template="exception_notice",
        subject=f"Key decision under {EXCEPTION_NAMES[Route(notice.route)]}: {notice.matter}",
        to=[chair, *clerks_by_committee(session).get(board.id, [])],
        committee_id=board.id,
        notice=notice,
        maker=maker,
        chair=chair,
        board=board,
        route_words=ROUTE_WORDS[Route(notice.route)],
        lawful_from=notice.lawful_from,
        link=f"{base_url_of(session)}/notices/{notice.id}",
    )


def defer_notice(
    session: Session, *, actor: Actor, notice: KeyDecisionNotice, new_date: date, reason: str
) -> KeyDecisionNotice:
    """Move the expected decision to a later date; the notice keeps its first publication day."""
    _require_keeper(session, actor)
    if not reason.strip():
        raise InvalidInput("reason", "say why the decision is deferred: it is published")
    return _move_notice(
        session,
        actor=actor,
        notice=notice,
        event="defer",
        on=today_in_london(),
        reason=reason,
        new_date=new_date,
    )


def publish_further_notice(
    session: Session,
    *,
    actor: Actor,
    notice: KeyDecisionNotice,
    answer: str,
    on: date | None = None,
) -> KeyDecisionNotice:
    """Publish the further notice a decision taken in private needs (reg. 5(4)): at least five
    clear days before the meeting, answering any representations that the part be in public."""
    _require_keeper(session, actor)
    on = on or today_in_london()
    due = notice.private_notices
    if due is None:
        raise DecisionRefused("It is to be taken in public: no further notice is needed.")
    if notice.state != NoticeState.PUBLISHED:
        raise DecisionRefused("Only a notice on the forward plan, not yet decided, takes one.")
    if notice.further_notice_published_on is not None:
        raise Conflict(
            "Its further notice was published on "
            f"{long_date(notice.further_notice_published_on)}: it is a record, and stays so."
        )
    if on > due.further_notice_by:
        raise DecisionRefused(
            f"The further notice had to go out by {long_date(due.further_notice_by)}, five clear "
            "days before the meeting: the private part may go ahead only if the chair agrees it "
            "is urgent and cannot reasonably be deferred (regulation 5(6)), or the decision is "
            "deferred."
        )
    if not answer.strip():
        raise InvalidInput(
            "further_notice",
            "say what representations were made that it be in public, and the answer to each "
            "(or that none were made)",
        )
    notice.further_notice = answer.strip()
    notice.further_notice_published_on = on
    notice.updated_at = utcnow()
    session.flush()
    return notice


def withdraw_notice(
    session: Session, *, actor: Actor, notice: KeyDecisionNotice, reason: str
) -> KeyDecisionNotice:
    """Withdraw the notice: it stays on the record, marked withdrawn, with the reason."""
    _require_keeper(session, actor)
    if not reason.strip():
        raise InvalidInput("reason", "say why the notice is withdrawn: it is published")
    return _move_notice(
        session, actor=actor, notice=notice, event="withdraw", on=today_in_london(), reason=reason
    )


# Decisions.


def record_decision(
    session: Session,
    *,
    actor: Actor,
    decision_maker: DecisionMaker,
    title: str,
    decided_on: date,
    decision: str,
    reasons: str = "",
    alternatives: str = "",
    interests: str = "",
    notice: KeyDecisionNotice | None = None,
    meeting: Meeting | None = None,
    exempt_paragraph: int | None = None,
    exempt_from_call_in: bool = False,
    urgency_agreed_by: str = "",
) -> Decision:
    """Record an executive decision (reg. 13); a key decision only on or after its lawful day.

    Its notice, if it has one, becomes decided: a decision before the day the notice allows
    is refused (409), naming the day and the routes that would allow it sooner.
    """
    _require_keeper(session, actor)
    if not decision.strip():
        raise InvalidInput("decision", "say what was decided")
    if decided_on > today_in_london():
        raise InvalidInput("decided_on", "that day is still to come: record it once it is taken")
    if exempt_from_call_in and not urgency_agreed_by.strip():
        raise InvalidInput(
            "urgency_agreed_by",
            "an urgent decision is exempt from call-in only with the scrutiny chair's "
            "agreement: say who agreed",
        )
    if notice is not None:
        if notice.decision_maker_id != decision_maker.id:
            raise InvalidInput("notice", "the notice names another decision maker")
        _move_notice(session, actor=actor, notice=notice, event="decide", on=decided_on)
    record = Decision(
        notice_id=notice.id if notice else None,
        decision_maker_id=decision_maker.id,
        meeting_id=meeting.id if meeting else None,
        title=(title or (notice.matter if notice else "")).strip(),
        decided_on=decided_on,
        decision=decision.strip(),
        reasons=reasons.strip(),
        alternatives=alternatives.strip(),
        interests=interests.strip(),
        exempt_paragraph=notice.exempt_paragraph
        if notice and exempt_paragraph is None
        else exempt_paragraph,
        exempt_from_call_in=exempt_from_call_in,
        urgency_agreed_by=urgency_agreed_by.strip(),
    )
    if not record.title:
        raise InvalidInput("title", "say what the decision is about")
    session.add(record)
    session.flush()
    record_move(
        session,
        DecisionChange,
        Move("record", None, record.state),
        actor=actor,
        at=_moment(decided_on),
        decision_id=record.id,
    )
    return record


@dataclass
class _DecisionTransition:
    """The model the decision table fires on: one decision, one event's input."""

    session: Session
    decision: Decision
    actor: Actor
    on: date
    reasons: str = ""
    refusals: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.decision.state

    @state.setter
    def state(self, value: str) -> None:
        self.decision.state = value

    def exempt_from_call_in(self, _event: EventData | None) -> bool:
        return self.decision.exempt_from_call_in

    def within_call_in_period(self, _event: EventData | None) -> bool:
        ends = self.decision.call_in_ends_on
        assert ends is not None  # published
        if self.on > ends:
            self.refusals.append(f"The call-in period ended on {long_date(ends)}.")
            return False
        return True

    def caller_entitled(self, _event: EventData | None) -> bool:
        # Judged by call_in below, which fires the event only once the callers suffice.
        return True

    def call_in_period_over(self, _event: EventData | None) -> bool:
        ends = self.decision.call_in_ends_on
        return ends is not None and self.on > ends

    def stamp_publication(self, _event: EventData | None) -> None:
        self.decision.published_on = self.on
        if not self.decision.exempt_from_call_in:
            rules = rules_of(self.session)
            self.decision.call_in_ends_on = call_in_period_ends(
                working_calendar(self.session), self.on, rules.call_in_working_days
            )

    def open_call_in(self, _event: EventData | None) -> None:
        _open_call_in(self.session, self.decision, self.on)

    def join_call_in(self, _event: EventData | None) -> None:
        """A later request adds its reasons (kept with the request, and in the history)."""

    def close_call_in(self, _event: EventData | None) -> None:
        call_in = _call_in_of(self.session, self.decision)
        call_in.resolution = self.reasons.strip()

    def record_outcome(self, _event: EventData | None) -> None:
        self.decision.outcome = self.reasons.strip()


def _move_decision(
    session: Session, *, actor: Actor, decision: Decision, event: str, on: date, reasons: str = ""
) -> Decision:
    transition = _DecisionTransition(session, decision, actor, on, reasons)
    before = decision.state
    try:
        moved = fire_decision(transition, event)
    except MachineError:
        moved = None
        transition.refusals.append(_not_now(decision, event, before))
    _write_move(
        session,
        decision,
        DecisionChange,
        moved,
        transition.refusals,
        actor=actor,
        on=on,
        reason=reasons,
        what="decision",
        decision_id=decision.id,
    )
    return decision


def _not_now(decision: Decision, event: str, state: str) -> str:
    if event == "call_in":
        if decision.exempt_from_call_in:
            return (
                "This decision was urgent and is exempt from call-in, with the agreement of "
                f"{decision.urgency_agreed_by}."
            )
        if state == DecisionState.RECORDED:
            return "Its decision notice has not been published yet."
        if decision.call_in_ends_on is not None:
            return f"The call-in period ended on {long_date(decision.call_in_ends_on)}."
    return f"“{DECISION_EVENTS[event].label}” cannot happen to a decision now."


def publish_decision(
    session: Session, *, actor: Actor, decision: Decision, on: date | None = None
) -> Decision:
    """Publish the decision notice; the call-in period starts (unless exempt from call-in)."""
    _require_keeper(session, actor)
    return _move_decision(
        session, actor=actor, decision=decision, event="publish", on=on or today_in_london()
    )


@dataclass(frozen=True)
class CallInAnswer:
    """What a member's request did: called the decision in, or waits for more members."""

    decision: Decision
    called_in: bool
    more_needed: int  # members still to ask before it is called in (0 once it is)


def call_in(
    session: Session, *, actor: Person, decision: Decision, reasons: str, on: date | None = None
) -> CallInAnswer:
    """A member of the scrutiny board asks to call the decision in, with their reasons.

    The board's chair alone, or the constitution's number of its members together, call it
    in: the decision is held and the call-in goes on the board's work programme. A request
    after that adds its reasons to the one call-in.
    """
    on = on or today_in_london()
    if isinstance(actor, SystemActor):
        raise PermissionDenied("Only members of the scrutiny board may call in a decision.")
    if not reasons.strip():
        raise InvalidInput("reasons", "give the reasons for calling it in")
    if decision.exempt_from_call_in or decision.state not in (
        DecisionState.CALL_IN_PERIOD,
        DecisionState.CALLED_IN,
    ):
        raise DecisionRefused(_not_now(decision, "call_in", decision.state))
    committee = _call_in_board(session, decision)
    seat = seat_on(session, actor, committee.id, on)
    if seat is None:
        raise PermissionDenied(
            f"Only members of {committee.name} may call in a decision; {actor.name} is not one."
        )
    transition = _DecisionTransition(session, decision, actor, on, reasons)
    if not transition.within_call_in_period(None):
        raise DecisionRefused(" ".join(transition.refusals))
    if session.exec(
        select(CallInRequest.id).where(
            CallInRequest.decision_id == decision.id, CallInRequest.person_id == actor.id
        )
    ).first():
        raise Conflict(f"{actor.name} has already asked to call this decision in.")
    session.add(
        CallInRequest(
            decision_id=decision.id,
            person_id=actor.id,
            as_chair=seat == MembershipRole.CHAIR,
            reasons=reasons.strip(),
            at=utcnow(),
        )
    )
    session.flush()
    requests = session.exec(
        select(CallInRequest).where(CallInRequest.decision_id == decision.id)
    ).all()
    needed = rules_of(session).call_in_members_needed
    enough = any(request.as_chair for request in requests) or len(requests) >= needed
    if decision.state == DecisionState.CALLED_IN or enough:
        _move_decision(
            session, actor=actor, decision=decision, event="call_in", on=on, reasons=reasons
        )
        return CallInAnswer(decision, True, 0)
    return CallInAnswer(decision, False, needed - len(requests))


def _call_in_of(session: Session, decision: Decision) -> CallIn:
    found = session.exec(select(CallIn).where(CallIn.decision_id == decision.id)).first()
    if found is None:
        raise NotFound("This decision has not been called in.")
    return found


def _open_call_in(session: Session, decision: Decision, on: date) -> CallIn:
    """Hold the decision for the board: its call-in goes on the board's work programme, on
    its first meeting within the constitution's time where there is one."""
    committee = _call_in_board(session, decision)
    rules = rules_of(session)
    meet_by = call_in_meeting_by(working_calendar(session), on, rules.call_in_meeting_working_days)
    meeting = session.exec(
        select(Meeting)
        .where(
            Meeting.committee_id == committee.id,
            Meeting.status == MeetingStatus.SCHEDULED.value,
            col(Meeting.start) > utcnow(),
            col(Meeting.start) < london_datetime(meet_by + timedelta(days=1), time(0, 0)),
        )
        .order_by(col(Meeting.start))
    ).first()
    maker = session.get(DecisionMaker, decision.decision_maker_id)
    assert maker is not None  # the foreign key holds it
    entry = new_entry(
        session,
        actor=SYSTEM,
        committee_id=committee.id,
        municipal_year=municipal_year_of(on),
        draft=EntryDraft(
            title=f"Call-in: {decision.title}",
            detail=(
                f"{maker.name}'s decision of {long_date(decision.decided_on)}, called in on "
                f"{long_date(on)}. The board must meet on it by {long_date(meet_by)}."
            ),
            lead=maker.name,
            source="Call-in",
            exempt_paragraph=decision.exempt_paragraph,
            lead_officer_ids=[maker.person_id] if maker.person_id else [],
            # Its papers are the decision notice and its report, published already: nobody
            # is asked for one.
            papers_needed=[],
            reason="Called in.",
        ),
    )
    if meeting is not None:
        fire_event(
            session,
            actor=SYSTEM,
            entry_id=entry.id,
            event="schedule",
            data=EventInput(meeting_id=meeting.id),
        )
    call_in = CallIn(
        decision_id=decision.id,
        committee_id=committee.id,
        called_in_on=on,
        meet_by=meet_by,
        entry_id=entry.id,
    )
    session.add(call_in)
    session.flush()
    requests = call_in_requests(session, decision)
    _tell_of_call_in(
        session,
        decision,
        committee,
        kind=MessageKind.DECISION_CALLED_IN,
        subject="Called in",
        also=clerks_by_committee(session).get(committee.id, []),
        on=on,
        call_in=call_in,
        meeting=meeting,
        callers=" and ".join(name for _, name in requests),
        reasons_given=[request.reasons for request, _ in requests],
    )
    return call_in


def resolve_call_in(
    session: Session, *, actor: Actor, decision: Decision, outcome: str, resolution: str
) -> Decision:
    """Record the board's resolution: no further action, referred back, or to full council."""
    if outcome not in ("no_further_action", "refer_back", "refer_to_council"):
        raise InvalidInput(
            "outcome", "choose no further action, refer back, or refer to full council"
        )
    committee = _call_in_board(session, decision)
    require_governance(session, actor, committee, RESOLVE_CALL_INS)
    if not resolution.strip():
        raise InvalidInput("resolution", "give the board's resolution in its words")
    _move_decision(
        session,
        actor=actor,
        decision=decision,
        event=outcome,
        on=today_in_london(),
        reasons=resolution,
    )
    clerks = clerks_by_committee(session)
    _tell_of_call_in(
        session,
        decision,
        committee,
        kind=MessageKind.CALL_IN_RESOLVED,
        subject="Call-in resolved",
        also=[clerk for c in executive_committee_ids(session) for clerk in clerks.get(c, [])],
        on=today_in_london(),
        call_in=_call_in_of(session, decision),
        outcome_words=DECISION_EVENTS[outcome].label,
    )
    return decision


def record_reconsidered(
    session: Session, *, actor: Actor, decision: Decision, outcome: str
) -> Decision:
    """Record what the decision maker (or full council) decided after a referral."""
    _require_keeper(session, actor)
    if not outcome.strip():
        raise InvalidInput("outcome", "say what was decided in the end")
    event = (
        "council_decides" if decision.state == DecisionState.REFERRED_TO_COUNCIL else "reconsider"
    )
    _move_decision(
        session,
        actor=actor,
        decision=decision,
        event=event,
        on=today_in_london(),
        reasons=outcome,
    )
    board = _call_in_board(session, decision)
    _tell_of_call_in(
        session,
        decision,
        board,
        kind=MessageKind.DECISION_RECONSIDERED,
        subject="Decided after the call-in",
        also=clerks_by_committee(session).get(board.id, []),
        on=today_in_london(),
        by_council=event == "council_decides",
    )
    return decision


def end_call_in_periods(session: Session, *, on: date) -> int:
    """Let decisions whose call-in period is over take effect (the sweep); return how many."""
    due = session.exec(
        select(Decision).where(
            Decision.state == DecisionState.CALL_IN_PERIOD, col(Decision.call_in_ends_on) < on
        )
    ).all()
    for decision in due:
        _move_decision(session, actor=SYSTEM, decision=decision, event="end_call_in_period", on=on)
    return len(due)


def get_decision(session: Session, decision_id: int) -> Decision:
    found = session.get(Decision, decision_id)
    if found is None:
        raise NotFound(f"No decision has the id {decision_id}.")
    return found


def get_notice(session: Session, notice_id: int) -> KeyDecisionNotice:
    found = session.get(KeyDecisionNotice, notice_id)
    if found is None:
        raise NotFound(f"No key decision notice has the id {notice_id}.")
    return found


def scrutinise_before_the_decision(
    session: Session, *, actor: Actor, notice: KeyDecisionNotice, committee: Committee
) -> WorkProgrammeEntry:
    """Put a key decision on a scrutiny board's work programme before it is taken (its
    governance officers): an entry sourced "Forward Plan", linked to the notice both ways."""
    require_governance(session, actor, committee, SCRUTINISE_DECISIONS)
    if notice.state != NoticeState.PUBLISHED:
        raise DecisionRefused(
            "Only a key decision on the forward plan, not yet taken, can be scrutinised first."
        )
    already = session.exec(
        select(NoticeScrutiny.entry_id).where(
            NoticeScrutiny.notice_id == notice.id, NoticeScrutiny.committee_id == committee.id
        )
    ).first()
    if already is not None:
        raise Conflict(f"It is on the work programme of {committee.name} already.")
    maker = session.get(DecisionMaker, notice.decision_maker_id)
    assert maker is not None  # the foreign key holds it
    entry = new_entry(
        session,
        actor=actor,
        committee_id=committee.id,
        municipal_year=municipal_year_of(today_in_london()),
        draft=EntryDraft(
            title=notice.matter,
            detail=(
                f"Pre-decision scrutiny: {maker.name} expects to decide on "
                f"{long_date(notice.decision_due)}."
            ),
            lead=notice.lead_officer,
            source="Forward Plan",
            exempt_paragraph=notice.exempt_paragraph,
        ),
    )
    session.add(NoticeScrutiny(notice_id=notice.id, committee_id=committee.id, entry_id=entry.id))
    session.flush()
    return entry
