"""Publish agendas, supplements and corrected editions; hold, cancel and reinstate meetings.

The shared machine in `workflows.agenda` decides what may happen to an agenda
(and so to its meeting: a meeting that has started cannot be cancelled);
`_AgendaTransition` is the model it fires on. Each publication stamps the items
it puts out with the edition they went out in and takes an edition
(committee.agenda.editions): the frontsheet frozen, its packs built after the
commit. Members and substitutes are sent each agenda and supplement once,
through the outbox, after the commit.

Two changes elsewhere reach here in their own transaction: a meeting cancelled
or reinstated (committee.meetings.signals), and business already published
becoming private or public again (committee.work_programme.signals), which
publishes a corrected edition of every agenda that names it.
"""

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlmodel import Session, col, select, update
from transitions import EventData, MachineError

from committee.agenda.editions import (
    corrected_frontsheet,
    meetings_mentioning,
    take_edition,
)
from committee.agenda.models import Agenda, AgendaChange, AgendaEdition, EditionKind
from committee.agenda.queries import (
    MissingPaper,
    agenda_for,
    agendas_for,
    cleared_papers,
    editions_of,
    items_missing_papers,
    publication_day,
    published_versions,
    recipients,
    what_holds_the_meeting,
)
from committee.committees.models import Committee
from committee.errors import Conflict, InvalidInput
from committee.fields import REASON_MAX
from committee.formatting import long_date, meeting_when, short_date
from committee.meetings.models import AgendaItem, Meeting, MeetingStatus
from committee.meetings.operations import touch
from committee.meetings.queries import agenda_of
from committee.meetings.signals import MeetingChange, meeting_changed
from committee.notifications.compose import render_email
from committee.notifications.models import MessageKind
from committee.notifications.outbox import Slot, enqueue
from committee.people.actors import SYSTEM, Actor
from committee.people.operations import record_move
from committee.people.permissions import require_governance
from committee.timeutil import to_london, utcnow
from committee.work_programme.signals import PrivacyChange, privacy_changed
from workflows.agenda import EVENTS, AgendaState, agenda_machine, events_from, fire
from workflows.table import Move, named

PUBLISH_AGENDAS = "publish agendas"

logger = logging.getLogger(__name__)


class AgendaRefused(Conflict):
    """The agenda cannot move now; says why, its state, and the papers still missing."""

    def __init__(self, message: str, *, state: str, missing: Sequence[MissingPaper] = ()) -> None:
        super().__init__(message)
        self.state = state
        self.missing = list(missing)
        self.allowed_events = [name for name in events_from(state) if not EVENTS[name].by_system]


def _ensure_agenda(session: Session, meeting: Meeting) -> Agenda:
    """The meeting's agenda row, made (as a draft) the first time it changes."""
    agenda = agenda_for(session, meeting)
    if session.get(Agenda, meeting.id) is None:
        session.add(agenda)
        session.flush()
    return agenda


def _fire(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    event: str,
    reason: str = "",
    base_url: str = "",
    now: datetime | None = None,
    record: bool = False,
) -> Agenda:
    # One change of a meeting's agenda at a time: a second waits for the first to commit and
    # then reads what it did (on PostgreSQL; SQLite's writers are one at a time already).
    session.execute(select(col(Meeting.id)).where(col(Meeting.id) == meeting.id).with_for_update())
    agenda = _ensure_agenda(session, meeting)
    transition = _AgendaTransition(session, meeting, agenda, actor, reason, base_url, now)
    moved = _move(transition, event, record=record)
    if moved is None:
        raise AgendaRefused(
            " ".join(transition.refusals), state=agenda.state, missing=transition.missing
        )
    _add_history(transition, moved)
    session.flush()
    return agenda


def _move(transition: "_AgendaTransition", event: str, *, record: bool = False) -> Move | None:
    """Move the agenda by the event (a recorded one without its guards); None if refused."""
    before = transition.state
    try:
        return _record(transition, event) if record else fire(transition, event)
    except MachineError:
        transition.refuse(_what_now(before))
        return None


def _add_history(transition: "_AgendaTransition", moved: Move) -> None:
    """Mark the agenda's row changed and add the move's history row (written at the flush)."""
    transition.agenda.updated_at = transition.now
    record_move(
        transition.session,
        AgendaChange,
        moved,
        actor=transition.actor,
        at=transition.now,
        reason=transition.reason,
        meeting_id=transition.meeting.id,
    )


def _what_now(state: str) -> str:
    """Why nothing but what the state allows can happen: a refusal, in words."""
    return {
        AgendaState.DRAFT: "The agenda has not been published yet.",
        AgendaState.PUBLISHED: "The agenda is published already: add to it with a supplement.",
        AgendaState.SUPPLEMENTARY: "The agenda is published already: add to it with a supplement.",
        AgendaState.HELD: "The meeting has taken place.",
        AgendaState.CANCELLED: "The meeting is cancelled.",
    }[AgendaState(state)]


def _governance(session: Session, actor: Actor, meeting: Meeting, doing: str) -> Committee:
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, doing)
    return committee


NOTHING_NEW = (
    "Nothing has been added since the agenda was published: a supplement needs a new item, or "
    "a paper cleared since."
)


def _clean_reason(field: str, reason: str) -> str:
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise InvalidInput(field, f"at most {REASON_MAX} characters")
    return reason


def publish_agenda(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    to_follow: Sequence[int] = (),
    late_reason: str = "",
    base_url: str,
    now: datetime | None = None,
) -> Agenda:
    """Publish the meeting's agenda; flush, never commit.

    Allowed from the start of its publication day, or earlier once every
    item's paper is cleared. Items whose papers are not cleared are refused
    (409, naming them) unless marked to follow, in `to_follow` (agenda item
    ids). After the publication day, `late_reason` must say why.
    """
    _governance(session, actor, meeting, PUBLISH_AGENDAS)
    now = now or utcnow()
    late_reason = _clean_reason("late_reason", late_reason)
    due = publication_day(session, meeting)
    if to_london(now).date() > due and not late_reason:
        raise InvalidInput(
            "late_reason",
            f"the agenda was due on {long_date(due)}: say why it is published late",
        )
    items = {item.id: item for item in agenda_of(session, meeting)}
    for item_id in dict.fromkeys(to_follow):
        item = items.get(item_id)
        if item is None or item.entry_id is None:
            raise InvalidInput(
                "to_follow", f"no business item of this meeting has the id {item_id}"
            )
        item.to_follow = True
    agenda = _fire(
        session,
        actor=actor,
        meeting=meeting,
        event="publish",
        reason=late_reason,
        base_url=base_url,
        now=now,
    )
    agenda.late_reason = late_reason
    return agenda


def _record(transition: "_AgendaTransition", event: str) -> Move:
    """Make the table's move for `event` without its guards, which judge the present."""
    before = transition.state
    rows = agenda_machine().events[event].transitions.get(before, [])
    if not rows:
        raise MachineError(f"no {event} from {before}")
    row = rows[0]
    if row.dest is not None:
        transition.state = row.dest
    for callback in row.after:
        getattr(transition, named(callback))(None)
    return Move(event, before, transition.state)


def record_agenda_event(
    session: Session, *, actor: Actor, meeting: Meeting, event: str, at: datetime, reason: str = ""
) -> Agenda:
    """Record what happened to an agenda at `at` (the demo's past): the table's move, its
    callbacks, no guards; members are not sent anything for the past."""
    return _fire(
        session, actor=actor, meeting=meeting, event=event, reason=reason, now=at, record=True
    )


def publish_supplement(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    reason: str,
    item_reasons: Mapping[int, str] | None = None,
    base_url: str,
    now: datetime | None = None,
) -> Agenda:
    """Publish what was added after the agenda went out, saying why it could not wait
    (s.100B(4)(b)): `reason` for the supplement, and for each new item its own reason in
    `item_reasons` (by agenda item id), or else the supplement's."""
    _governance(session, actor, meeting, "publish supplementary agendas")
    # Whether there is anything to publish comes before the reason it is late.
    state = _ensure_agenda(session, meeting).state
    if state == AgendaState.DRAFT:
        raise AgendaRefused(_what_now(state), state=state)
    if not queued_for_supplement(session, meeting):
        raise AgendaRefused(NOTHING_NEW, state=state)
    reason = _clean_reason("reason", reason)
    if not reason:
        raise InvalidInput(
            "reason", "say why these could not wait for the next meeting, as s.100B(4)(b) asks"
        )
    items = {item.id: item for item in agenda_of(session, meeting)}
    for item_id, item_reason in (item_reasons or {}).items():
        item = items.get(item_id)
        if item is None or item.published_in is not None:
            raise InvalidInput(
                "item_reasons", f"no item added since publication has the id {item_id}"
            )
        item.late_reason = _clean_reason("item_reasons", item_reason) or reason
    return _fire(
        session,
        actor=actor,
        meeting=meeting,
        event="supplement",
        reason=reason,
        base_url=base_url,
        now=now,
    )


def correct_editions(session: Session, change: PrivacyChange) -> list[AgendaEdition]:
    """Publish a corrected edition of every agenda that names the entry, now that its business
    is private (or public again); return them. Made private, the earlier editions are withdrawn
    from the public, who read the corrected one: its papers and words leave every public place
    at once."""
    entry = change.entry
    if entry.is_private:
        reason = (
            f"“{entry.title}” is exempt information under paragraph {entry.exempt_paragraph} of "
            "Schedule 12A to the Local Government Act 1972: it is no longer public."
        )
    else:
        reason = f"“{entry.title}” is no longer exempt information: it is public."
    corrected = []
    for meeting in meetings_mentioning(session, entry.id):
        _fire(
            session,
            actor=change.actor,
            meeting=meeting,
            event="correct",
            reason=reason,
            now=change.at,
        )
        latest = editions_of(session, meeting.id)[-1]
        if change.made_private:
            session.execute(
                update(AgendaEdition)
                .where(
                    col(AgendaEdition.meeting_id) == meeting.id,
                    col(AgendaEdition.number) < latest.number,
                    col(AgendaEdition.withdrawn_at).is_(None),
                )
                .values(withdrawn_at=change.at, withdrawn_reason=reason),
                execution_options={"synchronize_session": False},
            )
        corrected.append(latest)
    return corrected


@privacy_changed.connect
def _correct_published_agendas(change: PrivacyChange) -> None:
    correct_editions(change.session, change)


@meeting_changed.connect
def _cancel_or_reinstate(change: MeetingChange) -> None:
    """A meeting's status changed: its agenda's machine must allow it (a meeting that has
    started cannot be cancelled or reinstated), or the whole change is refused."""
    if "status" not in change.changes:
        return
    session, meeting = change.session, change.meeting
    if session.get(Agenda, meeting.id) is None:  # its state until now: the meeting's before
        was_cancelled = change.previous_status == MeetingStatus.CANCELLED
        state = AgendaState.CANCELLED if was_cancelled else AgendaState.DRAFT
        session.add(Agenda(meeting_id=meeting.id, state=state.value))
        session.flush()
    event = "cancel" if meeting.is_cancelled else "reinstate"
    _fire(session, actor=SYSTEM, meeting=meeting, event=event, now=change.at)


def hold_started_meetings(session: Session, meetings: Sequence[Meeting], now: datetime) -> int:
    """Mark the agendas of meetings that have started as held (the sweep does); return how many.

    However many meetings (after downtime, years of them), they are locked in one query, their
    agendas read in another, and every row written at one flush.
    """
    if not meetings:
        return 0
    ids = [meeting.id for meeting in meetings]
    session.execute(select(col(Meeting.id)).where(col(Meeting.id).in_(ids)).with_for_update())
    agendas = agendas_for(session, meetings)
    held = 0
    for meeting in meetings:
        agenda = agendas[meeting.id]
        if "hold" not in events_from(agenda.state):
            continue
        transition = _AgendaTransition(session, meeting, agenda, SYSTEM, "", "", now)
        moved = _move(transition, "hold")
        if moved is None:
            continue
        if agenda not in session:  # its first change: the row is made now
            session.add(agenda)
        _add_history(transition, moved)
        held += 1
    session.flush()
    return held


class _AgendaTransition:
    """The model the shared agenda machine fires on: one agenda, one actor, one event's input."""

    def __init__(
        self,
        session: Session,
        meeting: Meeting,
        agenda: Agenda,
        actor: Actor,
        reason: str,
        base_url: str,
        now: datetime | None,
    ) -> None:
        self.session = session
        self.meeting = meeting
        self.agenda = agenda
        self.actor = actor
        self.reason = reason
        self.base_url = base_url
        self.now = now or utcnow()
        self.refusals: list[str] = []
        self.missing: list[MissingPaper] = []

    @property
    def state(self) -> str:
        return self.agenda.state

    @state.setter
    def state(self, value: str) -> None:
        self.agenda.state = value

    def refuse(self, reason: str) -> bool:
        if reason not in self.refusals:
            self.refusals.append(reason)
        return False

    # Guards.

    def meeting_is_to_come(self, event: EventData | None) -> bool:
        if self.meeting.start > self.now:
            return True
        doing = event.event.name if event is not None else ""
        if doing in ("cancel", "reinstate"):
            return self.refuse(
                f"The meeting on {long_date(self.meeting.start)} has started: a meeting that has "
                f"taken place cannot be {'cancelled' if doing == 'cancel' else 'reinstated'}."
            )
        return self.refuse("The meeting has started: its agenda can no longer change.")

    def publication_is_due_or_papers_ready(self, _event: EventData | None) -> bool:
        due = publication_day(self.session, self.meeting)
        if to_london(self.now).date() >= due:
            return True
        items = agenda_of(self.session, self.meeting)
        if items_missing_papers(self.session, self.meeting) or any(i.to_follow for i in items):
            return self.refuse(
                f"The agenda is due on {long_date(due)}; it may go out before then only when "
                "every paper is cleared."
            )
        return True

    def papers_accounted_for(self, _event: EventData | None) -> bool:
        self.missing = items_missing_papers(self.session, self.meeting)
        if self.missing:
            named = "; ".join(
                f"{item.item.number}. {item.item.title}"
                + (f" ({', '.join(item.leads)})" if item.leads else "")
                for item in self.missing
            )
            return self.refuse(
                f"These items have no cleared paper: {named}. Chase them, or mark them to follow."
            )
        return True

    def something_new(self, _event: EventData | None) -> bool:
        if not queued_for_supplement(self.session, self.meeting):
            return self.refuse(NOTHING_NEW)
        return True

    def meeting_has_started(self, _event: EventData | None) -> bool:
        return self.meeting.start <= self.now or self.refuse("The meeting has not started.")

    def has_been_published(self, _event: EventData | None) -> bool:
        return bool(editions_of(self.session, self.meeting.id)) or self.refuse(
            "The agenda has never been published: there is nothing to correct."
        )

    # Callbacks.

    def record_publication(self, _event: EventData | None) -> None:
        self.agenda.published_at = self.now
        self._stamp(EditionKind.AGENDA, edition=0)

    def record_supplement(self, _event: EventData | None) -> None:
        self.agenda.supplements += 1
        self._stamp(EditionKind.SUPPLEMENT, edition=len(editions_of(self.session, self.meeting.id)))

    def record_correction(self, _event: EventData | None) -> None:
        number = len(editions_of(self.session, self.meeting.id))
        taken = corrected_frontsheet(
            self.session, self.meeting, number=number, reason=self.reason, at=self.now
        )
        take_edition(
            self.session,
            meeting=self.meeting,
            kind=EditionKind.CORRECTION,
            reason=self.reason,
            actor=self.actor,
            at=self.now,
            taken=taken,
        )
        touch(self.session, self.meeting)  # its feeds describe the agenda

    def _stamp(self, kind: EditionKind, *, edition: int) -> None:
        """Mark what goes out in this edition, take the edition, and tell the members."""
        items = agenda_of(self.session, self.meeting)
        papers = cleared_papers(self.session, items)
        for item in items:
            if item.published_in is None:
                item.published_in = edition
                if edition and not item.late_reason:
                    item.late_reason = self.reason
            if papers.get(item.id):
                if item.paper_published_in is None:
                    item.paper_published_in = edition
                item.to_follow = False
        self.session.flush()
        take_edition(
            self.session,
            meeting=self.meeting,
            kind=kind,
            reason=self.reason,
            actor=self.actor,
            at=self.now,
        )
        touch(self.session, self.meeting)  # its feeds describe the agenda now
        if self.base_url:  # recorded history sends nothing
            _send_to_members(
                self.session, self.meeting, edition, self.reason, self.base_url, self.now
            )


def _send_to_members(
    session: Session, meeting: Meeting, edition: int, reason: str, base_url: str, now: datetime
) -> int:
    """Queue one message per member and substitute for this edition; return how many are new."""
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    what = "Agenda" if edition == 0 else "Supplementary agenda"
    subject = f"{what}: {committee.name}, {short_date(meeting.start)}"
    rendered = render_email(
        "committee.agenda",
        "agenda_published",
        subject,
        committee=committee,
        meeting=meeting,
        edition=edition,
        reason=reason,
        link=f"{base_url}/meetings/{meeting.id}",
        pack=f"{base_url}/meetings/{meeting.id}/agenda.pdf",
    )
    queued = 0
    for person in recipients(session, meeting):
        slot = Slot(
            f"{MessageKind.AGENDA_PUBLISHED}:meeting-{meeting.id}:edition-{edition}:person-{person.id}",
            MessageKind.AGENDA_PUBLISHED,
            now,
            meeting_id=meeting.id,
            person_id=person.id,
            committee_id=meeting.committee_id,
        )
        assert person.email is not None  # recipients() gives only those with an address
        if enqueue(session, slot, stale_at=meeting.start, rendered=rendered, to=[person.email]):
            queued += 1
    return queued


def queued_for_supplement(session: Session, meeting: Meeting) -> list[tuple[AgendaItem, str]]:
    """What the next supplement would publish, each with why: a new item, or a paper cleared
    since the last edition (a new paper, or a new version of one published)."""
    items = agenda_of(session, meeting)
    latest = session.exec(
        select(AgendaEdition.id)
        .where(AgendaEdition.meeting_id == meeting.id)
        .order_by(col(AgendaEdition.number).desc())
        .limit(1)
    ).first()
    published = published_versions(session, latest)
    papers = cleared_papers(session, items)
    queued = []
    for item in items:
        if item.published_in is None:
            queued.append((item, "a new item"))
        elif any(paper.version.id not in published for paper in papers.get(item.id, [])):
            queued.append((item, "its paper is now cleared"))
    return queued


def backfill_editions(session: Session, *, now: datetime) -> int:
    """Take the edition of each agenda published before editions were kept: the agenda as it
    stands, dated when it was published; return how many (the sweep does this once)."""
    missing = session.exec(
        select(Agenda).where(
            col(Agenda.published_at).is_not(None),
            col(Agenda.meeting_id).not_in(select(AgendaEdition.meeting_id)),
        )
    ).all()
    for agenda in missing:
        meeting = session.get(Meeting, agenda.meeting_id)
        assert meeting is not None
        take_edition(
            session,
            meeting=meeting,
            kind=EditionKind.AGENDA,
            reason="Recorded when editions began to be kept: the agenda as it then stood.",
            actor=SYSTEM,
            at=agenda.published_at or now,
        )
    return len(missing)


DELETE_MEETINGS = "delete meetings"


def delete_meeting(session: Session, *, actor: Actor, meeting: Meeting) -> str:
    """Delete a meeting with nothing on it (no business, no published agenda, no minutes), as
    arranged by mistake; return how it is described. Any other is cancelled, never deleted:
    Conflict names what is on it."""
    _governance(session, actor, meeting, DELETE_MEETINGS)
    held = what_holds_the_meeting(session, meeting)
    if held:
        raise Conflict(
            f"The meeting of {meeting_when(meeting.start)} has {' and '.join(held)} on it: it "
            "cannot be deleted. Cancel it instead, or move its items to another meeting first."
        )
    described = meeting_when(meeting.start)
    # Nothing of it is left to hold a history row: the log keeps who deleted what.
    logger.info(
        "Meeting %s of committee %s (%s) deleted by %s.",
        meeting.id,
        meeting.committee_id,
        described,
        getattr(actor, "id", "the system"),
    )
    session.delete(meeting)
    session.flush()
    return described
