"""Minutes as pages: as the council prints them (and as a PDF), the form that writes them, the
one that corrects them. Who reads a private minute's words is committee.visibility's rule;
drafts are the committee's governance officers' alone, and to anyone else there are none.
"""

import threading

from cachetools import LRUCache
from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlmodel import Session
from werkzeug.datastructures import MultiDict

from committee.db import get_session
from committee.documents import render_pdf
from committee.errors import NotFound
from committee.formatting import plain_date
from committee.meetings.models import Meeting
from committee.meetings.queries import committee_of, get_meeting, governed_meeting
from committee.minutes.document import minutes_context, minutes_html
from committee.minutes.forms import (
    ROLL_CHOICES,
    FormSection,
    correction_from_form,
    form_rows,
    form_values,
    in_words,
    minutes_from_form,
    roll_choices,
    saved_from,
    sections_changed_meanwhile,
    sections_of,
)
from committee.minutes.models import ATTENDANCE_LABELS, AttendanceKind, MeetingMinutes
from committee.minutes.operations import (
    CORRECT_MINUTES,
    WRITE_MINUTES,
    MinutesChangedMeanwhile,
    correct_minutes,
    publish_minutes,
    save_minutes,
)
from committee.minutes.queries import (
    history_of_minutes,
    minutes_of,
    minutes_view,
    readable_minutes,
    roll_of,
)
from committee.people.auth import current_person, sign_in_required
from committee.recommendations.queries import sent_at_the_meeting
from committee.timeutil import to_london
from committee.visibility.views import page_reader
from committee.web import confirm_first, number_param, page_action
from workflows.minutes import EVENTS as MINUTES_EVENTS

pages = Blueprint("minutes", __name__, template_folder="templates")


# Pages: the minutes, their PDF, the form that writes them.


@pages.get("/meetings/<int:meeting_id>/minutes")
def minutes_page(meeting_id: int) -> tuple[str, int]:
    session = get_session()
    meeting = get_meeting(session, meeting_id)
    found = readable_minutes(session, meeting, page_reader())
    return _minutes_page(session, meeting, found)


def _minutes_page(
    session: Session,
    meeting: Meeting,
    found: MeetingMinutes,
    *,
    status: int = 200,
    error: str | None = None,
) -> tuple[str, int]:
    reader = page_reader()
    clerk = reader.governs(meeting.committee_id)
    view = minutes_view(session, found)
    return render_template(
        "minutes/minutes.html",
        clerk=clerk,
        history=history_of_minutes(session, meeting) if clerk else [],
        events=MINUTES_EVENTS,
        error=error,
        **minutes_context(session, meeting, view, view.readable(reader)),
    ), status


#: The minutes as PDFs, by meeting, version, committee name and the minutes each reader may
#: read: rendered once per version, not on every request.
_PDFS: LRUCache[tuple[object, ...], bytes] = LRUCache(maxsize=64)
_PDFS_LOCK = threading.Lock()


def forget_rendered_minutes() -> None:
    """Forget every rendered PDF (tests start each from an empty database)."""
    with _PDFS_LOCK:
        _PDFS.clear()


@pages.get("/meetings/<int:meeting_id>/minutes.pdf")
def minutes_pdf(meeting_id: int) -> Response:
    session = get_session()
    meeting = get_meeting(session, meeting_id)
    reader = page_reader()
    found = readable_minutes(session, meeting, reader)
    view = minutes_view(session, found)
    readable = view.readable(reader)
    committee = committee_of(session, meeting)
    key = (
        meeting.id,
        meeting.start,
        found.version,
        found.updated_at,
        committee.name,
        frozenset(readable),
    )
    with _PDFS_LOCK:  # one rendering at a time: a burst of requests renders it once
        pdf = _PDFS.get(key)
        if pdf is None:
            pdf = _PDFS[key] = render_pdf(minutes_html(session, meeting, view, readable))
    day = to_london(meeting.start).date().isoformat()
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="{committee.slug}-{day}-minutes.pdf"'
    )
    private = any(item.minute.is_private for item in view.items)
    if (private and not reader.is_public) or not found.is_published:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _edit_page(
    meeting: Meeting,
    *,
    status: int = 200,
    error: str | None = None,
    meanwhile: MinutesChangedMeanwhile | None = None,
) -> tuple[str, int]:
    """The minutes form: as saved, or after a refusal as typed. After someone else saved
    meanwhile, what was typed stays, the sections where it differs from theirs are named, and
    the form carries their version: saving again keeps these words, deliberately."""
    session = get_session()
    found = minutes_of(session, meeting)
    written = minutes_view(session, found) if found else None
    rows = form_rows(session, meeting, written)
    roll = roll_of(session, meeting)
    saved = form_values(written, {line.name for line in roll})
    values: MultiDict[str, str] | dict[str, str] = saved
    differing: list[FormSection] = []
    if error:
        values = request.form.copy()
        if meanwhile is not None and found is not None:
            differing = sections_changed_meanwhile(
                request.form, rows, saved, roll_choices(roll, written, None)
            )
            values["version"] = str(found.version)
    return render_template(
        "minutes/edit.html",
        meeting=meeting,
        committee=committee_of(session, meeting),
        found=found,
        rows=rows,
        sections=sections_of(rows),
        roll=roll_choices(roll, written, request.form if error else None),
        roll_labels=ROLL_CHOICES,
        values=values,
        kinds=list(AttendanceKind),
        labels=ATTENDANCE_LABELS,
        error=error,
        meanwhile=meanwhile,
        differing=differing,
    ), status


@pages.get("/meetings/<int:meeting_id>/minutes/edit")
@sign_in_required
def edit_minutes_page(meeting_id: int) -> tuple[str, int]:
    session = get_session()
    meeting = governed_meeting(session, current_person(), meeting_id, WRITE_MINUTES)
    return _edit_page(meeting)


@pages.post("/meetings/<int:meeting_id>/minutes/edit")
@sign_in_required
def save_minutes_page(meeting_id: int) -> ResponseReturnValue:
    session = get_session()
    meeting = governed_meeting(session, current_person(), meeting_id, WRITE_MINUTES)
    section = saved_from()
    return page_action(
        lambda: save_minutes(
            session, actor=current_person(), meeting=meeting, data=minutes_from_form()
        ),
        done="The draft minutes are saved. Only governance officers see them until you publish "
        "them.",
        # A section's own Save button comes back to that section, to write on.
        then=url_for("minutes.edit_minutes_page", meeting_id=meeting_id, _anchor=f"part-{section}")
        if section
        else url_for("minutes.minutes_page", meeting_id=meeting_id),
        again=lambda error: _edit_page(
            meeting,
            status=error.status,
            error=in_words(error),
            meanwhile=error if isinstance(error, MinutesChangedMeanwhile) else None,
        ),
    )


@pages.post("/meetings/<int:meeting_id>/minutes/publish")
@sign_in_required
def publish_minutes_page(meeting_id: int) -> ResponseReturnValue:
    session = get_session()
    meeting = governed_meeting(session, current_person(), meeting_id, WRITE_MINUTES)
    asked = confirm_first(
        title=f"Publish the minutes of {plain_date(meeting.start)}",
        consequences=[
            "They become the record, for the public (private minutes as you worded them) and "
            "for the next agenda: afterwards a change is a correction, shown as one.",
            "The items they minute are resolved and the follow-ups they ask for join the work "
            "programme.",
            "Each recommendation is sent to the person named to answer it.",
        ],
        button="Publish the minutes",
        back=url_for("minutes.minutes_page", meeting_id=meeting_id),
    )
    if asked is not None:
        return asked
    return page_action(
        lambda: publish_minutes(
            session,
            actor=current_person(),
            meeting=meeting,
            response_months=current_app.config["RECOMMENDATION_RESPONSE_MONTHS"],
            version=number_param("version"),
        ),
        done=lambda _: _published_in_words(session, meeting),
        then=url_for("minutes.minutes_page", meeting_id=meeting_id),
        again=lambda error: _minutes_page(
            session,
            meeting,
            readable_minutes(session, meeting, page_reader()),
            status=error.status,
            error=error.in_words,
        ),
    )


def _published_in_words(session: Session, meeting: Meeting) -> str:
    """What publishing the minutes did, for the banner: each recommendation, to whom it went."""
    sent = sent_at_the_meeting(session, meeting.id)
    words = [
        "The minutes are published: the items they resolve are resolved and their follow-ups "
        "are on the work programme."
    ]
    for to_whom, owner in sent:
        if owner is not None and owner.email:
            words.append(
                f"The recommendation to {to_whom} is sent to {owner.name} ({owner.email})."
            )
        else:
            words.append(
                f"The recommendation to {to_whom} names nobody to answer it, so it was sent to "
                "no one: it waits on the committee's recommendations list."
            )
    return " ".join(words)


def _correction_page(
    meeting: Meeting, *, status: int = 200, error: str | None = None
) -> tuple[str, int]:
    """The form correcting one minute (?minute=N) or, without one, the attendance and declarations."""
    session = get_session()
    found = _published(session, meeting)
    view = minutes_view(session, found)
    wanted = number_param("minute")
    minute = next((item.minute for item in view.items if item.minute.number == wanted), None)
    if wanted is not None and minute is None:
        raise NotFound(f"These minutes have no minute {wanted}.")
    values: MultiDict[str, str] | dict[str, str] = (
        request.form
        if error
        else {
            **form_values(view),
            "title": minute.title if minute else "",
            "text": minute.text if minute else "",
        }
    )
    return render_template(
        "minutes/correct.html",
        meeting=meeting,
        committee=committee_of(session, meeting),
        found=found,
        minute=minute,
        values=values,
        kinds=list(AttendanceKind),
        labels=ATTENDANCE_LABELS,
        error=error,
    ), status


def _published(session: Session, meeting: Meeting) -> MeetingMinutes:
    found = minutes_of(session, meeting)
    if found is None or not found.is_published:
        raise NotFound("Only published minutes are corrected: these are not published.")
    return found


@pages.get("/meetings/<int:meeting_id>/minutes/correct")
@sign_in_required
def correct_minutes_page(meeting_id: int) -> tuple[str, int]:
    session = get_session()
    meeting = governed_meeting(session, current_person(), meeting_id, CORRECT_MINUTES)
    return _correction_page(meeting)


@pages.post("/meetings/<int:meeting_id>/minutes/correct")
@sign_in_required
def save_correction_page(meeting_id: int) -> ResponseReturnValue:
    session = get_session()
    meeting = governed_meeting(session, current_person(), meeting_id, CORRECT_MINUTES)
    return page_action(
        lambda: (
            correct_minutes(
                session, actor=current_person(), meeting=meeting, data=correction_from_form()
            ).subject
        ),
        done=lambda subject: (
            f"Corrected ({subject}). The minutes show the correction and its reason."
        ),
        then=url_for("minutes.minutes_page", meeting_id=meeting_id),
        again=lambda error: _correction_page(meeting, status=error.status, error=in_words(error)),
    )
