"""A meeting's page (its agenda), publishing it and its supplements, and its pack as a PDF.

Before publication the public sees when the agenda will be out, and nothing
of its items; its governance officers see the draft and publish it. After,
everyone sees the frontsheet and downloads its public papers; members and
substitutes of the meeting also see private papers.
"""

import io
import json
from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from spectree import Response as Responses
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from werkzeug.wrappers import Response as BaseResponse

from committee.agenda.models import AgendaPack
from committee.agenda.operations import (
    PUBLISH_AGENDAS,
    AgendaRefused,
    publish_agenda,
    publish_supplement,
)
from committee.agenda.pack import Frontsheet, as_packed, build_pack, frontsheet_for, stored_ranges
from committee.agenda.queries import (
    agenda_for,
    cleared_papers,
    history_of_agenda,
    items_missing_papers,
    may_see_private_business,
    publication_day,
    status_label,
)
from committee.agenda.schemas import (
    AgendaItemPublic,
    AgendaPaperPublic,
    AgendaPublic,
    AgendaRefusalBody,
    MissingPaperPublic,
    PublishInput,
    SupplementInput,
)
from committee.api import ERRORS, WRITE, ErrorBody, api_blueprint, spec, writes
from committee.committees.models import Committee
from committee.db import get_db, get_session
from committee.errors import OperationError
from committee.meetings.models import Meeting
from committee.meetings.queries import (
    agenda_of,
    committee_of,
    get_meeting,
    governed_meeting,
    meeting_deadlines,
)
from committee.minutes.queries import matters_arising, minutes_of
from committee.people.actors import Actor
from committee.people.auth import (
    api_person,
    current_api_person,
    current_person,
    sign_in_required,
    signed_in_person,
)
from committee.people.models import Person
from committee.people.permissions import governs
from committee.timeutil import to_london, today_in_london, utcnow
from committee.web import form_payload

pages = Blueprint("agenda", __name__, template_folder="templates")
api = api_blueprint("agenda_api", __name__)


def _committee(meeting: Meeting) -> Committee:
    return committee_of(get_session(), meeting)


def pack_for(meeting: Meeting, *, private: bool) -> AgendaPack:
    """The stored pack, built (and kept) the first time it is asked for after a publication."""
    session = get_session()
    query = select(AgendaPack).where(
        AgendaPack.meeting_id == meeting.id, AgendaPack.private == private
    )
    found = session.exec(query).first()
    if found is not None:
        return found
    pack = build_pack(
        session,
        meeting,
        private=private,
        base_url=current_app.config["BASE_URL"],
        matters_arising=matters_arising(session, meeting).lines(),
    )
    session.commit()  # end the reading before the writing (SQLite has one writer)
    try:
        with get_db().transaction() as writing:
            writing.add(pack)
    except IntegrityError:  # built at the same moment by another request: theirs is as good
        pass
    return pack


def _frontsheet(meeting: Meeting, *, private: bool) -> Frontsheet:
    session = get_session()
    sheet = frontsheet_for(
        session,
        meeting,
        private=private,
        base_url="",
        link=lambda version: url_for("papers.download", version_id=version.id),
        matters_arising=matters_arising(session, meeting).lines(),
    )
    return as_packed(sheet, pack_for(meeting, private=private))


def _meeting_page(meeting: Meeting, *, status: int = 200, **extra: object) -> tuple[str, int]:
    session = get_session()
    person = signed_in_person()
    agenda = agenda_for(session, meeting)
    clerk = governs(session, person, meeting.committee_id)
    member = may_see_private_business(session, person, meeting)
    published = agenda.is_published
    items = agenda_of(session, meeting)
    papers = cleared_papers(session, items)
    minutes = minutes_of(session, meeting)
    new_items = [item for item in items if published and item.published_in is None]
    new_papers = [
        item
        for item in items
        if published and item.paper_published_in is None and papers.get(item.id)
    ]
    return render_template(
        "agenda/meeting.html",
        meeting=meeting,
        committee=_committee(meeting),
        agenda=agenda,
        status_label=status_label(agenda, meeting),
        deadlines=meeting_deadlines(session, meeting),
        publication=publication_day(session, meeting),
        late=today_in_london() > publication_day(session, meeting),
        clerk=clerk,
        member=member,
        sheet=_frontsheet(meeting, private=member) if published else None,
        draft_items=items if clerk and not published else [],
        missing=items_missing_papers(session, meeting) if clerk else [],
        new_items=new_items if clerk else [],
        new_papers=new_papers if clerk else [],
        history=history_of_agenda(session, meeting) if clerk else [],
        minutes_readable=minutes is not None and (minutes.is_published or clerk),
        minutes_published=minutes is not None and minutes.is_published,
        minutes_writable=meeting.start <= utcnow() and not meeting.is_cancelled,
        **extra,
    ), status


@pages.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int) -> tuple[str, int]:
    return _meeting_page(get_meeting(get_session(), meeting_id))


def _act_on_page(
    meeting_id: int, act: Callable[[Session, Person, Meeting], object], done: str
) -> BaseResponse | tuple[str, int]:
    """Do a form's action on the meeting and go back to its page; on a refusal, the page again
    with the reason and what was typed."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    try:
        act(session, current_person(), found)
        session.commit()
    except OperationError as error:
        session.rollback()
        return _meeting_page(found, status=error.status, error=error.message, values=request.form)
    flash(done)
    return redirect(url_for("agenda.meeting", meeting_id=meeting_id))


@pages.post("/meetings/<int:meeting_id>/publish")
@sign_in_required
def publish_page(meeting_id: int) -> BaseResponse | tuple[str, int]:
    def publish(session: Session, person: Person, meeting: Meeting) -> None:
        data = form_payload(PublishInput)
        publish_agenda(
            session,
            actor=person,
            meeting=meeting,
            to_follow=data.to_follow,
            late_reason=data.late_reason,
            base_url=current_app.config["BASE_URL"],
        )

    return _act_on_page(
        meeting_id, publish, "The agenda is published; the members are being sent it."
    )


@pages.post("/meetings/<int:meeting_id>/supplement")
@sign_in_required
def supplement_page(meeting_id: int) -> BaseResponse | tuple[str, int]:
    def supplement(session: Session, person: Person, meeting: Meeting) -> None:
        publish_supplement(
            session,
            actor=person,
            meeting=meeting,
            reason=form_payload(SupplementInput).reason,
            base_url=current_app.config["BASE_URL"],
        )

    return _act_on_page(
        meeting_id, supplement, "The supplement is published; the members are being sent it."
    )


def _pack_response(meeting: Meeting, *, private: bool) -> Response:
    pack = pack_for(meeting, private=private)
    committee = _committee(meeting)
    day = to_london(meeting.start).date().isoformat()
    response = send_file(
        io.BytesIO(pack.content),
        mimetype="application/pdf",
        download_name=f"{committee.slug}-{day}-agenda{'-private' if private else ''}.pdf",
        etag=False,
        max_age=0,
    )
    response.headers["Content-Disposition"] = response.headers["Content-Disposition"].replace(
        "attachment", "inline"
    )
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@pages.get("/meetings/<int:meeting_id>/agenda.pdf")
def public_pack(meeting_id: int) -> Response:
    """The published agenda and its public papers, numbered throughout."""
    found = get_meeting(get_session(), meeting_id)
    if not agenda_for(get_session(), found).is_published:
        abort(404, description="This meeting's agenda has not been published yet.")
    return _pack_response(found, private=False)


@pages.get("/meetings/<int:meeting_id>/agenda-private.pdf")
def private_pack(meeting_id: int) -> Response:
    """The members' pack: the private papers too. Anyone else is told there is none."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    if not (
        agenda_for(session, found).is_published
        and may_see_private_business(session, signed_in_person(), found)
    ):
        abort(404, description="There is no members' pack of yours for this meeting.")
    return _pack_response(found, private=True)


# The API: /api/meetings/<id>/agenda, /publish, /supplement


def _agenda_public(meeting: Meeting, viewer: Actor | None) -> AgendaPublic:
    session = get_session()
    agenda = agenda_for(session, meeting)
    clerk = governs(session, viewer, meeting.committee_id)
    member = may_see_private_business(session, viewer, meeting)
    items = None
    if agenda.is_published or clerk:
        shown = [i for i in agenda_of(session, meeting) if clerk or i.published_in is not None]
        ranges = stored_ranges(pack_for(meeting, private=member)) if agenda.is_published else {}
        base = current_app.config["BASE_URL"]
        papers = cleared_papers(session, shown)
        items = [
            AgendaItemPublic(
                id=item.id,  # type: ignore[arg-type]
                number=item.number,
                title=item.title,
                private=item.is_private,
                exempt_paragraph=item.exempt_paragraph,
                to_follow=item.to_follow,
                supplementary=bool(item.published_in),
                papers=[
                    AgendaPaperPublic(
                        kind=paper.paper.kind,
                        title=paper.version.title or paper.paper.kind.replace("_", " "),
                        url=f"{base}/papers/{paper.version.id}",
                        pages=list(ranges[paper.version.id])
                        if paper.version.id in ranges
                        else None,  # type: ignore[index]
                    )
                    for paper in papers.get(item.id, [])  # type: ignore[arg-type]
                    if clerk
                    or (item.paper_published_in is not None and (member or not item.is_private))
                ],
            )
            for item in shown
        ]
    return AgendaPublic(
        meeting_id=meeting.id,  # type: ignore[arg-type]
        state=agenda.state,
        status=status_label(agenda, meeting),
        publication_day=publication_day(session, meeting),
        published_at=agenda.published_at,
        supplements=agenda.supplements,
        items=items,
        pack=f"{current_app.config['BASE_URL']}/meetings/{meeting.id}/agenda.pdf"
        if agenda.is_published
        else None,
    )


@api.get("/meetings/<int:meeting_id>/agenda")
@spec.validate(resp=Responses(HTTP_200=AgendaPublic, **ERRORS), tags=["agenda"])
def agenda_json(meeting_id: int) -> AgendaPublic:
    """A meeting's agenda: its state, and its items and papers once published."""
    return _agenda_public(get_meeting(get_session(), meeting_id), api_person())


def _publishes(actor: Actor, *, meeting_id: int, **_path: object) -> None:
    governed_meeting(get_session(), actor, meeting_id, PUBLISH_AGENDAS)


@api.post("/meetings/<int:meeting_id>/publish")
@writes(_publishes)
@spec.validate(
    json=PublishInput,
    resp=Responses(HTTP_200=AgendaPublic, HTTP_409=AgendaRefusalBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["agenda"],
    security=WRITE,
)
def publish(meeting_id: int, json: PublishInput) -> AgendaPublic:
    """Publish the agenda (governance officers): from its publication day, or earlier when every
    paper is cleared. Items without cleared papers are refused (409, naming them) unless in
    to_follow; after the publication day, late_reason says why. The members are sent it."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    person = current_api_person()
    publish_agenda(
        session,
        actor=person,
        meeting=found,
        to_follow=json.to_follow,
        late_reason=json.late_reason,
        base_url=current_app.config["BASE_URL"],
    )
    session.commit()
    return _agenda_public(found, person)


@api.post("/meetings/<int:meeting_id>/supplement")
@writes(_publishes)
@spec.validate(
    json=SupplementInput,
    resp=Responses(HTTP_200=AgendaPublic, HTTP_409=AgendaRefusalBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["agenda"],
    security=WRITE,
)
def supplement(meeting_id: int, json: SupplementInput) -> AgendaPublic:
    """Publish what was added since the agenda (governance officers), with why it is late."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    person = current_api_person()
    publish_supplement(
        session,
        actor=person,
        meeting=found,
        reason=json.reason,
        base_url=current_app.config["BASE_URL"],
    )
    session.commit()
    return _agenda_public(found, person)


@api.errorhandler(AgendaRefused)
def _agenda_refused(error: AgendaRefused) -> Response:
    body = AgendaRefusalBody(
        error=error.message,
        state=error.state,
        allowed_events=error.allowed_events,
        missing_papers=[
            MissingPaperPublic(
                item_id=missing.item.id,  # type: ignore[arg-type]
                number=missing.item.number,
                title=missing.item.title,
                lead_officers=missing.leads,
            )
            for missing in error.missing
        ],
    )
    response = jsonify(json.loads(body.model_dump_json()))
    response.status_code = 409
    return response
