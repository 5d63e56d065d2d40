"""The JSON API under /api, described by the OpenAPI document at /api/openapi.json.

Views parse, call operations (which check the actor's role), commit once, and
shape the answer. Anything private is left out unless the caller may see it.
"""

from datetime import date
from typing import Annotated, Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from spectree import Response as Responses
from spectree import SecurityScheme, SpecTree
from spectree.models import SecuritySchemeData
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException

from committee.db import get_session
from committee.models import Committee, Meeting, Person, WorkProgrammeEntry
from committee.models.base import LondonDateTimeOut
from committee.models.committees import (
    CommitteePublic,
    DeadlineSettingsPublic,
    DeadlineSettingsUpdate,
)
from committee.models.meetings import MeetingCreate, MeetingPublic, MeetingRef, MeetingUpdate
from committee.models.people import PersonPublic
from committee.models.work_programme import (
    EntryCreate,
    EntryDetail,
    EntryPublic,
    EntryUpdate,
    HistoryRow,
    PaperPublic,
    PaperVersionPublic,
)
from committee.operations.calendars import add_substitute, remove_substitute
from committee.operations.committees import get_committee
from committee.operations.errors import InvalidInput, OperationError
from committee.operations.lifecycle import (
    ConcurrentChange,
    EventInput,
    TransitionRefused,
    UploadedFile,
    capacities,
    fire_event,
    permitted_events,
)
from committee.operations.meetings import create_meeting, get_meeting, update_meeting
from committee.operations.schedules import (
    add_closure_day,
    list_closure_days,
    meeting_deadlines,
    remove_closure_day,
    set_deadline_settings,
)
from committee.operations.work_programme import create_entry, get_entry, update_entry
from committee.queries import (
    EntryView,
    entry_view,
    history_of,
    list_committees,
    may_see_private_detail,
    meetings_of,
    papers_of,
    work_programme,
)
from committee.timeutil import municipal_year_of, to_london, today_in_london
from committee.views.auth import NotAuthenticated, api_person, current_api_person, token_required

bp = Blueprint("api", __name__, url_prefix="/api")
FORM_MIMETYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class ErrorBody(BaseModel):
    error: str = Field(description="What was wrong, in words a person can act on.")
    fields: dict[str, str] | None = Field(default=None, description="Field name: its problem.")


class RefusalBody(BaseModel):
    error: str = Field(description="Why the event cannot happen now.")
    state: str = Field(description="The entry's state now.")
    allowed_events: list[str] = Field(description="The events you may fire from this state.")


def _validation_failed(
    _request: Any, response: Any, error: Exception | None, _instance: Any, _adapter: Any
) -> None:
    """Answer spectree's validation failures in the API's error shape, naming each field."""
    if error is None or response is None:
        return
    fields: dict[str, str] = {}
    for problem in error.errors():  # type: ignore[attr-defined]
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
        SecurityScheme(name="bearer", data=SecuritySchemeData(type="http", scheme="bearer"))  # type: ignore[call-arg]
    ],
)
WRITE = {"bearer": []}
ERRORS = {"HTTP_401": ErrorBody, "HTTP_403": ErrorBody, "HTTP_404": ErrorBody}


def accepts_forms(view: Any) -> Any:
    """Mark a view that takes multipart/form-data (file uploads) as well as JSON."""
    view.accepts_forms = True
    return view


@bp.before_request
def _check_request() -> Response | None:
    """Check any token that came, on every request: a bad one is refused, never ignored.

    An authenticated write carries JSON or nothing (or, where a view takes
    uploads, a form): spectree would validate anything else as an empty object,
    and "field required" would mislead. Anonymous writes fall through to
    @token_required's 401.
    """
    person = api_person()
    if request.method in {"POST", "PATCH", "PUT"} and person is not None:
        view = current_app.view_functions.get(request.endpoint or "")
        if request.mimetype in FORM_MIMETYPES:
            if not getattr(view, "accepts_forms", False):
                return _not_json()
        elif request.get_data() and request.get_json(silent=True) is None:
            return _not_json()
    return None


def _not_json() -> Response:
    return _error(
        400, "The request body is not JSON: send a JSON object with Content-Type: application/json."
    )


class CommitteeList(BaseModel):
    committees: list[CommitteePublic]


class MeetingList(BaseModel):
    meetings: list[MeetingPublic]


class EntryList(BaseModel):
    entries: list[EntryPublic]


class History(BaseModel):
    history: list[HistoryRow]


class YearQuery(BaseModel):
    year: int | None = Field(
        default=None,
        ge=1974,
        le=2999,
        description="First year of the municipal year (2018 for 2018/19); default: the current one.",
    )


class EventBody(BaseModel):
    """What an event may carry. Which fields each event needs: GET /lifecycle."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", description="Why (defer, withdraw).")
    meeting_id: int | None = Field(default=None, description="The meeting (schedule; defer onto).")
    resolution: str = Field(default="", description="What the meeting resolved (resolve).")
    paper_kind: str | None = Field(default=None, description="briefing_note or report.")
    paper_url: str | None = Field(default=None, description="A link to the paper (submit_paper).")
    paper_title: str = Field(default="", description='E.g. "Briefing Note of the Director".')


Upload = Annotated[Any, WithJsonSchema({"type": "string", "format": "binary"})]


class EventForm(EventBody):
    """The same as a form, for submitting a paper as a file."""

    paper_file: Upload = Field(default=None, description="The paper itself (submit_paper).")


def _meeting_public(meeting: Meeting, committee_slug: str) -> MeetingPublic:
    return MeetingPublic(
        id=meeting.id,  # type: ignore[arg-type]
        committee=committee_slug,
        start=meeting.start,
        end=meeting.end,
        venue=meeting.venue,
        status=meeting.status,  # type: ignore[arg-type]
    )


def _entry_fields(view: EntryView, committee_slug: str, show_private: bool) -> dict[str, Any]:
    entry = view.entry
    return {
        "id": entry.id,
        "committee": committee_slug,
        "municipal_year": entry.municipal_year,
        "title": entry.title,
        "detail": entry.detail if show_private else None,
        "lead": entry.lead_text,
        "cabinet_member": entry.cabinet_member,
        "lead_officers": [
            PersonPublic.model_validate(person, from_attributes=True)
            for person in view.lead_officers
        ],
        "source": entry.source,
        "state": entry.state,
        "meeting": MeetingRef(id=view.meeting.id, start=view.meeting.start)
        if view.meeting
        else None,  # type: ignore[arg-type]
        "timing_note": entry.timing_note,
        "private": entry.is_private,
        "exempt_paragraph": entry.exempt_paragraph,
    }


def _present_entry(view: EntryView, committee_slug: str) -> EntryPublic:
    show = may_see_private_detail(get_session(), api_person(), view)
    return EntryPublic(**_entry_fields(view, committee_slug, show))


def _entry_detail(entry: WorkProgrammeEntry) -> EntryDetail:
    session = get_session()
    view = entry_view(session, entry)
    viewer = api_person()
    show = may_see_private_detail(session, viewer, view)
    involved = viewer is not None and bool(capacities(session, viewer, entry))
    papers = (
        [
            PaperPublic(
                kind=paper_view.paper.kind,
                status=paper_view.paper.status,
                versions=[
                    PaperVersionPublic(
                        number=version.number,
                        title=version.title,
                        filename=version.filename,
                        url=version.url,
                        size=version.size,
                        submitted_at=version.submitted_at,
                        submitted_by=submitter,
                    )
                    for version, submitter in paper_view.versions
                ],
            )
            for paper_view in papers_of(session, entry)
        ]
        if involved
        else None
    )
    return EntryDetail(
        **_entry_fields(view, _committee_slug(entry.committee_id), show),
        resolution=entry.resolution if show else None,
        papers=papers,
        allowed_events=permitted_events(session, viewer, entry),
    )


def _committee_slug(committee_id: int) -> str:
    found = get_session().get(Committee, committee_id)
    assert found is not None
    return found.slug


@bp.get("/committees")
@spec.validate(resp=Responses(HTTP_200=CommitteeList), tags=["committees"])
def committees() -> CommitteeList:
    """List the committees."""
    return CommitteeList(
        committees=[
            CommitteePublic.model_validate(found, from_attributes=True)
            for found in list_committees(get_session())
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
            _meeting_public(meeting, found.slug)
            for meeting in meetings_of(session, found, year=query.year)
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
    found = get_meeting(get_session(), meeting_id)
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
    """Move a meeting, change its venue, cancel it (status "cancelled") or reinstate it.

    The items of a cancelled meeting go back to the work programme; those of a
    moved meeting go with it. Each gets a history row, by the system.
    """
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
    resp=Responses(HTTP_201=EntryDetail, HTTP_422=ErrorBody, **ERRORS),
    tags=["work programme"],
    security=WRITE,
)
def add_entry(slug: str, json: EntryCreate) -> tuple[EntryDetail, int]:
    """Add an entry to the work programme (governance officers); with meeting_id, schedule it."""
    session = get_session()
    found = get_committee(session, slug)
    entry = create_entry(session, actor=current_api_person(), committee=found, **json.model_dump())
    session.commit()
    return _entry_detail(entry), 201


@bp.get("/entries/<int:entry_id>")
@spec.validate(resp=Responses(HTTP_200=EntryDetail, **ERRORS), tags=["work programme"])
def entry(entry_id: int) -> EntryDetail:
    """Show a work programme entry, with the events you may fire on it now."""
    return _entry_detail(get_entry(get_session(), entry_id))


@bp.patch("/entries/<int:entry_id>")
@token_required
@spec.validate(
    json=EntryUpdate,
    resp=Responses(HTTP_200=EntryDetail, HTTP_422=ErrorBody, **ERRORS),
    tags=["work programme"],
    security=WRITE,
)
def change_entry(entry_id: int, json: EntryUpdate) -> EntryDetail:
    """Edit an entry's fields; send null to clear one (exempt_paragraph: null makes it public).

    Its state and meeting change only by events.
    """
    session = get_session()
    found = get_entry(session, entry_id)
    update_entry(
        session,
        actor=current_api_person(),
        entry=found,
        changes=json.model_dump(exclude_unset=True),
    )
    session.commit()
    return _entry_detail(found)


@bp.post("/entries/<int:entry_id>/events/<event>")
@token_required
@accepts_forms
@spec.validate(
    json=EventBody,
    form=EventForm,
    resp=Responses(HTTP_200=EntryDetail, HTTP_409=RefusalBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["lifecycle"],
    security=WRITE,
)
def fire(entry_id: int, event: str) -> EntryDetail:
    """Fire a lifecycle event on an entry: schedule, open_briefing, submit_paper, clear_paper,
    consider, resolve, defer, withdraw.

    409 says why not, with the entry's state and the events you may fire from it.
    Submit a paper as a file with multipart/form-data (paper_file), or as a link.
    """
    session = get_session()
    # JSON or a form, whichever came: spectree validated it into request.context.
    body = request.context.form or request.context.json or EventBody()  # type: ignore[attr-defined]
    upload = getattr(body, "paper_file", None)
    if upload is not None and not isinstance(upload, FileStorage):
        raise InvalidInput("paper_file", "send the file as a multipart/form-data upload")
    data = EventInput(
        reason=body.reason,
        meeting_id=body.meeting_id,
        resolution=body.resolution,
        paper_kind=body.paper_kind,
        paper_url=body.paper_url,
        paper_title=body.paper_title,
        paper_file=UploadedFile(
            filename=upload.filename or "",
            content_type=upload.mimetype or "",
            content=upload.read(),
        )
        if upload is not None
        else None,
    )
    found = fire_event(
        session, actor=current_api_person(), entry_id=entry_id, event=event, data=data
    )
    session.commit()
    return _entry_detail(found)


@bp.get("/entries/<int:entry_id>/history")
@spec.validate(resp=Responses(HTTP_200=History, **ERRORS), tags=["lifecycle"])
def history(entry_id: int) -> History:
    """List every state change of an entry: who, when, from, to, why."""
    session = get_session()
    found = get_entry(session, entry_id)
    show = may_see_private_detail(session, api_person(), entry_view(session, found))
    return History(
        history=[
            HistoryRow(
                event=row.change.event,
                from_state=row.change.from_state,
                to_state=row.change.to_state,
                actor=row.actor_name,
                at=row.change.at,
                reason=row.change.reason if show else None,
                meeting_id=row.change.meeting_id,
                paper_kind=row.paper_kind,
            )
            for row in history_of(session, found)
        ]
    )


class DeadlinesPublic(BaseModel):
    meeting_id: int
    publication: date = Field(description="The agenda is published on this day.")
    draft: date
    final: date
    briefing_opens: date = Field(description="The paper window opens on this day.")
    draft_due_at: LondonDateTimeOut
    final_due_at: LondonDateTimeOut


class ClosureDayBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: date
    reason: str = Field(min_length=1, max_length=200)


class ClosureDayPublic(BaseModel):
    day: date
    reason: str


class ClosureDayList(BaseModel):
    closure_days: list[ClosureDayPublic]


@bp.get("/meetings/<int:meeting_id>/deadlines")
@spec.validate(resp=Responses(HTTP_200=DeadlinesPublic, **ERRORS), tags=["deadlines"])
def meeting_deadline_schedule(meeting_id: int) -> DeadlinesPublic:
    """When the meeting's agenda is published and its papers are due (working days, London)."""
    session = get_session()
    schedule = meeting_deadlines(session, get_meeting(session, meeting_id))
    return DeadlinesPublic(
        meeting_id=meeting_id,
        publication=schedule.publication,
        draft=to_london(schedule.draft).date(),
        final=to_london(schedule.final).date(),
        briefing_opens=schedule.briefing_opens,
        draft_due_at=schedule.draft,
        final_due_at=schedule.final,
    )


@bp.get("/committees/<slug>/deadline-settings")
@spec.validate(resp=Responses(HTTP_200=DeadlineSettingsPublic, **ERRORS), tags=["deadlines"])
def deadline_settings(slug: str) -> DeadlineSettingsPublic:
    """The committee's paper deadlines, in working days before agenda publication."""
    return DeadlineSettingsPublic.model_validate(
        get_committee(get_session(), slug), from_attributes=True
    )


@bp.patch("/committees/<slug>/deadline-settings")
@token_required
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


@bp.get("/closure-days")
@spec.validate(resp=Responses(HTTP_200=ClosureDayList), tags=["deadlines"])
def closure_days() -> ClosureDayList:
    """The council's own closure days, which no deadline counts as working days."""
    return ClosureDayList(
        closure_days=[
            ClosureDayPublic(day=closure.day, reason=closure.reason)
            for closure in list_closure_days(get_session())
        ]
    )


@bp.post("/closure-days")
@token_required
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


@bp.delete("/closure-days/<day>")
@token_required
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


class SubstituteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: int = Field(description="The member substituting.")
    replacing_id: int | None = Field(default=None, description="The member they substitute for.")


class SubstitutePublic(BaseModel):
    meeting_id: int
    person_id: int
    replacing_id: int | None


@bp.post("/meetings/<int:meeting_id>/substitutes")
@token_required
@spec.validate(
    json=SubstituteBody,
    resp=Responses(HTTP_201=SubstitutePublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["meetings"],
    security=WRITE,
)
def add_meeting_substitute(meeting_id: int, json: SubstituteBody) -> tuple[SubstitutePublic, int]:
    """Record a substitute at a meeting (governance officers): it joins their calendar."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    add_substitute(
        session,
        actor=current_api_person(),
        meeting=found,
        person_id=json.person_id,
        replacing_id=json.replacing_id,
    )
    session.commit()
    return SubstitutePublic(
        meeting_id=meeting_id, person_id=json.person_id, replacing_id=json.replacing_id
    ), 201


@bp.delete("/meetings/<int:meeting_id>/substitutes/<int:person_id>")
@token_required
@spec.validate(resp=Responses(HTTP_204=None, **ERRORS), tags=["meetings"], security=WRITE)
def remove_meeting_substitute(meeting_id: int, person_id: int) -> tuple[str, int]:
    """Take a substitute off a meeting (governance officers)."""
    session = get_session()
    remove_substitute(
        session,
        actor=current_api_person(),
        meeting=get_meeting(session, meeting_id),
        person_id=person_id,
    )
    session.commit()
    return "", 204


@bp.get("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI document of every route above, generated from their models."""
    return jsonify(spec.spec)


def _error(status: int, message: str, fields: dict[str, str] | None = None) -> Response:
    response = jsonify(ErrorBody(error=message, fields=fields).model_dump(exclude_none=True))
    response.status_code = status
    return response


def _refusal(message: str, entry: WorkProgrammeEntry, actor: Person | None) -> Response:
    body = RefusalBody(
        error=message,
        state=entry.state,
        allowed_events=permitted_events(get_session(), actor, entry),
    )
    response = jsonify(body.model_dump())
    response.status_code = 409
    return response


@bp.errorhandler(TransitionRefused)
def _transition_refused(error: TransitionRefused) -> Response:
    response = jsonify(
        RefusalBody(
            error=error.message, state=error.state, allowed_events=error.allowed_events
        ).model_dump()
    )
    response.status_code = 409
    return response


@bp.errorhandler(ConcurrentChange)
def _concurrent_change(error: ConcurrentChange) -> Response:
    session = get_session()
    session.rollback()
    return _refusal(error.message, get_entry(session, error.entry_id), api_person())


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
    get_session().rollback()
    return _error(409, "Someone else changed this at the same moment: fetch it again and retry.")


def http_error_as_json(error: HTTPException) -> Response:
    """Answer HTTP errors under /api (unknown routes, wrong methods) in JSON too."""
    return _error(error.code or 500, error.description or error.name)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


def wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")
