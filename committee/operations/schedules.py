"""A meeting's deadline schedule, from the council's calendar and the committee's settings."""

from functools import cache

from sqlmodel import Session

from committee.deadlines import (
    DeadlineSchedule,
    DeadlineSettings,
    WorkingCalendar,
    deadline_schedule,
)
from committee.models import Meeting
from committee.timeutil import to_london


@cache
def _bank_holiday_calendar() -> WorkingCalendar:
    return WorkingCalendar()


def meeting_deadlines(session: Session, meeting: Meeting) -> DeadlineSchedule:
    """Return when the meeting's agenda is published and its papers are due."""
    return deadline_schedule(
        to_london(meeting.start).date(), _bank_holiday_calendar(), DeadlineSettings()
    )
