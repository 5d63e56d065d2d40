"""Minutes as a page, a PDF and an API; the form that writes them; recommendations tracked.

Published minutes are public, except the words of private business (its
title and Schedule 12A paragraph only), which only the meeting's members,
substitutes and governance officers read; draft minutes are the governance
officers' alone, and to anyone else there are none.
"""

import re

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from pydantic import BaseModel
from spectree import Response as Responses
from sqlmodel import Session, col, select
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse

from committee.agenda.pack import render_pdf
from committee.agenda.queries import may_see_private_business
from committee.api import ERRORS, WRITE, ErrorBody, api_blueprint, spec, writes
from committee.committees.models import Committee
from committee.committees.queries import get_committee
from committee.db import get_session
from committee.errors import InvalidInput, NotFound, OperationError, parse_payload
from committee.meetings.models import AgendaItem, AgendaItemKind, Meeting
from committee.meetings.queries import agenda_of, committee_of, get_meeting, governed_meeting
from committee.minutes.models import (
    ATTENDANCE_LABELS,
    AttendanceKind,
    MeetingMinutes,
    MinutesChange,
    Recommendation,
)
from committee.minutes.operations import (
    CORRECT_MINUTES,
    TRACK_RECOMMENDATIONS,
    WRITE_MINUTES,
    add_report_recommendation,
    answer_recommendation,
    correct_minutes,
    implement_recommendation,
    publish_minutes,
    save_minutes,
)
from committee.minutes.queries import (
    MinutesView,
    MinuteView,
    history_of_minutes,
    history_of_recommendation,
    minutes_of,
    minutes_view,
    recommendation_status,
    recommendations_of,
)
from committee.minutes.schemas import (
    AnswerInput,
    AttendancePublic,
    CorrectionInput,
    DeclarationPublic,
    ImplementedInput,
    MinutePublic,
    MinutesChangePublic,
    MinutesInput,
    MinutesPublic,
    PublishMinutesInput,
    RecommendationPublic,
    ReportRecommendationInput,
    ResolutionPublic,
)
from committee.people.actors import Actor
from committee.people.auth import (
    api_person,
    current_api_person,
    current_person,
    sign_in_required,
    signed_in_person,
)
from committee.people.models import Person
from committee.people.permissions import governs, require_governance
from committee.timeutil import to_london, today_in_london
from committee.web import form_payload
from committee.work_programme.models import WorkProgrammeEntry
from workflows.minutes import EVENTS as MINUTES_EVENTS
from workflows.recommendation import ANSWER_LABELS, Answer, events_from

pages = Blueprint("minutes", __name__, template_folder="templates")
api = api_blueprint("minutes_api", __name__)

#: Blank minutes the form offers besides one per agenda item (business taken without one).
EXTRA_MINUTES = 3


def _readable(session: Session, meeting: Meeting, viewer: Actor | None) -> MeetingMinutes:
    """The minutes the viewer may read, or 404 as if there were none."""
    found = minutes_of(session, meeting)
    if found is None or not (found.is_published or governs(session, viewer, meeting.committee_id)):
        raise NotFound("This meeting has no published minutes yet.")
    return found


def _minutes_public(
    session: Session, meeting: Meeting, found: MeetingMinutes, viewer: Actor | None
) -> MinutesPublic:
    view = minutes_view(session, found)
    private_too = may_see_private_business(session, viewer, meeting)
    clerk = governs(session, viewer, meeting.committee_id)
    base = current_app.config["BASE_URL"]
    return MinutesPublic(
        meeting_id=meeting.id,  # type: ignore[arg-type]
        state=found.state,  # type: ignore[arg-type]
        version=found.version,
        closed_at=found.closed_at,
        published_at=found.published_at,
        attendance=[
            AttendancePublic(kind=a.kind, name=a.name, note=a.note) for a in view.attendance
        ],  # type: ignore[arg-type]
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
                text=item.minute.text if shown else None,
                resolved_intro=item.minute.resolved_intro if shown else None,
                resolutions=[
                    ResolutionPublic(
                        number=n,
                        text=r.text,
                        follow_up_entry_id=r.follow_up_entry_id,
                        recommendation_id=view.recommendations[r.id].id
                        if r.id in view.recommendations
                        else None,  # type: ignore[union-attr]
                    )
                    for n, r in enumerate(item.resolutions, 1)
                ]
                if shown
                else None,
            )
            for item in view.items
            for shown in [private_too or not item.minute.is_private]
        ],
        corrections=[
            _change_public(change, None) for change in view.corrections_shown(private_too)
        ],
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
        from_state=change.from_state,  # type: ignore[arg-type]
        to_state=change.to_state,  # type: ignore[arg-type]
        at=change.at,
        by=who,
        subject=change.subject,
        reason=change.reason,
    )


def _document_context(
    session: Session, meeting: Meeting, found: MeetingMinutes, viewer: Actor | None
) -> dict[str, object]:
    view = minutes_view(session, found)
    return {
        "meeting": meeting,
        "committee": committee_of(session, meeting),
        "view": view,
        "private_too": may_see_private_business(session, viewer, meeting),
        "present": _present(view),
        "apologies": [a for a in view.attendance if a.kind == AttendanceKind.APOLOGY],
        "labels": ATTENDANCE_LABELS,
    }


def _present(view: MinutesView) -> list[tuple[str, list[object]]]:
    """Present, list by list, in the order the council prints them."""
    lists = []
    for kind in AttendanceKind:
        if kind == AttendanceKind.APOLOGY:
            continue
        lines = [a for a in view.attendance if a.kind == kind]
        if lines:
            lists.append((ATTENDANCE_LABELS[kind], lines))
    return lists


# Pages: the minutes, their PDF, the form that writes them.


@pages.get("/meetings/<int:meeting_id>/minutes")
def minutes_page(meeting_id: int) -> tuple[str, int]:
    session = get_session()
    meeting = get_meeting(session, meeting_id)
    viewer = signed_in_person()
    found = _readable(session, meeting, viewer)
    return _minutes_page(session, meeting, found, viewer)


def _minutes_page(
    session: Session,
    meeting: Meeting,
    found: MeetingMinutes,
    viewer: Person | None,
    *,
    status: int = 200,
    error: str | None = None,
) -> tuple[str, int]:
    clerk = governs(session, viewer, meeting.committee_id)
    return render_template(
        "minutes/minutes.html",
        clerk=clerk,
        history=history_of_minutes(session, meeting) if clerk else [],
        events=MINUTES_EVENTS,
        error=error,
        **_document_context(session, meeting, found, viewer),
    ), status


@pages.get("/meetings/<int:meeting_id>/minutes.pdf")
def minutes_pdf(meeting_id: int) -> Response:
    session = get_session()
    meeting = get_meeting(session, meeting_id)
    viewer = signed_in_person()
    found = _readable(session, meeting, viewer)
    context = _document_context(session, meeting, found, viewer)
    pdf = render_pdf(render_template("minutes/document.html", **context))
    day = to_london(meeting.start).date().isoformat()
    response = Response(pdf, mimetype="application/pdf")
    committee = context["committee"]
    response.headers["Content-Disposition"] = (
        f'inline; filename="{committee.slug}-{day}-minutes.pdf"'  # type: ignore[attr-defined]
    )
    if context["private_too"] or not found.is_published:
        response.headers["Cache-Control"] = "private, no-store"
    return response


_WITH_NOTE = re.compile(r"^(?P<name>.*?)\s*\((?P<note>[^()]*)\)\s*$")


def _attendance_lines(kind: AttendanceKind) -> list[dict[str, str]]:
    """Read one list of the form: a person a line, any note in brackets."""
    lines = []
    for line in request.form.get(f"attendance-{kind.value}", "").splitlines():
        if not line.strip():
            continue
        matched = _WITH_NOTE.match(line.strip())
        name, note = (matched["name"], matched["note"]) if matched else (line.strip(), "")
        lines.append({"kind": kind.value, "name": name, "note": note})
    return lines


def _all_attendance_lines() -> list[dict[str, str]]:
    return [line for kind in AttendanceKind for line in _attendance_lines(kind)]


def _declaration_lines() -> list[dict[str, str]]:
    """Read the declarations of the form: one a line, the member, a colon, the interest."""
    return [
        {"member": member.strip(), "interest": interest.strip()}
        for line in request.form.get("declarations", "").splitlines()
        if line.strip()
        for member, _, interest in [line.partition(":")]
    ]


_ROW_FIELD = re.compile(r"minutes-(\d+)-")


def _form_minutes(form: MultiDict[str, str]) -> list[dict[str, object]]:
    minutes: list[dict[str, object]] = []
    rows = sorted({int(found[1]) for key in form if (found := _ROW_FIELD.match(key))})
    for index in rows:
        field = f"minutes-{index}-"
        title = form.get(field + "title", "").strip()
        text = form.get(field + "text", "").strip()
        resolutions_text = [
            line.strip()
            for line in form.get(field + "resolutions", "").splitlines()
            if line.strip()
        ]
        if not (text or resolutions_text) and not form.get(field + "agenda_item_id"):
            continue  # a blank extra minute
        if not (text or resolutions_text):
            continue  # an agenda item left unminuted
        if not title:
            raise InvalidInput(
                field + "title",
                f"the minute beginning “{(text or resolutions_text[0])[:60]}” needs a heading",
            )
        resolutions: list[dict[str, object]] = [{"text": line} for line in resolutions_text]
        follow_up_title = form.get(field + "follow_up_title", "").strip()
        if follow_up_title:
            if not resolutions:
                raise InvalidInput(
                    field + "follow_up_title",
                    f"“{title}” asks for a follow-up but resolves nothing: add the resolution that asks for it",
                )
            months = form.get(field + "follow_up_months", "").strip()
            resolutions[-1]["follow_up"] = {
                "title": follow_up_title,
                "after_months": months or None,
            }
        recommend_to = form.get(field + "recommend_to", "").strip()
        if recommend_to:
            if not resolutions:
                raise InvalidInput(
                    field + "recommend_to",
                    f"“{title}” makes a recommendation but resolves nothing: add the resolution that makes it",
                )
            resolutions[-1]["recommendation"] = {
                "to": recommend_to,
                "owner_email": form.get(field + "recommend_owner", "").strip() or None,
            }
        minutes.append(
            {
                "agenda_item_id": form.get(field + "agenda_item_id") or None,
                "title": title,
                "text": text,
                "resolved_intro": form.get(field + "resolved_intro", "").strip() or "RESOLVED that",
                "exempt_paragraph": form.get(field + "exempt_paragraph") or None,
                "resolutions": resolutions,
            }
        )
    return minutes


def _minutes_from_form() -> MinutesInput:
    form = request.form
    return parse_payload(
        MinutesInput,
        {
            "closed_at": form.get("closed_at") or None,
            "first_number": form.get("first_number") or None,
            "attendance": _all_attendance_lines(),
            "declarations": _declaration_lines(),
            "minutes": _form_minutes(form),
            "version": form.get("version") or None,
        },
    )


#: The correction form's fields, as its labels name them.
_CORRECTION_FIELDS = {
    "reason": "The reason",
    "minute.title": "The heading",
    "minute.text": "The minute",
}


def _in_words(error: OperationError) -> str:
    """A refusal as a sentence: the forms' own field names mean nothing to the person."""
    if isinstance(error, InvalidInput):
        if error.field.startswith("minutes-"):  # the reason names the minute itself
            return error.reason[:1].upper() + error.reason[1:] + "."
        if error.field in _CORRECTION_FIELDS:
            return f"{_CORRECTION_FIELDS[error.field]}: {error.reason}."
    return error.message


def _form_rows(
    session: Session, meeting: Meeting, written: MinutesView | None
) -> list[dict[str, object]]:
    """One row of the form per agenda item (or minute already written), then blank ones."""
    items = [i for i in agenda_of(session, meeting) if i.kind != AgendaItemKind.APOLOGIES]
    by_item = {m.minute.agenda_item_id: m for m in written.items} if written else {}
    rows: list[dict[str, object]] = []
    for item in items:
        done = by_item.pop(item.id, None)
        rows.append(_row(item, done))
    for done in written.items if written else []:
        if done.minute.agenda_item_id is None or done.minute.agenda_item_id in by_item:
            rows.append(_row(None, done))
    rows += [_row(None, None) for _ in range(EXTRA_MINUTES)]
    return rows


def _row(item: AgendaItem | None, done: MinuteView | None) -> dict[str, object]:
    minute = done.minute if done else None
    resolutions = done.resolutions if done else []
    follow = next((r for r in resolutions if r.follow_up_title), None)
    recommend = next((r for r in resolutions if r.recommend_to), None)
    return {
        "item": item,
        "title": minute.title if minute else (item.title if item else ""),
        "text": minute.text if minute else "",
        "resolved_intro": minute.resolved_intro if minute else "RESOLVED that",
        "resolutions": "\n".join(r.text for r in resolutions),
        "exempt_paragraph": minute.exempt_paragraph
        if minute
        else (item.exempt_paragraph if item else None),
        "follow_up_title": follow.follow_up_title if follow else "",
        "follow_up_months": follow.follow_up_months if follow and follow.follow_up_months else "",
        "recommend_to": recommend.recommend_to if recommend else "",
    }


def _form_values(view: MinutesView | None) -> dict[str, str]:
    if view is None:
        return {}
    found = view.minutes
    values = {
        f"attendance-{kind.value}": "\n".join(
            f"{a.name} ({a.note})" if a.note else a.name for a in view.attendance if a.kind == kind
        )
        for kind in AttendanceKind
    }
    values["declarations"] = "\n".join(f"{d.member}: {d.interest}" for d in view.declarations)
    values["closed_at"] = f"{to_london(found.closed_at):%H:%M}" if found.closed_at else ""
    values["first_number"] = str(view.items[0].minute.number) if view.items else ""
    values["version"] = str(found.version)
    return values


def _edit_page(meeting: Meeting, *, status: int = 200, error: str | None = None) -> tuple[str, int]:
    session = get_session()
    found = minutes_of(session, meeting)
    written = minutes_view(session, found) if found else None
    rows = _form_rows(session, meeting, written)
    values = request.form if error else _form_values(written)
    return render_template(
        "minutes/edit.html",
        meeting=meeting,
        committee=committee_of(session, meeting),
        found=found,
        rows=rows,
        values=values,
        kinds=list(AttendanceKind),
        labels=ATTENDANCE_LABELS,
        error=error,
    ), status


@pages.get("/meetings/<int:meeting_id>/minutes/edit")
@sign_in_required
def edit_minutes_page(meeting_id: int) -> tuple[str, int]:
    session = get_session()
    meeting = governed_meeting(session, current_person(), meeting_id, WRITE_MINUTES)
    return _edit_page(meeting)


@pages.post("/meetings/<int:meeting_id>/minutes/edit")
@sign_in_required
def save_minutes_page(meeting_id: int) -> BaseResponse | tuple[str, int]:
    session = get_session()
    meeting = governed_meeting(session, current_person(), meeting_id, WRITE_MINUTES)
    try:
        data = _minutes_from_form()
        save_minutes(session, actor=current_person(), meeting=meeting, data=data)
        session.commit()
    except OperationError as error:
        session.rollback()
        return _edit_page(meeting, status=error.status, error=_in_words(error))
    flash("The draft minutes are saved. Only governance officers see them until you publish them.")
    return redirect(url_for("minutes.minutes_page", meeting_id=meeting_id))


@pages.post("/meetings/<int:meeting_id>/minutes/publish")
@sign_in_required
def publish_minutes_page(meeting_id: int) -> BaseResponse | tuple[str, int]:
    session = get_session()
    meeting = get_meeting(session, meeting_id)
    try:
        publish_minutes(
            session,
            actor=current_person(),
            meeting=meeting,
            response_months=current_app.config["RECOMMENDATION_RESPONSE_MONTHS"],
            version=int(request.form["version"])
            if request.form.get("version", "").isdigit()
            else None,
        )
        session.commit()
    except OperationError as error:
        session.rollback()
        found = _readable(session, meeting, current_person())
        return _minutes_page(
            session, meeting, found, current_person(), status=error.status, error=error.message
        )
    flash(
        "The minutes are published: the items they resolve are resolved, their follow-ups are on the work programme and their recommendations are sent."
    )
    return redirect(url_for("minutes.minutes_page", meeting_id=meeting_id))


def _correction_page(
    meeting: Meeting, *, status: int = 200, error: str | None = None
) -> tuple[str, int]:
    """The form correcting one minute (?minute=N) or, without one, the attendance and declarations."""
    session = get_session()
    found = _published(session, meeting)
    view = minutes_view(session, found)
    wanted = request.values.get("minute", "")
    minute = next(
        (
            item.minute
            for item in view.items
            if wanted.isdigit() and item.minute.number == int(wanted)
        ),
        None,
    )
    if wanted and minute is None:
        raise NotFound(f"These minutes have no minute {wanted[:10]}.")
    values: MultiDict[str, str] | dict[str, str] = (
        request.form
        if error
        else {
            **_form_values(view),
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


def _correction_from_form() -> CorrectionInput:
    form = request.form
    payload: dict[str, object] = {
        "reason": form.get("reason", ""),
        "version": form.get("version") or None,
    }
    if "minute" in form:
        payload["minute"] = {
            "number": form.get("minute") or None,
            "title": form.get("title", ""),
            "text": form.get("text", ""),
        }
    else:
        payload["attendance"] = _all_attendance_lines()
        payload["declarations"] = _declaration_lines()
    return parse_payload(CorrectionInput, payload)


@pages.get("/meetings/<int:meeting_id>/minutes/correct")
@sign_in_required
def correct_minutes_page(meeting_id: int) -> tuple[str, int]:
    session = get_session()
    meeting = governed_meeting(session, current_person(), meeting_id, CORRECT_MINUTES)
    return _correction_page(meeting)


@pages.post("/meetings/<int:meeting_id>/minutes/correct")
@sign_in_required
def save_correction_page(meeting_id: int) -> BaseResponse | tuple[str, int]:
    session = get_session()
    meeting = governed_meeting(session, current_person(), meeting_id, CORRECT_MINUTES)
    try:
        change = correct_minutes(
            session, actor=current_person(), meeting=meeting, data=_correction_from_form()
        )
        subject = change.subject
        session.commit()
    except OperationError as error:
        session.rollback()
        return _correction_page(meeting, status=error.status, error=_in_words(error))
    flash(f"Corrected ({subject}). The minutes show the correction and its reason.")
    return redirect(url_for("minutes.minutes_page", meeting_id=meeting_id))


# Recommendations: the committee's list, one recommendation with its history.


def _visible_recommendations(
    session: Session, committee: Committee, viewer: Person | None
) -> list[Recommendation]:
    found = recommendations_of(session, committee.id)  # type: ignore[arg-type]
    if governs(session, viewer, committee.id):
        return found
    return [r for r in found if not r.private]


@pages.get("/committees/<slug>/recommendations")
def recommendations_page(slug: str) -> str:
    session = get_session()
    committee = get_committee(session, slug)
    viewer = signed_in_person()
    clerk = governs(session, viewer, committee.id)
    entries = (
        session.exec(
            select(WorkProgrammeEntry)
            .where(WorkProgrammeEntry.committee_id == committee.id)
            .order_by(col(WorkProgrammeEntry.municipal_year).desc(), col(WorkProgrammeEntry.title))
        ).all()
        if clerk
        else []
    )
    return render_template(
        "minutes/recommendations.html",
        committee=committee,
        recommendations=_visible_recommendations(session, committee, viewer),
        status=recommendation_status,
        today=today_in_london(),
        clerk=clerk,
        entries=entries,
        values=request.form,
    )


def _recommendation_page(
    recommendation: Recommendation, *, status: int = 200, error: str | None = None
) -> tuple[str, int]:
    session = get_session()
    viewer = signed_in_person()
    committee = session.get(Committee, recommendation.committee_id)
    clerk = governs(session, viewer, recommendation.committee_id)
    if recommendation.private and not clerk:
        abort(404, description="No recommendation has that number.")
    return render_template(
        "minutes/recommendation.html",
        committee=committee,
        recommendation=recommendation,
        status_words=recommendation_status(recommendation, today_in_london()),
        history=history_of_recommendation(session, recommendation),
        clerk=clerk,
        events=events_from(recommendation.state),
        answers=ANSWER_LABELS,
        today=today_in_london(),
        error=error,
        values=request.form,
    ), status


def _get_recommendation(session: Session, recommendation_id: int) -> Recommendation:
    found = session.get(Recommendation, recommendation_id)
    if found is None:
        raise NotFound(f"No recommendation has the number {recommendation_id}.")
    return found


@pages.get("/recommendations/<int:recommendation_id>")
def recommendation_page(recommendation_id: int) -> tuple[str, int]:
    return _recommendation_page(_get_recommendation(get_session(), recommendation_id))


@pages.post("/recommendations/<int:recommendation_id>/<any(answer, implement):event>")
@sign_in_required
def move_recommendation_page(recommendation_id: int, event: str) -> BaseResponse | tuple[str, int]:
    session = get_session()
    found = _get_recommendation(session, recommendation_id)
    try:
        if event == "answer":
            data = form_payload(AnswerInput)
            answer_recommendation(
                session,
                actor=current_person(),
                recommendation_id=found.id,  # type: ignore[arg-type]
                answer=data.answer,
                response=data.response,
                answered_on=data.answered_on,
                version=data.version,
            )
        else:
            done = form_payload(ImplementedInput)
            implement_recommendation(
                session,
                actor=current_person(),
                recommendation_id=found.id,  # type: ignore[arg-type]
                implemented_on=done.implemented_on,
                note=done.note,
                version=done.version,
            )
        session.commit()
    except OperationError as error:
        session.rollback()
        return _recommendation_page(
            _get_recommendation(session, recommendation_id),
            status=error.status,
            error=error.message,
        )
    flash("The response is recorded." if event == "answer" else "Recorded as implemented.")
    return redirect(url_for("minutes.recommendation_page", recommendation_id=recommendation_id))


@pages.post("/committees/<slug>/recommendations")
@sign_in_required
def add_recommendation_page(slug: str) -> BaseResponse | tuple[str, int]:
    session = get_session()
    committee = get_committee(session, slug)
    try:
        data = form_payload(ReportRecommendationInput)
        recommendation = _add_report_recommendation(session, committee, current_person(), data)
        session.commit()
    except OperationError as error:
        session.rollback()
        flash(f"That could not be added: {error.message}")
        return redirect(url_for("minutes.recommendations_page", slug=slug), 303)
    flash("The report's recommendation is being tracked.")
    return redirect(url_for("minutes.recommendation_page", recommendation_id=recommendation.id))


def _add_report_recommendation(
    session: Session, committee: Committee, actor: Actor, data: ReportRecommendationInput
) -> Recommendation:
    entry = session.get(WorkProgrammeEntry, data.entry_id)
    if entry is None or entry.committee_id != committee.id:
        raise InvalidInput(
            "entry_id", f"that entry is not on the work programme of {committee.name}"
        )
    return add_report_recommendation(
        session,
        actor=actor,
        entry=entry,
        to_whom=data.to,
        text=data.text,
        owner_email=data.owner_email,
        response_due=data.response_due,
        response_months=current_app.config["RECOMMENDATION_RESPONSE_MONTHS"],
    )


# The API: /api/meetings/<id>/minutes, /api/committees/<slug>/recommendations, /api/recommendations/<id>


@api.get("/meetings/<int:meeting_id>/minutes")
@spec.validate(resp=Responses(HTTP_200=MinutesPublic, **ERRORS), tags=["minutes"])
def minutes_json(meeting_id: int) -> MinutesPublic:
    """A meeting's minutes: published ones for anyone (private business by title only), drafts
    for its governance officers."""
    session = get_session()
    meeting = get_meeting(session, meeting_id)
    viewer = api_person()
    return _minutes_public(session, meeting, _readable(session, meeting, viewer), viewer)


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
    return _minutes_public(session, meeting, found, person)


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
    return _minutes_public(session, meeting, found, person)


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
    return _minutes_public(session, meeting, _readable(session, meeting, person), person)


def _recommendation_public(
    session: Session, recommendation: Recommendation
) -> RecommendationPublic:
    committee = session.get(Committee, recommendation.committee_id)
    return RecommendationPublic(
        id=recommendation.id,  # type: ignore[arg-type]
        committee=committee.slug if committee else "",
        to=recommendation.to_whom,
        text=recommendation.text,
        source=recommendation.source,
        state=recommendation.state,  # type: ignore[arg-type]
        status=recommendation_status(recommendation, today_in_london()),
        sent_on=recommendation.sent_on,
        response_due=recommendation.response_due,
        answer=Answer(recommendation.answer) if recommendation.answer else None,
        response=recommendation.response,
        answered_on=recommendation.answered_on,
        implemented_on=recommendation.implemented_on,
        version=recommendation.version,
    )


class RecommendationList(BaseModel):
    recommendations: list[RecommendationPublic]


@api.get("/committees/<slug>/recommendations")
@spec.validate(resp=Responses(HTTP_200=RecommendationList, **ERRORS), tags=["minutes"])
def recommendations_json(slug: str) -> RecommendationList:
    """The committee's recommendations, open ones first (private ones for its governance officers only)."""
    session = get_session()
    committee = get_committee(session, slug)
    return RecommendationList(
        recommendations=[
            _recommendation_public(session, r)
            for r in _visible_recommendations(session, committee, api_person())
        ]
    )


def _tracks(
    actor: Actor, *, slug: str | None = None, recommendation_id: int | None = None, **_path: object
) -> None:
    session = get_session()
    if recommendation_id is not None:
        committee = session.get(
            Committee, _get_recommendation(session, recommendation_id).committee_id
        )
    else:
        committee = get_committee(session, slug or "")
    require_governance(session, actor, committee, TRACK_RECOMMENDATIONS)  # type: ignore[arg-type]


@api.post("/committees/<slug>/recommendations")
@writes(_tracks)
@spec.validate(
    json=ReportRecommendationInput,
    resp=Responses(HTTP_201=RecommendationPublic, HTTP_422=ErrorBody, **ERRORS),
    tags=["minutes"],
    security=WRITE,
)
def add_recommendation_json(
    slug: str, json: ReportRecommendationInput
) -> tuple[RecommendationPublic, int]:
    """Track one of a report's own recommendations (e.g. a serious case review's)."""
    session = get_session()
    committee = get_committee(session, slug)
    recommendation = _add_report_recommendation(session, committee, current_api_person(), json)
    session.commit()
    return _recommendation_public(session, recommendation), 201


@api.get("/recommendations/<int:recommendation_id>")
@spec.validate(resp=Responses(HTTP_200=RecommendationPublic, **ERRORS), tags=["minutes"])
def recommendation_json(recommendation_id: int) -> RecommendationPublic:
    session = get_session()
    found = _get_recommendation(session, recommendation_id)
    if found.private and not governs(session, api_person(), found.committee_id):
        raise NotFound(f"No recommendation has the number {recommendation_id}.")
    return _recommendation_public(session, found)


@api.post("/recommendations/<int:recommendation_id>/answer")
@writes(_tracks)
@spec.validate(
    json=AnswerInput,
    resp=Responses(HTTP_200=RecommendationPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["minutes"],
    security=WRITE,
)
def answer_json(recommendation_id: int, json: AnswerInput) -> RecommendationPublic:
    """Record the response: accepted, partly accepted or rejected."""
    session = get_session()
    found = answer_recommendation(
        session,
        actor=current_api_person(),
        recommendation_id=recommendation_id,
        answer=json.answer,
        response=json.response,
        answered_on=json.answered_on,
        version=json.version,
    )
    session.commit()
    return _recommendation_public(session, found)


@api.post("/recommendations/<int:recommendation_id>/implemented")
@writes(_tracks)
@spec.validate(
    json=ImplementedInput,
    resp=Responses(HTTP_200=RecommendationPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["minutes"],
    security=WRITE,
)
def implemented_json(recommendation_id: int, json: ImplementedInput) -> RecommendationPublic:
    """Record that an accepted recommendation has been implemented."""
    session = get_session()
    found = implement_recommendation(
        session,
        actor=current_api_person(),
        recommendation_id=recommendation_id,
        implemented_on=json.implemented_on,
        note=json.note,
        version=json.version,
    )
    session.commit()
    return _recommendation_public(session, found)
