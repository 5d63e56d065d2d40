"""The notice's and the decision's tables, fired on plain models (no database)."""

import pytest
from transitions import MachineError

from workflows.decision import (
    DECISION_CALLBACKS,
    DECISION_GUARDS,
    NOTICE_CALLBACKS,
    NOTICE_GUARDS,
    decision_events_from,
    fire_decision,
    fire_notice,
    notice_events_from,
)


class Model:
    """Answers every guard as told and records the callbacks run."""

    def __init__(self, state: str, names: frozenset[str], callbacks: frozenset[str], **answers):
        self.state = state
        self.ran: list[str] = []
        for name in names:
            setattr(self, name, lambda _event, name=name: answers.get(name, True))
        for name in callbacks:
            setattr(self, name, lambda _event, name=name: self.ran.append(name))


def notice(state: str, **answers) -> Model:
    return Model(state, NOTICE_GUARDS, NOTICE_CALLBACKS, **answers)


def decision(state: str, **answers) -> Model:
    return Model(state, DECISION_GUARDS, DECISION_CALLBACKS, **answers)


def test_a_notice_is_published_then_decided_only_when_lawful():
    model = notice("draft")
    assert fire_notice(model, "publish").to_state == "published"
    assert model.ran == ["stamp_publication"]
    too_soon = notice("published", decision_is_lawful_now=False)
    assert fire_notice(too_soon, "decide") is None
    assert too_soon.state == "published"
    assert fire_notice(notice("published"), "decide").to_state == "decided"


def test_a_deferred_notice_stays_published_and_a_withdrawn_one_is_kept():
    model = notice("published")
    assert fire_notice(model, "defer").to_state == "published"
    assert model.ran == ["move_decision_date"]
    assert fire_notice(notice("published", later_date_given=False), "defer") is None
    assert fire_notice(notice("draft"), "withdraw").to_state == "withdrawn"
    assert notice_events_from("withdrawn") == []
    assert notice_events_from("decided") == []
    with pytest.raises(MachineError):
        fire_notice(notice("decided"), "withdraw")


def test_an_urgent_decision_exempt_from_call_in_takes_effect_when_published():
    urgent = decision("recorded", exempt_from_call_in=True)
    assert fire_decision(urgent, "publish").to_state == "in_effect"
    ordinary = decision("recorded", exempt_from_call_in=False)
    assert fire_decision(ordinary, "publish").to_state == "call_in_period"


def test_a_call_in_holds_the_decision_and_a_second_joins_the_first():
    model = decision("call_in_period")
    assert fire_decision(model, "call_in").to_state == "called_in"
    assert fire_decision(model, "call_in").to_state == "called_in"
    assert model.ran == ["open_call_in", "join_call_in"]
    late = decision("call_in_period", within_call_in_period=False)
    assert fire_decision(late, "call_in") is None
    outsider = decision("call_in_period", caller_entitled=False)
    assert fire_decision(outsider, "call_in") is None


@pytest.mark.parametrize(
    ("event", "lands", "then"),
    [
        ("no_further_action", "in_effect", None),
        ("refer_back", "referred_back", "reconsider"),
        ("refer_to_council", "referred_to_council", "council_decides"),
    ],
)
def test_the_boards_resolution_ends_the_call_in(event, lands, then):
    model = decision("called_in")
    assert fire_decision(model, event).to_state == lands
    if then is not None:
        assert decision_events_from(lands) == [then]
        assert fire_decision(model, then).to_state == "in_effect"


def test_the_period_ends_only_once_it_is_over():
    assert (
        fire_decision(decision("call_in_period", call_in_period_over=False), "end_call_in_period")
        is None
    )
    assert fire_decision(decision("call_in_period"), "end_call_in_period").to_state == "in_effect"
    assert decision_events_from("in_effect") == []
