"""The deadlines API: each committee's paper deadline settings, and the council's closure days."""

from datetime import date

from spectree import Response as Responses

from committee.api import ERRORS, WRITE, ErrorBody, api_blueprint, spec, writes
from committee.committees.queries import get_committee
from committee.committees.views import governance_of_committee
from committee.db import get_session
from committee.deadlines.operations import (
    CLOSURE_DAYS_DOING,
    DEADLINES_DOING,
    add_closure_day,
    remove_closure_day,
    set_deadline_settings,
)
from committee.deadlines.queries import list_closure_days
from committee.deadlines.schemas import (
    ClosureDayBody,
    ClosureDayList,
    ClosureDayPublic,
    DeadlineSettingsPublic,
    DeadlineSettingsUpdate,
)
from committee.errors import InvalidInput
from committee.people.actors import Actor
from committee.people.auth import current_api_person
from committee.people.permissions import require_any_governance

api = api_blueprint("deadlines_api", __name__)


def _any_governance_officer(actor: Actor, **_path: object) -> None:
    require_any_governance(get_session(), actor, CLOSURE_DAYS_DOING)


@api.get("/committees/<slug>/deadline-settings")
@spec.validate(resp=Responses(HTTP_200=DeadlineSettingsPublic, **ERRORS), tags=["deadlines"])
def deadline_settings(slug: str) -> DeadlineSettingsPublic:
    """The committee's paper deadlines, in working days before agenda publication."""
    return DeadlineSettingsPublic.model_validate(
        get_committee(get_session(), slug), from_attributes=True
    )


@api.patch("/committees/<slug>/deadline-settings")
@writes(governance_of_committee(DEADLINES_DOING))
@spec.validate(
    json=DeadlineSettingsUpdate,
    resp=Responses(HTTP_200=DeadlineSettingsPublic, HTTP_422=ErrorBody, **ERRORS),
    tags=["deadlines"],
    security=WRITE,
)
def change_deadline_settings(slug: str, json: DeadlineSettingsUpdate) -> DeadlineSettingsPublic:
    """Change the committee's paper deadlines (governance officers). The final paper cannot be due
    before the draft."""
    session = get_session()
    found = get_committee(session, slug)
    set_deadline_settings(session, actor=current_api_person(), committee=found, **json.model_dump())
    session.commit()
    return DeadlineSettingsPublic.model_validate(found, from_attributes=True)


@api.get("/closure-days")
@spec.validate(resp=Responses(HTTP_200=ClosureDayList), tags=["deadlines"])
def closure_days() -> ClosureDayList:
    """The council's own closure days, which no deadline counts as working days."""
    return ClosureDayList(
        closure_days=[
            ClosureDayPublic(day=closure.day, reason=closure.reason)
            for closure in list_closure_days(get_session())
        ]
    )


@api.post("/closure-days")
@writes(_any_governance_officer)
@spec.validate(
    json=ClosureDayBody,
    resp=Responses(HTTP_201=ClosureDayPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["deadlines"],
    security=WRITE,
)
def add_closure(json: ClosureDayBody) -> tuple[ClosureDayPublic, int]:
    """Add a closure day (governance officers); every deadline around it moves."""
    session = get_session()
    closure = add_closure_day(session, actor=current_api_person(), day=json.day, reason=json.reason)
    session.commit()
    return ClosureDayPublic(day=closure.day, reason=closure.reason), 201


@api.delete("/closure-days/<day>")
@writes(_any_governance_officer)
@spec.validate(
    resp=Responses(HTTP_204=None, HTTP_422=ErrorBody, **ERRORS), tags=["deadlines"], security=WRITE
)
def remove_closure(day: str) -> tuple[str, int]:
    """Make a closure day an ordinary day again (governance officers)."""
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        raise InvalidInput("day", f"{day!r} is not a date: use YYYY-MM-DD") from None
    session = get_session()
    remove_closure_day(session, actor=current_api_person(), day=parsed)
    session.commit()
    return "", 204
