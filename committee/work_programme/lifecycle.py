"""Fire lifecycle events on work programme entries: the one way an entry's state changes.

The shared machine in `workflows.entry` decides what may happen; the
`_EntryTransition` adapter below is the model it fires on, holding one entry,
one actor and the event's input, and implementing the guards and callbacks the
table names. A fresh adapter per event, no models kept by the machine: memory
stays flat however many entries move.

Order of refusals: unknown event or entry (404), wrong role (403), a missing
or bad field (422), then the state or a guard (409, with the current state and
what the actor may do from it).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select
from transitions import EventData, MachineError

from committee.db import remember_after_commit
from committee.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from committee.formatting import clock_time, plain_date
from committee.meetings.models import AgendaItem, Meeting
from committee.meetings.operations import place_entries, remove_entry
from committee.meetings.queries import coming_meetings, meeting_deadlines
from committee.meetings.signals import MeetingChange, meeting_changed
from committee.papers.models import Paper, PaperKind, kinds_in_words, kinds_stored
from committee.papers.operations import (
    expect_paper,
    mark_cleared,
    store_version,
    validate_submission,
)
from committee.papers.queries import drafts_to_clear, latest_version_id
from committee.people.actors import SYSTEM, Actor, SystemActor
from committee.people.operations import record_move
from committee.people.permissions import governs
from committee.timeutil import to_london, utcnow
from committee.work_programme.models import EntryLeadOfficer, StateChange, WorkProgrammeEntry
from committee.work_programme.schemas import EventInput
from committee.work_programme.signals import PaperMove, PaperStep, papers_moved
from workflows.entry import (
    EVENTS,
    FOLLOWING_MEETING,
    WINDOW_OPEN,
    Capacity,
    EntryState,
    EventSpec,
    events_from,
    fire,
    state_in_words,
    table_row,
    would_accept,
)
from workflows.table import Move, named


def record_state_change(
    session: Session,
    *,
    entry: WorkProgrammeEntry,
    event: str,
    from_state: str | None,
    actor: Actor,
    reason: str = "",
    meeting_id: int | None = None,
    paper_id: int | None = None,
    at: datetime | None = None,
) -> StateChange:
    """Add a history row for the entry's current state; it commits with the change or not at all."""
    return record_move(
        session,
        StateChange,
        Move(event, from_state, entry.state),
        actor=actor,
        at=at or utcnow(),
        reason=reason,
        entry_id=entry.id,
        meeting_id=meeting_id,
        paper_id=paper_id,
    )


class TransitionRefused(Conflict):
    """The event is not allowed now; says why, the current state and what is allowed."""

    def __init__(self, message: str, *, state: str, allowed_events: list[str]) -> None:
        super().__init__(message)
        self.state = state
        self.allowed_events = allowed_events


class ConcurrentChange(Conflict):
    """Someone else changed the entry at the same moment; theirs won."""

    def __init__(self, entry_id: int) -> None:
        super().__init__(
            "Someone else changed this entry at the same moment, and their change came first."
        )
        self.entry_id = entry_id


def capacities(session: Session, actor: Actor, entry: WorkProgrammeEntry) -> frozenset[Capacity]:
    """Return in what capacities the actor may act on the entry."""
    return capacities_of_each(session, actor, [entry])[entry.id]


def capacities_of_each(
    session: Session, actor: Actor, entries: Sequence[WorkProgrammeEntry]
) -> dict[int, frozenset[Capacity]]:
    """Return in what capacities the actor may act on each entry, by its id: two queries at
    most however many entries (the committees' grants, the entries the actor leads)."""
    if isinstance(actor, SystemActor):
        return {entry.id: frozenset({Capacity.SYSTEM}) for entry in entries}
    governed = {
        committee_id
        for committee_id in {entry.committee_id for entry in entries}
        if governs(session, actor, committee_id)
    }
    leading = set(
        session.exec(
            select(EntryLeadOfficer.entry_id).where(
                col(EntryLeadOfficer.entry_id).in_([entry.id for entry in entries]),
                EntryLeadOfficer.person_id == actor.id,
            )
        )
    )
    held = {}
    for entry in entries:
        found = set()
        if entry.committee_id in governed:
            found.add(Capacity.GOVERNANCE)
        if entry.id in leading:
            found.add(Capacity.LEAD_OFFICER)
        held[entry.id] = frozenset(found)
    return held


def permitted_events(session: Session, actor: Actor | None, entry: WorkProgrammeEntry) -> list[str]:
    """Return the events the actor may fire on the entry from its state (guards aside)."""
    if actor is None:
        return []
    held = capacities(session, actor, entry)
    return [event for event in events_from(entry.state) if EVENTS[event].capacities & held]


@dataclass(frozen=True)
class EventChoice:
    """An event the actor may fire on the entry, as a page offers it.

    `refusal` says in words why the machine would refuse it now (the page shows
    it disabled, with that reason); `meetings` are the meetings it would accept,
    for the events that take one.
    """

    spec: EventSpec
    refusal: str | None = None
    meetings: tuple[Meeting, ...] = ()

    @property
    def name(self) -> str:
        return self.spec.name


def event_choices(
    session: Session, actor: Actor | None, entry: WorkProgrammeEntry
) -> list[EventChoice]:
    """Return what the actor may do to the entry, each judged by the machine's guards now.

    Nothing is changed: the guards are asked, not the machine fired.
    """
    if actor is None:
        return []
    choices = []
    for name in permitted_events(session, actor, entry):
        spec = EVENTS[name]
        if name in ("schedule", "defer"):
            choices.append(_meeting_choice(session, actor, entry, spec))
        elif name == "clear_paper":
            choices.append(EventChoice(spec, refusal=_clearing_refusal(session, actor, entry)))
        else:
            refusal = _refusals(session, actor, entry, name, EventInput())
            choices.append(EventChoice(spec, refusal=refusal))
    return choices


def _meeting_choice(
    session: Session, actor: Actor, entry: WorkProgrammeEntry, spec: EventSpec
) -> EventChoice:
    """Offer the meetings the event would accept; refuse it if it needs one and none would do."""
    accepted, first_refusal = [], None
    candidates = [
        meeting
        for meeting in coming_meetings(session, entry.committee_id)
        if meeting.id != entry.meeting_id
    ]
    for meeting in candidates:
        refusal = _refusals(session, actor, entry, spec.name, EventInput(meeting_id=meeting.id))
        if refusal is None:
            accepted.append(meeting)
        else:
            first_refusal = first_refusal or refusal
    if accepted or "meeting_id" not in spec.required:
        return EventChoice(spec, meetings=tuple(accepted))
    if not candidates:
        return EventChoice(
            spec, refusal="No meeting of the committee is still to come: arrange one first."
        )
    return EventChoice(spec, refusal=first_refusal)


def _clearing_refusal(session: Session, actor: Actor, entry: WorkProgrammeEntry) -> str | None:
    """Why no paper can be cleared, or None when one can (saying which, if more than one waits)."""
    refusal = _refusals(session, actor, entry, "clear_paper", EventInput())
    if refusal is None:
        return None
    for kind in PaperKind:
        if _refusals(session, actor, entry, "clear_paper", EventInput(paper_kind=kind)) is None:
            return None
    return refusal


def _refusals(
    session: Session, actor: Actor, entry: WorkProgrammeEntry, event: str, data: EventInput
) -> str | None:
    """Say why the machine would refuse the event with this input now, or None if it would not."""
    transition = _EntryTransition(session, entry, actor, data)
    with session.no_autoflush:
        if would_accept(transition, event):
            return None
    return " ".join(transition.refusals) or f"The entry cannot {event.replace('_', ' ')} now."


def _describe_capacities(event: str) -> str:
    names = {
        Capacity.GOVERNANCE: "governance officers of the committee",
        Capacity.LEAD_OFFICER: "the entry's lead officers",
        Capacity.SYSTEM: "the scheduler",
    }
    return " and ".join(names[c] for c in sorted(EVENTS[event].capacities))


def _lock_entry(session: Session, entry_id: int) -> WorkProgrammeEntry:
    """Load the entry afresh, locked until commit where the database can (FOR UPDATE)."""
    return _lock_entries(session, [entry_id])[0]


def _lock_entries(session: Session, entry_ids: Sequence[int]) -> list[WorkProgrammeEntry]:
    """Load the entries afresh in the order given, locked until commit where the database can
    (FOR UPDATE), in one query; refuse (404) the first id that is no entry's.

    A copy already in the session (a page loads the entry before acting on it)
    is overwritten with the row rather than reloaded: reloading a copy whose
    version another transaction has since moved on would fail SQLAlchemy's
    version check, when all we want is the current row.
    """
    with session.no_autoflush:
        found = {
            entry.id: entry
            for entry in session.exec(
                select(WorkProgrammeEntry)
                .where(col(WorkProgrammeEntry.id).in_(entry_ids))
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        }
    for entry_id in entry_ids:
        if entry_id not in found:
            raise NotFound(f"No work programme entry has the id {entry_id}.")
    return [found[entry_id] for entry_id in dict.fromkeys(entry_ids)]


def _validate(
    session: Session, event: str, data: EventInput, meetings: dict[int, Meeting | None]
) -> None:
    """Refuse missing, unused or unknown input (422); the meeting named is read into `meetings`
    unless it is there already."""
    spec = EVENTS[event]
    given = data.given()
    for name in spec.required:
        if name == "paper_kind":
            continue  # checked with the paper below, where its absence has a better message
        if name not in given:
            raise InvalidInput(name, f"is needed to {EVENTS[event].label.lower()}")
    extra = given - set(spec.required) - set(spec.optional)
    if event == "submit_paper":
        extra -= {"paper_file", "paper_url", "paper_kind"}
    if extra:
        name = sorted(extra)[0]
        raise InvalidInput(name, f"is not used to {EVENTS[event].label.lower()}")
    if data.meeting_id is not None:
        if data.meeting_id not in meetings:
            meetings[data.meeting_id] = session.get(Meeting, data.meeting_id)
        if meetings[data.meeting_id] is None:
            raise InvalidInput("meeting_id", f"no meeting has the id {data.meeting_id}")
    if event == "submit_paper":
        validate_submission(
            paper_kind=data.paper_kind, paper_url=data.paper_url, paper_file=data.paper_file
        )


def _input_for(entry: WorkProgrammeEntry, event: str, data: EventInput) -> EventInput:
    """The event's input for this entry: a paper sent with no kind takes the one kind the item
    needs."""
    if event == "submit_paper" and data.paper_kind is None and len(entry.needed_kinds) == 1:
        return data.model_copy(update={"paper_kind": entry.needed_kinds[0]})
    return data


def _prepare(
    session: Session,
    *,
    actor: Actor,
    entry_id: int,
    event: str,
    data: EventInput,
) -> tuple[WorkProgrammeEntry, EventInput, dict[int, Meeting | None]]:
    """For an event recorded after the fact: refuse an unknown event (404), the wrong role (403)
    or bad input (422); lock the entry. Its move is checked against the table, not the state's
    events. Return the entry, its input and the meeting it names."""
    if event not in EVENTS:
        raise NotFound(f"There is no event {event!r}; the events are: {', '.join(EVENTS)}.")
    entry = _lock_entry(session, entry_id)
    require_capacity(session, actor, entry, event)
    data = _input_for(entry, event, data)
    meetings: dict[int, Meeting | None] = {}
    _validate(session, event, data, meetings)
    return entry, data, meetings


def _not_from(state: str, event: str) -> str:
    """Why an event cannot happen from a state, in words."""
    return (
        f"“{EVENTS[event].label}” cannot be done to an item that is "
        f"{state_in_words(state).lower()}."
    )


def _require(event: str, held: frozenset[Capacity]) -> None:
    if not EVENTS[event].capacities & held:
        raise PermissionDenied(f"Only {_describe_capacities(event)} may {EVENTS[event].doing}.")


def require_capacity(session: Session, actor: Actor, entry: WorkProgrammeEntry, event: str) -> None:
    """Refuse unless the actor acts on the entry in a capacity the event allows."""
    if event not in EVENTS:
        raise NotFound(f"There is no event {event!r}; the events are: {', '.join(EVENTS)}.")
    _require(event, capacities(session, actor, entry))


def fire_event(
    session: Session,
    *,
    actor: Actor,
    entry_id: int,
    event: str,
    data: EventInput | None = None,
) -> WorkProgrammeEntry:
    """Fire a lifecycle event on an entry and record it; flush, never commit."""
    fired = fire_event_on_each(session, actor=actor, entry_ids=[entry_id], event=event, data=data)
    if fired.refused:
        raise fired.refused[entry_id]
    return fired.moved[0]


@dataclass
class EachFired:
    """What one event did to each of many entries: those it moved, in the order given, and why
    it refused the others (each left as it was)."""

    moved: list[WorkProgrammeEntry]
    refused: dict[int, TransitionRefused]


def fire_event_on_each(
    session: Session,
    *,
    actor: Actor,
    entry_ids: Sequence[int],
    event: str,
    data: EventInput | None = None,
) -> EachFired:
    """Fire one event with one input on each entry and record each move; flush, never commit.

    Refuses them all for an unknown event or entry (404), the wrong role for any (403), or bad
    input (422, asked only once one entry's state allows the event); the state or a guard
    refuses only the entry concerned. What the entries share (the actor's role, the meeting,
    its deadlines, the agenda) is read once, and their rows are written together: an import
    schedules a whole meeting's items at the cost of a few statements.
    """
    data = data or EventInput()
    if event not in EVENTS:
        raise NotFound(f"There is no event {event!r}; the events are: {', '.join(EVENTS)}.")
    entries = _lock_entries(session, entry_ids)
    held = capacities_of_each(session, actor, entries)
    for entry in entries:
        _require(event, held[entry.id])
    refused: dict[int, TransitionRefused] = {}
    reads = _Reads()
    ready = []
    for entry in entries:
        if event not in events_from(entry.state):
            refused[entry.id] = _refusal(entry, held[entry.id], _not_from(entry.state, event))
            continue
        entry_data = _input_for(entry, event, data)
        _validate(session, event, entry_data, reads.meetings)
        ready.append(_EntryTransition(session, entry, actor, entry_data, reads=reads))
    moved = []
    for transition in ready:
        entry, before = transition.entry, transition.entry.state
        try:
            # The machine sets the new state before its callbacks finish the change
            # (placing the item sets the meeting): a query in between must not
            # flush the half-done row. Callbacks flush once the row is whole.
            with session.no_autoflush:
                done = fire(transition, event)
        except MachineError:
            done = None
            transition.refusals.append(_not_from(before, event))
        if not done:
            refused[entry.id] = _refusal(
                entry,
                held[entry.id],
                " ".join(transition.refusals) or f"The {event} event was refused.",
            )
            continue
        moved.append((transition, before))
    for meeting_id, placed in reads.placements.items():
        meeting = reads.meetings[meeting_id]
        assert meeting is not None  # placed on it by the callback, which read it
        place_entries(session, placed, meeting)
    for transition, before in moved:
        _add_history(transition, event=event, before=before, reason=transition.data.reason)
    _flush_moves(session, entries)
    return EachFired([transition.entry for transition, _ in moved], refused)


def _refusal(
    entry: WorkProgrammeEntry, held: frozenset[Capacity], message: str
) -> TransitionRefused:
    allowed = [name for name in events_from(entry.state) if EVENTS[name].capacities & held]
    return TransitionRefused(message, state=entry.state, allowed_events=allowed)


def record_event(
    session: Session,
    *,
    actor: Actor,
    entry_id: int,
    event: str,
    to_state: str,
    at: datetime,
    data: EventInput | None = None,
    recorded_as: str | None = None,
    reason: str | None = None,
) -> WorkProgrammeEntry:
    """Record an event that happened at `at`, such as a past programme's or the demo's history.

    The machine's table must have this move, from the entry's state to
    `to_state` by `event`; the row's callbacks run (the item goes on the
    agenda, the paper is expected) but not its guards, which judge the present
    (a meeting already held is not bookable now). The history row carries
    `recorded_as` for the event where given ("import"), and `reason` where given.
    """
    data = data or EventInput()
    entry, data, meetings = _prepare(
        session, actor=actor, entry_id=entry_id, event=event, data=data
    )
    before = entry.state
    row = table_row(before, event, to_state)
    if row is None:
        raise TransitionRefused(
            f"The lifecycle has no {event.replace('_', ' ')} from {before.replace('_', ' ')} "
            f"to {to_state.replace('_', ' ')}.",
            state=before,
            allowed_events=permitted_events(session, actor, entry),
        )
    reads = _Reads(meetings=meetings)
    transition = _EntryTransition(session, entry, actor, data, now=at, recorded=True, reads=reads)
    with session.no_autoflush:
        if row.dest is not None:
            entry.state = row.dest
        for callback in row.after:
            getattr(transition, named(callback))(None)
    for meeting_id, placed in reads.placements.items():
        meeting = reads.meetings[meeting_id]
        assert meeting is not None
        place_entries(session, placed, meeting)
    _add_history(
        transition,
        event=recorded_as or event,
        before=before,
        reason=data.reason if reason is None else reason,
    )
    _flush_moves(session, [entry])
    return entry


def _named(meeting: Meeting | None) -> str:
    return f"meeting on {plain_date(meeting.start)}" if meeting is not None else "meeting given"


#: After-commit topic: meetings whose items moved, so whose messages may now be due.
MEETINGS_CHANGED = "meetings_changed"


def _add_history(transition: "_EntryTransition", *, event: str, before: str, reason: str) -> None:
    """Add the move's history row and mark the entry's row changed (it is written with it)."""
    session, entry = transition.session, transition.entry
    remember_after_commit(session, MEETINGS_CHANGED, entry.meeting_id, transition.meeting_before)
    entry.updated_at = transition.now  # always UPDATE the row, so its version guards concurrency
    record_state_change(
        session,
        entry=entry,
        event=event,
        from_state=before,
        actor=transition.actor,
        reason=reason.strip(),
        # The meeting it is on now, or the one it was taken off (a deferral back).
        meeting_id=entry.meeting_id or transition.data.meeting_id or transition.meeting_before,
        paper_id=transition.paper.id if transition.paper else None,
        at=transition.now,
    )


def _flush_moves(session: Session, entries: Sequence[WorkProgrammeEntry]) -> None:
    """Write the moves: each entry's UPDATE, guarded by its version, goes before its history
    (the unit of work orders a row before those pointing at it), so a concurrent change of an
    entry fails here, before any history is written."""
    try:
        session.flush()
    except StaleDataError:
        raise ConcurrentChange(entries[0].id) from None


@dataclass
class _Reads:
    """What the transitions of one event share: the meetings read, each meeting's briefing
    window, and the entries each meeting's agenda takes once the machine has moved them all."""

    meetings: dict[int, Meeting | None] = field(default_factory=dict)
    briefing_opens: dict[int, date] = field(default_factory=dict)
    placements: dict[int, list[WorkProgrammeEntry]] = field(default_factory=dict)


class _EntryTransition:
    """The model the shared machine fires on: one entry, one actor, one event's input."""

    def __init__(
        self,
        session: Session,
        entry: WorkProgrammeEntry,
        actor: Actor,
        data: EventInput,
        *,
        now: datetime | None = None,
        recorded: bool = False,
        reads: _Reads | None = None,
    ) -> None:
        self.session = session
        self.entry = entry
        self.actor = actor
        self.data = data
        self.now = now or utcnow()
        self.recorded = recorded  # history written after the fact: nobody is told now
        self.meeting_before = entry.meeting_id
        self.refusals: list[str] = []
        self.paper: Paper | None = None
        self.reads = reads or _Reads()

    @property
    def version_id(self) -> int | None:
        """The latest version of the paper this event stored or cleared."""
        if self.paper is None:
            return None
        return latest_version_id(self.session, self.paper.id)

    @property
    def state(self) -> str:
        return self.entry.state

    @state.setter
    def state(self, value: str) -> None:
        self.entry.state = value
        # With the state, so the row is written once even when a callback flushes midway.
        self.entry.updated_at = self.now

    def _refuse(self, reason: str) -> bool:
        if reason not in self.refusals:
            self.refusals.append(reason)
        return False

    def _meeting(self, meeting_id: int | None) -> Meeting | None:
        """The meeting, read once for the event: guards and callbacks each ask for it, and the
        session keeps no object nobody holds."""
        if meeting_id is None:
            return None
        meetings = self.reads.meetings
        if meeting_id not in meetings:
            meetings[meeting_id] = self.session.get(Meeting, meeting_id)
        return meetings[meeting_id]

    @property
    def _target_meeting(self) -> Meeting | None:
        return self._meeting(self.data.meeting_id)

    @property
    def _current_meeting(self) -> Meeting | None:
        return self._meeting(self.entry.meeting_id)

    # Guards: each returns whether the row of the table may be taken.

    def meeting_is_bookable(self, _event: EventData | None) -> bool:
        meeting = self._target_meeting
        if meeting is None:
            return self._refuse("Say which meeting (meeting_id).")
        if meeting.committee_id != self.entry.committee_id:
            return self._refuse(
                f"The meeting on {plain_date(meeting.start)} is a meeting of another committee."
            )
        if meeting.is_cancelled:
            return self._refuse(f"The meeting on {plain_date(meeting.start)} is cancelled.")
        if meeting.start <= self.now:
            return self._refuse(f"The meeting on {plain_date(meeting.start)} has already started.")
        return True

    def paper_window_has_opened(self, _event: EventData | None) -> bool:
        meeting = self._target_meeting
        assert meeting is not None
        opens = self.reads.briefing_opens
        if meeting.id not in opens:
            opens[meeting.id] = meeting_deadlines(self.session, meeting).briefing_opens
        return opens[meeting.id] <= to_london(self.now).date()

    def meeting_given(self, _event: EventData | None) -> bool:
        return self.data.meeting_id is not None

    def later_meeting_given(self, _event: EventData | None) -> bool:
        target, current = self._target_meeting, self._current_meeting
        if target is None:
            return False
        if current is not None and target.start <= current.start:
            return self._refuse(
                f"Deferring moves an item to a later meeting; the meeting on {plain_date(target.start)} is not after "
                f"the meeting on {plain_date(current.start)}."
            )
        return True

    def meeting_has_started(self, _event: EventData | None) -> bool:
        meeting = self._current_meeting
        assert meeting is not None  # the database guarantees it in these states
        if self.data.meeting_id is not None and self.data.meeting_id != meeting.id:
            return self._refuse(
                f"The item is on the agenda of the meeting on {plain_date(meeting.start)}, not of "
                f"the {_named(self._target_meeting)}."
            )
        on_agenda = self.session.exec(
            select(AgendaItem.id).where(
                AgendaItem.entry_id == self.entry.id, AgendaItem.meeting_id == meeting.id
            )
        ).first()
        if on_agenda is None:
            return self._refuse(
                f"The item is not on the agenda of the meeting on {plain_date(meeting.start)}."
            )
        if meeting.is_cancelled:
            return self._refuse(f"The meeting on {plain_date(meeting.start)} was cancelled.")
        if meeting.start > self.now:
            return self._refuse(
                f"The meeting on {plain_date(meeting.start)} has not started yet: it starts at "
                f"{clock_time(meeting.start)}. Record it as considered once the meeting is under way."
            )
        return True

    def paper_is_needed(self, _event: EventData | None) -> bool:
        needed = self.entry.needed_kinds
        if self.data.paper_kind in needed or (self.data.paper_kind is None and needed):
            return True  # no kind yet: asking what may be done (the submission names one)
        asked = kinds_in_words(needed)
        sent = kinds_in_words([self.data.paper_kind]) if self.data.paper_kind else "a paper"
        if not needed:
            return self._refuse(
                f"This item needs no paper, so {sent} cannot be sent for it. Governance "
                "Services can change the papers it needs."
            )
        return self._refuse(
            f"This item needs {asked}, not {sent.removeprefix('a ')}: send "
            f"{'that' if len(needed) == 1 else 'one of those'}."
        )

    def papers_change(self, _event: EventData | None) -> bool:
        wanted = kinds_stored(self.data.papers_needed or [])
        if wanted == self.entry.papers_needed:
            return self._refuse(
                f"The item already needs {kinds_in_words(self.entry.needed_kinds)}: nothing "
                "would change."
            )
        return True

    def draft_paper_received(self, _event: EventData | None) -> bool:
        drafts = drafts_to_clear(self.session, self.entry.id, self.data.paper_kind)
        if not drafts:
            which = (self.data.paper_kind or "paper").replace("_", " ")
            return self._refuse(f"No draft {which} has been received to clear.")
        if len(drafts) > 1:
            return self._refuse("More than one paper awaits clearing: say which with paper_kind.")
        self.paper = drafts[0]
        return True

    # Callbacks: what the event does beyond changing the state.

    def place_on_agenda(self, _event: EventData | None) -> None:
        meeting = self._target_meeting
        assert meeting is not None
        self.entry.meeting_id = meeting.id
        self.entry.timing_note = None
        # Placed once the machine has moved every entry of the event: one agenda read for all.
        self.reads.placements.setdefault(meeting.id, []).append(self.entry)
        if self.entry.state in WINDOW_OPEN:
            self.await_papers(_event)

    def take_off_agenda(self, _event: EventData | None) -> None:
        meeting = self._current_meeting
        # A withdrawal after the meeting took the item leaves the agenda as it was.
        if (
            self.entry.state == EntryState.WITHDRAWN
            and meeting is not None
            and meeting.start <= self.now
        ):
            return
        # Off the meeting before the agenda flushes, so the row is written once.
        self.entry.meeting_id = None
        remove_entry(self.session, self.entry)

    def await_papers(self, _event: EventData | None) -> None:
        """Expect each paper the item needs, and ask the lead officers for them."""
        self._ask_for(self.entry.needed_kinds)

    def _ask_for(self, kinds: Sequence[str], step: PaperStep = PaperStep.ASKED) -> None:
        for kind in kinds:
            expect_paper(self.session, entry_id=self.entry.id, kind=kind, at=self.now)
        self.session.flush()
        self._tell(step, tuple(kinds))

    def _tell(self, step: PaperStep, kinds: tuple[str, ...]) -> None:
        """Tell the areas that follow an entry's papers (the reminders send the messages)."""
        if self.recorded or not kinds:
            return
        papers_moved.send(
            PaperMove(
                session=self.session,
                entry=self.entry,
                actor=self.actor,
                step=step,
                kinds=kinds,
                at=self.now,
                version_id=self.version_id,
            )
        )

    def change_papers_needed(self, _event: EventData | None) -> None:
        before = set(self.entry.needed_kinds)
        self.entry.papers_needed = kinds_stored(self.data.papers_needed or [])
        added = [kind for kind in self.entry.needed_kinds if kind not in before]
        if self.entry.state in WINDOW_OPEN:
            self._ask_for(added, PaperStep.ADDED)

    def store_paper(self, _event: EventData | None) -> None:
        assert self.data.paper_kind is not None  # submit_paper requires it (_validate)
        self.paper = store_version(
            self.session,
            entry_id=self.entry.id,
            kind=self.data.paper_kind,
            title=self.data.paper_title,
            url=self.data.paper_url,
            upload=self.data.paper_file,
            submitted_by_id=None if isinstance(self.actor, SystemActor) else self.actor.id,
            at=self.now,
        )
        self.session.flush()
        self._tell(PaperStep.RECEIVED, (self.paper.kind,))

    def mark_paper_cleared(self, _event: EventData | None) -> None:
        if self.paper is None:  # recorded history runs no guards: find the draft here
            drafts = drafts_to_clear(self.session, self.entry.id, self.data.paper_kind)
            if len(drafts) != 1:
                raise InvalidInput("paper_kind", "name the one draft paper that was cleared")
            self.paper = drafts[0]
        mark_cleared(self.paper, at=self.now)
        self.session.flush()
        self._tell(PaperStep.CLEARED, (self.paper.kind,))

    def record_resolution(self, _event: EventData | None) -> None:
        self.entry.resolution = self.data.resolution.strip()


def entries_on(session: Session, meeting: Meeting, states: set[str]) -> list[WorkProgrammeEntry]:
    return list(
        session.exec(
            select(WorkProgrammeEntry)
            .where(
                WorkProgrammeEntry.meeting_id == meeting.id,
                col(WorkProgrammeEntry.state).in_(states),
            )
            .order_by(col(WorkProgrammeEntry.id))
        )
    )


def follow_meeting_change(
    session: Session, *, meeting: Meeting, changes: list[str], previous_start: datetime
) -> None:
    """Move the items of a cancelled or moved meeting, as the system, each with a history row."""
    waiting = set(FOLLOWING_MEETING)
    if "status" in changes and meeting.is_cancelled:
        reason = f"The meeting of {to_london(previous_start):%d %B %Y} was cancelled."
        for entry in entries_on(session, meeting, waiting):
            fire_event(
                session,
                actor=SYSTEM,
                entry_id=entry.id,
                event="defer",
                data=EventInput(reason=reason),
            )
    elif "time" in changes and not meeting.is_cancelled:
        reason = (
            f"The meeting moved from {to_london(previous_start):%H:%M on %d %B %Y} "
            f"to {to_london(meeting.start):%H:%M on %d %B %Y}."
        )
        for entry in entries_on(session, meeting, waiting):
            fire_event(
                session,
                actor=SYSTEM,
                entry_id=entry.id,
                event="reschedule",
                data=EventInput(reason=reason),
            )


@meeting_changed.connect
def _follow_meeting(change: MeetingChange) -> None:
    """A meeting moved or was cancelled: its items follow it (committee.meetings.signals)."""
    follow_meeting_change(
        change.session,
        meeting=change.meeting,
        changes=list(change.changes),
        previous_start=change.previous_start,
    )
