"""The lifecycle of a work programme entry and the agenda item it becomes.

This table is the one definition: the API's allowed events, the buttons on
pages, the CLI and the diagram all derive from it. Guards and callbacks are
named here and implemented by whatever model the machine fires on (the
application's adapter); this module imports nothing from the application.

Where one event has several rows for the same source, the first whose
conditions all pass wins: `schedule` goes straight to briefing_due when the
paper window has already opened.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from transitions import Machine, Transition

from workflows.table import Move, events_in_order, fire_on, named, shared_machine


class EntryState(StrEnum):
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    BRIEFING_DUE = "briefing_due"
    CONSIDERED = "considered"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


#: States in which the entry sits on a meeting's agenda, so must name a meeting.
STATES_WITH_MEETING = frozenset(
    {EntryState.SCHEDULED, EntryState.BRIEFING_DUE, EntryState.CONSIDERED, EntryState.RESOLVED}
)


class Capacity(StrEnum):
    """In what capacity someone acts on an entry."""

    GOVERNANCE = "governance"  # a governance officer of the entry's committee, or an admin
    LEAD_OFFICER = "lead_officer"  # named as a lead officer of this entry
    SYSTEM = "system"  # the scheduler


@dataclass(frozen=True)
class EventSpec:
    name: str
    label: str  # for buttons
    doing: str  # for refusals: "Only ... may <doing>."
    description: str
    capacities: frozenset[Capacity]
    required: tuple[str, ...] = ()  # fields the event cannot do without
    optional: tuple[str, ...] = ()


GOVERNANCE, LEAD_OFFICER, SYSTEM = Capacity.GOVERNANCE, Capacity.LEAD_OFFICER, Capacity.SYSTEM

EVENTS: dict[str, EventSpec] = {
    spec.name: spec
    for spec in (
        EventSpec(
            "schedule",
            "Schedule",
            "schedule entries onto meetings",
            "Put the entry on a meeting's agenda.",
            # The service too: a called-in decision goes on the board's meeting within the
            # constitution's time.
            frozenset({GOVERNANCE, SYSTEM}),
            required=("meeting_id",),
        ),
        EventSpec(
            "open_briefing",
            "Ask for the paper",
            "open paper windows",
            "Open the paper window: the lead officer is asked for the paper.",
            frozenset({GOVERNANCE, SYSTEM}),
        ),
        EventSpec(
            "submit_paper",
            "Submit paper",
            "submit papers for this entry",
            "Submit the paper (a file or a link), or a new version of it.",
            frozenset({GOVERNANCE, LEAD_OFFICER}),
            required=("paper_kind",),
            optional=("paper_url", "paper_title"),
        ),
        EventSpec(
            "clear_paper",
            "Clear paper",
            "clear papers",
            "Clear the draft paper for publication.",
            frozenset({GOVERNANCE}),
            optional=("paper_kind",),
        ),
        EventSpec(
            "change_papers",
            "Change the papers needed",
            "change the papers an item needs",
            "Change which papers the item needs (one not needed after all, or another kind).",
            frozenset({GOVERNANCE}),
            required=("papers_needed", "reason"),
        ),
        EventSpec(
            "consider",
            "Record as considered",
            "record items as considered",
            "The meeting took the item.",
            frozenset({GOVERNANCE}),
            optional=("meeting_id",),
        ),
        EventSpec(
            "resolve",
            "Record resolution",
            "record resolutions",
            "Record what the meeting resolved.",
            frozenset({GOVERNANCE}),
            required=("resolution",),
        ),
        EventSpec(
            "defer",
            "Defer",
            "defer items",
            "Take the item off its agenda, back to the programme or onto a later meeting.",
            frozenset({GOVERNANCE, SYSTEM}),
            required=("reason",),
            optional=("meeting_id",),
        ),
        EventSpec(
            "reschedule",
            "Follow the meeting",
            "move items with their meeting",
            "The item's meeting moved; the item goes with it.",
            frozenset({SYSTEM}),
            required=("reason",),
        ),
        EventSpec(
            "withdraw",
            "Withdraw",
            "withdraw entries",
            "Withdraw the entry from the programme.",
            frozenset({GOVERNANCE}),
            required=("reason",),
        ),
    )
}

# Plain strings: transitions reads Enum members as states named by the member's
# name ("SCHEDULED"), which would not match the strings stored in the database.
REQUESTED, SCHEDULED = EntryState.REQUESTED.value, EntryState.SCHEDULED.value
BRIEFING_DUE, CONSIDERED = EntryState.BRIEFING_DUE.value, EntryState.CONSIDERED.value
RESOLVED, WITHDRAWN = EntryState.RESOLVED.value, EntryState.WITHDRAWN.value

TRANSITIONS: list[dict[str, Any]] = [
    {
        "trigger": "schedule",
        "source": REQUESTED,
        "dest": BRIEFING_DUE,
        "conditions": ["meeting_is_bookable", "paper_window_has_opened"],
        "after": "place_on_agenda",
    },
    {
        "trigger": "schedule",
        "source": REQUESTED,
        "dest": SCHEDULED,
        "conditions": ["meeting_is_bookable"],
        "after": "place_on_agenda",
    },
    {
        "trigger": "open_briefing",
        "source": SCHEDULED,
        "dest": BRIEFING_DUE,
        "after": "await_papers",
    },
    {
        "trigger": "submit_paper",
        "source": BRIEFING_DUE,
        "dest": None,
        "conditions": ["paper_is_needed"],
        "after": "store_paper",
    },
    {
        "trigger": "clear_paper",
        "source": BRIEFING_DUE,
        "dest": None,
        "conditions": ["draft_paper_received"],
        "after": "mark_paper_cleared",
    },
    {
        "trigger": "change_papers",
        "source": [REQUESTED, SCHEDULED, BRIEFING_DUE],
        "dest": None,
        "conditions": ["papers_change"],
        "after": "change_papers_needed",
    },
    {
        "trigger": "consider",
        "source": [SCHEDULED, BRIEFING_DUE],
        "dest": CONSIDERED,
        "conditions": ["meeting_has_started"],
    },
    {
        "trigger": "resolve",
        "source": CONSIDERED,
        "dest": RESOLVED,
        "after": "record_resolution",
    },
    {
        "trigger": "defer",
        "source": [SCHEDULED, BRIEFING_DUE],
        "dest": BRIEFING_DUE,
        "conditions": ["later_meeting_given", "meeting_is_bookable", "paper_window_has_opened"],
        "after": "place_on_agenda",
    },
    {
        "trigger": "defer",
        "source": [SCHEDULED, BRIEFING_DUE],
        "dest": SCHEDULED,
        "conditions": ["later_meeting_given", "meeting_is_bookable"],
        "after": "place_on_agenda",
    },
    {
        "trigger": "defer",
        "source": [SCHEDULED, BRIEFING_DUE],
        "dest": REQUESTED,
        "unless": ["meeting_given"],
        "after": "take_off_agenda",
    },
    {"trigger": "reschedule", "source": [SCHEDULED, BRIEFING_DUE], "dest": None},
    {
        "trigger": "withdraw",
        "source": [REQUESTED, SCHEDULED, BRIEFING_DUE, CONSIDERED],
        "dest": WITHDRAWN,
        "after": "take_off_agenda",
    },
]


def states_allowing(*events: str) -> frozenset[str]:
    """Return the states from which the table allows any of the events (guards aside)."""
    found: set[str] = set()
    for row in TRANSITIONS:
        if row["trigger"] in events:
            sources = row["source"]
            found.update([sources] if isinstance(sources, str) else sources)
    return frozenset(found)


#: On the programme, waiting to be given a meeting.
UNSCHEDULED = states_allowing("schedule")
#: On a coming meeting's agenda, the paper window not yet open: the scheduler opens it.
AWAITING_WINDOW = states_allowing("open_briefing")
#: The paper window is open: the lead officers may submit papers.
WINDOW_OPEN = states_allowing("submit_paper")
#: The lead officers owe papers: the window is open, or opens when its day comes.
OWING_PAPERS = AWAITING_WINDOW | WINDOW_OPEN
#: Waiting for a coming meeting: moved with it, or sent back when it is cancelled.
FOLLOWING_MEETING = states_allowing("reschedule")
#: Still free to go on a meeting (scheduled, or deferred onto another).
MOVABLE = states_allowing("schedule", "defer")

#: Everything the workflow uses from the model it fires on: each name must be
#: a method there. A test holds the adapter to it.
GUARDS = frozenset(
    name for row in TRANSITIONS for key in ("conditions", "unless") for name in row.get(key, [])
)
CALLBACKS = frozenset(row["after"] for row in TRANSITIONS if "after" in row)


@cache
def entry_machine() -> Machine:
    """Return the one shared machine, holding no models (see workflows.table)."""
    return shared_machine((state.value for state in EntryState), TRANSITIONS)


def fire(model: Any, event: str, **kwargs: Any) -> Move | None:
    """Fire an event on an entry's model; False if every guard refused (see fire_on)."""
    return fire_on(entry_machine(), model, event, **kwargs)


def would_accept(model: Any, event: str) -> bool:
    """Return whether firing the event on the model now would move it, without firing it.

    Evaluates the guards of the event's rows from the model's state, in table
    order and stopping at the first failing guard of a row, as the machine
    would; nothing is changed, so a page can offer only what will be accepted.
    """
    for transition in entry_machine().events[event].transitions.get(str(model.state), []):
        if all(
            bool(getattr(model, named(condition.func))(None)) == condition.target
            for condition in transition.conditions
        ):
            return True
    return False


def table_row(state: str, event: str, to_state: str) -> Transition | None:
    """Return the machine's move from `state` to `to_state` by `event`, or None if it has none.

    An internal move (an event that keeps the state, such as submitting a paper)
    has no destination: it is found when `to_state` is `state`.
    """
    for transition in entry_machine().events[event].transitions.get(str(state), []):
        if (transition.dest or state) == to_state:
            return transition
    return None


def events_from(state: str) -> list[str]:
    """Return the events the lifecycle allows from a state, guards aside, in table order."""
    return events_in_order(entry_machine(), state, EVENTS)


#: The states as people say them.
STATE_LABELS = {
    EntryState.REQUESTED: "Requested",
    EntryState.SCHEDULED: "Scheduled",
    EntryState.BRIEFING_DUE: "Briefing due",
    EntryState.CONSIDERED: "Considered",
    EntryState.RESOLVED: "Resolved",
    EntryState.WITHDRAWN: "Withdrawn",
}

#: Each state as the pages say it to everyone: the council's words, not the workflow's.
STATE_WORDS = {
    EntryState.REQUESTED: "Awaiting a date",
    EntryState.SCHEDULED: "On an agenda",
    EntryState.BRIEFING_DUE: "On an agenda, its papers being prepared",
    EntryState.CONSIDERED: "Considered, awaiting the minutes",
    EntryState.RESOLVED: "Done",
    EntryState.WITHDRAWN: "Withdrawn",
}


def state_in_words(state: str) -> str:
    """ "Awaiting a date" for "requested"; a state unknown here as it is stored."""
    known = {member.value: member for member in EntryState}
    return STATE_WORDS[known[state]] if state in known else state


#: Each change as the history says it to those who work on the entry (the events' own labels,
#: and how an entry came to be).
CHANGE_WORDS = {
    "create": "Added to the work programme",
    "import": "Imported with the work programme",
    **{name: spec.label for name, spec in EVENTS.items()},
}

#: Each change as the public story tells it; None: the office's own work, not told.
PUBLIC_STORY = {
    "create": "Asked for",
    "import": "Put on the work programme",
    "schedule": "Put on the agenda",
    "reschedule": "Its meeting moved",
    "open_briefing": None,
    "submit_paper": None,
    "clear_paper": None,
    "change_papers": None,
    "consider": "Considered at the meeting",
    "resolve": "Resolved",
    "defer": "Deferred",
    "withdraw": "Withdrawn",
}

#: Each guard as people say it, and its negation (for `unless`).
GUARD_WORDS: dict[str, tuple[str, str]] = {
    "meeting_is_bookable": ("onto a coming meeting", "no coming meeting"),
    "paper_window_has_opened": ("its paper window open", "its paper window not yet open"),
    "later_meeting_given": ("later than its meeting", "no later meeting"),
    "meeting_given": ("onto a meeting", "back to the programme"),
    "meeting_has_started": ("once the meeting has started", "before the meeting"),
    "draft_paper_received": ("a draft received", "no draft received"),
    "paper_is_needed": ("a kind the item needs", "a kind it does not need"),
    "papers_change": ("other papers than now", "the same papers"),
}


def mermaid_diagram() -> str:
    """Return the lifecycle as a Mermaid state diagram, in words, drawn from the table.

    Rows sharing a start and an end are one arrow, their labels joined; an
    event that keeps the state (submitting a paper) loops back to it. Each
    label says when the move applies, in the words of GUARD_WORDS.
    """
    arrows: dict[tuple[str, str], list[str]] = {}
    for row in TRANSITIONS:
        sources = [row["source"]] if isinstance(row["source"], str) else row["source"]
        conditions = [GUARD_WORDS[name][0] for name in row.get("conditions", [])]
        conditions += [GUARD_WORDS[name][1] for name in row.get("unless", [])]
        label = EVENTS[row["trigger"]].label + (f" ({', '.join(conditions)})" if conditions else "")
        for source in sources:
            labels = arrows.setdefault((source, row["dest"] or source), [])
            if label not in labels:
                labels.append(label)
    lines = ["stateDiagram-v2", "  direction LR"]
    lines += [f'  state "{label}" as {state.value}' for state, label in STATE_LABELS.items()]
    lines.append(f"  [*] --> {EntryState.REQUESTED.value}")
    lines += [
        f"  {source} --> {dest}: {' / '.join(labels)}" for (source, dest), labels in arrows.items()
    ]
    return "\n".join(lines)
