"""The JSON API's framework: one OpenAPI document, one error shape, and a blueprint per area.

Each area defines its routes on a blueprint from `api_blueprint()`, which
checks any token that came and answers every refusal in the same JSON shape.
Views parse, call operations (which check the actor's role), commit once, and
shape the answer; anything private is left out unless the caller may see it.
"""

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request
from pydantic import BaseModel, Field, ValidationError
from spectree import SecurityScheme, SpecTree
from spectree.models import SecureType, SecuritySchemeData
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, PreconditionFailed

from committee.db import get_session
from committee.errors import InvalidInput, OperationError
from committee.fields import MunicipalYear
from committee.people.auth import NotAuthenticated, api_person

FORM_MIMETYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class ErrorBody(BaseModel):
    error: str = Field(description="What was wrong, in words a person can act on.")
    fields: dict[str, str] | None = Field(default=None, description="Field name: its problem.")


def _validation_failed(
    _request: Any, response: Any, error: Exception | None, _instance: Any, _adapter: Any
) -> None:
    """Answer spectree's validation failures in the API's error shape, naming each field."""
    if not isinstance(error, ValidationError) or response is None:
        return
    fields: dict[str, str] = {}
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "body"
        message = problem["msg"].removeprefix("Value error, ")
        fields.setdefault(field, message)
    summary = "; ".join(f"{field}: {message}" for field, message in fields.items())
    response.set_data(ErrorBody(error=f"Invalid input: {summary}", fields=fields).model_dump_json())


# Served by our own route below: spectree leaves out of the document every
# route under its own path, which would be all of /api.
spec = SpecTree(
    "flask",
    title="Committee workflow service",
    version="1",
    mode="strict",
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    annotations=True,
    before=_validation_failed,
    security_schemes=[
        SecurityScheme(
            name="bearer", data=SecuritySchemeData(type=SecureType.HTTP, scheme="bearer")
        )
    ],
)
WRITE: dict[str, list[str]] = {"bearer": []}
ERRORS = {"HTTP_401": ErrorBody, "HTTP_403": ErrorBody, "HTTP_404": ErrorBody}


class YearQuery(BaseModel):
    year: MunicipalYear | None = Field(
        default=None,
        description="First year of the municipal year (2018 for 2018/19); default: the current one.",
    )


class ApiBlueprint(Blueprint):
    """An area's API routes: bearer tokens, not cookies, so no CSRF token is asked for."""


def api_blueprint(name: str, import_name: str) -> ApiBlueprint:
    """Return a blueprint for an area's routes under /api, with the API's checks and errors."""
    blueprint = ApiBlueprint(name, import_name, url_prefix="/api")
    blueprint.before_request(_check_token)
    blueprint.register_error_handler(OperationError, _operation_refused)
    blueprint.register_error_handler(NotAuthenticated, _not_authenticated)
    blueprint.register_error_handler(StaleDataError, _changed_meanwhile)
    return blueprint


def _check_token() -> None:
    """Check any token that came, even for reading: a bad one is refused (401), never ignored."""
    api_person()


#: Checks that the actor may do what a route does, given the route's path parameters;
#: it raises PermissionDenied (or NotFound for what the path names but does not exist).
Authorise = Callable[..., None]


def writes(
    authorise: Authorise, *, forms: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard a route that changes something, in this order, before its body is validated:

    401 without a valid token; 403 (or 404) from `authorise(actor, **path)`;
    400 for a body that is neither JSON nor, where `forms`, a form. A member
    who sends a bad body to a governance route learns only that it is not theirs.
    """

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            person = api_person()
            if person is None:
                raise NotAuthenticated("This needs a token: send `Authorization: Bearer <token>`.")
            authorise(person, **kwargs)
            if request.mimetype in FORM_MIMETYPES:
                if not forms:
                    return _not_json()
            elif request.get_data() and request.get_json(silent=True) is None:
                return _not_json()
            return view(*args, **kwargs)

        return guarded

    return decorate


def _not_json() -> Response:
    return error_response(
        400, "The request body is not JSON: send a JSON object with Content-Type: application/json."
    )


def error_response(status: int, message: str, fields: dict[str, str] | None = None) -> Response:
    response = jsonify(ErrorBody(error=message, fields=fields).model_dump(exclude_none=True))
    response.status_code = status
    return response


def _operation_refused(error: OperationError) -> Response:
    fields = {error.field: error.reason} if isinstance(error, InvalidInput) else None
    return error_response(error.status, error.message, fields)


def _not_authenticated(error: NotAuthenticated) -> Response:
    response = error_response(401, error.message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="committee"'
    return response


def _changed_meanwhile(_error: StaleDataError) -> Response:
    get_session().rollback()
    return error_response(
        409, "Someone else changed this at the same moment: fetch it again and retry."
    )


def version_tag(kind: str, row_id: int | None, version: int) -> str:
    """The ETag of a row that changes by version (an entry, a meeting), unquoted."""
    return f"{kind}-{row_id}-v{version}"


def require_current(tag: str) -> None:
    """Honour If-Match: refuse (412) a change made from a copy that is no longer current."""
    if request.if_match and not request.if_match.contains(tag):
        raise PreconditionFailed(
            description="It has changed since you fetched it (If-Match no longer matches its "
            f'ETag "{tag}"): fetch it again, check, and retry.'
        )


def with_tag(body: Any, tag: str, status: int = 200) -> tuple[Any, int, dict[str, str]]:
    """A view's answer with the row's ETag (spectree validates the body)."""
    return body, status, {"ETag": f'"{tag}"'}


def wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def http_error_as_json(error: HTTPException) -> Response:
    """Answer HTTP errors under /api (unknown routes, wrong methods) in JSON too."""
    return error_response(error.code or 500, error.description or error.name)


document = Blueprint("api_document", __name__, url_prefix="/api")


@document.get("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI document of every area's routes, generated from their models."""
    return jsonify(spec.spec)


def init_app(app: Flask) -> None:
    """Serve the OpenAPI document; call after every area has registered its routes."""
    app.register_blueprint(document)
