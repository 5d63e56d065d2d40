"""Each committee's paper deadline settings and the council's closure days: pages and API."""

from collections.abc import Callable
from datetime import date

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from spectree import Response as Responses

from committee.api import ERRORS, WRITE, ErrorBody, api_blueprint, spec, writes
from committee.committees.models import Committee
from committee.committees.queries import get_committee, governed_committee
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
from committee.formatting import long_date
from committee.meetings.queries import coming_meetings, meeting_deadlines
from committee.people.actors import Actor
from committee.people.auth import current_api_person, current_person, sign_in_required
from committee.people.permissions import require_any_governance
from committee.web import confirm_first, form_payload, page_action

pages = Blueprint("deadlines", __name__, template_folder="templates")
api = api_blueprint("deadlines_api", __name__)


def _settings_page(committee: Committee, *, status: int = 200, **extra: object) -> tuple[str, int]:
    session = get_session()
    coming = coming_meetings(session, committee.id)
    return render_template(
        "deadlines/settings.html",
        committee=committee,
        values=extra.pop("values", None) or _current_values(committee),
        coming=len(coming),
        example=(coming[0], meeting_deadlines(session, coming[0])) if coming else None,
        **extra,
    ), status


def _current_values(committee: Committee) -> dict[str, str]:
    return {
        "draft_days": str(committee.draft_days),
        "final_days": str(committee.final_days),
        "window_days": str(committee.window_days),
        "deadline_time": committee.deadline_time.strftime("%H:%M"),
    }


@pages.get("/committees/<slug>/deadlines")
@sign_in_required
def settings_page(slug: str) -> tuple[str, int]:
    """The committee's paper deadlines, for its governance officers to change."""
    session = get_session()
    found = governed_committee(session, current_person(), slug, DEADLINES_DOING)
    return _settings_page(found)


@pages.post("/committees/<slug>/deadlines")
@sign_in_required
def change_settings_page(slug: str) -> ResponseReturnValue:
    session = get_session()
    person = current_person()
    found = governed_committee(session, person, slug, DEADLINES_DOING)
    return page_action(
        lambda: set_deadline_settings(
            session,
            actor=person,
            committee=found,
            **form_payload(DeadlineSettingsUpdate).model_dump(),
        ),
        done="Saved: the deadlines of its coming meetings follow the new settings.",
        then=url_for("deadlines.settings_page", slug=slug),
        again=lambda error: _settings_page(
            get_committee(session, slug),
            status=error.status,
            error=error.in_words,
            values=request.form,
        ),
    )


def _closures_page(*, status: int = 200, **extra: object) -> tuple[str, int]:
    return render_template(
        "deadlines/closure_days.html",
        closures=list_closure_days(get_session()),
        values=extra.pop("values", None) or {},
        **extra,
    ), status


def _on_closures(act: Callable[[], str]) -> ResponseReturnValue:
    require_any_governance(get_session(), current_person(), CLOSURE_DAYS_DOING)
    return page_action(
        act,
        done=lambda said: said,
        then=url_for("deadlines.closures_page"),
        again=lambda error: _closures_page(
            status=error.status, error=error.in_words, values=request.form
        ),
    )


@pages.get("/closure-days")
@sign_in_required
def closures_page() -> tuple[str, int]:
    """The days the council is closed beyond weekends and bank holidays (governance officers)."""
    require_any_governance(get_session(), current_person(), CLOSURE_DAYS_DOING)
    return _closures_page()


@pages.post("/closure-days")
@sign_in_required
def add_closure_page() -> ResponseReturnValue:
    def add() -> str:
        data = form_payload(ClosureDayBody)
        add_closure_day(get_session(), actor=current_person(), day=data.day, reason=data.reason)
        return f"{long_date(data.day)} is a closure day: deadlines count past it."

    return _on_closures(add)


@pages.post("/closure-days/<day>/remove")
@sign_in_required
def remove_closure_page(day: str) -> ResponseReturnValue:
    require_any_governance(get_session(), current_person(), CLOSURE_DAYS_DOING)
    parsed_day = _closure_date_or_none(day)
    if parsed_day is not None:
        asked = confirm_first(
            title=f"Make {long_date(parsed_day)} a working day again",
            consequences=[
                "Every committee's paper deadlines and publication days count it as a working "
                "day from now: some move earlier, and the people who owe papers are reminded "
                "by the new dates.",
            ],
            button="Make it a working day",
            back=url_for("deadlines.closures_page"),
        )
        if asked is not None:
            return asked

    def remove() -> str:
        parsed = _closure_date(day)
        remove_closure_day(get_session(), actor=current_person(), day=parsed)
        return f"{long_date(parsed)} is an ordinary working day again."

    return _on_closures(remove)


def _closure_date_or_none(day: str) -> date | None:
    try:
        return date.fromisoformat(day)
    except ValueError:
        return None  # the action says what is wrong with it


def _closure_date(day: str) -> date:
    try:
        return date.fromisoformat(day)
    except ValueError:
        raise InvalidInput("day", f"{day!r} is not a date: use YYYY-MM-DD") from None


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
    parsed = _closure_date(day)
    session = get_session()
    remove_closure_day(session, actor=current_api_person(), day=parsed)
    session.commit()
    return "", 204
