"""Publish agendas and supplements, and change meetings with their business.

The shared machine in `workflows.agenda` decides what may happen to an agenda;
`_AgendaTransition` is the model it fires on. Publishing stamps each item (and
each cleared paper) with the edition it went out in: 0 the agenda, n its n-th
supplement. The public sees exactly what has gone out; the pack is built from
it when first asked for. Members and substitutes are sent the agenda once per
edition, through the outbox, after the commit.

Changing a meeting's time, venue or status is more than an edit of its row:
the items on its agenda follow (back to the work programme when it is
cancelled, along with it when it moves), each through the lifecycle with a
history row by the system, and the agenda is cancelled or reinstated with it.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, delete
from transitions import EventData, MachineError

from committee.agenda.models import Agenda, AgendaChange, AgendaPack
from committee.agenda.queries import (
    MissingPaper,
    agenda_for,
    cleared_papers,
    items_missing_papers,
    publication_day,
    recipients,
)
from committee.committees.models import Committee
from committee.errors import Conflict, InvalidInput, NotFound
from committee.fields import REASON_MAX
from committee.formatting import long_date, short_date
from committee.meetings.models import AgendaItem, Meeting, MeetingStatus
from committee.meetings.operations import CHANGE_MEETINGS, clean_venue, require_aware, touch
from committee.meetings.queries import agenda_of
from committee.notifications.compose import render_email
from committee.notifications.models import MessageKind
from committee.notifications.outbox import Slot, enqueue
from committee.people.actors import SYSTEM, Actor, SystemActor
from committee.people.permissions import require_governance
from committee.timeutil import to_london, utcnow
from committee.work_programme.lifecycle import follow_meeting_change
from workflows.agenda import EVENTS, AgendaState, agenda_machine, events_from, fire

PUBLISH_AGENDAS = "publish agendas"


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
    agenda = _ensure_agenda(session, meeting)
    before = agenda.state
    transition = _AgendaTransition(session, meeting, agenda, actor, reason, base_url, now)
    try:
        moved = _record(transition, event) if record else fire(transition, event)
    except MachineError:
        moved = False
        transition.refuse(_what_now(before))
    if not moved:
        raise AgendaRefused(
            " ".join(transition.refusals), state=agenda.state, missing=transition.missing
        )
    agenda.updated_at = transition.now
    session.add(
        AgendaChange(
            meeting_id=meeting.id,  # type: ignore[arg-type]
            event=event,
            from_state=before,
            to_state=agenda.state,
            actor_id=None if isinstance(actor, SystemActor) else actor.id,
            at=transition.now,
            reason=reason.strip(),
        )
    )
    session.flush()
    return agenda


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


def _record(transition: "_AgendaTransition", event: str) -> bool:
    """Make the table's move for `event` without its guards, which judge the present."""
    rows = agenda_machine().events[event].transitions.get(transition.state, [])
    if not rows:
        raise MachineError(f"no {event} from {transition.state}")
    row = rows[0]
    if row.dest is not None:
        transition.state = row.dest
    for callback in row.after:
        getattr(transition, callback)(None)
    return True


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
    base_url: str,
    now: datetime | None = None,
) -> Agenda:
    """Publish what was added after the agenda went out, saying why it is late (s.100B(4)(b))."""
    _governance(session, actor, meeting, "publish supplementary agendas")
    reason = _clean_reason("reason", reason)
    if not reason:
        raise InvalidInput(
            "reason", "say why these could not wait for the next meeting, as s.100B(4)(b) asks"
        )
    return _fire(
        session,
        actor=actor,
        meeting=meeting,
        event="supplement",
        reason=reason,
        base_url=base_url,
        now=now,
    )


def hold_started_meetings(session: Session, meetings: Sequence[Meeting], now: datetime) -> int:
    """Mark the agendas of meetings that have started as held (the sweep does); return how many."""
    held = 0
    for meeting in meetings:
        if "hold" in events_from(agenda_for(session, meeting).state):
            savepoint = session.begin_nested()
            try:
                _fire(session, actor=SYSTEM, meeting=meeting, event="hold", now=now)
            except AgendaRefused:
                savepoint.rollback()
                continue
            savepoint.commit()
            held += 1
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

    def meeting_is_to_come(self, _event: EventData | None) -> bool:
        if self.meeting.start <= self.now:
            return self.refuse("The meeting has started: its agenda can no longer change.")
        return True

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
        items = agenda_of(self.session, self.meeting)
        papers = cleared_papers(self.session, items)
        new_items = [item for item in items if item.published_in is None]
        new_papers = [
            item for item in items if item.paper_published_in is None and papers.get(item.id)
        ]
        if not (new_items or new_papers):
            return self.refuse("Nothing has been added since the agenda was published.")
        return True

    def meeting_has_started(self, _event: EventData | None) -> bool:
        return self.meeting.start <= self.now or self.refuse("The meeting has not started.")

    # Callbacks.

    def record_publication(self, _event: EventData | None) -> None:
        self.agenda.published_at = self.now
        self._stamp(edition=0)

    def record_supplement(self, _event: EventData | None) -> None:
        self.agenda.supplements += 1
        self._stamp(edition=self.agenda.supplements)

    def _stamp(self, *, edition: int) -> None:
        """Mark what goes out in this edition, forget the old packs, and tell the members."""
        items = agenda_of(self.session, self.meeting)
        papers = cleared_papers(self.session, items)
        for item in items:
            if item.published_in is None:
                item.published_in = edition
            if item.paper_published_in is None and papers.get(item.id):
                item.paper_published_in = edition
                item.to_follow = False
        self.session.exec(delete(AgendaPack).where(AgendaPack.meeting_id == self.meeting.id))  # type: ignore[call-overload]
        touch(self.session, self.meeting)  # its feeds describe the agenda now
        self.session.flush()
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
        if enqueue(session, slot, stale_at=meeting.start, rendered=rendered, to=[person.email]):  # type: ignore[list-item]
            queued += 1
    return queued


def get_item(session: Session, meeting: Meeting, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise NotFound(f"The meeting has no agenda item with the id {item_id}.")
    return item


def update_meeting(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    start: datetime | None = None,
    end: datetime | None = None,
    venue: str | None = None,
    status: MeetingStatus | None = None,
) -> list[str]:
    """Change a meeting's time, place or status; return what changed.

    Moving the start without an end keeps the meeting's length. Each change
    raises the revision, so calendar programs replace their copy. Items
    waiting for a cancelled meeting go back to the programme and its agenda
    is cancelled; a reinstated meeting's agenda starts again as a draft; the
    items of a moved meeting go with it; the system records each.
    """
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, CHANGE_MEETINGS)
    changes: list[str] = []
    previous_start = meeting.start
    new_start, new_end = meeting.start, meeting.end
    if start is not None:
        require_aware("start", start)
        if end is None:
            new_end = start + (meeting.end - meeting.start)
        new_start = start
    if end is not None:
        require_aware("end", end)
        new_end = end
    if new_end <= new_start:
        raise InvalidInput("end", "a meeting must end after it starts")
    if (new_start, new_end) != (meeting.start, meeting.end):
        meeting.start, meeting.end = new_start, new_end
        changes.append("time")
    if venue is not None and clean_venue(venue) != meeting.venue:
        meeting.venue = clean_venue(venue)
        changes.append("venue")
    if status is not None and status != meeting.status:
        meeting.status = status
        changes.append("status")
    if changes:
        meeting.revision += 1
        meeting.updated_at = utcnow()
        session.flush()
        follow_meeting_change(
            session, meeting=meeting, changes=changes, previous_start=previous_start
        )
        if "status" in changes:
            event = "cancel" if meeting.is_cancelled else "reinstate"
            if event in events_from(agenda_for(session, meeting).state):
                _fire(session, actor=SYSTEM, meeting=meeting, event=event)
    return changes
