"""The forward plan, decision records and call-ins, through the operations, on both databases.

The clock is Monday 16 November 2026, 09:00 in London (the `now` fixture). Dates worked by
hand beside each assertion; no bank holiday falls between 1 October and 10 December 2026.
"""

import json
from datetime import date, datetime

import pytest
from sqlmodel import col, select

from committee.deadlines.operations import add_closure_day
from committee.decisions.clocks import Route
from committee.decisions.models import (
    CallIn,
    CallInRequest,
    DecisionChange,
    NoticeChange,
)
from committee.decisions.operations import (
    DecisionRefused,
    call_in,
    defer_notice,
    draft_notice,
    end_call_in_periods,
    publish_further_notice,
    record_reconsidered,
    resolve_call_in,
    withdraw_notice,
)
from committee.decisions.queries import rules_of
from committee.errors import Conflict, InvalidInput, PermissionDenied
from committee.notifications.models import OutboxMessage
from committee.papers.models import Paper
from committee.people.models import Role
from committee.timeutil import LONDON
from committee.work_programme.models import WorkProgrammeEntry


def test_a_key_decision_is_refused_before_its_lawful_day_and_recorded_on_it(council, session):
    # Published Thursday 1 October 2026: the 28 clear days are 2 to 29 October, so the
    # decision may be taken from Friday 30 October.
    notice = council.notice(date(2026, 10, 1))
    assert notice.lawful_from == date(2026, 10, 30)
    with pytest.raises(DecisionRefused) as refused:
        council.decision(None, notice=notice, decided_on=date(2026, 10, 29))
    assert refused.value.status == 409
    assert "may not be taken before Friday, 30th October, 2026" in refused.value.message
    assert "general exception" in refused.value.message
    assert "special urgency" in refused.value.message
    session.rollback()
    assert notice.state == "published"

    decision = council.decision(None, notice=notice, decided_on=date(2026, 10, 30))
    assert notice.state == "decided"
    assert decision.notice_id == notice.id


def test_general_exception_and_special_urgency_shorten_the_wait(council):
    # A general exception notice published Monday 9 November: clear days 10 to 14
    # November, so lawful from Sunday the 15th (the regulations count every day).
    excepted = council.notice(
        date(2026, 11, 9),
        route=Route.GENERAL_EXCEPTION,
        exception_reason="The grant's terms arrived on 6 November.",
    )
    assert excepted.lawful_from == date(2026, 11, 15)
    urgent = council.notice(
        date(2026, 11, 13),
        route=Route.SPECIAL_URGENCY,
        exception_reason="The contract ends.",
        urgency_agreed_on=date(2026, 11, 13),
        urgency_agreed_by="Cllr Chair",
    )
    assert urgent.lawful_from == date(2026, 11, 13)
    with pytest.raises(InvalidInput, match="scrutiny chair's agreement"):
        council.notice(
            None,
            route=Route.SPECIAL_URGENCY,
            exception_reason="It cannot wait.",
        )


def test_a_deferred_notice_keeps_its_first_publication_for_the_28_days(council, session):
    notice = council.notice(date(2026, 10, 1))
    with pytest.raises(DecisionRefused, match="Give a new date after"):
        defer_notice(
            session,
            actor=council.clerk,
            notice=notice,
            new_date=date(2026, 11, 1),
            reason="Not ready",
        )
    session.rollback()
    defer_notice(
        session,
        actor=council.clerk,
        notice=notice,
        new_date=date(2026, 12, 8),
        reason="Awaiting the consultation's results",
    )
    session.commit()
    assert notice.decision_due == date(2026, 12, 8)
    assert notice.first_published_on == date(2026, 10, 1)
    assert notice.lawful_from == date(2026, 10, 30)


def test_a_withdrawn_notice_stays_on_the_record(council, session):
    notice = council.notice(date(2026, 10, 1))
    withdraw_notice(session, actor=council.clerk, notice=notice, reason="Proposals dropped")
    session.commit()
    history = session.exec(
        select(NoticeChange.event, NoticeChange.to_state, NoticeChange.reason)
        .where(NoticeChange.notice_id == notice.id)
        .order_by(col(NoticeChange.id))
    ).all()
    assert history == [
        ("draft", "draft", ""),
        ("publish", "published", ""),
        ("withdraw", "withdrawn", "Proposals dropped"),
    ]
    with pytest.raises(DecisionRefused, match="cannot happen to a notice that is withdrawn"):
        council.decision(None, notice=notice, decided_on=date(2026, 11, 2))


def test_the_call_in_period_counts_the_councils_closure_days(council, session):
    # Published Monday 9 November 2026: Tuesday 10th (1), Thursday 12th (2), Friday 13th
    # (3), Monday 16th (4), Tuesday 17th (5), the council being closed on Wednesday 11th.
    add_closure_day(session, actor=council.clerk, day=date(2026, 11, 11), reason="Remembrance")
    session.commit()
    closed = council.decision(date(2026, 11, 9))
    assert closed.state == "call_in_period"
    assert closed.call_in_ends_on == date(2026, 11, 17)


def test_without_closure_days_the_period_is_five_working_days(council):
    # Published Monday 9 November 2026: 10, 11, 12, 13 and Monday 16 November.
    assert council.decision(date(2026, 11, 9)).call_in_ends_on == date(2026, 11, 16)


def test_two_members_call_it_in_and_it_lands_on_the_boards_next_meeting_in_time(
    council, make, session
):
    # Called in on Monday 16 November: ten working days are 17 to 20, 23 to 27 and
    # Monday 30 November. The meeting on Thursday 26 November is in time; 10 December is not.
    in_time = make.meeting(council.board, datetime(2026, 11, 26, 14, 0, tzinfo=LONDON))
    make.meeting(council.board, datetime(2026, 12, 10, 14, 0, tzinfo=LONDON))
    decision = council.decision(date(2026, 11, 13))  # the period ends Friday 20 November

    first = call_in(session, actor=council.first, decision=decision, reasons="Consultation")
    assert (first.called_in, first.more_needed) == (False, 1)
    assert decision.state == "call_in_period"
    second = call_in(session, actor=council.second, decision=decision, reasons="Equality impact")
    session.commit()
    assert second.called_in
    assert decision.state == "called_in"

    held = session.exec(select(CallIn).where(CallIn.decision_id == decision.id)).one()
    assert held.meet_by == date(2026, 11, 30)
    entry = session.get(WorkProgrammeEntry, held.entry_id)
    assert entry.title == "Call-in: Library opening hours"
    assert entry.source == "Call-in"
    # On the agenda (its paper window open since 28 October) with no paper asked of anyone:
    # its papers are the decision notice and report, published already.
    assert (entry.state, entry.meeting_id) == ("briefing_due", in_time.id)
    assert entry.needed_kinds == []
    assert session.exec(select(Paper).where(Paper.entry_id == entry.id)).all() == []

    # A third member's request joins the one call-in with its reasons.
    third = call_in(session, actor=council.third, decision=decision, reasons="Cost")
    session.commit()
    assert third.called_in
    assert len(session.exec(select(CallIn).where(CallIn.decision_id == decision.id)).all()) == 1
    reasons = session.exec(
        select(CallInRequest.reasons)
        .where(CallInRequest.decision_id == decision.id)
        .order_by(col(CallInRequest.id))
    ).all()
    assert reasons == ["Consultation", "Equality impact", "Cost"]


def test_a_call_in_is_refused_late_to_outsiders_twice_and_when_urgent(council, make, session):
    late = council.decision(date(2026, 11, 2))  # ends Monday 9 November
    with pytest.raises(DecisionRefused, match="The call-in period ended on Monday, 9th November"):
        call_in(session, actor=council.chair, decision=late, reasons="Too late")
    session.rollback()

    decision = council.decision(date(2026, 11, 13))
    outsider = make.person(Role.MEMBER, name="Cllr Elsewhere")
    for who in (outsider, council.co_optee):
        with pytest.raises(PermissionDenied, match="Only members of Scrutiny Board"):
            call_in(session, actor=who, decision=decision, reasons="Because")
        session.rollback()
    call_in(session, actor=council.first, decision=decision, reasons="Consultation")
    with pytest.raises(Conflict, match="already asked"):
        call_in(session, actor=council.first, decision=decision, reasons="Again")
    session.rollback()

    urgent = council.decision(
        date(2026, 11, 13), exempt_from_call_in=True, urgency_agreed_by="Cllr Chair"
    )
    assert urgent.state == "in_effect"
    assert urgent.call_in_ends_on is None
    with pytest.raises(
        DecisionRefused, match="exempt from call-in, with the agreement of Cllr Chair"
    ):
        call_in(session, actor=council.chair, decision=urgent, reasons="Urgent?")
    session.rollback()

    # Positive control: the chair alone calls in a decision within its period.
    alone = call_in(session, actor=council.chair, decision=decision, reasons="Chair's view")
    assert alone.called_in


@pytest.mark.parametrize(
    ("outcome", "lands", "after"),
    [
        ("no_further_action", "in_effect", None),
        ("refer_back", "referred_back", "in_effect"),
        ("refer_to_council", "referred_to_council", "in_effect"),
    ],
)
def test_the_boards_resolution_closes_the_call_in(council, make, session, outcome, lands, after):
    make.meeting(council.board, datetime(2026, 11, 26, 14, 0, tzinfo=LONDON))
    decision = council.decision(date(2026, 11, 13))
    call_in(session, actor=council.chair, decision=decision, reasons="Consultation")
    session.commit()
    with pytest.raises(PermissionDenied):
        resolve_call_in(
            session, actor=council.clerk, decision=decision, outcome=outcome, resolution="x"
        )
    session.rollback()
    resolve_call_in(
        session,
        actor=council.board_clerk,
        decision=decision,
        outcome=outcome,
        resolution="RESOLVED as recorded",
    )
    session.commit()
    assert decision.state == lands
    held = session.exec(select(CallIn).where(CallIn.decision_id == decision.id)).one()
    assert held.resolution == "RESOLVED as recorded"
    if after is not None:
        record_reconsidered(
            session, actor=council.clerk, decision=decision, outcome="Hours kept as they are"
        )
        session.commit()
        assert decision.state == after
        assert decision.outcome == "Hours kept as they are"


def test_the_period_over_the_decision_takes_effect(council, session):
    decision = council.decision(date(2026, 11, 9))  # ends Monday 16 November
    assert end_call_in_periods(session, on=date(2026, 11, 16)) == 0
    assert decision.state == "call_in_period"
    assert end_call_in_periods(session, on=date(2026, 11, 17)) == 1
    session.commit()
    assert decision.state == "in_effect"
    history = session.exec(
        select(DecisionChange.event, DecisionChange.actor_id)
        .where(DecisionChange.decision_id == decision.id)
        .order_by(col(DecisionChange.id))
    ).all()
    assert history == [
        ("record", council.clerk.id),
        ("publish", council.clerk.id),
        ("end_call_in_period", None),
    ]


def test_only_the_executives_clerks_keep_the_plan(council, make, session):
    lead = make.person(name="Lead Officer")
    for who in (lead, council.board_clerk, council.first):
        with pytest.raises(PermissionDenied, match="Only the executive's governance officers"):
            draft_notice(
                session,
                actor=who,
                decision_maker=council.executive,
                matter="Parks",
                decision_due=date(2027, 1, 5),
            )
    # Positive control: the Cabinet's clerk and an administrator do.
    for who in (council.clerk, council.admin):
        assert (
            draft_notice(
                session,
                actor=who,
                decision_maker=council.executive,
                matter="Parks",
                decision_due=date(2027, 1, 5),
            ).state
            == "draft"
        )


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def test_the_clerk_asks_the_service_for_the_connecting_communities_dates(run):
    # The 2016 decision: notice published Monday 25 January, Cabinet decided Tuesday 23
    # February, decision notice Thursday 25 February; call-in ends Thursday 3 March; called
    # in that day, the board meets by Thursday 17 March (4, 7-11, 14-17 March: ten).
    result = run(
        "decisions",
        "clocks",
        "--notice-published",
        "2016-01-25",
        "--decision-notice-published",
        "2016-02-25",
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "notice_published": "2016-01-25",
        "route": "forward_plan",
        "lawful_from": "2016-02-23",
        "call_in_ends": "2016-03-03",
        "meet_by_if_called_in_on_the_last_day": "2016-03-17",
    }
    words = run("decisions", "clocks", "--notice-published", "2016-01-25").output
    assert "May be decided from:   Tuesday, 23rd February, 2016" in words


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--notice-published", "2016-02-30"], "is not a date"),
        (["--notice-published", "2016-01-25", "--route", "whenever"], "'whenever' is not one of"),
        (["--notice-published", "2016-01-25", "--route", "special_urgency"], "the chair agreed"),
        ([], "Missing option '--notice-published'"),
    ],
)
def test_the_clocks_command_refuses_bad_input_in_words(run, args, message):
    result = run("decisions", "clocks", *args)
    assert result.exit_code == 2
    assert message in result.output


def outbox(session, kind: str) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def test_each_step_reaches_the_people_it_concerns(council, make, session):
    # The scrutiny chair is told of a general exception notice when it is published.
    council.notice(
        date(2026, 11, 9),
        route=Route.GENERAL_EXCEPTION,
        exception_reason="The grant's terms arrived on 6 November.",
    )
    [exception] = outbox(session, "exception_notice")
    assert council.chair.email in exception.to_addresses
    assert council.board_clerk.email in exception.to_addresses
    assert council.first.email not in exception.to_addresses
    assert "Sunday, 15th November, 2026" in exception.body_text
    # Positive control: a notice with 28 days' notice tells nobody.
    council.notice(date(2026, 11, 9), matter="Parks")
    assert len(outbox(session, "exception_notice")) == 1

    make.meeting(council.board, datetime(2026, 11, 26, 14, 0, tzinfo=LONDON))
    decision = council.decision(date(2026, 11, 13))
    call_in(session, actor=council.first, decision=decision, reasons="Consultation")
    assert outbox(session, "decision_called_in") == []  # one member is not yet a call-in
    call_in(session, actor=council.second, decision=decision, reasons="Equality impact")
    session.commit()
    [called] = outbox(session, "decision_called_in")
    for person in (
        council.chair,
        council.first,
        council.second,
        council.third,
        council.board_clerk,
    ):
        assert person.email in called.to_addresses
    assert council.co_optee.email not in called.to_addresses
    assert "Cllr One and Cllr Two" in called.body_text
    assert "by Monday, 30th November, 2026" in called.body_text
    assert "Thursday, 26th November, 2026" in called.body_text

    resolve_call_in(
        session,
        actor=council.board_clerk,
        decision=decision,
        outcome="refer_back",
        resolution="RESOLVED that the decision be referred back.",
    )
    session.commit()
    [resolved] = outbox(session, "call_in_resolved")
    assert council.clerk.email in resolved.to_addresses
    assert council.chair.email in resolved.to_addresses
    assert "Referred back." in resolved.body_text


def test_the_service_sets_up_its_decision_makers_and_call_in_rules_from_the_command_line(
    run, make, session
):
    board = make.committee("scrutiny-board-4", name="Scrutiny Board (4)")
    make.committee("cabinet", name="Cabinet")
    maton = make.person(name="K Maton", email="k.maton@council.test")
    assert run("decisions", "makers").output == (
        "No decision makers yet: add one with add-maker.\n"
    )
    added = run(
        "decisions", "add-maker", "Cabinet", "--kind", "executive", "--committee", "cabinet"
    )
    assert added.exit_code == 0, added.output
    assert added.output.startswith("Added decision maker ")
    member = run(
        "decisions",
        "add-maker",
        "Cabinet Member for Education and Skills",
        "--kind",
        "cabinet_member",
        "--person",
        maton.email,
    )
    assert member.exit_code == 0, member.output
    listed = run("decisions", "makers").output.splitlines()
    assert [line.split("\t")[1:] for line in listed] == [
        ["Cabinet", "executive"],
        ["Cabinet Member for Education and Skills", "cabinet_member"],
    ]
    rules = run(
        "decisions",
        "rules",
        "--call-in-days",
        "7",
        "--members-needed",
        "3",
        "--meeting-days",
        "15",
        "--board",
        board.slug,
    )
    assert rules.exit_code == 0, rules.output
    assert "7 working days" in rules.output
    assert rules_of(session).call_in_members_needed == 3


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["add-maker", "Cabinet", "--kind", "executive"], "name its committee", 1),
        (["add-maker", "Cabinet", "--kind", "king"], "'king' is not one of", 2),
        (["add-maker", "", "--kind", "officer"], "it is needed", 1),
        (["add-maker", "X", "--kind", "officer", "--person", "nobody@x.test"], "Nobody has", 1),
        (
            [
                "rules",
                "--call-in-days",
                "0",
                "--members-needed",
                "2",
                "--meeting-days",
                "10",
                "--board",
                "scrutiny-board-4",
            ],
            "from 1 to 30",
            1,
        ),
        (
            [
                "rules",
                "--call-in-days",
                "5",
                "--members-needed",
                "2",
                "--meeting-days",
                "10",
                "--board",
                "nowhere",
            ],
            "nowhere",
            1,
        ),
    ],
)
def test_bad_set_up_is_refused_in_words(run, make, args, message, code):
    make.committee("scrutiny-board-4", name="Scrutiny Board (4)")
    result = run("decisions", *args)
    assert result.exit_code == code, result.output
    assert message in result.output


def test_the_lead_officer_hears_of_the_call_in_and_everyone_of_the_end(council, make, session):
    lead = make.person(name="Kirston Nelson", email="kirston.nelson@council.test")
    notice = council.notice(date(2026, 10, 1), lead_officer="Kirston Nelson")
    decision = council.decision(date(2026, 11, 13), notice=notice, decided_on=date(2026, 10, 30))
    call_in(session, actor=council.chair, decision=decision, reasons="Consultation")
    session.commit()
    [called] = outbox(session, "decision_called_in")
    assert lead.email in called.to_addresses
    resolve_call_in(
        session,
        actor=council.board_clerk,
        decision=decision,
        outcome="refer_to_council",
        resolution="RESOLVED that the decision be referred to full council.",
    )
    record_reconsidered(
        session, actor=council.clerk, decision=decision, outcome="Council kept the hours."
    )
    session.commit()
    [ended] = outbox(session, "decision_reconsidered")
    for person in (lead, council.chair, council.first, council.board_clerk):
        assert person.email in ended.to_addresses
    assert "referred to full council" in ended.body_text
    assert "Council kept the hours." in ended.body_text


def test_a_private_decisions_further_notice_goes_out_five_clear_days_before(council, session):
    # Expected Tuesday 24 November 2026: five clear days (19 to 23 November) leave Wednesday
    # 18 November as the last day for the further notice (today is Monday 16 November).
    notice = council.notice(
        date(2026, 10, 1),
        decision_due=date(2026, 11, 24),
        exempt_paragraph=3,
        private_reason="The bidders' financial affairs.",
    )
    with pytest.raises(InvalidInput, match="representations"):
        publish_further_notice(session, actor=council.clerk, notice=notice, answer=" ")
    session.rollback()
    with pytest.raises(DecisionRefused, match="had to go out by Wednesday, 18th November, 2026"):
        publish_further_notice(
            session, actor=council.clerk, notice=notice, answer="None.", on=date(2026, 11, 19)
        )
    session.rollback()
    publish_further_notice(
        session,
        actor=council.clerk,
        notice=notice,
        answer="None were made.",
        on=date(2026, 11, 18),
    )
    session.commit()
    assert notice.further_notice_published_on == date(2026, 11, 18)
    with pytest.raises(Conflict, match="it is a record"):
        publish_further_notice(session, actor=council.clerk, notice=notice, answer="Again")
    session.rollback()
    public = council.notice(date(2026, 10, 1), matter="Parks")
    with pytest.raises(DecisionRefused, match="taken in public"):
        publish_further_notice(session, actor=council.clerk, notice=public, answer="x")
