"""What every lifecycle shares: one machine per table, holding no models.

A table's machine is built once and fired with the model as an argument:
adding rows as models would keep a strong reference to each in
`machine.models` (tens of KB a row), and `add_model` fails on SQLModel
instances anyway.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from transitions import Machine


@dataclass(frozen=True)
class Move:
    """What one event did to a lifecycle: the history row every table records."""

    event: str
    from_state: str | None  # None when the thing was created
    to_state: str


def shared_machine(states: Iterable[str], transitions: list[dict[str, Any]]) -> Machine:
    """Build a table's machine: no models, no automatic `to_<state>` events, events as EventData."""
    return Machine(
        model=None,
        initial=None,
        states=list(states),
        transitions=transitions,
        auto_transitions=False,
        send_event=True,
    )


def named(callback: object) -> str:
    """A guard's or callback's name: the tables name them, and the adapters implement them."""
    if not isinstance(callback, str):
        raise TypeError(f"a table names its guards and callbacks; {callback!r} is not a name")
    return callback


def fire_on(machine: Machine, model: Any, event: str, **kwargs: Any) -> Move | None:
    """Fire an event on a model holding a `state`; return the move, or None if every guard refused.

    Raises transitions.MachineError when the event is not allowed from the
    model's state at all.
    """
    before = str(model.state)
    if not machine.events[event].trigger(model, **kwargs):
        return None
    return Move(event, before, str(model.state))


def events_in_order(machine: Machine, state: str, order: Iterable[str]) -> list[str]:
    """Return the events a state allows, guards aside, in the table's order."""
    allowed = set(machine.get_triggers(str(state)))  # str(): a member's value, not its name
    return [name for name in order if name in allowed]
