"""The executive's decisions: the key decision notice, and the decision it announces.

The Local Authorities (Executive Arrangements) (Meetings and Access to
Information) (England) Regulations 2012 set the order. A key decision is
announced by a notice on the forward plan at least 28 clear days before it is
taken (reg. 9); where that is impracticable, by a general exception notice
five clear days before (reg. 10), or with special urgency, the scrutiny
chair agreeing it cannot wait (reg. 11). The notice is drafted, published,
deferred to a new date (keeping the day it was first published, from which
the 28 days run), withdrawn (it stays on the record) or, once the decision is
taken, decided.

Every executive decision is recorded and published as a decision notice
(reg. 13). It may not be carried out until its call-in period ends, unless it
was urgent and exempted from call-in. Called in, it waits for the scrutiny
board, whose resolution ends the call-in: no further action (it may be carried
out), referred back to the decision maker (who reconsiders and records the
outcome), or referred to full council.

Guards and callbacks are named here and implemented by the application's adapter.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from transitions import Machine

from workflows.table import Move, events_in_order, fire_on, shared_machine


class NoticeState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


class DecisionState(StrEnum):
    RECORDED = "recorded"  # written, its decision notice not yet published
    CALL_IN_PERIOD = "call_in_period"  # published: it may be called in until the period ends
    CALLED_IN = "called_in"  # held until the scrutiny board resolves
    REFERRED_BACK = "referred_back"  # the decision maker reconsiders
    REFERRED_TO_COUNCIL = "referred_to_council"
    IN_EFFECT = "in_effect"  # it may be carried out


NOTICE_STATE_WORDS = {
    NoticeState.DRAFT: "Draft",
    NoticeState.PUBLISHED: "On the forward plan",
    NoticeState.DECIDED: "Decided",
    NoticeState.WITHDRAWN: "Withdrawn",
}

DECISION_STATE_WORDS = {
    DecisionState.RECORDED: "Recorded, not yet published",
    DecisionState.CALL_IN_PERIOD: "Published: may be called in",
    DecisionState.CALLED_IN: "Called in: waiting for the scrutiny board",
    DecisionState.REFERRED_BACK: "Referred back to the decision maker",
    DecisionState.REFERRED_TO_COUNCIL: "Referred to full council",
    DecisionState.IN_EFFECT: "May be carried out",
}


@dataclass(frozen=True)
class EventSpec:
    name: str
    label: str  # for buttons and the history
    doing: str  # for refusals: "Only ... may <doing>."
    by_system: bool = False  # fired by the service (the sweep), not by a person


NOTICE_EVENTS: dict[str, EventSpec] = {
    spec.name: spec
    for spec in (
        EventSpec("publish", "Published", "publish key decision notices"),
        EventSpec("defer", "Deferred to a new date", "defer key decisions"),
        EventSpec("decide", "Decided", "record decisions"),
        EventSpec("withdraw", "Withdrawn", "withdraw key decision notices"),
    )
}

DECISION_EVENTS: dict[str, EventSpec] = {
    spec.name: spec
    for spec in (
        EventSpec("publish", "Decision notice published", "publish decision notices"),
        EventSpec("call_in", "Called in", "call in decisions"),
        EventSpec("end_call_in_period", "Call-in period ended", "end call-in periods", True),
        EventSpec("no_further_action", "No further action", "record the board's resolution"),
        EventSpec("refer_back", "Referred back", "record the board's resolution"),
        EventSpec("refer_to_council", "Referred to full council", "record the board's resolution"),
        EventSpec("reconsider", "Reconsidered", "record the reconsidered decision"),
        EventSpec("council_decides", "Full council decided", "record full council's decision"),
    )
}

N_DRAFT, N_PUBLISHED = NoticeState.DRAFT.value, NoticeState.PUBLISHED.value
N_DECIDED, N_WITHDRAWN = NoticeState.DECIDED.value, NoticeState.WITHDRAWN.value

NOTICE_TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "publish", "source": N_DRAFT, "dest": N_PUBLISHED, "after": "stamp_publication"},
    {
        "trigger": "defer",
        "source": N_PUBLISHED,
        "dest": None,
        "conditions": ["later_date_given"],
        "after": "move_decision_date",
    },
    {
        "trigger": "decide",
        "source": N_PUBLISHED,
        "dest": N_DECIDED,
        "conditions": ["decision_is_lawful_now"],
    },
    {"trigger": "withdraw", "source": [N_DRAFT, N_PUBLISHED], "dest": N_WITHDRAWN},
]

RECORDED = DecisionState.RECORDED.value
PERIOD, CALLED_IN = DecisionState.CALL_IN_PERIOD.value, DecisionState.CALLED_IN.value
BACK, COUNCIL = DecisionState.REFERRED_BACK.value, DecisionState.REFERRED_TO_COUNCIL.value
IN_EFFECT = DecisionState.IN_EFFECT.value

DECISION_TRANSITIONS: list[dict[str, Any]] = [
    # An urgent decision exempt from call-in takes effect when its notice is published.
    {
        "trigger": "publish",
        "source": RECORDED,
        "dest": IN_EFFECT,
        "conditions": ["exempt_from_call_in"],
        "after": "stamp_publication",
    },
    {"trigger": "publish", "source": RECORDED, "dest": PERIOD, "after": "stamp_publication"},
    {
        "trigger": "call_in",
        "source": PERIOD,
        "dest": CALLED_IN,
        "conditions": ["within_call_in_period", "caller_entitled"],
        "after": "open_call_in",
    },
    {
        # A second call-in of a decision already called in adds its reasons to the first.
        "trigger": "call_in",
        "source": CALLED_IN,
        "dest": None,
        "conditions": ["within_call_in_period", "caller_entitled"],
        "after": "join_call_in",
    },
    {
        "trigger": "end_call_in_period",
        "source": PERIOD,
        "dest": IN_EFFECT,
        "conditions": ["call_in_period_over"],
    },
    {
        "trigger": "no_further_action",
        "source": CALLED_IN,
        "dest": IN_EFFECT,
        "after": "close_call_in",
    },
    {"trigger": "refer_back", "source": CALLED_IN, "dest": BACK, "after": "close_call_in"},
    {"trigger": "refer_to_council", "source": CALLED_IN, "dest": COUNCIL, "after": "close_call_in"},
    {"trigger": "reconsider", "source": BACK, "dest": IN_EFFECT, "after": "record_outcome"},
    {"trigger": "council_decides", "source": COUNCIL, "dest": IN_EFFECT, "after": "record_outcome"},
]


def _names(rows: list[dict[str, Any]], key: str) -> frozenset[str]:
    found: set[str] = set()
    for row in rows:
        value = row.get(key, [])
        found.update([value] if isinstance(value, str) else value)
    return frozenset(found)


NOTICE_GUARDS = _names(NOTICE_TRANSITIONS, "conditions")
NOTICE_CALLBACKS = _names(NOTICE_TRANSITIONS, "after")
DECISION_GUARDS = _names(DECISION_TRANSITIONS, "conditions")
DECISION_CALLBACKS = _names(DECISION_TRANSITIONS, "after")
#: A decision that may not yet be carried out.
HELD_STATES = frozenset({RECORDED, PERIOD, CALLED_IN, BACK, COUNCIL})


@cache
def notice_machine() -> Machine:
    """Return the one shared machine of key decision notices (see workflows.table)."""
    return shared_machine((state.value for state in NoticeState), NOTICE_TRANSITIONS)


@cache
def decision_machine() -> Machine:
    """Return the one shared machine of decisions (see workflows.table)."""
    return shared_machine((state.value for state in DecisionState), DECISION_TRANSITIONS)


def fire_notice(model: Any, event: str) -> Move | None:
    """Fire an event on a notice's model; None if a guard refused (see fire_on)."""
    return fire_on(notice_machine(), model, event)


def fire_decision(model: Any, event: str) -> Move | None:
    """Fire an event on a decision's model; None if a guard refused (see fire_on)."""
    return fire_on(decision_machine(), model, event)


def notice_events_from(state: str) -> list[str]:
    """Return the events a notice's state allows, guards aside, in table order."""
    return events_in_order(notice_machine(), state, NOTICE_EVENTS)


def decision_events_from(state: str) -> list[str]:
    """Return the events a decision's state allows, guards aside, in table order."""
    return events_in_order(decision_machine(), state, DECISION_EVENTS)
