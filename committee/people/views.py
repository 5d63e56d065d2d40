"""Signing in and out of the pages."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter import RequestLimit
from werkzeug.wrappers import Response

from committee.committees.models import Committee
from committee.committees.queries import list_committees, people_with_roles
from committee.db import get_session
from committee.errors import InvalidInput, NotFound, OperationError
from committee.extensions import limiter
from committee.fields import whole_number
from committee.notifications.operations import send_password_reset
from committee.people.auth import current_person, sign_in_required
from committee.people.auth import sign_in as start_session
from committee.people.auth import sign_out as end_session
from committee.people.models import Person, Role
from committee.people.operations import (
    MANAGE_PEOPLE,
    add_person,
    give_role,
    normalise_email,
    parse_role,
    reset_password,
    take_role,
)
from committee.people.permissions import require_admin
from committee.people.queries import live_password_reset, person_for_credentials
from committee.timeutil import utcnow

pages = Blueprint("people", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    """Return where to go after signing in: only a path on this site, never elsewhere."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for("home.home")


#: Failed sign-ins allowed, per account (whether or not it exists) and per address.
FAILURES_PER_ACCOUNT = "5 per 15 minutes"
FAILURES_PER_ADDRESS = "20 per 15 minutes"
LOCKED_OUT = (
    "Too many failed attempts to sign in: wait 15 minutes and try again, "
    "or choose a new password with the link below."
)


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _account() -> str:
    return request.form.get("email", "").strip().lower()


def _locked_out(_limit: RequestLimit) -> Response:
    page = render_template(
        "people/sign_in.html",
        next_page=_safe_next(request.values.get("next")),
        email=request.form.get("email", "").strip(),
        error=LOCKED_OUT,
    )
    return make_response(page, 429)


@pages.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    FAILURES_PER_ADDRESS,
    methods=["POST"],
    deduct_when=_failed,
    on_breach=_locked_out,
    scope="sign-in-address",
)
@limiter.limit(
    FAILURES_PER_ACCOUNT,
    key_func=_account,
    methods=["POST"],
    deduct_when=_failed,
    on_breach=_locked_out,
    scope="sign-in-account",
)
def sign_in() -> str | Response | tuple[str, int]:
    next_page = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("people/sign_in.html", next_page=next_page, email="")
    email = request.form.get("email", "").strip()
    person = person_for_credentials(get_session(), email, request.form.get("password", ""))
    if person is None:
        error = "The email address or password is not right."
        return render_template(
            "people/sign_in.html", next_page=next_page, email=email, error=error
        ), 401
    start_session(person)
    flash(f"Signed in as {person.name}.")
    return redirect(next_page)


@pages.post("/sign-out")
def sign_out() -> Response:
    end_session()
    flash("Signed out.")
    return redirect(url_for("committees.home"))


@pages.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"], scope="forgot-password")
def forgot_password() -> str | tuple[str, int]:
    """Ask for a link to choose a new password (or a first one), sent by email."""
    if request.method == "GET":
        return render_template("people/forgot_password.html", email="")
    typed = request.form.get("email", "").strip()
    try:
        email = normalise_email(typed)
    except InvalidInput:
        error = "Enter your email address, like name@council.gov.uk."
        return render_template("people/forgot_password.html", email=typed, error=error), 422
    session = get_session()
    send_password_reset(session, email=email, base_url=current_app.config["BASE_URL"])
    session.commit()
    return render_template("people/forgot_password.html", email=email, sent=True)


@pages.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], scope="reset-password")
def choose_password(token: str) -> str | Response | tuple[str, int]:
    """Choose a new password with a link from an email: once, within its hour."""
    session = get_session()
    if live_password_reset(session, token, now=utcnow()) is None:
        return render_template("people/reset_password.html", expired=True), 404
    if request.method == "GET":
        return render_template("people/reset_password.html")
    password = request.form.get("password", "")
    if password != request.form.get("confirm", ""):
        error = "The two passwords are not the same: type the new one twice."
        return render_template("people/reset_password.html", error=error), 422
    try:
        reset_password(session, token=token, password=password)
        session.commit()
    except InvalidInput as error:
        session.rollback()
        message = f"{error.reason[0].upper()}{error.reason[1:]}."
        return render_template("people/reset_password.html", error=message), 422
    flash("Your new password is set: sign in with it.")
    return redirect(url_for("people.sign_in"))


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


def _typed(values: object) -> dict[str, object]:
    """What the person typed, to show again, and the committees they ticked."""
    if values is None:
        return {"values": {}, "ticked": []}
    return {"values": values, "ticked": values.getlist("committee")}  # type: ignore[attr-defined]


def _people_page(*, status: int = 200, **extra: object) -> tuple[str, int]:
    session = get_session()
    return render_template(
        "people/people.html",
        people=people_with_roles(session),
        committees=list_committees(session),
        roles=ROLE_LABELS,
        **_typed(extra.pop("values", None)),
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
def add_person_page() -> Response | tuple[str, int]:
    actor = _require_admin()
    session = get_session()
    try:
        person = add_person(
            session,
            actor=actor,
            email=request.form.get("email", ""),
            name=request.form.get("name", ""),
            job_title=request.form.get("job_title", ""),
            role=parse_role(request.form.get("role", "")),
            committees=_chosen_committees(),
        )
        session.commit()
    except OperationError as error:
        session.rollback()
        return _people_page(status=error.status, error=error.message, values=request.form)
    flash(
        f"{person.name} is added. They choose a password with “Forgotten your password?” "
        "on the sign-in page."
    )
    return redirect(url_for("people.person_page", person_id=person.id))


def _person_page(person: Person, *, status: int = 200, **extra: object) -> tuple[str, int]:
    session = get_session()
    found = next(row for row in people_with_roles(session) if row.person.id == person.id)
    return render_template(
        "people/person.html",
        row=found,
        committees=list_committees(session),
        roles=ROLE_LABELS,
        **_typed(extra.pop("values", None)),
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
def give_role_page(person_id: int) -> Response | tuple[str, int]:
    actor = _require_admin()
    session = get_session()
    person = _person(person_id)
    try:
        changed = give_role(
            session,
            actor=actor,
            person=person,
            role=parse_role(request.form.get("role", "")),
            committees=_chosen_committees(),
        )
        session.commit()
    except OperationError as error:
        session.rollback()
        return _person_page(person, status=error.status, error=error.message, values=request.form)
    flash(f"{person.name} now has: {', '.join(changed)}." if changed else "Nothing had changed.")
    return redirect(url_for("people.person_page", person_id=person_id))


@pages.post("/admin/people/<int:person_id>/roles/<int:grant_id>/remove")
@sign_in_required
def take_role_page(person_id: int, grant_id: int) -> Response | tuple[str, int]:
    actor = _require_admin()
    session = get_session()
    person = _person(person_id)
    try:
        grant = take_role(session, actor=actor, grant_id=grant_id)
        if grant.person_id != person.id:
            raise NotFound(f"{person.name} has no role with the id {grant_id}.")
        session.commit()
    except OperationError as error:
        session.rollback()
        return _person_page(person, status=error.status, error=error.message)
    flash(f"{person.name} no longer has the role: {ROLE_LABELS[Role(grant.role)].lower()}.")
    return redirect(url_for("people.person_page", person_id=person_id))
