"""The JSON API under /api, described by the OpenAPI document at /api/openapi.json.

Views parse, authorise through the operations they call, commit once, and
shape the answer. Anything private is left out unless the caller may see it.
"""

from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request
from pydantic import BaseModel, Field
from spectree import Response as Responses
from spectree import SecurityScheme, SpecTree
from spectree.models import SecuritySchemeData
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from committee.db import get_session
from committee.models import Committee
from committee.models.committees import CommitteePublic
from committee.models.meetings import MeetingCreate, MeetingPublic, MeetingRef, MeetingUpdate
from committee.models.people import PersonPublic
from committee.models.work_programme import EntryCreate, EntryPublic, EntryUpdate
from committee.operations.committees import get_committee
from committee.operations.errors import InvalidInput, OperationError
from committee.operations.meetings import create_meeting, get_meeting, update_meeting
from committee.operations.work_programme import create_entry, get_entry, update_entry
from committee.queries import (
    EntryView,
    entry_view,
    list_committees,
    may_see_private_detail,
    meetings_of,
    work_programme,
)
from committee.timeutil import municipal_year_of, today_in_london
from committee.views.auth import NotAuthenticated, api_person, current_api_person, token_required

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def _check_request() -> Response | None:
    """Check any token that came, on every request: a bad one is refused, never ignored.

    An authenticated write carries JSON or nothing: spectree would validate
    anything else as an empty object (or, for a form, not at all), and "field
    required" would mislead. Anonymous writes fall through to @token_required's 401.
    """
    person = api_person()
    if request.method in {"POST", "PATCH", "PUT"} and person is not None:
        is_form = request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}
        if is_form or (request.get_data() and request.get_json(silent=True) is None):
            return _error(
                400,
                "The request body is not JSON: send a JSON object with Content-Type: application/json.",
            )
    return None


class ErrorBody(BaseModel):
    error: str = Field(description="What was wrong, in words a person can act on.")
    fields: dict[str, str] | None = Field(default=None, description="Field name: its problem.")


def _validation_failed(
    _request: Any, response: Any, error: Exception | None, _instance: Any, _adapter: Any
) -> None:
    """Answer spectree's validation failures in the API's error shape, naming each field."""
    if error is None or response is None:
        return
    fields: dict[str, str] = {}
    for problem in error.errors():  # type: ignore[attr-defined]
        field = ".".join(str(part) for part in problem["loc"]) or "body"
        fields.setdefault(field, problem["msg"])
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
    annotations=True,
    before=_validation_failed,
    security_schemes=[
        SecurityScheme(name="bearer", data=SecuritySchemeData(type="http", scheme="bearer"))  # type: ignore[call-arg]
    ],
)
WRITE = {"bearer": []}
ERRORS = {"HTTP_401": ErrorBody, "HTTP_403": ErrorBody, "HTTP_404": ErrorBody}


class CommitteeList(BaseModel):
    committees: list[CommitteePublic]


class MeetingList(BaseModel):
    meetings: list[MeetingPublic]


class EntryList(BaseModel):
    entries: list[EntryPublic]


class YearQuery(BaseModel):
    year: int | None = Field(
        default=None,
        ge=1974,
        le=2999,
        description="First year of the municipal year (2018 for 2018/19); default: the current one.",
    )


def _meeting_public(meeting: Any, committee_slug: str) -> MeetingPublic:
    return MeetingPublic(
        id=meeting.id,
        committee=committee_slug,
        start=meeting.start,
        end=meeting.end,
        venue=meeting.venue,
        status=meeting.status,
    )


def _entry_public(view: EntryView, committee_slug: str, show_private: bool) -> EntryPublic:
    entry = view.entry
    return EntryPublic(
        id=entry.id,  # type: ignore[arg-type]
        committee=committee_slug,
        municipal_year=entry.municipal_year,
        title=entry.title,
        detail=entry.detail if show_private else None,
        lead=entry.lead_text,
        cabinet_member=entry.cabinet_member,
        lead_officers=[
            PersonPublic.model_validate(person, from_attributes=True)
            for person in view.lead_officers
        ],
        source=entry.source,
        state=entry.state,  # type: ignore[arg-type]
        meeting=MeetingRef(id=view.meeting.id, start=view.meeting.start) if view.meeting else None,  # type: ignore[arg-type]
        timing_note=entry.timing_note,  # type: ignore[arg-type]
        private=entry.is_private,
        exempt_paragraph=entry.exempt_paragraph,
    )


def _present_entry(view: EntryView, committee_slug: str) -> EntryPublic:
    show = may_see_private_detail(get_session(), api_person(), view)
    return _entry_public(view, committee_slug, show)


@bp.get("/committees")
@spec.validate(resp=Responses(HTTP_200=CommitteeList), tags=["committees"])
def committees() -> CommitteeList:
    """List the committees."""
    return CommitteeList(
        committees=[
            CommitteePublic.model_validate(c, from_attributes=True)
            for c in list_committees(get_session())
        ]
    )


@bp.get("/committees/<slug>")
@spec.validate(resp=Responses(HTTP_200=CommitteePublic, **ERRORS), tags=["committees"])
def committee(slug: str) -> CommitteePublic:
    """Show a committee."""
    return CommitteePublic.model_validate(get_committee(get_session(), slug), from_attributes=True)


@bp.get("/committees/<slug>/meetings")
@spec.validate(query=YearQuery, resp=Responses(HTTP_200=MeetingList, **ERRORS), tags=["meetings"])
def committee_meetings(slug: str, query: YearQuery) -> MeetingList:
    """List a committee's meetings, past and future, in date order."""
    session = get_session()
    found = get_committee(session, slug)
    return MeetingList(
        meetings=[
            _meeting_public(m, found.slug) for m in meetings_of(session, found, year=query.year)
        ]
    )


@bp.post("/committees/<slug>/meetings")
@token_required
@spec.validate(
    json=MeetingCreate,
    resp=Responses(HTTP_201=MeetingPublic, HTTP_422=ErrorBody, **ERRORS),
    tags=["meetings"],
    security=WRITE,
)
def add_meeting(slug: str, json: MeetingCreate) -> tuple[MeetingPublic, int]:
    """Create a meeting (governance officers). Times without an offset are London time."""
    session = get_session()
    found = get_committee(session, slug)
    meeting = create_meeting(
        session,
        actor=current_api_person(),
        committee=found,
        start=json.start,
        end=json.end,
        venue=json.venue,
    )
    session.commit()
    return _meeting_public(meeting, found.slug), 201


@bp.get("/meetings/<int:meeting_id>")
@spec.validate(resp=Responses(HTTP_200=MeetingPublic, **ERRORS), tags=["meetings"])
def meeting(meeting_id: int) -> MeetingPublic:
    """Show a meeting."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    return _meeting_public(found, _committee_slug(found.committee_id))


@bp.patch("/meetings/<int:meeting_id>")
@token_required
@spec.validate(
    json=MeetingUpdate,
    resp=Responses(HTTP_200=MeetingPublic, HTTP_422=ErrorBody, **ERRORS),
    tags=["meetings"],
    security=WRITE,
)
def change_meeting(meeting_id: int, json: MeetingUpdate) -> MeetingPublic:
    """Move a meeting, change its venue, cancel it (status "cancelled") or reinstate it."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    update_meeting(
        session,
        actor=current_api_person(),
        meeting=found,
        start=json.start,
        end=json.end,
        venue=json.venue,
        status=json.status,
    )
    session.commit()
    return _meeting_public(found, _committee_slug(found.committee_id))


@bp.get("/committees/<slug>/work-programme")
@spec.validate(
    query=YearQuery, resp=Responses(HTTP_200=EntryList, **ERRORS), tags=["work programme"]
)
def committee_work_programme(slug: str, query: YearQuery) -> EntryList:
    """List a municipal year's work programme. Private detail only for those who may see it."""
    session = get_session()
    found = get_committee(session, slug)
    year = query.year if query.year is not None else municipal_year_of(today_in_london())
    return EntryList(
        entries=[_present_entry(view, found.slug) for view in work_programme(session, found, year)]
    )


@bp.post("/committees/<slug>/work-programme")
@token_required
@spec.validate(
    json=EntryCreate,
    resp=Responses(HTTP_201=EntryPublic, HTTP_422=ErrorBody, **ERRORS),
    tags=["work programme"],
    security=WRITE,
)
def add_entry(slug: str, json: EntryCreate) -> tuple[EntryPublic, int]:
    """Add an entry to the work programme (governance officers); with meeting_id, schedule it."""
    session = get_session()
    found = get_committee(session, slug)
    entry = create_entry(session, actor=current_api_person(), committee=found, **json.model_dump())
    session.commit()
    return _present_entry(entry_view(session, entry), found.slug), 201


@bp.get("/entries/<int:entry_id>")
@spec.validate(resp=Responses(HTTP_200=EntryPublic, **ERRORS), tags=["work programme"])
def entry(entry_id: int) -> EntryPublic:
    """Show a work programme entry."""
    session = get_session()
    found = get_entry(session, entry_id)
    return _present_entry(entry_view(session, found), _committee_slug(found.committee_id))


@bp.patch("/entries/<int:entry_id>")
@token_required
@spec.validate(
    json=EntryUpdate,
    resp=Responses(HTTP_200=EntryPublic, HTTP_422=ErrorBody, **ERRORS),
    tags=["work programme"],
    security=WRITE,
)
def change_entry(entry_id: int, json: EntryUpdate) -> EntryPublic:
    """Edit an entry's fields; send null to clear one (exempt_paragraph: null makes it public)."""
    session = get_session()
    found = get_entry(session, entry_id)
    update_entry(
        session,
        actor=current_api_person(),
        entry=found,
        changes=json.model_dump(exclude_unset=True),
    )
    session.commit()
    return _present_entry(entry_view(session, found), _committee_slug(found.committee_id))


def _committee_slug(committee_id: int) -> str:
    found = get_session().get(Committee, committee_id)
    assert found is not None
    return found.slug


def _error(status: int, message: str, fields: dict[str, str] | None = None) -> Response:
    response = jsonify(ErrorBody(error=message, fields=fields).model_dump(exclude_none=True))
    response.status_code = status
    return response


@bp.errorhandler(OperationError)
def _operation_refused(error: OperationError) -> Response:
    fields = {error.field: error.reason} if isinstance(error, InvalidInput) else None
    return _error(error.status, error.message, fields)


@bp.errorhandler(NotAuthenticated)
def _not_authenticated(error: NotAuthenticated) -> Response:
    response = _error(401, error.message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="committee"'
    return response


@bp.errorhandler(StaleDataError)
def _changed_meanwhile(_error: StaleDataError) -> Response:
    return _error(409, "Someone else changed this at the same moment: fetch it again and retry.")


def http_error_as_json(error: HTTPException) -> Response:
    """Answer HTTP errors under /api (unknown routes, wrong methods) in JSON too."""
    return _error(error.code or 500, error.description or error.name)


@bp.get("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI document of every route above, generated from their models."""
    return jsonify(spec.spec)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


def wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")
