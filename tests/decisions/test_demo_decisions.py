"""The demo's executive: Connecting Communities in 2016 and a live forward plan today."""

from datetime import date

from sqlmodel import select

from committee.decisions.models import CallIn, Decision, KeyDecisionNotice, NoticeScrutiny
from committee.decisions.queries import history_of_decision, history_of_notice
from committee.demo.seed import CONNECTING_COMMUNITIES, seed_demo
from committee.meetings.models import Meeting
from committee.work_programme.models import WorkProgrammeEntry


def test_the_demo_has_connecting_communities_with_its_dates_and_the_boards_item(session, now):
    seed_demo(session)
    notice = session.exec(
        select(KeyDecisionNotice).where(KeyDecisionNotice.matter == CONNECTING_COMMUNITIES)
    ).one()
    # Notice Monday 25 January 2016; 28 clear days (26 January to 22 February); lawful
    # Tuesday 23 February, the day Cabinet decided.
    assert notice.first_published_on == date(2016, 1, 25)
    assert notice.lawful_from == date(2016, 2, 23)
    assert notice.state == "decided"
    decision = session.exec(select(Decision).where(Decision.notice_id == notice.id)).one()
    assert decision.decided_on == date(2016, 2, 23)
    # Published Thursday 25 February: 26, 29 February, 1, 2, 3 March.
    assert decision.published_on == date(2016, 2, 25)
    assert decision.call_in_ends_on == date(2016, 3, 3)
    assert decision.state == "in_effect"
    cabinet_meeting = session.get(Meeting, decision.meeting_id)
    assert cabinet_meeting.start.date() == date(2016, 2, 23)
    link = session.exec(select(NoticeScrutiny).where(NoticeScrutiny.notice_id == notice.id)).one()
    item = session.get(WorkProgrammeEntry, link.entry_id)
    assert item.title == "Connecting Communities"
    assert session.get(Meeting, item.meeting_id).start.date() == date(2016, 3, 17)


def test_the_demo_has_a_live_plan_with_an_exception_and_a_call_in_waiting(session, now):
    seed_demo(session)
    routes = {
        notice.route
        for notice in session.exec(
            select(KeyDecisionNotice).where(KeyDecisionNotice.state == "published")
        )
    }
    assert routes == {"forward_plan", "general_exception"}
    assert session.exec(
        select(KeyDecisionNotice).where(
            KeyDecisionNotice.state == "published",
            KeyDecisionNotice.exempt_paragraph == 3,
        )
    ).one()
    called = session.exec(select(Decision).where(Decision.state == "called_in")).one()
    call_in = session.exec(select(CallIn).where(CallIn.decision_id == called.id)).one()
    entry = session.get(WorkProgrammeEntry, call_in.entry_id)
    assert entry.source == "Call-in"
    assert session.exec(select(Decision).where(Decision.state == "call_in_period")).one()


def test_the_2016_history_is_dated_when_it_happened(session, now):
    seed_demo(session)
    notice = session.exec(
        select(KeyDecisionNotice).where(KeyDecisionNotice.matter == CONNECTING_COMMUNITIES)
    ).one()
    history = [(change.event, change.at.date()) for change, _ in history_of_notice(session, notice)]
    assert history == [
        ("draft", date(2016, 1, 20)),
        ("publish", date(2016, 1, 25)),
        ("decide", date(2016, 2, 23)),
    ]
    decision = session.exec(select(Decision).where(Decision.notice_id == notice.id)).one()
    assert [(c.event, c.at.date()) for c, _ in history_of_decision(session, decision)] == [
        ("record", date(2016, 2, 23)),
        ("publish", date(2016, 2, 25)),
        ("end_call_in_period", date(2016, 3, 4)),
    ]
