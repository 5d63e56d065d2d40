"""Every main page, as each role sees it: no serious accessibility faults, nothing wider than a phone."""

from datetime import date, datetime

import pytest
from playwright.sync_api import Browser
from sqlmodel import select

from committee.decisions.models import MakerKind
from committee.decisions.operations import (
    add_decision_maker,
    draft_notice,
    publish_decision,
    publish_notice,
    record_decision,
    set_call_in_rules,
)
from committee.minutes.operations import publish_minutes, save_minutes
from committee.minutes.schemas import MinutesInput
from committee.people.models import Role
from committee.people.operations import set_password
from committee.recommendations.models import Recommendation
from committee.timeutil import LONDON
from tests.agenda.helpers import board_with_a_meeting
from tests.browser.conftest import PHONE, LiveService, serious_violations, sideways_overflow
from tests.conftest import PASSWORD

PUBLIC_PAGES = [
    "/",
    "/sign-in",
    "/forgot-password",
    "/lifecycle",
    "/committees/scrutiny-board-2",
    "/committees/scrutiny-board-2/members",
]
ADMIN = "ada.admin@council.test"


def _pages_for(board) -> dict[str, list[str]]:
    meeting = f"/meetings/{board.meeting.id}"
    minutes = f"/meetings/{board.held.id}/minutes"
    fostering = f"/entries/{board.entries['Fostering']}"
    slug = "/committees/scrutiny-board-2"
    return {
        "public": [
            *PUBLIC_PAGES,
            f"{slug}/work-programme",
            meeting,
            fostering,
            minutes,
            f"{slug}/recommendations",
            f"/recommendations/{board.recommendation_id}",
            "/forward-plan",
            f"/notices/{board.notice_id}",
            "/decisions",
            f"/decisions/{board.decision_id}",
        ],
        board.clerk.email: [
            "/home",
            meeting,
            f"{meeting}/change",
            fostering,
            f"{fostering}/edit",
            f"{slug}/work-programme",
            f"{slug}/work-programme/new",
            f"{slug}/work-programme/import",
            f"{slug}/meetings/new",
            f"{slug}/deadlines",
            f"{slug}/settings",
            f"{slug}/members",
            "/closure-days",
            "/my/calendar",
            minutes,
            f"{minutes}/edit",
            f"{minutes}/correct",
            f"{minutes}/correct?minute=1",
            f"{slug}/recommendations",
            f"/recommendations/{board.recommendation_id}",
        ],
        board.leads["Sonia Watson"].email: ["/home", "/my/papers", fostering],
        board.member.email: ["/home", meeting, "/my/calendar", f"/decisions/{board.decision_id}"],
        ADMIN: [
            "/",
            "/admin/people",
            f"/admin/people/{board.clerk.id}",
            "/committees/new",
            "/home",
            "/forward-plan",
            "/forward-plan/notices/new",
            f"/notices/{board.notice_id}",
            f"/decisions/{board.decision_id}",
        ],
    }


@pytest.fixture
def board(live: LiveService, time_machine):
    time_machine.move_to(datetime(2026, 11, 16, 9, 0, tzinfo=LONDON), tick=False)
    session, make = live.factory()
    with session:
        board = board_with_a_meeting(make, session)
        admin = make.person(Role.ADMIN, name="Ada Admin", email=ADMIN)
        for person in (board.clerk, board.member, admin, *board.leads.values()):
            set_password(session, person=person, password=PASSWORD)
        board.held = make.meeting(board.committee, datetime(2026, 10, 15, 14, 0, tzinfo=LONDON))
        minutes = MinutesInput.model_validate(
            {
                "closed_at": "16:30",
                "attendance": [{"kind": "member", "name": "Councillor M Mutton", "note": "Chair"}],
                "minutes": [
                    {
                        "title": "Supported Internship",
                        "text": "The Board considered a Briefing Note.\n\n- Five job offers",
                        "resolutions": [
                            {"text": "Note the progress"},
                            {
                                "text": "Ask the Cabinet Member to extend it",
                                "recommendation": {"to": "Council"},
                            },
                        ],
                    }
                ],
            }
        )
        save_minutes(session, actor=board.clerk, meeting=board.held, data=minutes)
        publish_minutes(session, actor=board.clerk, meeting=board.held, response_months=2)
        board.recommendation_id = session.exec(select(Recommendation.id)).one()
        cabinet = add_decision_maker(
            session,
            actor=admin,
            name="Cabinet",
            kind=MakerKind.EXECUTIVE,
            committee=make.committee("cabinet", name="Cabinet"),
        )
        set_call_in_rules(
            session,
            actor=admin,
            call_in_working_days=5,
            call_in_members_needed=2,
            call_in_meeting_working_days=10,
            call_in_committee=board.committee,
        )
        notice = draft_notice(
            session,
            actor=admin,
            decision_maker=cabinet,
            matter="Library opening hours",
            decision_due=date(2027, 1, 12),
            summary="Shorter hours at three branches.",
        )
        publish_notice(session, actor=admin, notice=notice)
        decision = record_decision(
            session,
            actor=admin,
            decision_maker=cabinet,
            title="Mobile library",
            decided_on=date(2026, 11, 12),
            decision="Approved the new route.",
        )
        publish_decision(session, actor=admin, decision=decision)
        board.notice_id, board.decision_id = notice.id, decision.id
        session.commit()
        return board


def test_every_main_page_is_accessible_and_fits_a_phone(browser: Browser, live, board):
    faults = []
    for who, paths in _pages_for(board).items():
        context = browser.new_context(base_url=live.url, viewport=PHONE, bypass_csp=True)
        page = context.new_page()
        if who != "public":
            page.goto("/sign-in")
            page.get_by_label("Email address").fill(who)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/home")
        for path in paths:
            response = page.goto(path)
            assert response is not None
            if response.status != 200:
                faults.append(f"{who} {path}: status {response.status}")
                continue
            faults += [f"{who} {path}: {fault}" for fault in serious_violations(page)]
            if (overflow := sideways_overflow(page)) > 0:
                faults.append(f"{who} {path}: {overflow}px wider than a 375px phone")
        context.close()
    assert faults == [], "\n".join(faults)
