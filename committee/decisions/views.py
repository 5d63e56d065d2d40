"""The forward plan and the executive's decisions as pages, feeds and an API.

Public: the plan (the council's and each decision maker's), each notice, the
decisions and their call-ins, as CSV and as an Atom feed of new notices. The
executive's clerks draft, publish, defer and withdraw notices and record and
publish decisions; members of the scrutiny board call a decision in from its
page within its period; the board's clerks record its resolution. Private
parts show only the matter and the paragraph to anyone committee.visibility
does not let read them.
"""

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit
from xml.etree import ElementTree

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from spectree import Response as Responses
from sqlmodel import Session

from committee.api import ERRORS, WRITE, ErrorBody, api_blueprint, spec, writes
from committee.calendars.feeds import key_decision_day
from committee.calendars.ical import FeedHeader, calendar_shell, day_component
from committee.committees.models import Committee
from committee.committees.queries import council_details, get_committee, list_committees
from committee.db import get_session
from committee.decisions.clocks import ROUTE_WORDS, Route
from committee.decisions.models import Decision, KeyDecisionNotice
from committee.decisions.operations import (
    CallInAnswer,
    call_in,
    defer_notice,
    draft_notice,
    publish_decision,
    publish_further_notice,
    publish_notice,
    record_decision,
    record_reconsidered,
    resolve_call_in,
    scrutinise_before_the_decision,
    withdraw_notice,
)
from committee.decisions.queries import (
    DecisionRow,
    NoticeRow,
    call_in_committee_of,
    call_in_requests,
    decision_makers,
    decision_of_notice,
    decision_row,
    decisions_published,
    forward_plan,
    get_maker,
    history_of_decision,
    history_of_notice,
    keeps_the_plan,
    notice_row,
    notices_for_keepers,
    reader_keeps_the_plan,
    scrutinies_of_notice,
    special_urgency_decisions,
)
from committee.decisions.schemas import (
    CallInInput,
    CallInPublic,
    DecisionInput,
    DecisionList,
    DecisionPublic,
    DeferInput,
    NoticeInput,
    NoticePublic,
    OutcomeInput,
    PlanList,
    ResolutionInput,
    WithdrawInput,
)
from committee.documents import render_document, render_pdf
from committee.errors import InvalidInput, NotFound, PermissionDenied
from committee.people.actors import Actor
from committee.people.auth import current_api_person, current_person, sign_in_required
from committee.people.models import Person
from committee.people.permissions import require_governance
from committee.timeutil import (
    MUNICIPAL_YEAR_FIRST_MONTH,
    municipal_year_label,
    municipal_year_of,
    today_in_london,
)
from committee.visibility.queries import Reader
from committee.visibility.views import api_reader, page_reader
from committee.web import confirm_first, form_payload, page_action
from committee.work_programme.models import WorkProgrammeEntry
from workflows.decision import (
    DECISION_EVENTS,
    DECISION_STATE_WORDS,
    NOTICE_EVENTS,
    NOTICE_STATE_WORDS,
    decision_events_from,
    notice_events_from,
)

pages = Blueprint("decisions", __name__, template_folder="templates")
api = api_blueprint("decisions_api", __name__)

OUTCOME_WORDS = {
    "no_further_action": "No further action: the decision may be carried out",
    "refer_back": "Refer it back to the decision maker, with recommendations",
    "refer_to_council": "Refer it to full council",
}


def _words(row: NoticeRow) -> dict[str, object]:
    return {"row": row, "route_words": ROUTE_WORDS[Route(row.notice.route)]}


# The plan.


@pages.get("/forward-plan")
@pages.get("/forward-plan/<int:maker_id>")
def plan_page(maker_id: int | None = None) -> str:
    session = get_session()
    maker = get_maker(session, maker_id) if maker_id is not None else None
    reader = page_reader()
    today = today_in_london()
    keeper = reader_keeps_the_plan(session, reader)
    return render_template(
        "decisions/plan.html",
        maker=maker,
        makers=decision_makers(session),
        rows=forward_plan(session, reader, today=today, maker_id=maker_id),
        drafts=[
            row for row in notices_for_keepers(session, today=today) if row.notice.state == "draft"
        ]
        if keeper
        else [],
        keeper=keeper,
        today=today,
        state_words=NOTICE_STATE_WORDS,
    )


def _plan_rows(reader: Reader) -> list[NoticeRow]:
    return forward_plan(get_session(), reader, today=today_in_london())


@pages.get("/forward-plan.pdf")
def plan_pdf() -> Response:
    """The plan as the public reads it, to print (made when asked: it is today's plan)."""
    session = get_session()
    html = render_document(
        "committee.decisions",
        "documents/forward_plan.html",
        rows=forward_plan(session, Reader(), today=today_in_london()),
        maker=None,
        today=today_in_london(),
        council_name=council_details(session).name or "The council",
    )
    return Response(
        render_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": 'inline; filename="forward-plan.pdf"'},
    )


@pages.get("/forward-plan.ics")
def plan_ics() -> Response:
    """The plan's key decisions as all-day events on their expected days, the public's words:
    a deferral moves the event (the same UID, a higher SEQUENCE)."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    calendar = calendar_shell(
        FeedHeader(
            "Forward plan: key decisions",
            "Key decisions the executive expects to take, on their expected days.",
            url_for("decisions.plan_page", _external=True),
        )
    )
    base_url = current_app.config["BASE_URL"]
    for row in _plan_rows(Reader()):
        calendar.add_component(
            day_component(key_decision_day(row.notice, row.maker, base_url), host)
        )
    return Response(calendar.to_ical(), mimetype="text/calendar")


@pages.get("/forward-plan.csv")
def plan_csv() -> Response:
    """The plan as a spreadsheet: a private notice's words are left out, as on the page."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Matter",
            "Decision maker",
            "Decision expected",
            "First published",
            "May be decided from",
            "Private (paragraph of Schedule 12A)",
            "Why private",
            "Documents",
            "Representations",
            "New",
        ]
    )
    for row in _plan_rows(page_reader()):
        notice = row.notice
        writer.writerow(
            [
                notice.matter,
                row.maker.name,
                notice.decision_due.isoformat(),
                notice.first_published_on.isoformat() if notice.first_published_on else "",
                row.lawful_from.isoformat() if row.lawful_from else "",
                notice.exempt_paragraph or "",
                notice.private_reason,
                notice.documents if row.readable else "",
                notice.representations if row.readable else "",
                "yes" if row.is_new else "",
            ]
        )
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="forward-plan.csv"'},
    )


ATOM = "http://www.w3.org/2005/Atom"


@pages.get("/forward-plan.atom")
def plan_atom() -> Response:
    """New notices as an Atom feed: one entry a notice, newest first, the public's words."""
    rows = sorted(
        (row for row in _plan_rows(Reader()) if row.notice.first_published_on),
        key=lambda row: (row.notice.first_published_on, row.notice.id),
        reverse=True,
    )
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    ElementTree.SubElement(feed, f"{{{ATOM}}}title").text = "Forward plan: key decisions"
    ElementTree.SubElement(feed, f"{{{ATOM}}}id").text = url_for(
        "decisions.plan_page", _external=True
    )
    ElementTree.SubElement(
        feed,
        f"{{{ATOM}}}link",
        rel="alternate",
        href=url_for("decisions.plan_page", _external=True),
    )
    ElementTree.SubElement(
        feed, f"{{{ATOM}}}link", rel="self", href=url_for("decisions.plan_atom", _external=True)
    )
    newest = max((row.notice.updated_at for row in rows), default=datetime(2000, 1, 1, tzinfo=UTC))
    ElementTree.SubElement(feed, f"{{{ATOM}}}updated").text = newest.isoformat()
    for row in rows:
        notice = row.notice
        link = url_for("decisions.notice_page", notice_id=notice.id, _external=True)
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        ElementTree.SubElement(entry, f"{{{ATOM}}}title").text = notice.matter
        ElementTree.SubElement(entry, f"{{{ATOM}}}id").text = link
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        assert notice.first_published_on is not None
        ElementTree.SubElement(entry, f"{{{ATOM}}}published").text = datetime.combine(
            notice.first_published_on, time(0, 0), tzinfo=UTC
        ).isoformat()
        ElementTree.SubElement(entry, f"{{{ATOM}}}updated").text = notice.updated_at.isoformat()
        ElementTree.SubElement(entry, f"{{{ATOM}}}author").append(_name(row.maker.name))
        summary = f"{row.maker.name} expects to decide on {notice.decision_due:%-d %B %Y}."
        if notice.is_private:
            summary += (
                f" To be taken in private: paragraph {notice.exempt_paragraph} of Schedule 12A."
            )
        elif notice.summary:
            summary += " " + notice.summary
        ElementTree.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    body = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")


def _name(text: str) -> ElementTree.Element:
    name = ElementTree.Element(f"{{{ATOM}}}name")
    name.text = text
    return name


# Notices.


@pages.get("/forward-plan/notices/new")
@sign_in_required
def new_notice_page() -> tuple[str, int]:
    return _new_notice_form()


def _new_notice_form(*, status: int = 200, error: str | None = None) -> tuple[str, int]:
    session = get_session()
    if not keeps_the_plan(session, current_person()):
        raise PermissionDenied("Only the executive's governance officers keep the forward plan.")
    return render_template(
        "decisions/new_notice.html",
        makers=decision_makers(session),
        committees=list_committees(session),
        routes=ROUTE_WORDS,
        error=error,
        values=request.form,
    ), status


def _draft(session: Session, actor: Actor, data: NoticeInput) -> KeyDecisionNotice:
    board = get_committee(session, data.scrutiny_committee) if data.scrutiny_committee else None
    return draft_notice(
        session,
        actor=actor,
        decision_maker=get_maker(session, data.decision_maker_id),
        matter=data.matter,
        decision_due=data.decision_due,
        summary=data.summary,
        documents=data.documents,
        representations=data.representations,
        lead_officer=data.lead_officer,
        exempt_paragraph=data.exempt_paragraph,
        private_reason=data.private_reason,
        route=data.route,
        exception_reason=data.exception_reason,
        urgency_agreed_on=data.urgency_agreed_on,
        urgency_agreed_by=data.urgency_agreed_by,
        scrutiny_committee=board,
    )


@pages.post("/forward-plan/notices")
@sign_in_required
def draft_notice_page() -> ResponseReturnValue:
    session = get_session()
    return page_action(
        lambda: _draft(session, current_person(), form_payload(NoticeInput)),
        done="The notice is drafted: check it, then publish it.",
        then=lambda notice: url_for("decisions.notice_page", notice_id=notice.id),
        again=lambda error: _new_notice_form(status=error.status, error=error.in_words),
    )


def _notice_page(notice_id: int, *, status: int = 200, error: str | None = None) -> tuple[str, int]:
    session = get_session()
    reader = page_reader()
    row = notice_row(session, notice_id, reader, today=today_in_london())
    keeper = reader_keeps_the_plan(session, reader)
    board = (
        session.get(Committee, row.notice.scrutiny_committee_id)
        if row.notice.scrutiny_committee_id
        else None
    )
    decision = decision_of_notice(session, notice_id)
    return render_template(
        "decisions/notice.html",
        **_words(row),
        board=board,
        decision=decision,
        keeper=keeper,
        events=notice_events_from(row.notice.state) if keeper else [],
        event_labels=NOTICE_EVENTS,
        state_words=NOTICE_STATE_WORDS,
        history=history_of_notice(session, row.notice),
        scrutinies=scrutinies_of_notice(session, notice_id),
        clerked=[
            committee for committee in list_committees(session) if reader.governs(committee.id)
        ]
        if reader.person_id
        else [],
        today=today_in_london(),
        error=error,
        values=request.form,
    ), status


@pages.get("/notices/<int:notice_id>")
def notice_page(notice_id: int) -> tuple[str, int]:
    return _notice_page(notice_id)


@pages.post("/notices/<int:notice_id>/further-notice")
@sign_in_required
def further_notice_page(notice_id: int) -> ResponseReturnValue:
    """The Cabinet's clerk publishes a private decision's further notice (reg. 5(4))."""
    session = get_session()
    notice = notice_row(session, notice_id, page_reader(), today=today_in_london()).notice
    return page_action(
        lambda: publish_further_notice(
            session,
            actor=current_person(),
            notice=notice,
            answer=request.form.get("further_notice", ""),
        ),
        done="The further notice is published.",
        then=url_for("decisions.notice_page", notice_id=notice_id),
        again=lambda error: _notice_page(notice_id, status=error.status, error=error.in_words),
    )


@pages.post("/notices/<int:notice_id>/scrutiny")
@sign_in_required
def scrutinise_page(notice_id: int) -> ResponseReturnValue:
    """A board's governance officer puts the key decision on its work programme beforehand."""
    session = get_session()
    notice = notice_row(session, notice_id, page_reader(), today=today_in_london()).notice

    def add() -> WorkProgrammeEntry:
        slug = request.form.get("committee", "").strip()
        if not slug:
            raise InvalidInput("committee", "choose the board whose work programme takes it")
        return scrutinise_before_the_decision(
            session, actor=current_person(), notice=notice, committee=get_committee(session, slug)
        )

    return page_action(
        add,
        done="It is on the board's work programme, linked to the notice.",
        then=lambda entry: url_for("work_programme.entry_page", entry_id=entry.id),
        again=lambda error: _notice_page(notice_id, status=error.status, error=error.in_words),
    )


@pages.post("/notices/<int:notice_id>/<any(publish, defer, withdraw, decide):event>")
@sign_in_required
def move_notice_page(notice_id: int, event: str) -> ResponseReturnValue:
    session = get_session()
    row = notice_row(session, notice_id, page_reader(), today=today_in_london())
    notice, actor = row.notice, current_person()
    if event == "publish":
        asked = confirm_first(
            title=f"Publish the notice “{notice.matter}”?",
            consequences=[
                "It goes on the forward plan for everyone to read, and into its feed.",
                "The 28 clear days run from today; a deferral later keeps this day.",
            ],
            button="Publish the notice",
            back=url_for("decisions.notice_page", notice_id=notice_id),
        )
        if asked is not None:
            return asked

    def move() -> object:
        if event == "publish":
            return publish_notice(session, actor=actor, notice=notice)
        if event == "defer":
            deferral = form_payload(DeferInput)
            return defer_notice(
                session,
                actor=actor,
                notice=notice,
                new_date=deferral.new_date,
                reason=deferral.reason,
            )
        if event == "withdraw":
            return withdraw_notice(
                session, actor=actor, notice=notice, reason=form_payload(WithdrawInput).reason
            )
        data = form_payload(DecisionInput)
        return _record(session, actor, notice, data)

    return page_action(
        move,
        done={
            "publish": "The notice is on the forward plan.",
            "defer": "The decision is deferred; the notice keeps its first publication day.",
            "withdraw": "The notice is withdrawn; it stays on the record.",
            "decide": "The decision is recorded: publish its decision notice when it is ready.",
        }[event],
        then=lambda result: (
            url_for("decisions.decision_page", decision_id=result.id)
            if isinstance(result, Decision)
            else url_for("decisions.notice_page", notice_id=notice_id)
        ),
        again=lambda error: _notice_page(notice_id, status=error.status, error=error.in_words),
    )


def _record(
    session: Session, actor: Actor, notice: KeyDecisionNotice, data: DecisionInput
) -> Decision:
    maker = get_maker(session, notice.decision_maker_id)
    return record_decision(
        session,
        actor=actor,
        decision_maker=maker,
        notice=notice,
        title=notice.matter,
        decided_on=data.decided_on,
        decision=data.decision,
        reasons=data.reasons,
        alternatives=data.alternatives,
        interests=data.interests,
        exempt_from_call_in=data.exempt_from_call_in,
        urgency_agreed_by=data.urgency_agreed_by,
    )


# Decisions.


@pages.get("/decisions")
def decisions_page() -> str:
    session = get_session()
    today = today_in_london()
    year = municipal_year_of(today)
    first = date(year, MUNICIPAL_YEAR_FIRST_MONTH, 1)
    return render_template(
        "decisions/decisions.html",
        urgent=special_urgency_decisions(session, first=first, last=today),
        year_label=municipal_year_label(year),
        rows=decisions_published(session, page_reader()),
        state_words=DECISION_STATE_WORDS,
        today=today_in_london(),
    )


def _decision_page(
    decision_id: int, *, status: int = 200, error: str | None = None
) -> tuple[str, int]:
    session = get_session()
    reader = page_reader()
    row = decision_row(session, decision_id, reader)
    board = call_in_committee_of(session, row.decision)
    person = current_person() if reader.person_id else None
    today = today_in_london()
    may_call_in = (
        person is not None
        and board is not None
        and board.id in reader.seated_on
        and row.decision.state in ("call_in_period", "called_in")
        and row.decision.call_in_ends_on is not None
        and today <= row.decision.call_in_ends_on
    )
    return render_template(
        "decisions/decision.html",
        row=row,
        board=board,
        keeper=reader_keeps_the_plan(session, reader),
        board_clerk=board is not None and reader.governs(board.id),
        may_call_in=may_call_in,
        requests=call_in_requests(session, row.decision) if row.readable else [],
        events=decision_events_from(row.decision.state),
        event_labels=DECISION_EVENTS,
        state_words=DECISION_STATE_WORDS,
        outcomes=OUTCOME_WORDS,
        history=history_of_decision(session, row.decision),
        today=today,
        error=error,
        values=request.form,
    ), status


@pages.get("/decisions/<int:decision_id>")
def decision_page(decision_id: int) -> tuple[str, int]:
    return _decision_page(decision_id)


@pages.post("/decisions/<int:decision_id>/<any(publish, 'call-in', resolution, outcome):event>")
@sign_in_required
def move_decision_page(decision_id: int, event: str) -> ResponseReturnValue:
    session = get_session()
    row = decision_row(session, decision_id, page_reader())
    decision, actor = row.decision, current_person()
    if event == "publish":
        asked = confirm_first(
            title=f"Publish the decision notice for “{decision.title}”?",
            consequences=[
                "The decision and its reasons are published for everyone to read.",
                "Unless it is exempt from call-in, the call-in period starts today.",
            ],
            button="Publish the decision notice",
            back=url_for("decisions.decision_page", decision_id=decision_id),
        )
        if asked is not None:
            return asked
    acts: dict[str, Callable[[], object]] = {
        "publish": lambda: publish_decision(session, actor=actor, decision=decision),
        "call-in": lambda: _call_in(session, actor, decision, form_payload(CallInInput)),
        "resolution": lambda: _resolve(session, actor, decision, form_payload(ResolutionInput)),
        "outcome": lambda: record_reconsidered(
            session, actor=actor, decision=decision, outcome=form_payload(OutcomeInput).outcome
        ),
    }
    return page_action(
        acts[event],
        done=lambda result: _done(event, result),
        then=url_for("decisions.decision_page", decision_id=decision_id),
        again=lambda error: _decision_page(decision_id, status=error.status, error=error.in_words),
    )


def _call_in(
    session: Session, actor: Person, decision: Decision, data: CallInInput
) -> CallInAnswer:
    return call_in(session, actor=actor, decision=decision, reasons=data.reasons)


def _resolve(session: Session, actor: Actor, decision: Decision, data: ResolutionInput) -> Decision:
    return resolve_call_in(
        session, actor=actor, decision=decision, outcome=data.outcome, resolution=data.resolution
    )


def _done(event: str, result: object) -> str:
    if isinstance(result, CallInAnswer):
        if result.called_in:
            return "The decision is called in: it is held until the scrutiny board resolves."
        return (
            f"Your request is recorded. {result.more_needed} more member"
            f"{'s' if result.more_needed != 1 else ''} of the board must ask before it is called in."
        )
    return {
        "publish": "The decision notice is published.",
        "resolution": "The board's resolution is recorded.",
        "outcome": "What was decided in the end is recorded.",
    }[event]


# The API.


def _notice_public(row: NoticeRow) -> NoticePublic:
    notice = row.notice
    return NoticePublic(
        id=notice.id,
        matter=notice.matter,
        decision_maker=row.maker.name,
        decision_due=notice.decision_due,
        state=notice.state,
        private=notice.is_private,
        exempt_paragraph=notice.exempt_paragraph,
        private_reason=notice.private_reason,
        summary=notice.summary if row.readable else None,
        documents=notice.documents if row.readable else None,
        representations=notice.representations if row.readable else None,
        route=Route(notice.route),
        exception_reason=notice.exception_reason,
        first_published_on=notice.first_published_on,
        lawful_from=row.lawful_from,
        new=row.is_new,
    )


def _decision_public(row: DecisionRow) -> DecisionPublic:
    decision, call_in_row = row.decision, row.call_in
    return DecisionPublic(
        id=decision.id,
        title=decision.title,
        decision_maker=row.maker.name,
        decided_on=decision.decided_on,
        state=decision.state,
        private=decision.exempt_paragraph is not None,
        exempt_paragraph=decision.exempt_paragraph,
        decision=decision.decision if row.readable else None,
        reasons=decision.reasons if row.readable else None,
        alternatives=decision.alternatives if row.readable else None,
        interests=decision.interests if row.readable else None,
        exempt_from_call_in=decision.exempt_from_call_in,
        published_on=decision.published_on,
        call_in_ends_on=decision.call_in_ends_on,
        called_in_on=call_in_row.called_in_on if call_in_row else None,
        board_meets_by=call_in_row.meet_by if call_in_row else None,
        resolution=call_in_row.resolution if call_in_row else "",
        outcome=decision.outcome,
        notice_id=decision.notice_id,
    )


@api.get("/forward-plan")
@spec.validate(resp=Responses(HTTP_200=PlanList, **ERRORS), tags=["decisions"])
def plan_json() -> PlanList:
    """The forward plan: key decisions expected in the next four months, soonest first."""
    return PlanList(notices=[_notice_public(row) for row in _plan_rows(api_reader())])


@api.get("/notices/<int:notice_id>")
@spec.validate(resp=Responses(HTTP_200=NoticePublic, **ERRORS), tags=["decisions"])
def notice_json(notice_id: int) -> NoticePublic:
    return _notice_public(
        notice_row(get_session(), notice_id, api_reader(), today=today_in_london())
    )


def _keeps(actor: Actor, **_path: object) -> None:
    if not keeps_the_plan(get_session(), actor):
        raise PermissionDenied(
            f"Only the executive's governance officers keep the forward plan; {actor.name} is not one."
        )


@api.post("/notices")
@writes(_keeps)
@spec.validate(
    json=NoticeInput,
    resp=Responses(HTTP_201=NoticePublic, HTTP_422=ErrorBody, **ERRORS),
    tags=["decisions"],
    security=WRITE,
)
def draft_notice_json(json: NoticeInput) -> tuple[NoticePublic, int]:
    """Draft a key decision notice."""
    session = get_session()
    notice = _draft(session, current_api_person(), json)
    session.commit()
    return _notice_public(
        notice_row(session, notice.id, api_reader(), today=today_in_london())
    ), 201


@api.post("/notices/<int:notice_id>/publish")
@writes(_keeps)
@spec.validate(
    resp=Responses(HTTP_200=NoticePublic, HTTP_409=ErrorBody, **ERRORS),
    tags=["decisions"],
    security=WRITE,
)
def publish_notice_json(notice_id: int) -> NoticePublic:
    """Publish the notice on the forward plan: the 28 clear days run from today."""
    session = get_session()
    notice = notice_row(session, notice_id, api_reader(), today=today_in_london()).notice
    publish_notice(session, actor=current_api_person(), notice=notice)
    session.commit()
    return _notice_public(notice_row(session, notice_id, api_reader(), today=today_in_london()))


@api.post("/notices/<int:notice_id>/defer")
@writes(_keeps)
@spec.validate(
    json=DeferInput,
    resp=Responses(HTTP_200=NoticePublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["decisions"],
    security=WRITE,
)
def defer_notice_json(notice_id: int, json: DeferInput) -> NoticePublic:
    """Move the expected decision to a later date; the notice keeps its first publication day."""
    session = get_session()
    notice = notice_row(session, notice_id, api_reader(), today=today_in_london()).notice
    defer_notice(
        session,
        actor=current_api_person(),
        notice=notice,
        new_date=json.new_date,
        reason=json.reason,
    )
    session.commit()
    return _notice_public(notice_row(session, notice_id, api_reader(), today=today_in_london()))


@api.post("/notices/<int:notice_id>/withdraw")
@writes(_keeps)
@spec.validate(
    json=WithdrawInput,
    resp=Responses(HTTP_200=NoticePublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["decisions"],
    security=WRITE,
)
def withdraw_notice_json(notice_id: int, json: WithdrawInput) -> NoticePublic:
    """Withdraw the notice: it stays on the record, marked withdrawn, with the reason."""
    session = get_session()
    notice = notice_row(session, notice_id, api_reader(), today=today_in_london()).notice
    withdraw_notice(session, actor=current_api_person(), notice=notice, reason=json.reason)
    session.commit()
    return _notice_public(notice_row(session, notice_id, api_reader(), today=today_in_london()))


@api.post("/notices/<int:notice_id>/decision")
@writes(_keeps)
@spec.validate(
    json=DecisionInput,
    resp=Responses(HTTP_201=DecisionPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["decisions"],
    security=WRITE,
)
def record_decision_json(notice_id: int, json: DecisionInput) -> tuple[DecisionPublic, int]:
    """Record the notice's decision: refused (409) before its lawful day, naming the day."""
    session = get_session()
    notice = notice_row(session, notice_id, api_reader(), today=today_in_london()).notice
    decision = _record(session, current_api_person(), notice, json)
    session.commit()
    return _decision_public(decision_row(session, decision.id, api_reader())), 201


@api.get("/decisions")
@spec.validate(resp=Responses(HTTP_200=DecisionList, **ERRORS), tags=["decisions"])
def decisions_json() -> DecisionList:
    """Published decisions, latest first, with their call-in periods and call-ins."""
    return DecisionList(
        decisions=[
            _decision_public(row) for row in decisions_published(get_session(), api_reader())
        ]
    )


@api.get("/decisions/<int:decision_id>")
@spec.validate(resp=Responses(HTTP_200=DecisionPublic, **ERRORS), tags=["decisions"])
def decision_json(decision_id: int) -> DecisionPublic:
    return _decision_public(decision_row(get_session(), decision_id, api_reader()))


@api.post("/decisions/<int:decision_id>/publish")
@writes(_keeps)
@spec.validate(
    resp=Responses(HTTP_200=DecisionPublic, HTTP_409=ErrorBody, **ERRORS),
    tags=["decisions"],
    security=WRITE,
)
def publish_decision_json(decision_id: int) -> DecisionPublic:
    """Publish the decision notice: the call-in period starts today (unless it is exempt)."""
    session = get_session()
    decision = decision_row(session, decision_id, api_reader()).decision
    publish_decision(session, actor=current_api_person(), decision=decision)
    session.commit()
    return _decision_public(decision_row(session, decision_id, api_reader()))


def _any_member(actor: Actor, **_path: object) -> None:
    """Anyone signed in may ask; call_in says whether they are entitled, and why not."""


@api.post("/decisions/<int:decision_id>/call-in")
@writes(_any_member)
@spec.validate(
    json=CallInInput,
    resp=Responses(HTTP_200=CallInPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["decisions"],
    security=WRITE,
)
def call_in_json(decision_id: int, json: CallInInput) -> CallInPublic:
    """Ask to call the decision in, with reasons (members of the scrutiny board, within the
    period): the chair alone, or the constitution's number of members together, call it in."""
    session = get_session()
    decision = decision_row(session, decision_id, api_reader()).decision
    answer = _call_in(session, current_api_person(), decision, json)
    session.commit()
    return CallInPublic(
        decision=_decision_public(decision_row(session, decision_id, api_reader())),
        called_in=answer.called_in,
        more_needed=answer.more_needed,
    )


def _board_clerk(actor: Actor, *, decision_id: int, **_path: object) -> None:
    session = get_session()
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFound(f"No decision has the number {decision_id}.")
    board = call_in_committee_of(session, decision)
    if board is None:
        raise InvalidInput("decision_id", "no scrutiny board takes this decision's call-ins")
    require_governance(session, actor, board, "record the board's resolution on a call-in")


@api.post("/decisions/<int:decision_id>/resolution")
@writes(_board_clerk)
@spec.validate(
    json=ResolutionInput,
    resp=Responses(HTTP_200=DecisionPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["decisions"],
    security=WRITE,
)
def resolution_json(decision_id: int, json: ResolutionInput) -> DecisionPublic:
    """Record the board's resolution on a call-in."""
    session = get_session()
    decision = decision_row(session, decision_id, api_reader()).decision
    _resolve(session, current_api_person(), decision, json)
    session.commit()
    return _decision_public(decision_row(session, decision_id, api_reader()))


@api.post("/decisions/<int:decision_id>/outcome")
@writes(_keeps)
@spec.validate(
    json=OutcomeInput,
    resp=Responses(HTTP_200=DecisionPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["decisions"],
    security=WRITE,
)
def outcome_json(decision_id: int, json: OutcomeInput) -> DecisionPublic:
    """Record what was decided after a referral back or to full council."""
    session = get_session()
    decision = decision_row(session, decision_id, api_reader()).decision
    record_reconsidered(
        session, actor=current_api_person(), decision=decision, outcome=json.outcome
    )
    session.commit()
    return _decision_public(decision_row(session, decision_id, api_reader()))
