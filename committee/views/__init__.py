"""Blueprints, error pages, template helpers and response headers."""

from flask import Flask, Response, current_app, render_template
from werkzeug.exceptions import HTTPException, ServiceUnavailable, default_exceptions

from committee import formatting
from committee.db import DatabaseUnavailable, get_db
from committee.operations.errors import OperationError
from committee.schema import SchemaOutOfDate, ensure_current
from committee.views import account, api, calendar_pages, entries, feeds, imports, public
from committee.views.auth import signed_in_person

SCHEMA_CHECKED = "committee.schema_checked"


def _http_error(error: HTTPException) -> Response | tuple[str, int]:
    if api.wants_json():
        return api.http_error_as_json(error)
    return render_template("error.html", error=error), error.code or 500


def _operation_refused(error: OperationError) -> tuple[str, int]:
    """Show a page the refusal (unknown committee, wrong role, bad input) with its status."""
    page = default_exceptions[error.status](description=error.message)
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


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault(
        "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
    )
    return response


def init_app(app: Flask) -> None:
    app.before_request(_require_current_schema)
    app.register_blueprint(public.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(entries.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(calendar_pages.bp)
    app.register_blueprint(imports.bp)
    api.init_app(app)
    app.context_processor(lambda: {"current_person": signed_in_person()})
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(
        OperationError, _operation_refused
    )  # the API answers its own in JSON
    app.after_request(_security_headers)
    for name in ("meeting_when", "long_date", "short_date", "clock_time"):
        app.add_template_filter(getattr(formatting, name), name)
