"""The meetings API: create, read, change, deadlines, substitutes. (A meeting's page is its
agenda: committee.agenda.views.)"""

from collections.abc import Callable
from datetime import date, time

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from spectree import Response as Responses

from committee.agenda.operations import DELETE_MEETINGS, delete_meeting
from committee.agenda.queries import move_warnings, what_holds_the_meeting
from committee.api import (
    ERRORS,
    WRITE,
    Authorise,
    ErrorBody,
    YearQuery,
    api_blueprint,
    require_current,
    spec,
    version_tag,
    with_tag,
    writes,
)
from committee.committees.models import Committee
from committee.committees.queries import get_committee, governed_committee
from committee.committees.views import governance_of_committee
from committee.db import get_session
from committee.deadlines.schemas import DeadlinesPublic
from committee.errors import InvalidInput, OperationError, parse_payload
from committee.formatting import meeting_when
from committee.meetings.models import Meeting, MeetingStatus
from committee.meetings.operations import (
    CHANGE_MEETINGS,
    CREATE_MEETINGS,
    RECORD_SUBSTITUTES,
    add_substitute,
    create_meeting,
    remove_substitute,
    update_meeting,
)
from committee.meetings.queries import (
    agenda_of,
    councillors,
    get_meeting,
    governed_meeting,
    meeting_deadlines,
    meetings_of,
    members_on_the_day,
    substitutes_at,
)
from committee.meetings.schemas import (
    MeetingCreate,
    MeetingList,
    MeetingPublic,
    MeetingUpdate,
    SubstituteBody,
    SubstitutePublic,
)
from committee.people.actors import Actor
from committee.people.auth import (
    current_api_person,
    current_person,
    sign_in_required,
)
from committee.people.models import Person
from committee.timeutil import to_london, utcnow
from committee.web import form_payload, page_action

pages = Blueprint("meetings", __name__, template_folder="templates")
api = api_blueprint("meetings_api", __name__)


def _new_meeting_page(
    committee: Committee, *, status: int = 200, **extra: object
) -> tuple[str, int]:
    values = extra.pop("values", None) or {
        "time": committee.usual_start_time.strftime("%H:%M"),
        "venue": committee.usual_venue,
    }
    return render_template("meetings/new.html", committee=committee, values=values, **extra), status


@pages.get("/committees/<slug>/meetings/new")
@sign_in_required
def new_meeting_page(slug: str) -> tuple[str, int]:
    """The form for a new meeting (the committee's governance officers)."""
    session = get_session()
    found = governed_committee(session, current_person(), slug, CREATE_MEETINGS)
    return _new_meeting_page(found)


@pages.post("/committees/<slug>/meetings/new")
@sign_in_required
def create_meeting_page(slug: str) -> ResponseReturnValue:
    """Create the meeting from the form; on a refusal, the form again with what was typed."""
    session = get_session()
    person = current_person()
    found = governed_committee(session, person, slug, CREATE_MEETINGS)
    day, at = request.form.get("day", "").strip(), request.form.get("time", "").strip()

    def arrange() -> Meeting:
        start = _day_and_time(day, at or found.usual_start_time.strftime("%H:%M"))
        data = parse_payload(
            MeetingCreate,
            {
                "start": start,
                "venue": request.form.get("venue") or None,
                "already_held": request.form.get("already_held") == "yes",
            },
        )
        return create_meeting(
            session,
            actor=person,
            committee=found,
            start=data.start,
            venue=data.venue,
            already_held=data.already_held,
        )

    return page_action(
        arrange,
        done=lambda created: f"The meeting on {meeting_when(created.start)} is arranged.",
        then=lambda created: url_for("agenda.meeting", meeting_id=created.id),
        again=lambda error: _new_meeting_page(
            found, status=error.status, error=error.in_words, values=request.form
        ),
    )


def _change_page(meeting: Meeting, *, status: int = 200, **extra: object) -> tuple[str, int]:
    session = get_session()
    local = to_london(meeting.start)
    values = extra.pop("values", None) or {
        "day": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "venue": meeting.venue,
    }
    return render_template(
        "meetings/change.html",
        meeting=meeting,
        committee=session.get(Committee, meeting.committee_id),
        values=values,
        items=[item for item in agenda_of(session, meeting) if item.entry_id is not None],
        substitutes=substitutes_at(session, meeting),
        councillors=councillors(session),
        members=members_on_the_day(session, meeting),
        held=what_holds_the_meeting(session, meeting),
        **extra,
    ), status


def _governed_meeting(meeting_id: int, doing: str) -> Meeting:
    """The meeting, once the signed-in person is known to govern its committee (else 403)."""
    return governed_meeting(get_session(), current_person(), meeting_id, doing)


class _ConfirmFirst(OperationError):
    """The change would break something the clerk should know of: they confirm it first."""

    status = 200

    def __init__(self, warnings: list[str], proposed: str) -> None:
        super().__init__(" ".join(warnings))
        self.warnings = warnings
        self.proposed = proposed


def _change(meeting_id: int, doing: str, act: Callable[[Meeting], str]) -> ResponseReturnValue:
    """Do one change from the meeting's change page; on a refusal, the page again, keeping input."""
    session = get_session()
    found = _governed_meeting(meeting_id, doing)
    shown = request.form.get("version", "")
    if shown and shown != str(found.version):
        message = (
            "Someone else changed this meeting while you had the page open: it is shown as it "
            "is now. Check it, then try again."
        )
        return _change_page(found, status=409, error=message)
    return page_action(
        lambda: act(found),
        done=lambda said: said,
        then=url_for("meetings.change_meeting_page", meeting_id=meeting_id),
        again=lambda error: _change_page(
            get_meeting(session, meeting_id),
            status=error.status,
            values=request.form,
            **(
                {"warnings": error.warnings, "proposed": error.proposed}
                if isinstance(error, _ConfirmFirst)
                else {"error": error.in_words}
            ),
        ),
    )


@pages.get("/meetings/<int:meeting_id>/change")
@sign_in_required
def change_meeting_page(meeting_id: int) -> tuple[str, int]:
    """Move the meeting, change its place, cancel or reinstate it; record substitutes."""
    return _change_page(_governed_meeting(meeting_id, CHANGE_MEETINGS))


@pages.post("/meetings/<int:meeting_id>/change")
@sign_in_required
def move_meeting_page(meeting_id: int) -> ResponseReturnValue:
    def move(meeting: Meeting) -> str:
        day, at = request.form.get("day", "").strip(), request.form.get("time", "").strip()
        data = parse_payload(
            MeetingUpdate,
            {"start": _day_and_time(day, at), "venue": request.form.get("venue", "")},
        )
        if data.start is not None:
            warnings = move_warnings(get_session(), meeting, data.start, utcnow())
            if warnings and request.form.get("confirmed") != data.start.isoformat():
                raise _ConfirmFirst(warnings, data.start.isoformat())
        changed = update_meeting(
            get_session(),
            actor=current_person(),
            meeting=meeting,
            start=data.start,
            venue=data.venue,
        )
        if not changed:
            return "Nothing had changed."
        return f"Saved: the meeting is at {meeting_when(meeting.start)}, {meeting.venue}."

    return _change(meeting_id, CHANGE_MEETINGS, move)


@pages.post("/meetings/<int:meeting_id>/cancel")
@sign_in_required
def cancel_meeting_page(meeting_id: int) -> ResponseReturnValue:
    def cancel(meeting: Meeting) -> str:
        if request.form.get("confirm") != "yes":
            raise InvalidInput("confirm", "tick the box to say you mean to cancel the meeting")
        update_meeting(
            get_session(),
            actor=current_person(),
            meeting=meeting,
            status=MeetingStatus.CANCELLED,
        )
        return "The meeting is cancelled; its items are back on the work programme."

    return _change(meeting_id, CHANGE_MEETINGS, cancel)


@pages.post("/meetings/<int:meeting_id>/reinstate")
@sign_in_required
def reinstate_meeting_page(meeting_id: int) -> ResponseReturnValue:
    def reinstate(meeting: Meeting) -> str:
        update_meeting(
            get_session(),
            actor=current_person(),
            meeting=meeting,
            status=MeetingStatus.SCHEDULED,
        )
        return "The meeting is back on; schedule its items onto it again."

    return _change(meeting_id, CHANGE_MEETINGS, reinstate)


@pages.post("/meetings/<int:meeting_id>/delete")
@sign_in_required
def delete_meeting_page(meeting_id: int) -> ResponseReturnValue:
    """Delete a meeting arranged by mistake (nothing on it), then back to its committee."""
    session = get_session()
    found = _governed_meeting(meeting_id, DELETE_MEETINGS)
    committee = session.get(Committee, found.committee_id)
    assert committee is not None

    def delete() -> str:
        # What keeps the meeting is said first; without the box ticked the refusal rolls the
        # deletion back, so nothing is deleted.
        described = delete_meeting(session, actor=current_person(), meeting=found)
        if request.form.get("confirm") != "yes":
            raise InvalidInput("confirm", "tick the box to say you mean to delete the meeting")
        return described

    return page_action(
        delete,
        done=lambda described: f"The meeting of {described} is deleted.",
        then=url_for("committees.committee", slug=committee.slug),
        again=lambda error: _change_page(
            get_meeting(session, meeting_id), status=error.status, error=error.in_words
        ),
    )


@pages.post("/meetings/<int:meeting_id>/substitutes")
@sign_in_required
def add_substitute_page(meeting_id: int) -> ResponseReturnValue:
    def record(meeting: Meeting) -> str:
        data = form_payload(SubstituteBody)
        add_substitute(
            get_session(),
            actor=current_person(),
            meeting=meeting,
            person_id=data.person_id,
            replacing_id=data.replacing_id,
        )
        person = get_session().get(Person, data.person_id)
        assert person is not None
        return f"{person.name} substitutes at this meeting; it is in their calendar."

    return _change(meeting_id, RECORD_SUBSTITUTES, record)


@pages.post("/meetings/<int:meeting_id>/substitutes/<int:person_id>/remove")
@sign_in_required
def remove_substitute_page(meeting_id: int, person_id: int) -> ResponseReturnValue:
    def remove(meeting: Meeting) -> str:
        remove_substitute(
            get_session(), actor=current_person(), meeting=meeting, person_id=person_id
        )
        return "The substitute is taken off this meeting."

    return _change(meeting_id, RECORD_SUBSTITUTES, remove)


def _day_and_time(day: str, at: str) -> str:
    """The form's date and time as one ISO time, or InvalidInput saying which is wrong."""
    if not day:
        raise InvalidInput("day", "give the meeting's date")
    try:
        date.fromisoformat(day)
    except ValueError:
        raise InvalidInput("day", f"{day} is not a date: pick one, e.g. 2027-01-14") from None
    try:
        time.fromisoformat(at)
    except ValueError:
        raise InvalidInput("time", f"{at} is not a time of day: e.g. 14:00") from None
    return f"{day}T{at}"


def _tag(meeting: Meeting) -> str:
    return version_tag("meeting", meeting.id, meeting.version)


def _governance_of_meeting(doing: str) -> Authorise:
    """Authorise a route under /api/meetings/<id>/ for its committee's governance officers."""

    def authorise(actor: Actor, *, meeting_id: int, **_path: object) -> None:
        governed_meeting(get_session(), actor, meeting_id, doing)

    return authorise


def _meeting_public(meeting: Meeting, committee_slug: str | None = None) -> MeetingPublic:
    if committee_slug is None:
        found = get_session().get(Committee, meeting.committee_id)
        assert found is not None
        committee_slug = found.slug
    return MeetingPublic(
        id=meeting.id,
        committee=committee_slug,
        start=meeting.start,
        end=meeting.end,
        venue=meeting.venue,
        status=MeetingStatus(meeting.status),
    )


@api.get("/committees/<slug>/meetings")
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


@api.post("/committees/<slug>/meetings")
@writes(governance_of_committee(CREATE_MEETINGS))
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
    created = create_meeting(
        session,
        actor=current_api_person(),
        committee=found,
        start=json.start,
        end=json.end,
        venue=json.venue,
        already_held=json.already_held,
    )
    session.commit()
    return _meeting_public(created, found.slug), 201


@api.get("/meetings/<int:meeting_id>")
@spec.validate(resp=Responses(HTTP_200=MeetingPublic, **ERRORS), tags=["meetings"])
def meeting_json(meeting_id: int) -> tuple[MeetingPublic, int, dict[str, str]]:
    """Show a meeting. Its ETag names its version: send it back as If-Match to change it."""
    found = get_meeting(get_session(), meeting_id)
    return with_tag(_meeting_public(found), _tag(found))


@api.patch("/meetings/<int:meeting_id>")
@writes(_governance_of_meeting(CHANGE_MEETINGS))
@spec.validate(
    json=MeetingUpdate,
    resp=Responses(
        HTTP_200=MeetingPublic, HTTP_409=ErrorBody, HTTP_412=ErrorBody, HTTP_422=ErrorBody, **ERRORS
    ),
    tags=["meetings"],
    security=WRITE,
)
def change_meeting(
    meeting_id: int, json: MeetingUpdate
) -> tuple[MeetingPublic, int, dict[str, str]]:
    """Move a meeting, change its venue, cancel it (status "cancelled") or reinstate it.

    The items of a cancelled meeting go back to the work programme; those of a
    moved meeting go with it. Each gets a history row, by the system. With If-Match
    (its ETag), a change made meanwhile by someone else is refused (412).
    """
    session = get_session()
    found = get_meeting(session, meeting_id)
    require_current(_tag(found))
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
    return with_tag(_meeting_public(found), _tag(found))


@api.delete("/meetings/<int:meeting_id>")
@writes(_governance_of_meeting(DELETE_MEETINGS))
@spec.validate(
    resp=Responses(HTTP_204=None, HTTP_409=ErrorBody, **ERRORS), tags=["meetings"], security=WRITE
)
def remove_meeting(meeting_id: int) -> tuple[str, int]:
    """Delete a meeting with nothing on it: no items, no published agenda, no minutes.

    Any other meeting is refused (409, saying what is on it): cancel it instead.
    """
    session = get_session()
    delete_meeting(session, actor=current_api_person(), meeting=get_meeting(session, meeting_id))
    session.commit()
    return "", 204


@api.get("/meetings/<int:meeting_id>/deadlines")
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


@api.post("/meetings/<int:meeting_id>/substitutes")
@writes(_governance_of_meeting(RECORD_SUBSTITUTES))
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


@api.delete("/meetings/<int:meeting_id>/substitutes/<int:person_id>")
@writes(_governance_of_meeting(RECORD_SUBSTITUTES))
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
