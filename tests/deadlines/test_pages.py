"""Changing a committee's paper deadlines and the council's closure days from the pages."""

from datetime import date, datetime, time

import pytest
from sqlmodel import select

from committee.deadlines.models import ClosureDay
from committee.people.models import Role
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.conftest import PASSWORD, csrf_token, sign_in

PAGE = "/committees/scrutiny-board-2/deadlines"


@pytest.fixture
def board(now, make, session):
    committee = make.committee("scrutiny-board-2")
    clerk = make.clerk(committee, email="clerk@council.test")
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    return committee


def test_a_governance_officer_changes_the_deadlines_and_sees_them_move(
    client, make, board, session
):
    make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    sign_in(client, "clerk@council.test")
    assert f'href="{PAGE}">Paper deadlines</a>' in client.get(
        "/committees/scrutiny-board-2"
    ).get_data(as_text=True)
    before = client.get(PAGE).get_data(as_text=True)
    assert (
        "Draft to Governance Services</dt><dd>10.00 am on Wednesday, 17th February, 2027" in before
    )
    assert "This moves the deadlines of its 1 coming meeting:" in before
    saved = client.post(
        PAGE,
        data={
            "csrf_token": csrf_token(client, PAGE),
            "draft_days": "7",
            "final_days": "3",
            "window_days": "10",
            "deadline_time": "12:00",
        },
    )
    assert saved.status_code == 302
    session.refresh(board)
    assert (board.draft_days, board.final_days, board.deadline_time) == (7, 3, time(12, 0))
    after = client.get(PAGE).get_data(as_text=True)
    assert "Draft to Governance Services</dt><dd>12.00 pm on Monday, 15th February, 2027" in after


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"draft_days": "2", "final_days": "5"}, "final_days"),
        ({"draft_days": "-1"}, "draft_days"),
        ({"draft_days": "many"}, "draft_days"),
        ({"draft_days": "99999999999999999999"}, "draft_days"),
        ({"deadline_time": "25:00"}, "deadline_time"),
    ],
)
def test_bad_deadlines_are_refused_keeping_what_was_typed(client, board, session, fields, message):
    sign_in(client, "clerk@council.test")
    refused = client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), **fields})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert message in page
    first = next(iter(fields))
    assert f'value="{fields[first]}"' in page
    session.refresh(board)
    assert (board.draft_days, board.final_days) == (5, 2)


def test_only_the_committees_governance_officers_change_its_deadlines(client, make, board, session):
    member = make.person(Role.MEMBER, committees=(board,), email="cllr@council.test")
    set_password(session, person=member, password=PASSWORD)
    session.commit()
    sign_in(client, member.email)
    assert client.get(PAGE).status_code == 403
    refused = client.post(PAGE, data={"csrf_token": csrf_token(client, "/home"), "draft_days": "9"})
    assert refused.status_code == 403
    assert client.get("/closure-days").status_code == 403
    session.refresh(board)
    assert board.draft_days == 5


def test_closure_days_are_added_and_removed_from_their_page(client, board, session):
    sign_in(client, "clerk@council.test")
    token = csrf_token(client, "/closure-days")
    added = client.post(
        "/closure-days",
        data={"csrf_token": token, "day": "2026-12-29", "reason": "Christmas closure"},
    )
    assert added.status_code == 302
    page = client.get("/closure-days").get_data(as_text=True)
    assert "Tuesday, 29th December, 2026 is a closure day: deadlines count past it." in page
    assert '<td class="govuk-table__cell">Christmas closure</td>' in page
    assert session.get(ClosureDay, date(2026, 12, 29)).reason == "Christmas closure"

    twice = client.post(
        "/closure-days", data={"csrf_token": token, "day": "2026-12-29", "reason": "Again"}
    )
    assert twice.status_code == 409
    assert "2026-12-29 is already a closure day." in twice.get_data(as_text=True)

    removed = client.post(
        "/closure-days/2026-12-29/remove", data={"csrf_token": token, "confirmed": "yes"}
    )
    assert removed.status_code == 302
    session.expire_all()
    assert session.get(ClosureDay, date(2026, 12, 29)) is None


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"day": "2026-02-30", "reason": "x"}, 422, "day"),
        ({"day": "", "reason": "x"}, 422, "day"),
        ({"day": "2026-12-29", "reason": ""}, 422, "reason"),
        ({"day": "1066-10-14", "reason": "Hastings"}, 422, "day"),
        ({"day": "2026-12-29", "reason": "x" * 201}, 422, "reason"),
    ],
)
def test_a_bad_closure_day_is_refused(client, board, session, fields, status, message):
    sign_in(client, "clerk@council.test")
    refused = client.post(
        "/closure-days", data={"csrf_token": csrf_token(client, "/closure-days"), **fields}
    )
    assert refused.status_code == status
    assert message in refused.get_data(as_text=True)
    assert session.exec(select(ClosureDay)).all() == []


@pytest.mark.parametrize("day", ["not-a-day", "2026-13-01", "9" * 30])
def test_removing_an_odd_day_is_a_clear_refusal(client, board, day):
    sign_in(client, "clerk@council.test")
    refused = client.post(
        f"/closure-days/{day}/remove",
        data={"csrf_token": csrf_token(client, "/closure-days"), "confirmed": "yes"},
    )
    assert refused.status_code == 422
    assert "is not a date: use YYYY-MM-DD" in refused.get_data(as_text=True)
