"""Read the executive's forward plan, decisions and call-ins, as each reader may see them.

Private business is the one rule of committee.visibility: a notice or decision
taken in private belongs to its decision maker's committee (the Cabinet's,
for a cabinet member or an officer), and whoever that rule lets read it reads
it all; everyone else reads the matter and the paragraph.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from committee.committees.models import Committee
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
from committee.errors import NotFound
from committee.people.actors import Actor
from committee.people.models import Membership, MembershipRole, Person
from committee.people.permissions import governs, is_admin
from committee.people.queries import history_rows
from committee.timeutil import today_in_london
from committee.visibility.queries import Business, Reader
from committee.work_programme.leads import people_named_in
from committee.work_programme.queries import known_people
from workflows.decision import DecisionState, NoticeState

#: Seats whose holders may call a decision in (not co-optees, nor members by invitation).
CALLING_SEATS = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER)
#: How far ahead the forward plan looks, as councils publish it.
PLAN_MONTHS = 4
#: A notice first published this recently is marked new on the plan and in its feed.
NEW_FOR_DAYS = 14


def rules_of(session: Session) -> DecisionRules:
    """The constitution's call-in rules: the row, or the defaults until one is saved."""
    return session.get(DecisionRules, 1) or DecisionRules()


def executive_committee_ids(session: Session) -> list[int]:
    """The committees through which the executive decides (the Cabinet's)."""
    return [
        committee_id
        for committee_id in session.exec(
            select(DecisionMaker.committee_id)
            .where(DecisionMaker.kind == MakerKind.EXECUTIVE)
            .order_by(col(DecisionMaker.id))
        )
        if committee_id is not None
    ]


def keeps_the_plan(session: Session, actor: Actor | None) -> bool:
    """Whether the actor keeps the forward plan: an administrator, or a governance officer of
    a committee through which the executive decides."""
    if actor is None:
        return False
    if is_admin(session, actor):
        return True
    return any(governs(session, actor, c) for c in executive_committee_ids(session))


def reader_keeps_the_plan(session: Session, reader: Reader) -> bool:
    """The same question for a page's reader, answered from what the reader already holds."""
    return reader.sees_everything or any(
        reader.governs(c) for c in executive_committee_ids(session)
    )


def call_in_committee_of(session: Session, decision: Decision) -> Committee | None:
    """The scrutiny board a decision is called in to: its notice's, else the constitution's."""
    committee_id = call_in_committee_ids(session, [decision])[decision.id]
    return session.get(Committee, committee_id) if committee_id else None


def call_in_committee_ids(session: Session, decisions: Sequence[Decision]) -> dict[int, int | None]:
    """Each decision's call-in board by its id, in two queries however many decisions."""
    notice_ids = [d.notice_id for d in decisions if d.notice_id is not None]
    boards = (
        dict(
            session.exec(
                select(KeyDecisionNotice.id, KeyDecisionNotice.scrutiny_committee_id).where(
                    col(KeyDecisionNotice.id).in_(notice_ids)
                )
            ).all()
        )
        if notice_ids
        else {}
    )
    default = rules_of(session).call_in_committee_id
    return {
        d.id: (boards.get(d.notice_id) if d.notice_id is not None else None) or default
        for d in decisions
    }


def _seated(committee_id: int, day: date) -> list[ColumnElement[bool]]:
    """Seats on the committee that day."""
    return [
        col(Membership.committee_id) == committee_id,
        col(Membership.starts_on) <= day,
        col(Membership.ends_on).is_(None) | (col(Membership.ends_on) >= day),
    ]


def board_members(session: Session, committee_id: int, day: date) -> list[Person]:
    """The committee's members seated that day (chair, vice-chair, members), by name."""
    return list(
        session.exec(
            select(Person)
            .join(Membership, col(Membership.person_id) == Person.id)
            .where(
                *_seated(committee_id, day),
                col(Membership.role).in_([role.value for role in CALLING_SEATS]),
            )
            .order_by(col(Person.name))
            .distinct()
        )
    )


def chair_of(session: Session, committee_id: int, day: date) -> Person | None:
    """The committee's chair that day, if it has one."""
    return session.exec(
        select(Person)
        .join(Membership, col(Membership.person_id) == Person.id)
        .where(*_seated(committee_id, day), Membership.role == MembershipRole.CHAIR.value)
    ).first()


def seat_on(session: Session, person: Person, committee_id: int, day: date) -> str | None:
    """The person's seat on the committee that day, if one entitled to call in (the chair's
    first, where they hold more than one)."""
    seats = session.exec(
        select(Membership.role).where(
            *_seated(committee_id, day),
            Membership.person_id == person.id,
            col(Membership.role).in_([role.value for role in CALLING_SEATS]),
        )
    ).all()
    if MembershipRole.CHAIR.value in seats:
        return MembershipRole.CHAIR.value
    return seats[0] if seats else None


def _cabinet_id(session: Session) -> int:
    """The committee a decision maker without one belongs to for the private-business rule."""
    executive = executive_committee_ids(session)
    return executive[0] if executive else 0


def _business(maker: DecisionMaker, exempt_paragraph: int | None, cabinet_id: int) -> Business:
    return Business(maker.committee_id or cabinet_id, exempt_paragraph=exempt_paragraph)


@dataclass(frozen=True)
class NoticeRow:
    """A notice as one reader sees it: its words only if `readable` (or it is public)."""

    notice: KeyDecisionNotice
    maker: DecisionMaker
    readable: bool
    is_new: bool

    @property
    def lawful_from(self) -> date | None:
        return self.notice.lawful_from


def _notice_row(
    notice: KeyDecisionNotice, maker: DecisionMaker, reader: Reader, today: date, cabinet_id: int
) -> NoticeRow:
    return NoticeRow(
        notice,
        maker,
        reader.may_read(_business(maker, notice.exempt_paragraph, cabinet_id)),
        notice.first_published_on is not None
        and notice.first_published_on > today - timedelta(days=NEW_FOR_DAYS),
    )


def forward_plan(
    session: Session, reader: Reader, *, today: date, maker_id: int | None = None
) -> list[NoticeRow]:
    """The published notices of decisions due in the next four months (and any still due from
    before), soonest first; one maker's, or the council's."""
    query = (
        select(KeyDecisionNotice, DecisionMaker)
        .join(DecisionMaker, col(DecisionMaker.id) == KeyDecisionNotice.decision_maker_id)
        .where(
            KeyDecisionNotice.state == NoticeState.PUBLISHED.value,
            col(KeyDecisionNotice.decision_due) <= today + timedelta(days=31 * PLAN_MONTHS),
        )
        .order_by(col(KeyDecisionNotice.decision_due), col(KeyDecisionNotice.id))
    )
    if maker_id is not None:
        query = query.where(KeyDecisionNotice.decision_maker_id == maker_id)
    cabinet_id = _cabinet_id(session)
    return [_notice_row(n, m, reader, today, cabinet_id) for n, m in session.exec(query)]


def notices_for_keepers(session: Session, *, today: date) -> list[NoticeRow]:
    """Every notice not yet decided or withdrawn, drafts included: what the clerk works on."""
    rows = session.exec(
        select(KeyDecisionNotice, DecisionMaker)
        .join(DecisionMaker, col(DecisionMaker.id) == KeyDecisionNotice.decision_maker_id)
        .where(
            col(KeyDecisionNotice.state).in_([NoticeState.DRAFT.value, NoticeState.PUBLISHED.value])
        )
        .order_by(col(KeyDecisionNotice.decision_due), col(KeyDecisionNotice.id))
    )
    return [NoticeRow(n, m, True, False) for n, m in rows]


def notice_row(session: Session, notice_id: int, reader: Reader, *, today: date) -> NoticeRow:
    """One notice as the reader may see it; a draft only to those who keep the plan (404)."""
    found = session.exec(
        select(KeyDecisionNotice, DecisionMaker)
        .join(DecisionMaker, col(DecisionMaker.id) == KeyDecisionNotice.decision_maker_id)
        .where(KeyDecisionNotice.id == notice_id)
    ).first()
    if found is None or (
        found[0].state == NoticeState.DRAFT and not reader_keeps_the_plan(session, reader)
    ):
        raise NotFound(f"No key decision notice has the number {notice_id}.")
    return _notice_row(found[0], found[1], reader, today, _cabinet_id(session))


@dataclass(frozen=True)
class DecisionRow:
    """A decision as one reader sees it, with its call-in if it has one."""

    decision: Decision
    maker: DecisionMaker
    readable: bool
    call_in: CallIn | None


def decisions_published(
    session: Session, reader: Reader, *, maker_id: int | None = None
) -> list[DecisionRow]:
    """The decisions whose notices are published, latest first."""
    query = (
        select(Decision, DecisionMaker, CallIn)
        .join(DecisionMaker, col(DecisionMaker.id) == Decision.decision_maker_id)
        .outerjoin(CallIn, col(CallIn.decision_id) == Decision.id)
        .where(col(Decision.published_on).is_not(None))
        .order_by(col(Decision.published_on).desc(), col(Decision.id).desc())
    )
    if maker_id is not None:
        query = query.where(Decision.decision_maker_id == maker_id)
    cabinet_id = _cabinet_id(session)
    return [
        DecisionRow(d, m, reader.may_read(_business(m, d.exempt_paragraph, cabinet_id)), c)
        for d, m, c in session.exec(query)
    ]


def decision_row(session: Session, decision_id: int, reader: Reader) -> DecisionRow:
    """One decision as the reader may see it; unpublished only to those who keep the plan."""
    found = session.exec(
        select(Decision, DecisionMaker, CallIn)
        .join(DecisionMaker, col(DecisionMaker.id) == Decision.decision_maker_id)
        .outerjoin(CallIn, col(CallIn.decision_id) == Decision.id)
        .where(Decision.id == decision_id)
    ).first()
    if found is None or (
        found[0].published_on is None and not reader_keeps_the_plan(session, reader)
    ):
        raise NotFound(f"No decision has the number {decision_id}.")
    decision, maker, call_in = found
    return DecisionRow(
        decision,
        maker,
        reader.may_read(_business(maker, decision.exempt_paragraph, _cabinet_id(session))),
        call_in,
    )


def decision_of_notice(session: Session, notice_id: int) -> Decision | None:
    """The decision a notice announced, once recorded."""
    return session.exec(select(Decision).where(Decision.notice_id == notice_id)).first()


def call_in_requests(session: Session, decision: Decision) -> list[tuple[CallInRequest, str]]:
    """Who asked to call the decision in, and why, in the order they asked."""
    return [
        (request, name)
        for request, name in session.exec(
            select(CallInRequest, Person.name)
            .join(Person, col(Person.id) == CallInRequest.person_id)
            .where(CallInRequest.decision_id == decision.id)
            .order_by(col(CallInRequest.at), col(CallInRequest.id))
        )
    ]


def history_of_notice(
    session: Session, notice: KeyDecisionNotice
) -> list[tuple[NoticeChange, str]]:
    return history_rows(session, NoticeChange, NoticeChange.notice_id == notice.id)


def history_of_decision(session: Session, decision: Decision) -> list[tuple[DecisionChange, str]]:
    return history_rows(session, DecisionChange, DecisionChange.decision_id == decision.id)


def decision_makers(session: Session) -> list[DecisionMaker]:
    return list(session.exec(select(DecisionMaker).order_by(col(DecisionMaker.name))))


def get_maker(session: Session, maker_id: int) -> DecisionMaker:
    found = session.get(DecisionMaker, maker_id)
    if found is None:
        raise NotFound(f"No decision maker has the number {maker_id}.")
    return found


@dataclass(frozen=True)
class Clocks:
    """What the executive's clerks watch on their home page."""

    notices_to_publish: list[NoticeRow]  # drafts
    decisions_due: list[NoticeRow]  # published notices, with the day each is lawful from
    call_in_periods: list[DecisionRow]  # published, the period still running
    call_ins_waiting: list[DecisionRow]  # called in, waiting for the board


def clocks(session: Session, *, today: date) -> Clocks:
    """Every clock the forward plan's keepers watch, in one place, read in four queries."""
    keepers = notices_for_keepers(session, today=today)
    running = [
        row
        for row in decisions_published(session, Reader(sees_everything=True))
        if row.decision.state in (DecisionState.CALL_IN_PERIOD, DecisionState.CALLED_IN)
    ]
    return Clocks(
        [row for row in keepers if row.notice.state == NoticeState.DRAFT],
        [row for row in keepers if row.notice.state == NoticeState.PUBLISHED],
        [row for row in running if row.decision.state == DecisionState.CALL_IN_PERIOD],
        [row for row in running if row.decision.state == DecisionState.CALLED_IN],
    )


def open_to_call_in_by(session: Session, person: Person, *, today: date) -> list[DecisionRow]:
    """Decisions the person may still call in today: published, in their period (or already
    called in, to add reasons), going to a board they sit on."""
    rows = [
        row
        for row in decisions_published(session, Reader(sees_everything=True))
        if row.decision.state in (DecisionState.CALL_IN_PERIOD, DecisionState.CALLED_IN)
        and row.decision.call_in_ends_on is not None
        and today <= row.decision.call_in_ends_on
    ]
    if not rows:
        return []
    boards = call_in_committee_ids(session, [row.decision for row in rows])
    seated = {
        committee_id
        for committee_id in set(boards.values())
        if committee_id is not None and seat_on(session, person, committee_id, today)
    }
    return [row for row in rows if boards[row.decision.id] in seated]


def scrutinies_of_notice(session: Session, notice_id: int) -> list[tuple[Committee, int]]:
    """The boards that put the notice on their work programme, each with its entry's id."""
    return [
        (committee, entry_id)
        for committee, entry_id in session.exec(
            select(Committee, NoticeScrutiny.entry_id)
            .join(NoticeScrutiny, col(NoticeScrutiny.committee_id) == Committee.id)
            .where(NoticeScrutiny.notice_id == notice_id)
            .order_by(col(Committee.name))
        )
    ]


def notice_scrutinised_by(session: Session, entry_id: int) -> KeyDecisionNotice | None:
    """The key decision notice a work programme entry scrutinises beforehand, if any."""
    return session.exec(
        select(KeyDecisionNotice)
        .join(NoticeScrutiny, col(NoticeScrutiny.notice_id) == KeyDecisionNotice.id)
        .where(NoticeScrutiny.entry_id == entry_id)
    ).first()


def special_urgency_decisions(session: Session, *, first: date, last: date) -> list[DecisionRow]:
    """Key decisions taken under special urgency between two days (reg. 11), for the report to
    council the regulations ask for (reg. 19): every one, however private, by its title."""
    rows = session.exec(
        select(Decision, DecisionMaker, KeyDecisionNotice)
        .join(DecisionMaker, col(DecisionMaker.id) == Decision.decision_maker_id)
        .join(KeyDecisionNotice, col(KeyDecisionNotice.id) == Decision.notice_id)
        .where(
            KeyDecisionNotice.route == "special_urgency",
            col(Decision.decided_on) >= first,
            col(Decision.decided_on) <= last,
        )
        .order_by(col(Decision.decided_on))
    )
    return [DecisionRow(decision, maker, False, None) for decision, maker, _ in rows]


def call_in_of_entry(session: Session, entry_id: int) -> tuple[CallIn, Decision] | None:
    """The call-in a work programme entry was made for, with its decision, if any."""
    found = session.exec(
        select(CallIn, Decision)
        .join(Decision, col(Decision.id) == CallIn.decision_id)
        .where(CallIn.entry_id == entry_id)
    ).first()
    return (found[0], found[1]) if found else None


def published_notices(
    session: Session, *, decided_by: Person | None = None, today: date | None = None
) -> list[tuple[KeyDecisionNotice, DecisionMaker]]:
    """Every notice on the forward plan, with its decision maker; with `decided_by`, those the
    person decides: as the decision maker, or seated that day on the committee that is."""
    query = (
        select(KeyDecisionNotice, DecisionMaker)
        .join(DecisionMaker, col(DecisionMaker.id) == KeyDecisionNotice.decision_maker_id)
        .where(KeyDecisionNotice.state == NoticeState.PUBLISHED.value)
        .order_by(col(KeyDecisionNotice.decision_due), col(KeyDecisionNotice.id))
    )
    rows = list(session.exec(query))
    if decided_by is None:
        return rows
    day = today or today_in_london()
    seated = set(
        session.exec(
            select(Membership.committee_id).where(
                Membership.person_id == decided_by.id,
                col(Membership.starts_on) <= day,
                col(Membership.ends_on).is_(None) | (col(Membership.ends_on) >= day),
            )
        )
    )
    return [
        (notice, maker)
        for notice, maker in rows
        if maker.person_id == decided_by.id or maker.committee_id in seated
    ]


def lead_officers_of(session: Session, decision: Decision) -> list[Person]:
    """The people its notice names as lead officer (known people, by their full names)."""
    notice = session.get(KeyDecisionNotice, decision.notice_id) if decision.notice_id else None
    if notice is None or not notice.lead_officer:
        return []
    ids = people_named_in(notice.lead_officer, known_people(session))
    return list(session.exec(select(Person).where(col(Person.id).in_(ids)))) if ids else []
