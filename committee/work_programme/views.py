"""Pages for work programmes and entries, with the actions each person may take.

The buttons come from the lifecycle definition: for each event the signed-in
person may fire now, a form with the fields that event takes.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from spectree import Response as Responses
from sqlmodel import Session
from werkzeug.datastructures import FileStorage, MultiDict

from committee.agenda.queries import scheduling_warnings
from committee.api import (
    ERRORS,
    WRITE,
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
from committee.decisions.queries import call_in_of_entry, notice_scrutinised_by
from committee.errors import InvalidInput, OperationError, parse_payload
from committee.meetings.models import Meeting
from committee.meetings.queries import coming_meetings, meeting_deadlines
from committee.meetings.schemas import MeetingRef
from committee.minutes.queries import follow_up_origin
from committee.papers.models import (
    PAPER_STATUS_WORDS,
    PaperKind,
    kinds_from,
    kinds_in_words,
    paper_label,
)
from committee.papers.queries import papers_of
from committee.papers.schemas import PaperPublic, PaperVersionPublic, UploadedFile
from committee.people.actors import Actor
from committee.people.auth import (
    api_person,
    current_api_person,
    current_person,
    sign_in_required,
    signed_in_person,
)
from committee.people.permissions import governs, require_governance
from committee.people.schemas import PersonPublic
from committee.timeutil import municipal_year_label, municipal_year_of, today_in_london, utcnow
from committee.visibility.queries import of_entry
from committee.visibility.views import api_reader, page_reader
from committee.web import allow_inline_styles, form_payload, municipal_year_param, remember_refusal
from committee.work_programme.leads import people_named_in
from committee.work_programme.lifecycle import (
    ConcurrentChange,
    TransitionRefused,
    capacities,
    event_choices,
    fire_event,
    permitted_events,
    require_capacity,
)
from committee.work_programme.models import (
    EXEMPT_PARAGRAPH_LABELS,
    TIMING_NOTE_LABELS,
    TimingNote,
    WorkProgrammeEntry,
)
from committee.work_programme.operations import CHANGE_PROGRAMME, create_entry, update_entry
from committee.work_programme.queries import (
    EntryView,
    choose_lead_officers,
    entry_view,
    get_entry,
    history_of,
    known_people,
    lead_officer_options,
    lead_officers_of,
    papers_owed_by,
    public_story,
    work_programme,
)
from committee.work_programme.schemas import (
    EntryCreate,
    EntryDetail,
    EntryList,
    EntryPublic,
    EntryUpdate,
    EventForm,
    EventInput,
    History,
    HistoryRow,
    RefusalBody,
)
from workflows.entry import (
    EVENTS,
    STATE_LABELS,
    TRANSITIONS,
    Capacity,
    EntryState,
    mermaid_diagram,
    state_in_words,
)

pages = Blueprint("work_programme", __name__, template_folder="templates")
api = api_blueprint("work_programme_api", __name__)


@dataclass
class ProgrammeGroup:
    """Entries under one meeting, or under one "no date yet" heading."""

    key: int | str
    meeting: Meeting | None
    rows: list[tuple[EntryView, bool]]  # each with whether its private detail may be shown


def _undated_label(entry: WorkProgrammeEntry) -> str:
    if entry.timing_note is None:
        return "Date to be determined"
    return TIMING_NOTE_LABELS[TimingNote(entry.timing_note)]


@pages.get("/committees/<slug>/work-programme")
def work_programme_page(slug: str) -> str:
    session = get_session()
    committee = get_committee(session, slug)
    year = municipal_year_param()
    person = signed_in_person()
    groups: list[ProgrammeGroup] = []
    for view in work_programme(session, committee, year):
        key = view.meeting.id if view.meeting else _undated_label(view.entry)
        if not groups or groups[-1].key != key:
            groups.append(ProgrammeGroup(key, view.meeting, []))
        groups[-1].rows.append((view, page_reader().may_read(of_entry(view.entry))))
    return render_template(
        "work_programme/work_programme.html",
        committee=committee,
        year=year,
        year_label=municipal_year_label(year),
        groups=groups,
        may_change=governs(session, person, committee.id),
    )


def _entry_page(entry: WorkProgrammeEntry, **extra: Any) -> str:
    session = get_session()
    person = signed_in_person()
    view = entry_view(session, entry)
    involved = person is not None and bool(capacities(session, person, entry))
    deadlines = meeting_deadlines(session, view.meeting) if view.meeting else None
    return render_template(
        "work_programme/entry.html",
        entry=entry,
        view=view,
        committee=session.get(Committee, entry.committee_id),
        show_private=page_reader().may_read(of_entry(view.entry)),
        involved=involved,
        may_edit=person is not None and governs(session, person, entry.committee_id),
        papers=papers_of(session, entry.id) if involved else [],
        history=history_of(session, entry),
        story=public_story(
            session, entry, show_reasons=page_reader().may_read(of_entry(view.entry))
        ),
        choices=event_choices(session, person, entry),
        deadlines=deadlines,
        origin=follow_up_origin(session, entry.id),
        notice=notice_scrutinised_by(session, entry.id),
        called_in=call_in_of_entry(session, entry.id),
        paper_kinds=list(PaperKind),
        paper_statuses=PAPER_STATUS_WORDS,
        **extra,
    )


@pages.get("/entries/<int:entry_id>")
def entry_page(entry_id: int) -> str:
    return _entry_page(get_entry(get_session(), entry_id))


def _uploaded(upload: FileStorage | None) -> UploadedFile | None:
    if upload is None or not upload.filename:
        return None
    try:
        return UploadedFile(upload.filename, upload.mimetype or "", upload.read())
    finally:
        upload.close()  # a large upload is spooled to a temporary file: let it go now


@pages.post("/entries/<int:entry_id>/events/<event>")
@sign_in_required
def fire_page_event(entry_id: int, event: str) -> ResponseReturnValue:
    session = get_session()
    entry = get_entry(get_session(), entry_id)
    person = current_person()
    shown = request.form.get("version", "")
    if shown and shown != str(entry.version):
        message = (
            "This entry changed while you had the page open: it is now "
            f"{state_in_words(entry.state).lower()}. Check it as it is now, then try again."
        )
        return _entry_page(entry, error=message, failed_event=event, values=request.form), 409
    try:
        data = form_payload(
            EventInput, files={"paper_file": _uploaded(request.files.get("paper_file"))}
        )
        warnings = _warnings_before(event, data)
        if warnings:
            meeting = session.get(Meeting, data.meeting_id)
            confirm = {"event": EVENTS[event], "meeting": meeting, "warnings": warnings}
            return _entry_page(entry, confirm=confirm, values=request.form), 200
        fire_event(session, actor=person, entry_id=entry_id, event=event, data=data)
        done = _done_message(session, entry, event, data)
        session.commit()
    except OperationError as error:
        session.rollback()
        remember_refusal(error)
        entry = get_entry(get_session(), entry_id)
        status = error.status
        message = error.in_words
        if isinstance(error, TransitionRefused):
            message = f"{message} It is now {state_in_words(entry.state).lower()}."
        return _entry_page(entry, error=message, failed_event=event, values=request.form), status
    flash(done)
    return redirect(url_for("work_programme.entry_page", entry_id=entry_id))


def _done_message(session: Session, entry: WorkProgrammeEntry, event: str, data: EventInput) -> str:
    """What an action did, in words, for the banner: the papers' actions say who hears of it."""
    people = lead_officers_of(session, entry)
    leads = " and ".join(person.name for person in people)
    kind = data.paper_kind or (entry.needed_kinds[0] if entry.needed_kinds else None)
    paper = paper_label(kind).lower() if kind else "paper"
    if event == "open_briefing":
        asked = kinds_in_words(entry.needed_kinds)
        if not people:
            return (
                f"Asked for {asked}. The entry names no lead officer with an account: nobody is "
                "sent the request."
            )
        return f"Asked for {asked}: {leads} will have the request by email now."
    if event == "submit_paper":
        to = "you" if current_person() in people else leads or "the lead officers"
        return (
            f"Received: the {paper} for “{entry.title}”. A receipt is on its way to {to}, "
            "copied to the clerk, who clears it for the agenda."
        )
    if event == "clear_paper":
        told = f"{leads} {'is' if len(people) == 1 else 'are'} told." if people else ""
        return f"Cleared: the {paper} goes on the agenda. {told}".strip()
    return f"{EVENTS[event].label}: done. It is now {state_in_words(entry.state).lower()}."


def _warnings_before(event: str, data: EventInput) -> list[str]:
    """What scheduling onto the chosen meeting would set off, for the person to confirm first.

    None once they have confirmed that meeting (the form's `confirmed` names it,
    so choosing another meeting asks again).
    """
    if event not in ("schedule", "defer") or data.meeting_id is None:
        return []
    if request.form.get("confirmed") == str(data.meeting_id):
        return []
    meeting = get_session().get(Meeting, data.meeting_id)
    if meeting is None:
        return []  # the lifecycle refuses it, naming the field
    return scheduling_warnings(get_session(), meeting, utcnow())


#: The fields of an entry its form edits (the lead officers follow from the names in lead).
FORM_FIELDS = ("title", "detail", "lead", "source", "timing_note", "exempt_paragraph")


def _chosen_leads(session: Session) -> tuple[str, list[int] | None, list[str]]:
    """The lead officers the form chose from the people, with its "as written" text: the text
    to keep (the chosen names, if it was left blank), the lead officers (those chosen and those
    the text names; None if the form chose none) and what the clerk should confirm first."""
    typed = str(request.form.get("lead", "")).strip()
    if "lead_officer_name" not in request.form:
        return typed, None, []
    choice = choose_lead_officers(session, request.form.getlist("lead_officer_name"))
    lead_text = typed or ", ".join(choice.names)
    # The text's names add lead officers, but never a namesake of one chosen from the list.
    chosen = {" ".join(name.split()).casefold() for name in choice.names}
    others = [p for p in known_people(session) if " ".join(p.name.split()).casefold() not in chosen]
    ids = list(dict.fromkeys(choice.ids + people_named_in(lead_text, others)))
    confirmed = request.form.get("leads_confirmed") == _leads_signature()
    return lead_text, ids, [] if confirmed else choice.problems


def _leads_signature() -> str:
    """What the clerk confirmed: the names as typed, so a name changed since is asked again."""
    names = [" ".join(n.split()) for n in request.form.getlist("lead_officer_name") if n.strip()]
    return "|".join(names)


def _entry_form(
    committee: Committee,
    *,
    entry: WorkProgrammeEntry | None = None,
    status: int = 200,
    values: Mapping[str, str] | None = None,
    **extra: Any,
) -> tuple[str, int]:
    if values is None:
        values = {} if entry is None else _form_values(entry)
    return render_template(
        "work_programme/entry_form.html",
        committee=committee,
        entry=entry,
        values=values,
        meetings=coming_meetings(get_session(), committee.id) if entry is None else [],
        people=lead_officer_options(get_session()),
        chosen=_chosen_names(values, entry),
        kinds=list(PaperKind),
        needed=_needed_kinds(values, committee),
        timing_notes=TIMING_NOTE_LABELS,
        paragraphs=EXEMPT_PARAGRAPH_LABELS,
        **extra,
    ), status


def _chosen_names(values: Mapping[str, str], entry: WorkProgrammeEntry | None) -> list[str]:
    """The lead officers' boxes: as typed, else the entry's, and one empty box to add one."""
    if isinstance(values, MultiDict) and "lead_officer_name" in values:
        names = [name for name in values.getlist("lead_officer_name") if name.strip()]
    elif entry is not None:
        names = [person.name for person in lead_officers_of(get_session(), entry)]
    else:
        names = []
    return names + [""] * max(1, 2 - len(names))


def _needed_kinds(values: Mapping[str, str], committee: Committee) -> list[str]:
    """The papers-needed boxes ticked: as sent, else the committee's usual."""
    if isinstance(values, MultiDict) and "papers_needed" in values:
        return [kind for kind in values.getlist("papers_needed") if kind]
    return list(kinds_from(committee.papers_needed))


def _form_values(entry: WorkProgrammeEntry) -> dict[str, str]:
    return {
        "title": entry.title,
        "detail": entry.detail,
        "lead": entry.lead_text,
        "source": entry.source,
        "timing_note": entry.timing_note or "",
        "exempt_paragraph": str(entry.exempt_paragraph or ""),
        "version": str(entry.version),
    }


@pages.get("/committees/<slug>/work-programme/new")
@sign_in_required
def new_entry_page(slug: str) -> tuple[str, int]:
    """The form for a new work programme entry (the committee's governance officers)."""
    session = get_session()
    found = governed_committee(session, current_person(), slug, CHANGE_PROGRAMME)
    return _entry_form(found)


@pages.post("/committees/<slug>/work-programme/new")
@sign_in_required
def create_entry_page(slug: str) -> ResponseReturnValue:
    """Add the entry; scheduling it onto a meeting that warns asks first."""
    session = get_session()
    person = current_person()
    found = governed_committee(session, person, slug, CHANGE_PROGRAMME)
    try:
        data = form_payload(EntryCreate)
        lead_text, lead_ids, lead_warnings = _chosen_leads(session)
        if lead_warnings:
            return _entry_form(
                found,
                values=request.form,
                lead_warnings=lead_warnings,
                leads_signature=_leads_signature(),
            )
        warnings = _warnings_before("schedule", EventInput(meeting_id=data.meeting_id))
        if warnings:
            meeting = session.get(Meeting, data.meeting_id)
            confirm = {"meeting": meeting, "warnings": warnings}
            return _entry_form(
                found, values=request.form, confirm=confirm, leads_signature=_leads_signature()
            )
        fields = data.model_dump(exclude={"lead_officer_ids", "lead"})
        created = create_entry(
            session,
            actor=person,
            committee=found,
            lead=lead_text,
            lead_officer_ids=lead_ids,
            **fields,
        )
        session.commit()
    except OperationError as error:
        session.rollback()
        remember_refusal(error)
        return _entry_form(found, status=error.status, error=error.in_words, values=request.form)
    flash(f"“{created.title}” is on the work programme: {state_in_words(created.state).lower()}.")
    return redirect(url_for("work_programme.entry_page", entry_id=created.id))


@pages.get("/entries/<int:entry_id>/edit")
@sign_in_required
def edit_entry_page(entry_id: int) -> tuple[str, int]:
    """The form for an entry's fields (its state moves only by the actions on its page)."""
    session = get_session()
    found = get_entry(session, entry_id)
    committee = session.get(Committee, found.committee_id)
    assert committee is not None
    require_governance(session, current_person(), committee, CHANGE_PROGRAMME)
    return _entry_form(committee, entry=found)


@pages.post("/entries/<int:entry_id>/edit")
@sign_in_required
def change_entry_page(entry_id: int) -> ResponseReturnValue:
    """Save the entry's fields; a field emptied is cleared (an emptied paragraph makes it public)."""
    session = get_session()
    found = get_entry(session, entry_id)
    committee = session.get(Committee, found.committee_id)
    assert committee is not None
    person = current_person()
    require_governance(session, person, committee, CHANGE_PROGRAMME)
    if request.form.get("version", "") != str(found.version):
        message = (
            "Someone else changed this entry while you had the form open. Your changes are "
            "below, not saved: check the entry as it is now, then save again."
        )
        return _entry_form(committee, entry=found, status=409, error=message, values=request.form)
    sent: dict[str, str | None] = {
        name: request.form[name] for name in FORM_FIELDS if name in request.form
    }
    for name in ("timing_note", "exempt_paragraph"):
        if name in sent and not (sent[name] or "").strip():
            sent[name] = None  # an empty choice: none
    try:
        lead_text, lead_ids, lead_warnings = _chosen_leads(session)
        if lead_warnings:
            return _entry_form(
                committee,
                entry=found,
                values=request.form,
                lead_warnings=lead_warnings,
                leads_signature=_leads_signature(),
            )
        if lead_ids is not None:
            sent["lead"] = lead_text
            sent["lead_officer_ids"] = lead_ids  # type: ignore[assignment]
        data = parse_payload(EntryUpdate, sent)
        changed = update_entry(
            session, actor=person, entry=found, changes=data.model_dump(exclude_unset=True)
        )
        session.commit()
    except OperationError as error:
        session.rollback()
        remember_refusal(error)
        return _entry_form(
            committee, entry=found, status=error.status, error=error.in_words, values=request.form
        )
    flash("Saved." if changed else "Nothing had changed.")
    return redirect(url_for("work_programme.entry_page", entry_id=entry_id))


@pages.get("/my/papers")
@sign_in_required
def my_papers() -> str:
    """What the signed-in person owes: each paper, for which meeting, by when."""
    person = current_person()
    return render_template(
        "work_programme/my_papers.html",
        owed=papers_owed_by(get_session(), person, utcnow()),
        status_words=PAPER_STATUS_WORDS,
    )


_CAPACITY_WORDS = {
    Capacity.GOVERNANCE: "the committee's governance officers",
    Capacity.LEAD_OFFICER: "the entry's lead officers",
    Capacity.SYSTEM: "the scheduler",
}
_FIELD_WORDS = {
    "meeting_id": "a meeting",
    "paper_kind": "which paper (and the paper)",
    "papers_needed": "the papers needed",
    "reason": "a reason",
    "resolution": "the resolution",
}


@pages.get("/lifecycle")
def lifecycle() -> ResponseReturnValue:
    rows = []
    for name, event_spec in EVENTS.items():
        sources = sorted(
            {
                source
                for row in TRANSITIONS
                if row["trigger"] == name
                for source in _listify(row["source"])
            },
            key=[state.value for state in EntryState].index,
        )
        rows.append(
            (
                event_spec,
                [STATE_LABELS[EntryState(source)] for source in sources],
                sorted(_CAPACITY_WORDS[capacity] for capacity in event_spec.capacities),
                [_FIELD_WORDS[field] for field in event_spec.required],
            )
        )
    allow_inline_styles()  # Mermaid styles the diagram it draws with inline styles.
    return render_template("work_programme/lifecycle.html", diagram=mermaid_diagram(), rows=rows)


def _listify(value: Any) -> list[str]:
    return list(value) if isinstance(value, list | tuple) else [value]


# The API: /api/committees/<slug>/work-programme, /api/entries/...


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
        else None,
        "timing_note": entry.timing_note,
        "private": entry.is_private,
        "exempt_paragraph": entry.exempt_paragraph,
        "papers_needed": entry.needed_kinds,
    }


def _present_entry(view: EntryView, committee_slug: str) -> EntryPublic:
    show = api_reader().may_read(of_entry(view.entry))
    return EntryPublic(**_entry_fields(view, committee_slug, show))


def _entry_detail(entry: WorkProgrammeEntry) -> EntryDetail:
    session = get_session()
    view = entry_view(session, entry)
    viewer = api_person()
    show = api_reader().may_read(of_entry(entry))
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
            for paper_view in papers_of(session, entry.id)
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


Answer = tuple[EntryDetail, int, dict[str, str]]


def _tag(entry: WorkProgrammeEntry) -> str:
    return version_tag("entry", entry.id, entry.version)


def _governance_of_entry(actor: Actor, *, entry_id: int, **_path: object) -> None:
    session = get_session()
    entry = get_entry(session, entry_id)
    committee = session.get(Committee, entry.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, CHANGE_PROGRAMME)


def _may_fire(actor: Actor, *, entry_id: int, event: str, **_path: object) -> None:
    session = get_session()
    require_capacity(session, actor, get_entry(session, entry_id), event)


def _committee_slug(committee_id: int) -> str:
    found = get_session().get(Committee, committee_id)
    assert found is not None
    return found.slug


@api.get("/committees/<slug>/work-programme")
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


@api.post("/committees/<slug>/work-programme")
@writes(governance_of_committee(CHANGE_PROGRAMME))
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


@api.get("/entries/<int:entry_id>")
@spec.validate(resp=Responses(HTTP_200=EntryDetail, **ERRORS), tags=["work programme"])
def entry(entry_id: int) -> Answer:
    """Show a work programme entry, with the events you may fire on it now.

    Its ETag names its version: send it back as If-Match to change it only as you saw it.
    """
    found = get_entry(get_session(), entry_id)
    return with_tag(_entry_detail(found), _tag(found))


@api.patch("/entries/<int:entry_id>")
@writes(_governance_of_entry)
@spec.validate(
    json=EntryUpdate,
    resp=Responses(
        HTTP_200=EntryDetail, HTTP_409=ErrorBody, HTTP_412=ErrorBody, HTTP_422=ErrorBody, **ERRORS
    ),
    tags=["work programme"],
    security=WRITE,
)
def change_entry(entry_id: int, json: EntryUpdate) -> Answer:
    """Edit an entry's fields; send null to clear one (exempt_paragraph: null makes it public).

    Its state and meeting change only by events. With If-Match (its ETag), a
    change made meanwhile by someone else is refused (412) rather than overwritten.
    """
    session = get_session()
    found = get_entry(session, entry_id)
    require_current(_tag(found))
    update_entry(
        session,
        actor=current_api_person(),
        entry=found,
        changes=json.model_dump(exclude_unset=True),
    )
    session.commit()
    return with_tag(_entry_detail(found), _tag(found))


@api.post(f"/entries/<int:entry_id>/events/<any({', '.join(EVENTS)}):event>")
@writes(_may_fire, forms=True)
@spec.validate(
    json=EventInput,
    form=EventForm,
    resp=Responses(
        HTTP_200=EntryDetail,
        HTTP_409=RefusalBody,
        HTTP_412=ErrorBody,
        HTTP_422=ErrorBody,
        **ERRORS,
    ),
    tags=["lifecycle"],
    security=WRITE,
)
def fire(entry_id: int, event: str) -> Answer:
    """Fire a lifecycle event on an entry: schedule, open_briefing, submit_paper, clear_paper,
    consider, resolve, defer, withdraw.

    409 says why not, with the entry's state and the events you may fire from it.
    Submit a paper as a file with multipart/form-data (paper_file), or as a link.
    """
    session = get_session()
    require_current(_tag(get_entry(session, entry_id)))
    # JSON or a form, whichever came: spectree validated it into request.context.
    form: EventForm | None = request.context.form  # type: ignore[attr-defined]  # spectree sets it
    if form is not None:
        upload = form.paper_file
        if upload is not None and not isinstance(upload, FileStorage):
            raise InvalidInput("paper_file", "send the file as a multipart/form-data upload")
        data = EventInput.model_validate(
            {**form.model_dump(exclude={"paper_file"}), "paper_file": _uploaded(upload)}
        )
    else:
        data = request.context.json or EventInput()  # type: ignore[attr-defined]  # spectree sets it
    found = fire_event(
        session, actor=current_api_person(), entry_id=entry_id, event=event, data=data
    )
    session.commit()
    return with_tag(_entry_detail(found), _tag(found))


@api.get("/entries/<int:entry_id>/history")
@spec.validate(resp=Responses(HTTP_200=History, **ERRORS), tags=["lifecycle"])
def history(entry_id: int) -> History:
    """List every state change of an entry: who, when, from, to, why."""
    session = get_session()
    found = get_entry(session, entry_id)
    show = api_reader().may_read(of_entry(found))
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


def _refusal_response(message: str, state: str, allowed_events: list[str]) -> Response:
    body = RefusalBody(error=message, state=state, allowed_events=allowed_events)
    response = jsonify(body.model_dump())
    response.status_code = 409
    return response


@api.errorhandler(TransitionRefused)
def _transition_refused(error: TransitionRefused) -> Response:
    return _refusal_response(error.message, error.state, error.allowed_events)


@api.errorhandler(ConcurrentChange)
def _concurrent_change(error: ConcurrentChange) -> Response:
    session = get_session()
    session.rollback()
    entry = get_entry(session, error.entry_id)
    return _refusal_response(
        error.message, entry.state, permitted_events(session, api_person(), entry)
    )
