"""Pages for work programmes and entries, with the actions each person may take.

The buttons come from the lifecycle definition: for each event the signed-in
person may fire now, a form with the fields that event takes.
"""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from sqlmodel import col, select

from committee.db import get_session
from committee.models import Committee, Meeting, PaperFile, PaperVersion, WorkProgrammeEntry
from committee.models.papers import Paper
from committee.models.work_programme import TIMING_NOTE_LABELS, TimingNote
from committee.operations.actors import governs
from committee.operations.committees import get_committee
from committee.operations.errors import InvalidInput, OperationError
from committee.operations.lifecycle import (
    EventInput,
    TransitionRefused,
    UploadedFile,
    capacities,
    fire_event,
    permitted_events,
)
from committee.operations.schedules import meeting_deadlines
from committee.operations.work_programme import get_entry
from committee.queries import (
    EntryView,
    entry_view,
    history_of,
    may_see_private_detail,
    papers_of,
    papers_owed_by,
    work_programme,
)
from committee.timeutil import municipal_year_label, utcnow
from committee.views.auth import sign_in_required, signed_in_person
from committee.views.params import municipal_year_param
from workflows.entry import EVENTS, TRANSITIONS, EntryState, mermaid_diagram

bp = Blueprint("entries", __name__)


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


@bp.get("/committees/<slug>/work-programme")
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
        groups[-1].rows.append((view, may_see_private_detail(session, person, view)))
    return render_template(
        "entries/work_programme.html",
        committee=committee,
        year=year,
        year_label=municipal_year_label(year),
        groups=groups,
        may_import=person is not None and governs(session, person, committee.id),  # type: ignore[arg-type]
    )


def _bookable_meetings(entry: WorkProgrammeEntry) -> list[Meeting]:
    return list(
        get_session().exec(
            select(Meeting)
            .where(
                Meeting.committee_id == entry.committee_id,
                Meeting.status == "scheduled",
                col(Meeting.start) > utcnow(),
                col(Meeting.id) != (entry.meeting_id or 0),
            )
            .order_by(col(Meeting.start))
        )
    )


def _entry_page(entry: WorkProgrammeEntry, **extra: Any) -> str:
    session = get_session()
    person = signed_in_person()
    view = entry_view(session, entry)
    involved = person is not None and bool(capacities(session, person, entry))
    deadlines = meeting_deadlines(session, view.meeting) if view.meeting else None
    return render_template(
        "entries/entry.html",
        entry=entry,
        view=view,
        committee=session.get(Committee, entry.committee_id),
        show_private=may_see_private_detail(session, person, view),
        involved=involved,
        papers=papers_of(session, entry) if involved else [],
        history=history_of(session, entry),
        events=[EVENTS[name] for name in permitted_events(session, person, entry)],
        meetings=_bookable_meetings(entry),
        deadlines=deadlines,
        **extra,
    )


@bp.get("/entries/<int:entry_id>")
def entry_page(entry_id: int) -> str:
    return _entry_page(get_entry(get_session(), entry_id))


def _event_input() -> EventInput:
    form = request.form
    meeting = form.get("meeting_id", "").strip()
    if meeting and not meeting.isdigit():
        raise InvalidInput("meeting_id", "choose a meeting from the list")
    upload = request.files.get("paper_file")
    return EventInput(
        reason=form.get("reason", ""),
        meeting_id=int(meeting) if meeting else None,
        resolution=form.get("resolution", ""),
        paper_kind=form.get("paper_kind") or None,
        paper_url=form.get("paper_url") or None,
        paper_title=form.get("paper_title", ""),
        paper_file=UploadedFile(upload.filename or "", upload.mimetype or "", upload.read())
        if upload is not None and upload.filename
        else None,
    )


@bp.post("/entries/<int:entry_id>/events/<event>")
@sign_in_required
def fire_page_event(entry_id: int, event: str) -> Response | tuple[str, int]:
    session = get_session()
    entry = get_entry(get_session(), entry_id)
    person = signed_in_person()
    assert person is not None
    try:
        fire_event(session, actor=person, entry_id=entry_id, event=event, data=_event_input())
        session.commit()
    except OperationError as error:
        session.rollback()
        entry = get_entry(get_session(), entry_id)
        status = error.status
        message = error.message
        if isinstance(error, TransitionRefused):
            message = f"{message} The entry is now {entry.state.replace('_', ' ')}."
        return _entry_page(entry, error=message, failed_event=event, values=request.form), status
    flash(f"{EVENTS[event].label}: done. The entry is now {entry.state.replace('_', ' ')}.")
    return redirect(url_for("entries.entry_page", entry_id=entry_id))


@bp.get("/papers/<int:version_id>")
@sign_in_required
def paper_file(version_id: int) -> Response:
    """Send a submitted paper to those working on its entry; never to anyone else."""
    session = get_session()
    version = session.get(PaperVersion, version_id)
    paper = session.get(Paper, version.paper_id) if version else None
    entry = session.get(WorkProgrammeEntry, paper.entry_id) if paper else None
    person = signed_in_person()
    if version is None or entry is None or person is None or not capacities(session, person, entry):
        abort(404, description="No paper of yours has that number.")
    if version.url:
        return redirect(version.url)
    stored = session.get(PaperFile, version.id)
    assert stored is not None
    response = Response(stored.content, mimetype=version.content_type or "application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{version.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/my/papers")
@sign_in_required
def my_papers() -> str:
    """What the signed-in person owes: each paper, for which meeting, by when."""
    person = signed_in_person()
    assert person is not None
    return render_template(
        "entries/my_papers.html", owed=papers_owed_by(get_session(), person, utcnow())
    )


@bp.get("/lifecycle")
def lifecycle() -> Response:
    rows = []
    for name, spec in EVENTS.items():
        sources = sorted(
            {
                source
                for row in TRANSITIONS
                if row["trigger"] == name
                for source in _listify(row["source"])
            },
            key=[state.value for state in EntryState].index,
        )
        rows.append((spec, sources))
    page = render_template("entries/lifecycle.html", diagram=mermaid_diagram(), rows=rows)
    response = Response(page)
    # Mermaid styles the diagram it draws with inline styles.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"
    )
    return response


def _listify(value: Any) -> list[str]:
    return list(value) if isinstance(value, list | tuple) else [value]
