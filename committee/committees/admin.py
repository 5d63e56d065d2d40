"""Administrators keep the people who use the service, their roles and the committees they hold
them on (/admin/people: with committees, because a role is held per committee), and the
council's details every frontsheet prints (/admin/council)."""

from flask import Blueprint, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from committee.committees.models import Committee
from committee.committees.operations import CHANGE_COUNCIL, change_council
from committee.committees.queries import council_details, list_committees, people_with_roles
from committee.committees.schemas import CouncilSettings
from committee.db import get_session
from committee.errors import InvalidInput, NotFound
from committee.fields import whole_number
from committee.notifications.operations import send_invitation
from committee.people.auth import current_person, sign_in_required
from committee.people.models import Person, Role
from committee.people.operations import (
    MANAGE_PEOPLE,
    add_person,
    give_role,
    parse_role,
    take_role,
)
from committee.people.permissions import require_admin
from committee.web import form_payload, page_action

pages = Blueprint("admin", __name__, template_folder="templates")


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.GOVERNANCE: "Governance officer",
    Role.LEAD_OFFICER: "Lead officer",
    Role.MEMBER: "Member (councillor or co-optee)",
}


def _require_admin() -> Person:
    person = current_person()
    require_admin(get_session(), person, MANAGE_PEOPLE)
    return person


def _chosen_committees(field: str = "committee") -> list[Committee]:
    """The committees ticked on the form; InvalidInput for one that does not exist."""
    session = get_session()
    chosen = []
    for raw in request.form.getlist(field):
        number = whole_number(raw)
        found = session.get(Committee, number) if number is not None else None
        if found is None:
            raise InvalidInput(field, f"there is no committee {raw[:20]!r}")
        chosen.append(found)
    return chosen


def _typed(values: MultiDict[str, str] | None) -> dict[str, object]:
    """What the person typed, to show again, and the committees they ticked."""
    if values is None:
        return {"values": {}, "ticked": []}
    return {"values": values, "ticked": values.getlist("committee")}


def _people_page(
    *, status: int = 200, values: MultiDict[str, str] | None = None, **extra: object
) -> tuple[str, int]:
    session = get_session()
    return render_template(
        "admin/people.html",
        people=people_with_roles(session),
        committees=list_committees(session),
        roles=ROLE_LABELS,
        **_typed(values),
        **extra,
    ), status


@pages.get("/admin/people")
@sign_in_required
def people_page() -> tuple[str, int]:
    """Everyone, with their roles; a form to add someone (administrators)."""
    _require_admin()
    return _people_page()


@pages.post("/admin/people")
@sign_in_required
def add_person_page() -> ResponseReturnValue:
    def add() -> Person:
        admin = _require_admin()
        person = add_person(
            get_session(),
            actor=admin,
            email=request.form.get("email", ""),
            name=request.form.get("name", ""),
            job_title=request.form.get("job_title", ""),
            role=parse_role(request.form.get("role", "")),
            committees=_chosen_committees(),
        )
        send_invitation(
            get_session(),
            person=person,
            invited_by=admin.name,
            base_url=current_app.config["BASE_URL"],
        )
        return person

    return page_action(
        add,
        done=lambda person: (
            f"{person.name} is added and sent an invitation to {person.email} to choose a "
            "password: the link works once, for seven days."
        ),
        then=lambda person: url_for("admin.person_page", person_id=person.id),
        again=lambda error: _people_page(
            status=error.status, error=error.in_words, values=request.form
        ),
    )


def _person_page(
    person: Person,
    *,
    status: int = 200,
    values: MultiDict[str, str] | None = None,
    **extra: object,
) -> tuple[str, int]:
    session = get_session()
    found = next(row for row in people_with_roles(session) if row.person.id == person.id)
    return render_template(
        "admin/person.html",
        row=found,
        committees=list_committees(session),
        roles=ROLE_LABELS,
        **_typed(values),
        **extra,
    ), status


def _person(person_id: int) -> Person:
    found = get_session().get(Person, person_id)
    if found is None:
        raise NotFound(f"No person has the id {person_id}.")
    return found


@pages.get("/admin/people/<int:person_id>")
@sign_in_required
def person_page(person_id: int) -> tuple[str, int]:
    _require_admin()
    return _person_page(_person(person_id))


@pages.post("/admin/people/<int:person_id>/roles")
@sign_in_required
def give_role_page(person_id: int) -> ResponseReturnValue:
    person = _person(person_id)

    def give() -> list[str]:
        return give_role(
            get_session(),
            actor=_require_admin(),
            person=person,
            role=parse_role(request.form.get("role", "")),
            committees=_chosen_committees(),
        )

    return page_action(
        give,
        done=lambda changed: (
            f"{person.name} now has: {', '.join(changed)}." if changed else "Nothing had changed."
        ),
        then=url_for("admin.person_page", person_id=person_id),
        again=lambda error: _person_page(
            person, status=error.status, error=error.in_words, values=request.form
        ),
    )


@pages.post("/admin/people/<int:person_id>/roles/<int:grant_id>/remove")
@sign_in_required
def take_role_page(person_id: int, grant_id: int) -> ResponseReturnValue:
    person = _person(person_id)

    def take() -> str:
        grant = take_role(get_session(), actor=_require_admin(), grant_id=grant_id)
        if grant.person_id != person.id:
            raise NotFound(f"{person.name} has no role with the id {grant_id}.")
        return grant.role

    return page_action(
        take,
        done=lambda role: (
            f"{person.name} no longer has the role: {ROLE_LABELS[Role(role)].lower()}."
        ),
        then=url_for("admin.person_page", person_id=person_id),
        again=lambda error: _person_page(person, status=error.status, error=error.in_words),
    )


# The council's details, printed on every frontsheet.


def _council_page(
    *, status: int = 200, posted: MultiDict[str, str] | None = None, **extra: object
) -> tuple[str, int]:
    council = council_details(get_session())
    values = {field: getattr(council, field) for field in CouncilSettings.model_fields}
    return render_template(
        "admin/council.html", values=values | dict((posted or {}).items()), **extra
    ), status


@pages.get("/admin/council")
@sign_in_required
def council_page() -> tuple[str, int]:
    """The council's name, proper officer, contacts and accessibility notice."""
    require_admin(get_session(), current_person(), CHANGE_COUNCIL)
    return _council_page()


@pages.post("/admin/council")
@sign_in_required
def change_council_page() -> ResponseReturnValue:
    session = get_session()
    person = current_person()
    require_admin(session, person, CHANGE_COUNCIL)
    return page_action(
        lambda: change_council(session, actor=person, settings=form_payload(CouncilSettings)),
        done=lambda changed: (
            "Saved. Agendas published from now on print these; those already published keep "
            "what they printed."
            if changed
            else "Nothing had changed."
        ),
        then=url_for("admin.council_page"),
        again=lambda error: _council_page(
            status=error.status, error=error.in_words, posted=request.form
        ),
    )
