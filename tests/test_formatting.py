"""Dates and times as the agenda frontsheet writes them."""

from datetime import UTC, date, datetime

import pytest

from committee.formatting import long_date, meeting_when, ordinal


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (31, "31st"),
    ],
)
def test_ordinals(day, text):
    assert ordinal(day) == text


def test_the_seeds_frontsheet_time():
    assert (
        meeting_when(datetime(2018, 9, 6, 13, 0, tzinfo=UTC))
        == "2.00 pm on Thursday, 6th September, 2018"
    )


def test_a_winter_meeting_is_not_shifted():
    assert (
        meeting_when(datetime(2018, 12, 6, 14, 0, tzinfo=UTC))
        == "2.00 pm on Thursday, 6th December, 2018"
    )


def test_long_date():
    assert long_date(date(2018, 8, 29)) == "Wednesday, 29th August, 2018"
