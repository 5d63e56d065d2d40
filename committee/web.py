"""What every page shares: error pages, security headers, template helpers, CSRF, parameters."""

import re
import secrets
import typing
from collections.abc import Callable, Mapping
from itertools import chain
from typing import Any

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
)
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from flask.wrappers import Request
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import (
    Conflict,
    HTTPException,
    NotFound,
    ServiceUnavailable,
    default_exceptions,
)
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from werkzeug.routing.map import Map
from werkzeug.wrappers import Response as BaseResponse

from committee import api, formatting
from committee.db import DatabaseUnavailable, get_db, get_session
from committee.documents import FILTERS
from committee.errors import InvalidInput, OperationError, Payload, parse_payload
from committee.extensions import csrf
from committee.fields import MUNICIPAL_YEARS, ROW_ID_MAX, whole_number
from committee.migrate import SchemaOutOfDate, ensure_current
from committee.people.auth import signed_in_person
from committee.timeutil import municipal_year_of, today_in_london

SCHEMA_CHECKED = "committee.schema_checked"


def municipal_year_param() -> int:
    """Read the year asked for (a municipal year's first year); the current one if none."""
    raw = request.values.get("year", "").strip()  # the query string, or a form's field
    if not raw:
        return municipal_year_of(today_in_london())
    year = whole_number(raw, most_digits=4)
    if year is None or year not in MUNICIPAL_YEARS:
        raise InvalidInput(
            "year", f"{raw[:20]!r} is not a municipal year: use its first year, e.g. 2018"
        )
    return year


def number_param(name: str) -> int | None:
    """Read a whole number the query string or form gives (None if it gives none); InvalidInput
    for anything else."""
    raw = request.values.get(name, "").strip()
    if not raw:
        return None
    number = whole_number(raw)
    if number is None:
        raise InvalidInput(name, f"{raw[:20]!r} is not a whole number")
    return number


def form_payload(model: type[Payload], *, files: Mapping[str, Any] | None = None) -> Payload:
    """Read the posted form as the action's payload model, by field name.

    A field left empty counts as not given, so it takes the model's default;
    files (already read) come separately. InvalidInput names a bad field.
    """
    data: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        ticked = [value for value in request.form.getlist(name) if value.strip()]
        if typing.get_origin(field.annotation) is list:  # checkboxes: every one ticked
            data[name] = ticked
        elif _optional_list(field.annotation):
            if name in request.form:  # the form has the boxes (and an empty field to say so)
                data[name] = ticked
        elif field.annotation is bool:  # one checkbox: a box left unticked is not sent
            data[name] = name in request.form
        elif (value := request.form.get(name, "")).strip():
            data[name] = value
    data.update({name: upload for name, upload in (files or {}).items() if upload is not None})
    return parse_payload(model, data)


def _optional_list(annotation: Any) -> bool:
    """Whether a field is `list[...] | None`: a set of checkboxes a form may leave out."""
    return any(typing.get_origin(arg) is list for arg in typing.get_args(annotation))


Result = typing.TypeVar("Result")


def confirm_first(
    *, title: str, consequences: list[str], button: str, back: str
) -> ResponseReturnValue | None:
    """Ask before what cannot be undone: unless the form was sent from this confirmation, the
    page saying what will follow, with the form's fields kept and a second button to press.
    Works without script: the confirmation is a form of its own."""
    if request.form.get("confirmed") == "yes":
        return None
    fields = [
        (name, value) for name, value in request.form.items(multi=True) if name != "confirmed"
    ]
    return render_template(
        "confirm.html",
        title=title,
        consequences=consequences,
        button=button,
        back=back,
        fields=fields,
        action=request.path,
    )


def page_action(
    act: Callable[[], Result],
    *,
    done: str | Callable[[Result], str],
    then: str | Callable[[Result], str],
    again: Callable[[OperationError], ResponseReturnValue],
) -> ResponseReturnValue:
    """Do a form's action as one transaction: read what was posted, check the actor may, change
    things (all inside `act`, which calls an operation), commit, then say `done` and go to
    `then`. A refusal rolls everything back and shows the form `again`, with the reason and
    what was typed, at the refusal's status."""
    session = get_session()
    try:
        result = act()
        session.commit()
    except OperationError as error:
        session.rollback()
        remember_refusal(error)
        return again(error)
    flash(done(result) if callable(done) else done)
    return redirect(then(result) if callable(then) else then)


_REFUSAL = "committee.refusal"


def remember_refusal(error: OperationError) -> None:
    """Keep the refusal a form is shown again with, so its page can point at the field."""
    setattr(g, _REFUSAL, error)


def refused_field() -> str | None:
    """The id of the form field the refusal is about ("minutes-0-title" for the payload's
    "minutes.0.title"), or None when it is about no one field."""
    error = g.get(_REFUSAL)
    if not isinstance(error, InvalidInput):
        return None
    # A list's item is the list's field (its checkboxes); a row's field keeps its row.
    return re.sub(r"\.\d+$", "", error.field).replace(".", "-")


def field_error(
    name: str, words: str | None, *, id: str | None = None, here: bool = True
) -> Markup:
    """The GOV.UK error message beside the field `name` when the refusal is about it: the same
    words as the summary at the top, which links here. `id` is the field's element id where it
    is not its name; `here` is false for a form on the page other than the one that was sent
    (a table of rows, a form each)."""
    if not words or not here or refused_field() != name:
        return Markup("")
    return Markup(
        '<p id="{}-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> {}</p>'
    ).format(id or name, words)


def _http_error(error: HTTPException) -> BaseResponse:
    if isinstance(error.response, BaseResponse):  # the raiser made its own page (a lockout)
        return error.response
    response = (
        api.http_error_as_json(error)
        if api.wants_json()
        else current_app.make_response(
            (render_template("error.html", error=error), error.code or 500)
        )
    )
    # What the error says besides its page: Retry-After for a 503, Allow for a 405.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _operation_refused(error: OperationError) -> tuple[str, int]:
    """Show a page the refusal (unknown committee, wrong role, bad input) with its status."""
    page = default_exceptions[error.status](description=error.in_words)
    return render_template("error.html", error=page), error.status


def _require_current_schema() -> None:
    """Refuse to serve from a database whose schema this code does not expect.

    Checked once per process: migrations run before the service starts, so a
    database that was current stays current.
    """
    if current_app.extensions.get(SCHEMA_CHECKED):
        return
    try:
        ensure_current(get_db())
    except (SchemaOutOfDate, DatabaseUnavailable) as error:
        current_app.logger.error("%s", error)
        raise ServiceUnavailable(description=str(error)) from None
    current_app.extensions[SCHEMA_CHECKED] = True


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building the signer for a request that brings
    no session cookie: a calendar program polling a feed, a reader of a public page."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)


class RowIdConverter(IntegerConverter):
    """`<int:...>` in every route: a number larger than any row's id names nothing (404)."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = ROW_ID_MAX,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)

    def to_python(self, value: str) -> int:
        number = int(value)
        if self.max is not None and number > self.max:
            # Not "no rule matched": a PATCH would then be told 405 by the GET rule's path.
            raise NotFound(description=f"Nothing has the number {value}: no id is that large.")
        return super().to_python(value)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, with a body nested too deeply for the parser refused as bad JSON."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("the JSON is nested too deeply") from None


def _refuse_nul() -> None:
    """Refuse a NUL character in the address or a form: no person types one, and no database takes it."""
    values = chain(
        [request.path],
        chain.from_iterable(request.args.listvalues()),
        # A GET has no form: reading one would parse the body for nothing.
        chain.from_iterable(request.form.listvalues()) if request.method != "GET" else [],
    )
    if any("\x00" in value for value in values):
        abort(
            400, description="The address or form holds a NUL character: remove it and try again."
        )


def _database_busy(error: OperationalError) -> BaseResponse:
    """Answer 503 when SQLite stayed locked by another write for the whole busy timeout."""
    if "database is locked" not in str(error.orig):
        raise error
    get_session().rollback()
    busy = ServiceUnavailable(
        description="The database is busy with another change (an import, say): try again in a moment."
    )
    response = _http_error(busy)
    response.headers["Retry-After"] = "5"
    return response


CONFLICT = "Someone else made the same change at the same moment: look at it again, then retry."


def _same_moment(error: StaleDataError) -> BaseResponse:
    """Answer 409 when a concurrent change of the same row won (its version moved on)."""
    get_session().rollback()
    return _http_error(Conflict(description=CONFLICT))


def _duplicate(error: IntegrityError) -> BaseResponse:
    """Answer 409 when the same thing was made twice at once (a unique key); anything else
    a constraint refuses is a fault, not a race, and is not hidden."""
    if not is_unique_violation(error):
        raise error
    get_session().rollback()
    return _http_error(Conflict(description=CONFLICT))


def is_unique_violation(error: IntegrityError) -> bool:
    """Whether a unique index refused the row: PostgreSQL's SQLSTATE 23505, or SQLite's words."""
    return getattr(error.orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(
        error.orig
    )


def _security_headers(response: Response) -> Response:
    """Add each security header the response does not set itself (read once: every answer,
    a calendar program's 304 too, passes here)."""
    present = {name.lower() for name, _ in response.headers}
    wanted = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", _content_security_policy()),
    ]
    if g.get("web_person") is not None or g.get("api_person") is not None:
        # What a signed-in person sees may be private: no shared cache may keep it.
        wanted.append(("Cache-Control", "private, no-store"))
    if current_app.config["COMMITTEE_ENV"] == "production" and current_app.config[
        "BASE_URL"
    ].startswith("https://"):
        wanted.append(("Strict-Transport-Security", "max-age=31536000"))
    response.headers.extend(
        [(name, value) for name, value in wanted if name.lower() not in present]
    )
    return response


def csp_nonce() -> str:
    """Give this response's nonce for its one inline script (the page template's `js-enabled`)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def allow_inline_styles() -> None:
    """Let this response's page carry inline styles (Mermaid draws the diagram with them)."""
    g.csp_inline_styles = True


def _content_security_policy() -> str:
    script_src = f"script-src 'self' 'nonce-{g.csp_nonce}'; " if "csp_nonce" in g else ""
    style_src = "style-src 'self' 'unsafe-inline'; " if g.get("csp_inline_styles") else ""
    return f"default-src 'self'; {script_src}{style_src}frame-ancestors 'none'; form-action 'self'"


def init_app(app: Flask) -> None:
    """Wire the pages' shared behaviour; the API answers its own errors in JSON."""
    app.url_map.converters["int"] = RowIdConverter
    app.session_interface = CookieSessions()
    app.json = JSONProvider(app)
    if app.config["TRUSTED_PROXIES"]:
        # The address limits count is the one the trusted proxies saw, not theirs.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way to wrap it
            app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"]
        )
    app.before_request(_refuse_nul)
    app.before_request(_require_current_schema)
    app.context_processor(lambda: {"current_person": signed_in_person(), "csp_nonce": csp_nonce})
    # The GOV.UK Design System's page template and component macros (govuk-frontend-jinja).
    assert app.jinja_loader is not None  # Flask's, from its template folder
    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationError, _operation_refused)
    app.register_error_handler(OperationalError, _database_busy)
    app.register_error_handler(StaleDataError, _same_moment)
    app.register_error_handler(IntegrityError, _duplicate)
    app.after_request(_security_headers)
    for name in FILTERS:
        app.add_template_filter(getattr(formatting, name), name)
    app.jinja_env.globals["municipal_years"] = MUNICIPAL_YEARS
    app.jinja_env.globals["refused_field"] = refused_field
    app.jinja_env.globals["field_error"] = field_error


def exempt_api_from_csrf(app: Flask) -> None:
    """API routes authenticate by bearer token, not cookie: no cross-site forgery to stop."""
    for blueprint in app.blueprints.values():
        if isinstance(blueprint, api.ApiBlueprint):
            csrf.exempt(blueprint)
