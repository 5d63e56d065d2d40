"""The minutes' API: read them (private business by title only for those who may not read its
words), write the draft whole, publish, correct."""

from flask import current_app
from spectree import Response as Responses
from sqlmodel import Session

from committee.api import ERRORS, WRITE, ErrorBody, api_blueprint, spec, writes
from committee.db import get_session
from committee.meetings.models import Meeting
from committee.meetings.queries import get_meeting, governed_meeting
from committee.minutes.models import MeetingMinutes, MinutesChange
from committee.minutes.operations import (
    WRITE_MINUTES,
    correct_minutes,
    publish_minutes,
    save_minutes,
)
from committee.minutes.queries import history_of_minutes, minutes_view, readable_minutes
from committee.minutes.schemas import (
    AttendancePublic,
    CorrectionInput,
    DeclarationPublic,
    MinutePublic,
    MinutesChangePublic,
    MinutesInput,
    MinutesPublic,
    PublishMinutesInput,
    ResolutionPublic,
)
from committee.people.actors import Actor
from committee.people.auth import current_api_person
from committee.visibility.queries import Reader
from committee.visibility.views import api_reader

api = api_blueprint("minutes_api", __name__)


def _minutes_public(
    session: Session, meeting: Meeting, found: MeetingMinutes, reader: Reader
) -> MinutesPublic:
    view = minutes_view(session, found)
    readable = view.readable(reader)
    clerk = reader.governs(meeting.committee_id)
    base = current_app.config["BASE_URL"]
    return MinutesPublic(
        meeting_id=meeting.id,
        state=found.state,
        version=found.version,
        closed_at=found.closed_at,
        published_at=found.published_at,
        attendance=[
            AttendancePublic(kind=a.kind, name=a.name, note=a.note) for a in view.attendance
        ],
        declarations=[
            DeclarationPublic(member=d.member, interest=d.interest) for d in view.declarations
        ],
        minutes=[
            MinutePublic(
                number=item.minute.number,
                citation=item.minute.citation(),
                title=item.minute.title,
                private=item.minute.is_private,
                exempt_paragraph=item.minute.exempt_paragraph,
                agenda_item_id=item.minute.agenda_item_id,
                withheld=item.minute.is_withheld,
                public_wording=item.minute.public_wording,
                text=item.minute.text if shown else None,
                resolved_intro=item.minute.resolved_intro if shown else None,
                resolutions=[
                    ResolutionPublic(
                        number=n,
                        text=r.text,
                        follow_up_entry_id=r.follow_up_entry_id,
                        recommendation_id=view.recommendations[r.id].id
                        if r.id in view.recommendations
                        else None,
                    )
                    for n, r in enumerate(item.resolutions, 1)
                ]
                if shown
                else None,
            )
            for item in view.items
            for shown in [item.minute.id in readable]
        ],
        corrections=[_change_public(change, None) for change in view.corrections_shown(reader)],
        history=[
            _change_public(change, who) for change, who in history_of_minutes(session, meeting)
        ]
        if clerk
        else None,
        page=f"{base}/meetings/{meeting.id}/minutes",
        pdf=f"{base}/meetings/{meeting.id}/minutes.pdf",
    )


def _change_public(change: MinutesChange, who: str | None) -> MinutesChangePublic:
    return MinutesChangePublic(
        event=change.event,
        from_state=change.from_state,
        to_state=change.to_state,
        at=change.at,
        by=who,
        subject=change.subject,
        reason=change.reason,
    )


@api.get("/meetings/<int:meeting_id>/minutes")
@spec.validate(resp=Responses(HTTP_200=MinutesPublic, **ERRORS), tags=["minutes"])
def minutes_json(meeting_id: int) -> MinutesPublic:
    """A meeting's minutes: published ones for anyone (private business by title only), drafts
    for its governance officers."""
    session = get_session()
    meeting = get_meeting(session, meeting_id)
    reader = api_reader()
    return _minutes_public(session, meeting, readable_minutes(session, meeting, reader), reader)


def _writes_minutes(actor: Actor, *, meeting_id: int, **_path: object) -> None:
    governed_meeting(get_session(), actor, meeting_id, WRITE_MINUTES)


@api.put("/meetings/<int:meeting_id>/minutes")
@writes(_writes_minutes)
@spec.validate(
    json=MinutesInput,
    resp=Responses(HTTP_200=MinutesPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["minutes"],
    security=WRITE,
)
def put_minutes(meeting_id: int, json: MinutesInput) -> MinutesPublic:
    """Write a meeting's draft minutes, whole (governance officers): attendance, declarations,
    numbered minutes with their resolutions, follow-ups and recommendations."""
    session = get_session()
    meeting = get_meeting(session, meeting_id)
    person = current_api_person()
    found = save_minutes(session, actor=person, meeting=meeting, data=json)
    session.commit()
    return _minutes_public(session, meeting, found, api_reader())


@api.post("/meetings/<int:meeting_id>/minutes/publish")
@writes(_writes_minutes)
@spec.validate(
    json=PublishMinutesInput,
    resp=Responses(HTTP_200=MinutesPublic, HTTP_409=ErrorBody, **ERRORS),
    tags=["minutes"],
    security=WRITE,
)
def publish_minutes_json(meeting_id: int, json: PublishMinutesInput) -> MinutesPublic:
    """Publish the draft: its items are resolved, its follow-ups join the work programme and its
    recommendations are sent (responses due in RECOMMENDATION_RESPONSE_MONTHS)."""
    session = get_session()
    meeting = get_meeting(session, meeting_id)
    person = current_api_person()
    found = publish_minutes(
        session,
        actor=person,
        meeting=meeting,
        version=json.version,
        response_months=current_app.config["RECOMMENDATION_RESPONSE_MONTHS"],
    )
    session.commit()
    return _minutes_public(session, meeting, found, api_reader())


@api.post("/meetings/<int:meeting_id>/minutes/corrections")
@writes(_writes_minutes)
@spec.validate(
    json=CorrectionInput,
    resp=Responses(HTTP_200=MinutesPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["minutes"],
    security=WRITE,
)
def correct_minutes_json(meeting_id: int, json: CorrectionInput) -> MinutesPublic:
    """Correct published minutes (governance officers), with the reason: a minute's heading and
    text, the attendance, the declarations. What was resolved stands."""
    session = get_session()
    meeting = get_meeting(session, meeting_id)
    person = current_api_person()
    correct_minutes(session, actor=person, meeting=meeting, data=json)
    session.commit()
    reader = api_reader()
    return _minutes_public(session, meeting, readable_minutes(session, meeting, reader), reader)
