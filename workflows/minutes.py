"""The life of a meeting's minutes: written as a draft, published, corrected.

A draft is written (and rewritten) by the committee's governance officers
and read by them alone. Publishing makes it the record: what it resolved
takes effect, and it no longer changes as a whole. What can still change is
its words, by a correction with its reason (typically the next meeting
agreeing them as a correct record "subject to" an amendment): a heading, a
minute's text, who attended, who declared what. What a meeting resolved
stands; a later meeting changes it by resolving again, not by a correction.
Guards and callbacks are named here and implemented by the application's
adapter.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from transitions import Machine

from workflows.table import Move, events_in_order, fire_on, shared_machine


class MinutesState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass(frozen=True)
class MinutesEventSpec:
    name: str
    label: str  # for buttons and the history
    description: str


EVENTS: dict[str, MinutesEventSpec] = {
    spec.name: spec
    for spec in (
        MinutesEventSpec("write", "Draft saved", "The draft was written or rewritten."),
        MinutesEventSpec(
            "publish",
            "Published",
            "The draft became the record: its items resolved, follow-ups and recommendations sent.",
        ),
        MinutesEventSpec(
            "correct", "Corrected", "Published minutes' words corrected, with the reason."
        ),
    )
}

DRAFT, PUBLISHED = MinutesState.DRAFT.value, MinutesState.PUBLISHED.value

TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "write", "source": DRAFT, "dest": DRAFT},
    {
        "trigger": "publish",
        "source": DRAFT,
        "dest": PUBLISHED,
        "conditions": ["has_minutes"],
        "after": "record_publication",
    },
    {
        "trigger": "correct",
        "source": PUBLISHED,
        "dest": PUBLISHED,
        "conditions": ["changes_something"],
    },
]

GUARDS = frozenset(name for row in TRANSITIONS for name in row.get("conditions", []))
CALLBACKS = frozenset(row["after"] for row in TRANSITIONS if "after" in row)


@cache
def minutes_machine() -> Machine:
    """Return the one shared machine (see workflows.table)."""
    return shared_machine((state.value for state in MinutesState), TRANSITIONS)


def fire(model: Any, event: str, **kwargs: Any) -> Move | None:
    """Fire an event on a meeting's minutes' model; False if a guard refused (see fire_on)."""
    return fire_on(minutes_machine(), model, event, **kwargs)


def events_from(state: str) -> list[str]:
    """Return the events allowed from a state, guards aside, in table order."""
    return events_in_order(minutes_machine(), state, EVENTS)
