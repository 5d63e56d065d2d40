"""The life of a recommendation: sent, answered, implemented.

A scrutiny board recommends (to a cabinet member, to Council, to a partner
body) and tracks what came of it; a report's own recommendations (a serious
case review's "Implementation Assurance" table) are tracked the same way. A
recommendation is sent with a date its response is due; the answer says
whether it was accepted, partly accepted or rejected, with the response's
words; an accepted (or partly accepted) one is then implemented. Guards and
callbacks are named here and implemented by the application's adapter.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from transitions import Machine

from workflows.table import Move, events_in_order, fire_on, shared_machine


class RecommendationState(StrEnum):
    SENT = "sent"  # waiting for a response
    ANSWERED = "answered"
    IMPLEMENTED = "implemented"


class Answer(StrEnum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"


ANSWER_LABELS = {
    Answer.ACCEPTED: "Accepted",
    Answer.PARTLY_ACCEPTED: "Partly accepted",
    Answer.REJECTED: "Rejected",
}

STATE_LABELS = {
    RecommendationState.SENT: "Waiting for a response",
    RecommendationState.ANSWERED: "Answered",
    RecommendationState.IMPLEMENTED: "Implemented",
}


@dataclass(frozen=True)
class RecommendationEventSpec:
    name: str
    label: str  # for buttons
    description: str


EVENTS: dict[str, RecommendationEventSpec] = {
    spec.name: spec
    for spec in (
        RecommendationEventSpec(
            "answer", "Record the response", "The response came: accepted, partly or rejected."
        ),
        RecommendationEventSpec(
            "implement", "Record as implemented", "What was accepted has been done."
        ),
    )
}

SENT, ANSWERED = RecommendationState.SENT.value, RecommendationState.ANSWERED.value
IMPLEMENTED = RecommendationState.IMPLEMENTED.value

TRANSITIONS: list[dict[str, Any]] = [
    {
        "trigger": "answer",
        "source": SENT,
        "dest": ANSWERED,
        "conditions": ["answer_given"],
        "after": "record_answer",
    },
    {
        "trigger": "implement",
        "source": ANSWERED,
        "dest": IMPLEMENTED,
        "conditions": ["was_accepted"],
        "after": "record_implementation",
    },
]

GUARDS = frozenset(name for row in TRANSITIONS for name in row.get("conditions", []))
CALLBACKS = frozenset(row["after"] for row in TRANSITIONS if "after" in row)
#: Still owed something: a response, or (accepted) its implementation.
OPEN_STATES = frozenset({SENT, ANSWERED})


@cache
def recommendation_machine() -> Machine:
    """Return the one shared machine (see workflows.table)."""
    return shared_machine((state.value for state in RecommendationState), TRANSITIONS)


def fire(model: Any, event: str, **kwargs: Any) -> Move | None:
    """Fire an event on a recommendation's model; False if a guard refused (see fire_on)."""
    return fire_on(recommendation_machine(), model, event, **kwargs)


def events_from(state: str) -> list[str]:
    """Return the events allowed from a state, guards aside, in table order."""
    return events_in_order(recommendation_machine(), state, EVENTS)
