"""A meeting's page (its agenda), publishing it and its supplements, its editions' packs, and
the papers they publish.

Before publication the public sees when the agenda will be out, and nothing
of its items; its governance officers see the draft and publish it. After,
everyone sees the latest edition's frontsheet and the earlier editions, and
downloads its public papers; who reads private papers is committee.
visibility's rule. A pack still being built is said to be so: a request never
builds one, nor waits for one.
"""

import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from spectree import Response as Responses
from sqlmodel import Session
from werkzeug.exceptions import Gone, NotFound, ServiceUnavailable
from werkzeug.wrappers import Response as BaseResponse

from committee.agenda.editions import authors_of
from committee.agenda.frontsheet import Frontsheet, SheetItem, SheetView, read_frontsheet
from committee.agenda.models import (
    EDITION_KIND_LABELS,
    AgendaEdition,
    EditionKind,
    EditionPack,
    PackAudience,
    PackState,
)
from committee.agenda.operations import (
    PUBLISH_AGENDAS,
    AgendaRefused,
    publish_agenda,
    publish_supplement,
    queued_for_supplement,
)
from committee.agenda.pack import MOST_ATTEMPTS, paper_address, stored_left_out, stored_ranges
from committee.agenda.queries import (
    agenda_for,
    changes_in_words,
    cleared_papers,
    edition_numbered,
    editions_of,
    history_of_agenda,
    items_missing_papers,
    meetings_publishing,
    pack_content,
    packs_of,
    publication_day,
    status_label,
)
from committee.agenda.schemas import (
    AgendaItemPublic,
    AgendaPaperPublic,
    AgendaPublic,
    AgendaRefusalBody,
    EditionPublic,
    MissingPaperPublic,
    PackPublic,
    PublishInput,
    QueuedItemPublic,
    SupplementInput,
)
from committee.api import ERRORS, WRITE, ErrorBody, api_blueprint, spec, writes
from committee.db import get_session
from committee.formatting import meeting_when
from committee.meetings.models import Meeting
from committee.meetings.queries import (
    agenda_of,
    committee_of,
    get_meeting,
    governed_meeting,
    meeting_deadlines,
)
from committee.minutes.queries import minutes_of
from committee.papers.models import (
    PAPER_KIND_LABELS,
    Paper,
    PaperFile,
    PaperKind,
    PaperRendition,
    PaperVersion,
    RenditionState,
)
from committee.people.actors import Actor
from committee.people.auth import current_api_person, current_person, sign_in_required
from committee.people.models import Person
from committee.timeutil import to_london, today_in_london, utcnow
from committee.visibility.queries import Business, Reader
from committee.visibility.views import api_reader, page_reader
from committee.web import confirm_first, form_payload, page_action
from committee.work_programme.models import WorkProgrammeEntry
from workflows.agenda import CHANGE_WORDS as AGENDA_CHANGE_WORDS

pages = Blueprint("agenda", __name__, template_folder="templates")
api = api_blueprint("agenda_api", __name__)


def _audience(reader: Reader, meeting: Meeting) -> PackAudience:
    """Which pack the reader reads: the members' pack if they may read all private business."""
    if reader.may_read_meeting(meeting.committee_id, meeting.id):
        return PackAudience.MEMBERS
    return PackAudience.PUBLIC


def _item_business(sheet: Frontsheet, item: SheetItem) -> Business:
    return Business(
        sheet.committee_id,
        exempt_paragraph=item.exempt_paragraph,
        meeting_id=sheet.meeting_id,
        entry_id=item.entry_id,
    )


def _sheet_view(
    sheet: Frontsheet, reader: Reader, pack: EditionPack | None, base: str = ""
) -> SheetView:
    """The frontsheet as this reader sees it: the papers they may read, where their pack has them."""
    ready = pack if pack is not None and pack.state == PackState.READY else None
    return SheetView(
        sheet=sheet,
        shows_papers_of=lambda item: reader.may_read(_item_business(sheet, item)),
        link=lambda paper: paper_address(paper, base),
        pages=stored_ranges(ready) if ready else {},
        left_out=stored_left_out(ready) if ready else {},
    )


@dataclass(frozen=True)
class EditionShown:
    """An edition as a reader may see it listed, with the pack they would download."""

    edition: AgendaEdition
    pack: EditionPack | None
    readable: bool  # False: withdrawn from this reader (the public), listed without its pack

    @property
    def label(self) -> str:
        return EDITION_KIND_LABELS[EditionKind(self.edition.kind)]


def _editions_shown(session: Session, meeting: Meeting, reader: Reader) -> list[EditionShown]:
    editions = editions_of(session, meeting.id)
    packs = packs_of(session, [edition.id for edition in editions])
    audience = _audience(reader, meeting)
    return [
        EditionShown(
            edition,
            packs.get((edition.id, audience.value)),
            readable=not edition.is_withdrawn or audience == PackAudience.MEMBERS,
        )
        for edition in editions
    ]


def _meeting_page(meeting: Meeting, *, status: int = 200, **extra: object) -> tuple[str, int]:
    session = get_session()
    reader = page_reader()
    agenda = agenda_for(session, meeting)
    clerk = reader.governs(meeting.committee_id)
    shown = _editions_shown(session, meeting, reader)
    latest = shown[-1] if shown else None
    sheet = read_frontsheet(latest.edition.frontsheet) if latest else None
    minutes = minutes_of(session, meeting)
    return render_template(
        "agenda/meeting.html",
        meeting=meeting,
        committee=committee_of(session, meeting),
        agenda=agenda,
        status_label=status_label(agenda, meeting),
        deadlines=meeting_deadlines(session, meeting),
        publication=publication_day(session, meeting),
        late=today_in_london() > publication_day(session, meeting),
        clerk=clerk,
        member=_audience(reader, meeting) == PackAudience.MEMBERS,
        latest=latest,
        earlier=shown[:-1],
        most_attempts=MOST_ATTEMPTS,
        view=_sheet_view(
            sheet,
            reader,
            latest.pack if latest else None,
        )
        if sheet
        else None,
        alterations=changes_in_words(session, meeting.id, all_if_unpublished=True),
        draft_items=agenda_of(session, meeting) if clerk and not agenda.is_published else [],
        missing=items_missing_papers(session, meeting) if clerk else [],
        queued=queued_for_supplement(session, meeting) if clerk and agenda.is_published else [],
        history=history_of_agenda(session, meeting) if clerk else [],
        change_words=AGENDA_CHANGE_WORDS,
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
) -> ResponseReturnValue:
    """Do a form's action on the meeting and go back to its page; on a refusal, the page again
    with the reason and what was typed."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    return page_action(
        lambda: act(session, current_person(), found),
        done=done,
        then=url_for("agenda.meeting", meeting_id=meeting_id),
        again=lambda error: _meeting_page(
            found, status=error.status, error=error.in_words, values=request.form
        ),
    )


@pages.post("/meetings/<int:meeting_id>/publish")
@sign_in_required
def publish_page(meeting_id: int) -> ResponseReturnValue:
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

    session = get_session()
    found = governed_meeting(session, current_person(), meeting_id, PUBLISH_AGENDAS)
    to_follow = request.form.getlist("to_follow")
    asked = confirm_first(
        title=f"Publish the agenda of {meeting_when(found.start)}",
        consequences=[
            "It goes out to the public now, and by email to the committee's members and "
            "substitutes.",
            "What goes out is kept as it went out, and its items' numbers never move: anything "
            "added later goes out as a supplement, with the reason it is late.",
            *(
                [f"{len(to_follow)} item(s) go out with their papers to follow."]
                if to_follow
                else []
            ),
        ],
        button="Publish the agenda",
        back=url_for("agenda.meeting", meeting_id=meeting_id),
    )
    if asked is not None:
        return asked
    return _act_on_page(
        meeting_id,
        publish,
        "The agenda is published; the members are being sent it, and its pack is being prepared.",
    )


@pages.post("/meetings/<int:meeting_id>/supplement")
@sign_in_required
def supplement_page(meeting_id: int) -> ResponseReturnValue:
    def supplement(session: Session, person: Person, meeting: Meeting) -> None:
        publish_supplement(
            session,
            actor=person,
            meeting=meeting,
            reason=request.form.get("reason", ""),
            base_url=current_app.config["BASE_URL"],
        )

    return _act_on_page(
        meeting_id,
        supplement,
        "The supplement is published; the members are being sent it, and its pack is being "
        "prepared.",
    )


# The packs: the latest edition's, and each earlier edition's.


def _pack_response(
    session: Session, meeting: Meeting, edition: AgendaEdition, audience: PackAudience
) -> Response:
    pack = packs_of(session, [edition.id]).get((edition.id, audience.value))
    if pack is None or pack.state != PackState.READY:
        raise ServiceUnavailable(description=_not_ready(pack), retry_after=5)
    committee = committee_of(session, meeting)
    day = to_london(meeting.start).date().isoformat()
    suffix = "" if edition.number == 0 else f"-edition-{edition.number}"
    members = "-members" if audience == PackAudience.MEMBERS else ""
    response = send_file(
        io.BytesIO(pack_content(session, pack)),
        mimetype="application/pdf",
        download_name=f"{committee.slug}-{day}-agenda{suffix}{members}.pdf",
        etag=pack.sha256,
        max_age=0,
    )
    response.headers["Content-Disposition"] = response.headers["Content-Disposition"].replace(
        "attachment", "inline"
    )
    if audience == PackAudience.MEMBERS:
        response.headers["Cache-Control"] = "private, no-store"
    response.make_conditional(request)  # 304 to If-None-Match the pack's digest
    return response


def _not_ready(pack: EditionPack | None) -> str:
    """Why a pack cannot be sent yet, in words."""
    if pack is None or pack.state != PackState.FAILED:
        return "The pack is being prepared: try again in a few seconds."
    if pack.attempts < MOST_ATTEMPTS:
        return "The pack could not be built; it is being built again: try again in a minute."
    return "The pack could not be built; Governance Services have been told."


def _latest_edition(session: Session, meeting: Meeting) -> AgendaEdition:
    editions = editions_of(session, meeting.id)
    if not editions:
        abort(404, description="This meeting's agenda has not been published yet.")
    return editions[-1]


def _members_only(meeting: Meeting) -> None:
    if _audience(page_reader(), meeting) != PackAudience.MEMBERS:
        abort(404, description="There is no members' pack of yours for this meeting.")


@pages.get("/meetings/<int:meeting_id>/agenda.pdf")
def public_pack(meeting_id: int) -> Response:
    """The latest edition of the agenda and its public papers, numbered throughout."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    return _pack_response(session, found, _latest_edition(session, found), PackAudience.PUBLIC)


@pages.get("/meetings/<int:meeting_id>/agenda-private.pdf")
def private_pack(meeting_id: int) -> Response:
    """The members' pack: the private papers too. Anyone else is told there is none."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    _members_only(found)
    return _pack_response(session, found, _latest_edition(session, found), PackAudience.MEMBERS)


@pages.get("/meetings/<int:meeting_id>/editions/<int:number>/agenda.pdf")
def edition_pack(meeting_id: int, number: int) -> Response:
    """An edition's public pack, as it went out; a withdrawn one only to members and clerks."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    edition = edition_numbered(session, found, number)
    if edition.is_withdrawn and _audience(page_reader(), found) != PackAudience.MEMBERS:
        raise Gone(
            description=f"This edition was withdrawn: {edition.withdrawn_reason} Read the "
            "latest edition instead."
        )
    return _pack_response(session, found, edition, PackAudience.PUBLIC)


@pages.get("/meetings/<int:meeting_id>/editions/<int:number>/agenda-private.pdf")
def edition_members_pack(meeting_id: int, number: int) -> Response:
    session = get_session()
    found = get_meeting(session, meeting_id)
    _members_only(found)
    return _pack_response(
        session, found, edition_numbered(session, found, number), PackAudience.MEMBERS
    )


# The papers themselves.


def _paper(version_id: int) -> tuple[PaperVersion, WorkProgrammeEntry, bool]:
    """The version, its entry, and whether the reader works on it (its clerks and leads);
    404 unless they work on it or it was published where they may read it."""
    session = get_session()
    reader = page_reader()
    version = session.get(PaperVersion, version_id)
    paper = session.get(Paper, version.paper_id) if version else None
    entry = session.get(WorkProgrammeEntry, paper.entry_id) if paper else None
    if version is None or entry is None:
        raise _no_paper(reader)
    working = reader.governs(entry.committee_id) or entry.id in reader.leads
    if not working and not any(
        reader.may_read(
            Business(
                entry.committee_id,
                exempt_paragraph=entry.exempt_paragraph,
                meeting_id=meeting_id,
                entry_id=entry.id,
            )
        )
        for meeting_id in meetings_publishing(session, version_id)
    ):
        raise _no_paper(reader)
    return version, entry, working


def _no_paper(reader: Reader) -> NotFound:
    hint = " If it is one of yours, sign in first." if reader.is_public else ""
    return NotFound(description=f"There is no paper with that number that you may read.{hint}")


@pages.get("/papers/<int:version_id>")
def download_paper(version_id: int) -> BaseResponse:
    """Send a paper as members and the public read it: the PDF this service made of it.

    Published public papers go to anyone; private ones to whoever may read that
    business; any version to those working on it. Anyone else is told there is
    no such paper (404), whether or not there is one.
    """
    session = get_session()
    version, entry, working = _paper(version_id)
    if version.url:
        return redirect(version.url)
    rendition = session.get(PaperRendition, version.id)
    if rendition is None or rendition.state == RenditionState.PENDING:
        raise ServiceUnavailable(
            description="This paper is being converted for reading: try again in a few seconds.",
            retry_after=5,
        )
    if rendition.state != RenditionState.READY or rendition.pdf is None:
        original = " Its sender's original is on the entry's page." if working else ""
        abort(404, description=f"This paper could not be converted: {rendition.problem}.{original}")
    name = (version.filename or "paper").rsplit(".", 1)[0] + ".pdf"
    return _send(rendition.pdf, "application/pdf", name, public=not entry.is_private)


@pages.get("/papers/<int:version_id>/original")
def download_original(version_id: int) -> BaseResponse:
    """Send the file as it was sent in (a Word document, say): to those working on it only."""
    session = get_session()
    version, _, working = _paper(version_id)
    stored = session.get(PaperFile, version.id) if working else None
    if stored is None:
        raise _no_paper(page_reader())
    return _send(
        stored.content,
        version.content_type or "application/octet-stream",
        version.filename or "paper",
        public=False,
    )


def _send(content: bytes, mimetype: str, name: str, *, public: bool) -> BaseResponse:
    # send_file writes the name as RFC 6266 asks: an ASCII fallback and filename*=UTF-8''...
    response = send_file(
        io.BytesIO(content),
        mimetype=mimetype,
        as_attachment=True,
        download_name=name,
        etag=False,
        max_age=0,
    )
    if not public:
        response.headers["Cache-Control"] = "private, no-store"
    return response


# The API: /api/meetings/<id>/agenda, /publish, /supplement


def _pack_public(meeting: Meeting, edition: AgendaEdition, pack: EditionPack | None) -> PackPublic:
    base = current_app.config["BASE_URL"]
    members = pack is not None and pack.audience == PackAudience.MEMBERS
    name = "agenda-private.pdf" if members else "agenda.pdf"
    return PackPublic(
        url=f"{base}/meetings/{meeting.id}/editions/{edition.number}/{name}",
        state=pack.state if pack else PackState.PENDING.value,
        pages=pack.pages if pack and pack.state == PackState.READY else None,
        sha256=pack.sha256 if pack and pack.state == PackState.READY else None,
    )


def _items_public(
    sheet: Frontsheet, reader: Reader, pack: EditionPack | None
) -> list[AgendaItemPublic]:
    base = current_app.config["BASE_URL"]
    view = _sheet_view(sheet, reader, pack, base)
    return [
        AgendaItemPublic(
            id=item.item_id,
            number=item.number,
            title=item.title,
            description=item.description,
            authors=item.authors,
            private=item.is_private,
            exempt_paragraph=item.exempt_paragraph,
            to_follow=item.to_follow,
            supplementary=item.is_late,
            late_reason=item.late_reason,
            papers=[
                AgendaPaperPublic(
                    kind=paper.label,
                    title=paper.title or paper.label,
                    url=view.link(paper),
                    pages=list(view.pages[paper.key]) if paper.key in view.pages else None,
                )
                for paper in view.papers_of(item)
            ],
        )
        for item in sheet.items
    ]


def _draft_items_public(session: Session, meeting: Meeting) -> list[AgendaItemPublic]:
    """The draft agenda, for its governance officers: every item, with the papers cleared so far."""
    base = current_app.config["BASE_URL"]
    items = agenda_of(session, meeting)
    papers = cleared_papers(session, items)
    return [
        AgendaItemPublic(
            id=item.id,
            number=item.number,
            title=item.title,
            description=item.description,
            authors=authors_of(item.paper_title),
            private=item.is_private,
            exempt_paragraph=item.exempt_paragraph,
            to_follow=item.to_follow,
            supplementary=False,
            late_reason="",
            papers=[
                AgendaPaperPublic(
                    kind=PAPER_KIND_LABELS.get(PaperKind(paper.paper.kind), paper.paper.kind),
                    title=paper.version.title or paper.paper.kind.replace("_", " "),
                    url=f"{base}/papers/{paper.version.id}",
                    pages=None,
                )
                for paper in papers.get(item.id, [])
            ],
        )
        for item in items
    ]


def _agenda_public(meeting: Meeting, reader: Reader) -> AgendaPublic:
    session = get_session()
    agenda = agenda_for(session, meeting)
    clerk = reader.governs(meeting.committee_id)
    shown = _editions_shown(session, meeting, reader)
    members = _audience(reader, meeting) == PackAudience.MEMBERS
    packs = packs_of(session, [s.edition.id for s in shown])
    latest = shown[-1] if shown else None
    sheet = read_frontsheet(latest.edition.frontsheet) if latest else None
    base = current_app.config["BASE_URL"]
    return AgendaPublic(
        meeting_id=meeting.id,
        state=agenda.state,
        status=status_label(agenda, meeting),
        publication_day=publication_day(session, meeting),
        published_at=agenda.published_at,
        supplements=agenda.supplements,
        items=_items_public(sheet, reader, latest.pack)
        if sheet and latest
        else _draft_items_public(session, meeting)
        if clerk
        else None,
        matters_arising=[line.text for line in sheet.matters_arising] if sheet else None,
        pack=f"{base}/meetings/{meeting.id}/agenda.pdf" if latest else None,
        editions=[
            EditionPublic(
                number=s.edition.number,
                kind=s.edition.kind,
                reason=s.edition.reason,
                published_at=s.edition.published_at,
                withdrawn=s.edition.is_withdrawn,
                withdrawn_reason=s.edition.withdrawn_reason,
                pack=_pack_public(
                    meeting,
                    s.edition,
                    packs.get((s.edition.id, PackAudience.PUBLIC.value)),
                )
                if s.readable
                else None,
                members_pack=_pack_public(
                    meeting,
                    s.edition,
                    packs.get((s.edition.id, PackAudience.MEMBERS.value)),
                )
                if members
                else None,
            )
            for s in shown
        ],
        queued=[
            QueuedItemPublic(id=item.id, number=item.number, title=item.title, why=why)
            for item, why in queued_for_supplement(session, meeting)
        ]
        if clerk and agenda.is_published
        else None,
    )


@api.get("/meetings/<int:meeting_id>/agenda")
@spec.validate(resp=Responses(HTTP_200=AgendaPublic, **ERRORS), tags=["agenda"])
def agenda_json(meeting_id: int) -> AgendaPublic:
    """A meeting's agenda: its state, and once published its latest edition's items and papers
    and every edition; for its governance officers, what waits for the next supplement."""
    return _agenda_public(get_meeting(get_session(), meeting_id), api_reader())


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
    to_follow; after the publication day, late_reason says why. The members are sent it; its
    packs are built after the answer."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    publish_agenda(
        session,
        actor=current_api_person(),
        meeting=found,
        to_follow=json.to_follow,
        late_reason=json.late_reason,
        base_url=current_app.config["BASE_URL"],
    )
    session.commit()
    return _agenda_public(found, api_reader())


@api.post("/meetings/<int:meeting_id>/supplement")
@writes(_publishes)
@spec.validate(
    json=SupplementInput,
    resp=Responses(HTTP_200=AgendaPublic, HTTP_409=AgendaRefusalBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["agenda"],
    security=WRITE,
)
def supplement(meeting_id: int, json: SupplementInput) -> AgendaPublic:
    """Publish what was added since the agenda (governance officers), with why it could not
    wait: `reason`, and optionally each new item's own in `item_reasons`."""
    session = get_session()
    found = get_meeting(session, meeting_id)
    publish_supplement(
        session,
        actor=current_api_person(),
        meeting=found,
        reason=json.reason,
        item_reasons=json.item_reasons,
        base_url=current_app.config["BASE_URL"],
    )
    session.commit()
    return _agenda_public(found, api_reader())


@api.errorhandler(AgendaRefused)
def _agenda_refused(error: AgendaRefused) -> Response:
    body = AgendaRefusalBody(
        error=error.message,
        state=error.state,
        allowed_events=error.allowed_events,
        missing_papers=[
            MissingPaperPublic(
                item_id=missing.item.id,
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
