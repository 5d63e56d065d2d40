"""The working-day calendar: five clear working days, bank holidays, closure days, settings.

Every expected date here was counted by hand, back from the meeting day,
skipping weekends and the holidays named in the comment.
"""

import json
from datetime import date, datetime, time

import pytest

from committee.deadlines.calendar import (
    DeadlineSettings,
    InvalidDeadlineSettings,
    WorkingCalendar,
    deadline_schedule,
)
from committee.timeutil import LONDON

CALENDAR = WorkingCalendar()


@pytest.mark.parametrize(
    ("meeting", "publication"),
    [
        # The seed: the agenda of Thursday 6 September 2018 is dated Wednesday 29 August.
        (date(2018, 9, 6), date(2018, 8, 29)),
        # ...and the meeting of 17 March 2016 had its agenda on 9 March 2016.
        (date(2016, 3, 17), date(2016, 3, 9)),
        # Easter 2019: Good Friday 19 and Easter Monday 22 April do not count.
        (date(2019, 4, 25), date(2019, 4, 15)),
        # The Spring bank holiday, Monday 28 May 2018.
        (date(2018, 5, 31), date(2018, 5, 22)),
        # The Early May bank holiday, Monday 7 May 2018.
        (date(2018, 5, 10), date(2018, 5, 1)),
        # The August bank holiday, Monday 27 August 2018.
        (date(2018, 8, 30), date(2018, 8, 21)),
        # Christmas, Boxing Day and New Year's Day 2018/19.
        (date(2019, 1, 3), date(2018, 12, 21)),
        # Boxing Day 2020 was a Saturday: Monday 28 December was the substitute day.
        (date(2021, 1, 5), date(2020, 12, 23)),
        # One-off: the coronation of Charles III, Monday 8 May 2023 (and May Day on the 1st).
        (date(2023, 5, 11), date(2023, 5, 2)),
        # One-off: the state funeral of Elizabeth II, Monday 19 September 2022.
        (date(2022, 9, 22), date(2022, 9, 13)),
    ],
)
def test_publication_leaves_five_clear_working_days(meeting, publication):
    assert CALENDAR.publication_day(meeting) == publication


def test_council_closure_days_do_not_count():
    closed = WorkingCalendar([date(2018, 12, 27), date(2018, 12, 28), date(2018, 12, 31)])
    # 2 Jan, then back past the closure, Christmas and Boxing Day: 24, 21, 20, 19, 18 December.
    assert closed.publication_day(date(2019, 1, 3)) == date(2018, 12, 18)
    assert closed.why_not_working(date(2018, 12, 27)) == "council closure day"
    assert CALENDAR.why_not_working(date(2023, 5, 8)) == "Coronation of Charles III"
    assert CALENDAR.why_not_working(date(2018, 9, 8)) == "Saturday"
    assert CALENDAR.why_not_working(date(2018, 9, 6)) is None


def test_the_seed_meetings_paper_deadlines():
    schedule = deadline_schedule(date(2018, 9, 6), CALENDAR)
    assert schedule.publication == date(2018, 8, 29)
    # Five working days before the 29th, the bank holiday of the 27th not counted.
    assert schedule.draft == datetime(2018, 8, 21, 10, 0, tzinfo=LONDON)
    assert schedule.final == datetime(2018, 8, 24, 10, 0, tzinfo=LONDON)
    # Ten working days before the draft deadline.
    assert schedule.briefing_opens == date(2018, 8, 7)


def test_settings_change_the_schedule():
    settings = DeadlineSettings(
        draft_days=8, final_days=3, window_days=5, deadline_time=time(12, 0)
    )
    schedule = deadline_schedule(date(2018, 9, 6), CALENDAR, settings)
    # 8 working days before 29 Aug (27 Aug not counted): 28, 24, 23, 22, 21, 20, 17, 16.
    assert schedule.draft == datetime(2018, 8, 16, 12, 0, tzinfo=LONDON)
    assert schedule.final == datetime(2018, 8, 23, 12, 0, tzinfo=LONDON)
    assert schedule.briefing_opens == date(2018, 8, 9)


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"draft_days": -1}, "draft_days"),
        ({"final_days": -2}, "final_days"),
        ({"window_days": -1}, "window_days"),
        ({"draft_days": 2, "final_days": 5}, "final_days"),
    ],
)
def test_bad_settings_are_refused(settings, field):
    with pytest.raises(InvalidDeadlineSettings) as error:
        DeadlineSettings(**settings)
    assert error.value.field == field


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def test_the_deadlines_command_prints_the_seed_dates_as_json(run):
    result = run("deadlines", "2018-09-06", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "meeting": "2018-09-06",
        "publication": "2018-08-29",
        "draft": "2018-08-21",
        "final": "2018-08-24",
        "briefing_opens": "2018-08-07",
        "draft_due_at": "2018-08-21T10:00:00+01:00",
        "final_due_at": "2018-08-24T10:00:00+01:00",
    }


def test_the_deadlines_command_reads_as_a_schedule(run):
    result = run("deadlines", "2016-03-17")
    assert result.output.splitlines() == [
        "Meeting:                      Thursday, 17th March, 2016",
        "Paper window opens:           Wednesday, 17th February, 2016",
        "Draft to Governance Services: 10.00 am on Wednesday, 2nd March, 2016",
        "Final cleared paper:          10.00 am on Monday, 7th March, 2016",
        "Agenda published:             Wednesday, 9th March, 2016",
    ]


def test_the_deadlines_command_uses_a_committees_settings_and_closures(run, make, session):
    make.committee("board", name="Board")
    assert run("committees", "set-deadlines", "board", "--draft-days", "8").exit_code == 0
    assert run("closures", "add", "2018-09-03", "--reason", "Staff training day").exit_code == 0
    result = json.loads(run("deadlines", "2018-09-06", "--committee", "board", "--json").output)
    # Back from 6 Sep without the 3rd: 5, 4, 31, 30, 29, 28 August.
    assert result["publication"] == "2018-08-28"
    # Eight working days before the 28th, the bank holiday of the 27th not counted: 24 ... 15 August.
    assert result["draft"] == "2018-08-15"


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["deadlines", "6/9/2018"], "is not a date: use YYYY-MM-DD", 2),
        (["deadlines", "2018-02-30"], "is not a date", 2),
        (
            ["deadlines", "2018-09-06", "--committee", "nope"],
            "No committee has the address 'nope'",
            1,
        ),
        (["closures", "add", "2018-12-27"], "Missing option '--reason'", 2),
        (["closures", "add", "2018-12-27", "--reason", "  "], "say why the council is closed", 1),
        (["closures", "remove", "2018-12-27"], "is not a closure day", 1),
    ],
)
def test_bad_schedule_arguments(run, args, message, code):
    result = run(*args)
    assert result.exit_code == code
    assert message in result.output


def test_a_closure_day_cannot_be_added_twice(run):
    assert run("closures", "add", "2018-12-27", "--reason", "Christmas closure").exit_code == 0
    again = run("closures", "add", "2018-12-27", "--reason", "Christmas closure")
    assert again.exit_code == 1
    assert "already a closure day" in again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--final-days", "7"],
            "final_days: the final paper (7 working days before publication) cannot be due before the draft (5)",
        ),
        (["--draft-days", "-1"], "draft_days: draft_days must not be negative"),
        (["--time", "ten"], "is not a time"),
    ],
)
def test_bad_committee_deadline_settings(run, make, session, args, message):
    board = make.committee("board", name="Board")
    result = run("committees", "set-deadlines", "board", *args)
    assert result.exit_code != 0
    assert message in result.output
    session.refresh(board)
    assert (board.draft_days, board.final_days) == (5, 2)
