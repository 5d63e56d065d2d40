"""Recommendations as pages and an API: a committee's list, each one with its history, and the
forms that record the response and the implementation.

A recommendation made in private business, or concerning an entry that is
private now, is read only by those committee.visibility lets read it; to
anyone else there is none.
"""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from spectree import Response as Responses
from sqlmodel import Session, col, select
from werkzeug.wrappers import Response as BaseResponse

from committee.api import ERRORS, WRITE, ErrorBody, api_blueprint, spec, writes
from committee.committees.models import Committee
from committee.committees.queries import get_committee, governed_committee
from committee.db import get_session
from committee.errors import InvalidInput, NotFound, OperationError
from committee.people.actors import Actor
from committee.people.auth import current_api_person, current_person, sign_in_required
from committee.people.permissions import require_governance
from committee.recommendations.models import Recommendation
from committee.recommendations.operations import (
    TRACK_RECOMMENDATIONS,
    add_report_recommendation,
    answer_recommendation,
    implement_recommendation,
)
from committee.recommendations.queries import (
    RecommendationView,
    history_of_recommendation,
    recommendation_status,
    recommendation_view,
    recommendations_of,
)
from committee.recommendations.schemas import (
    AnswerInput,
    ImplementedInput,
    RecommendationList,
    RecommendationPublic,
    ReportRecommendationInput,
)
from committee.timeutil import today_in_london
from committee.visibility.queries import Reader
from committee.visibility.views import api_reader, page_reader
from committee.web import form_payload, page_action
from committee.work_programme.models import WorkProgrammeEntry
from workflows.recommendation import ANSWER_LABELS, Answer, events_from

pages = Blueprint("recommendations", __name__, template_folder="templates")
api = api_blueprint("recommendations_api", __name__)


def _readable(session: Session, recommendation_id: int, reader: Reader) -> RecommendationView:
    """The recommendation if the reader may read it; else, as if there were none, 404."""
    view = recommendation_view(session, recommendation_id)
    if not reader.may_read(view.business):
        raise NotFound(f"No recommendation has the number {recommendation_id}.")
    return view


@pages.get("/committees/<slug>/recommendations")
def recommendations_page(slug: str) -> str:
    session = get_session()
    committee = get_committee(session, slug)
    reader = page_reader()
    clerk = reader.governs(committee.id)
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
        "recommendations/recommendations.html",
        committee=committee,
        recommendations=recommendations_of(session, committee.id, reader),
        status=recommendation_status,
        today=today_in_london(),
        clerk=clerk,
        entries=entries,
        values=request.form,
    )


def _recommendation_page(
    view: RecommendationView, *, status: int = 200, error: str | None = None
) -> tuple[str, int]:
    session = get_session()
    recommendation = view.recommendation
    return render_template(
        "recommendations/recommendation.html",
        committee=session.get(Committee, recommendation.committee_id),
        recommendation=recommendation,
        private=view.is_private,
        status_words=recommendation_status(recommendation, today_in_london()),
        history=history_of_recommendation(session, recommendation),
        clerk=page_reader().governs(recommendation.committee_id),
        events=events_from(recommendation.state),
        answers=ANSWER_LABELS,
        today=today_in_london(),
        error=error,
        values=request.form,
    ), status


@pages.get("/recommendations/<int:recommendation_id>")
def recommendation_page(recommendation_id: int) -> tuple[str, int]:
    return _recommendation_page(_readable(get_session(), recommendation_id, page_reader()))


@pages.post("/recommendations/<int:recommendation_id>/<any(answer, implement):event>")
@sign_in_required
def move_recommendation_page(recommendation_id: int, event: str) -> ResponseReturnValue:
    session = get_session()
    _readable(session, recommendation_id, page_reader())

    def move() -> object:
        if event == "answer":
            answer = form_payload(AnswerInput)
            return answer_recommendation(
                session,
                actor=current_person(),
                recommendation_id=recommendation_id,
                answer=answer.answer,
                response=answer.response,
                answered_on=answer.answered_on,
                version=answer.version,
            )
        done = form_payload(ImplementedInput)
        return implement_recommendation(
            session,
            actor=current_person(),
            recommendation_id=recommendation_id,
            implemented_on=done.implemented_on,
            note=done.note,
            version=done.version,
        )

    return page_action(
        move,
        done="The response is recorded." if event == "answer" else "Recorded as implemented.",
        then=url_for("recommendations.recommendation_page", recommendation_id=recommendation_id),
        again=lambda error: _recommendation_page(
            recommendation_view(session, recommendation_id),
            status=error.status,
            error=error.in_words,
        ),
    )


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
        flash(f"That could not be added: {error.in_words}")
        return redirect(url_for("recommendations.recommendations_page", slug=slug), 303)
    flash("The report's recommendation is being tracked.")
    return redirect(
        url_for("recommendations.recommendation_page", recommendation_id=recommendation.id)
    )


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


# The API: /api/committees/<slug>/recommendations, /api/recommendations/<id>


def _recommendation_public(session: Session, view: RecommendationView) -> RecommendationPublic:
    recommendation = view.recommendation
    committee = session.get(Committee, recommendation.committee_id)
    return RecommendationPublic(
        id=recommendation.id,
        committee=committee.slug if committee else "",
        to=recommendation.to_whom,
        text=recommendation.text,
        source=recommendation.source,
        private=view.is_private,
        state=recommendation.state,
        status=recommendation_status(recommendation, today_in_london()),
        sent_on=recommendation.sent_on,
        response_due=recommendation.response_due,
        answer=Answer(recommendation.answer) if recommendation.answer else None,
        response=recommendation.response,
        answered_on=recommendation.answered_on,
        implemented_on=recommendation.implemented_on,
        version=recommendation.version,
    )


@api.get("/committees/<slug>/recommendations")
@spec.validate(resp=Responses(HTTP_200=RecommendationList, **ERRORS), tags=["recommendations"])
def recommendations_json(slug: str) -> RecommendationList:
    """The committee's recommendations, open ones first (private ones only for those who may
    read them)."""
    session = get_session()
    committee = get_committee(session, slug)
    return RecommendationList(
        recommendations=[
            _recommendation_public(session, view)
            for view in recommendations_of(session, committee.id, api_reader())
        ]
    )


def _tracks(
    actor: Actor, *, slug: str | None = None, recommendation_id: int | None = None, **_path: object
) -> None:
    session = get_session()
    if recommendation_id is None:
        governed_committee(session, actor, slug or "", TRACK_RECOMMENDATIONS)
        return
    committee = session.get(
        Committee, recommendation_view(session, recommendation_id).recommendation.committee_id
    )
    assert committee is not None  # a foreign key
    require_governance(session, actor, committee, TRACK_RECOMMENDATIONS)


@api.post("/committees/<slug>/recommendations")
@writes(_tracks)
@spec.validate(
    json=ReportRecommendationInput,
    resp=Responses(HTTP_201=RecommendationPublic, HTTP_422=ErrorBody, **ERRORS),
    tags=["recommendations"],
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
    view = recommendation_view(session, recommendation.id)
    return _recommendation_public(session, view), 201


@api.get("/recommendations/<int:recommendation_id>")
@spec.validate(resp=Responses(HTTP_200=RecommendationPublic, **ERRORS), tags=["recommendations"])
def recommendation_json(recommendation_id: int) -> RecommendationPublic:
    session = get_session()
    return _recommendation_public(session, _readable(session, recommendation_id, api_reader()))


@api.post("/recommendations/<int:recommendation_id>/answer")
@writes(_tracks)
@spec.validate(
    json=AnswerInput,
    resp=Responses(HTTP_200=RecommendationPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["recommendations"],
    security=WRITE,
)
def answer_json(recommendation_id: int, json: AnswerInput) -> RecommendationPublic:
    """Record the response: accepted, partly accepted or rejected."""
    session = get_session()
    answer_recommendation(
        session,
        actor=current_api_person(),
        recommendation_id=recommendation_id,
        answer=json.answer,
        response=json.response,
        answered_on=json.answered_on,
        version=json.version,
    )
    session.commit()
    return _recommendation_public(session, recommendation_view(session, recommendation_id))


@api.post("/recommendations/<int:recommendation_id>/implemented")
@writes(_tracks)
@spec.validate(
    json=ImplementedInput,
    resp=Responses(HTTP_200=RecommendationPublic, HTTP_409=ErrorBody, HTTP_422=ErrorBody, **ERRORS),
    tags=["recommendations"],
    security=WRITE,
)
def implemented_json(recommendation_id: int, json: ImplementedInput) -> RecommendationPublic:
    """Record that an accepted recommendation has been implemented."""
    session = get_session()
    implement_recommendation(
        session,
        actor=current_api_person(),
        recommendation_id=recommendation_id,
        implemented_on=json.implemented_on,
        note=json.note,
        version=json.version,
    )
    session.commit()
    return _recommendation_public(session, recommendation_view(session, recommendation_id))
