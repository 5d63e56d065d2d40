"""The executive's clocks, each date worked by hand in the test's words.

2016 is a leap year; Good Friday 2016 was 25 March and Easter Monday 28 March. In 2026
Christmas Day is a Friday and Boxing Day a Saturday, so its bank holiday is Monday 28
December; New Year's Day 2027 is a Friday.
"""

from datetime import date

import pytest

from committee.deadlines.calendar import WorkingCalendar
from committee.decisions.clocks import (
    Route,
    after_clear_days,
    call_in_meeting_by,
    call_in_period_ends,
    earliest_decision_day,
    latest_notice_day,
    private_meeting_notices,
    too_early,
)


def test_a_key_decision_waits_twenty_eight_clear_days_after_its_notice():
    # Published Monday 25 January 2016: the clear days are 26 to 31 January (6) and 1 to
    # 22 February (22), 28 in all; Cabinet may decide on Tuesday 23 February, as it did.
    assert earliest_decision_day(Route.FORWARD_PLAN, date(2016, 1, 25)) == date(2016, 2, 23)
    # A day later is a day too late for the 23rd.
    assert earliest_decision_day(Route.FORWARD_PLAN, date(2016, 1, 26)) == date(2016, 2, 24)


def test_clear_days_run_through_weekends_and_the_leap_day():
    # Published Sunday 31 January 2016: 1 to 28 February are the 28 clear days, weekends
    # and all; Monday 29 February, the leap day, is the first lawful day.
    assert after_clear_days(date(2016, 1, 31), 28) == date(2016, 2, 29)
    # Published Saturday 30 January: 31 January and 1 to 27 February; Sunday the 28th.
    assert after_clear_days(date(2016, 1, 30), 28) == date(2016, 2, 28)


def test_a_general_exception_waits_five_clear_days():
    # Notice to the scrutiny chair published Wednesday 17 February 2016: the clear days
    # are the 18th, 19th, 20th, 21st and 22nd; the decision may be taken on the 23rd.
    assert earliest_decision_day(Route.GENERAL_EXCEPTION, date(2016, 2, 17)) == date(2016, 2, 23)


def test_special_urgency_is_lawful_on_the_day_the_chair_agrees():
    agreed = date(2016, 2, 22)
    assert earliest_decision_day(Route.SPECIAL_URGENCY, date(2016, 2, 22), agreed=agreed) == agreed
    with pytest.raises(ValueError, match="the day the chair agreed"):
        earliest_decision_day(Route.SPECIAL_URGENCY, date(2016, 2, 22))


def test_a_private_meeting_needs_its_two_notices_in_time():
    # Meeting Thursday 17 March 2016. Further notice (reg. 5(4)): five clear days, the
    # 12th to the 16th, so by Friday 11 March. Intention (reg. 5(2)): 28 clear days,
    # 18 to 29 February (12) and 1 to 16 March (16), so by Wednesday 17 February.
    notices = private_meeting_notices(date(2016, 3, 17))
    assert notices.further_notice_by == date(2016, 3, 11)
    assert notices.intention_by == date(2016, 2, 17)


def test_the_call_in_period_counts_working_days_after_the_decision_notice():
    # Decision notice published Thursday 25 February 2016: Friday 26th (1), Monday 29th
    # (2), Tuesday 1 March (3), Wednesday 2nd (4), Thursday 3rd (5).
    assert call_in_period_ends(WorkingCalendar(), date(2016, 2, 25)) == date(2016, 3, 3)


def test_the_call_in_period_skips_bank_holidays_and_closure_days():
    # Published Wednesday 23 December 2026: Thursday 24th (1); Friday 25th Christmas;
    # the weekend; Monday 28th the Boxing Day holiday; Tuesday 29th (2), Wednesday 30th
    # (3), Thursday 31st (4); Friday 1 January New Year; Monday 4 January (5).
    assert call_in_period_ends(WorkingCalendar(), date(2026, 12, 23)) == date(2027, 1, 4)
    # With the council closed on Tuesday 29 December, the fifth is Tuesday 5 January.
    closed = WorkingCalendar([date(2026, 12, 29)])
    assert call_in_period_ends(closed, date(2026, 12, 23)) == date(2027, 1, 5)
    # A constitution with a three-day period: 24th, 29th, 30th.
    assert call_in_period_ends(WorkingCalendar(), date(2026, 12, 23), 3) == date(2026, 12, 30)


def test_the_board_meets_on_a_call_in_within_ten_working_days():
    # Called in Thursday 17 March 2016: 18, 21, 22, 23, 24 (5); Good Friday and Easter
    # Monday skipped; 29, 30, 31 March, 1 April (9); Monday 4 April (10).
    assert call_in_meeting_by(WorkingCalendar(), date(2016, 3, 17)) == date(2016, 4, 4)


def test_a_refusal_names_the_day_and_the_routes_left():
    message = too_early(Route.FORWARD_PLAN, date(2016, 2, 23))
    assert message.startswith("The decision may not be taken before Tuesday, 23rd February, 2016")
    assert "general exception" in message
    assert "special urgency" in message
    assert (
        "general exception"
        not in too_early(Route.GENERAL_EXCEPTION, date(2016, 2, 23)).split("To take it sooner")[1]
    )


def test_the_last_day_to_publish_for_a_decision_on_its_day():
    # For Tuesday 23 February 2016: 28 clear days back leaves Monday 25 January; under a
    # general exception, five clear days back leaves Wednesday 17 February.
    assert latest_notice_day(Route.FORWARD_PLAN, date(2016, 2, 23)) == date(2016, 1, 25)
    assert latest_notice_day(Route.GENERAL_EXCEPTION, date(2016, 2, 23)) == date(2016, 2, 17)
    assert latest_notice_day(Route.SPECIAL_URGENCY, date(2016, 2, 23)) is None
