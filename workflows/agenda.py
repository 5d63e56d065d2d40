"""The life of a meeting's agenda: drafted, published, supplemented, held, or cancelled.

Like the entry's lifecycle (workflows.entry), this table is the one
definition: the API's refusals, the buttons on the meeting page, the meeting's
status as people see it and the history all derive from it. Guards and
callbacks are named here and implemented by the application's adapter.

A draft agenda is published (the Local Government Act 1972, s.100B: five
clear working days before the meeting); anything added after that goes out
as a supplement, with the reason it is late (s.100B(4)(b)). Each publication
is an edition. When business already published becomes private, a corrected
edition takes it out of public view, whatever the agenda's state. When the
meeting starts the agenda is held, whatever it was. A meeting still to come
may be cancelled (its agenda with it) and reinstated (its agenda starting
again as a draft); one that has started can be neither: this table decides,
for the meeting as well as its agenda.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from transitions import Machine

from workflows.table import Move, events_in_order, fire_on, shared_machine


class AgendaState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPPLEMENTARY = "supplementary"  # published, and supplemented since
    HELD = "held"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class AgendaEventSpec:
    name: str
    label: str  # for buttons
    doing: str  # for refusals: "Only ... may <doing>."
    description: str
    by_system: bool = False  # fired by the service, not by a person


EVENTS: dict[str, AgendaEventSpec] = {
    spec.name: spec
    for spec in (
        AgendaEventSpec(
            "publish",
            "Publish the agenda",
            "publish agendas",
            "Publish the agenda and its papers; the members are sent it.",
        ),
        AgendaEventSpec(
            "supplement",
            "Publish a supplement",
            "publish supplementary agendas",
            "Publish what was added after the agenda, with the reason it is late.",
        ),
        AgendaEventSpec(
            "correct",
            "Publish a corrected edition",
            "correct published agendas",
            "Publish the agenda again as it now stands, taking out of public view what is now private.",
            by_system=True,
        ),
        AgendaEventSpec("hold", "Held", "hold meetings", "The meeting took place.", by_system=True),
        AgendaEventSpec(
            "cancel", "Cancelled", "cancel meetings", "The meeting was cancelled.", by_system=True
        ),
        AgendaEventSpec(
            "reinstate",
            "Reinstated",
            "reinstate meetings",
            "The cancelled meeting will take place after all; its agenda starts again as a draft.",
            by_system=True,
        ),
    )
}

#: Each change as the agenda's history tells it.
CHANGE_WORDS = {
    "publish": "Published",
    "supplement": "Supplement published",
    "correct": "Corrected edition published",
    "hold": "The meeting was held",
    "cancel": "The meeting was cancelled",
    "reinstate": "The meeting was reinstated",
}

# Plain strings: transitions reads Enum members as states named by the member's name.
DRAFT, PUBLISHED = AgendaState.DRAFT.value, AgendaState.PUBLISHED.value
SUPPLEMENTARY, HELD = AgendaState.SUPPLEMENTARY.value, AgendaState.HELD.value
CANCELLED = AgendaState.CANCELLED.value

TRANSITIONS: list[dict[str, Any]] = [
    {
        "trigger": "publish",
        "source": DRAFT,
        "dest": PUBLISHED,
        "conditions": [
            "meeting_is_to_come",
            "publication_is_due_or_papers_ready",
            "papers_accounted_for",
        ],
        "after": "record_publication",
    },
    {
        "trigger": "supplement",
        "source": [PUBLISHED, SUPPLEMENTARY],
        "dest": SUPPLEMENTARY,
        "conditions": ["meeting_is_to_come", "something_new"],
        "after": "record_supplement",
    },
    {
        "trigger": "correct",
        "source": [PUBLISHED, SUPPLEMENTARY, HELD, CANCELLED],
        "dest": None,
        "conditions": ["has_been_published"],
        "after": "record_correction",
    },
    {
        "trigger": "hold",
        "source": [DRAFT, PUBLISHED, SUPPLEMENTARY],
        "dest": HELD,
        "conditions": ["meeting_has_started"],
    },
    {
        "trigger": "cancel",
        "source": [DRAFT, PUBLISHED, SUPPLEMENTARY],
        "dest": CANCELLED,
        "conditions": ["meeting_is_to_come"],
    },
    {
        "trigger": "reinstate",
        "source": CANCELLED,
        "dest": DRAFT,
        "conditions": ["meeting_is_to_come"],
    },
]

GUARDS = frozenset(name for row in TRANSITIONS for name in row.get("conditions", []))
CALLBACKS = frozenset(row["after"] for row in TRANSITIONS if "after" in row)


@cache
def agenda_machine() -> Machine:
    """Return the one shared machine (see workflows.table)."""
    return shared_machine((state.value for state in AgendaState), TRANSITIONS)


def fire(model: Any, event: str, **kwargs: Any) -> Move | None:
    """Fire an event on an agenda's model; False if a guard refused (see fire_on)."""
    return fire_on(agenda_machine(), model, event, **kwargs)


def events_from(state: str) -> list[str]:
    """Return the events allowed from a state, guards aside, in table order."""
    return events_in_order(agenda_machine(), state, EVENTS)
