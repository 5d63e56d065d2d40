"""The council's working-day calendar and each committee's deadline settings, as stored."""

from datetime import date

from sqlmodel import Session, col, select

from committee.committees.models import Committee
from committee.deadlines.calendar import (
    DeadlineSchedule,
    DeadlineSettings,
    WorkingCalendar,
    deadline_schedule,
)
from committee.deadlines.models import ClosureDay

CALENDAR_KEY = "committee.working_calendar"


def working_calendar(session: Session) -> WorkingCalendar:
    """Return the council's calendar, read once per session (a request or a job)."""
    calendar = session.info.get(CALENDAR_KEY)
    if calendar is None:
        calendar = WorkingCalendar(session.exec(select(col(ClosureDay.day))))
        session.info[CALENDAR_KEY] = calendar
    return calendar


def settings_of(committee: Committee) -> DeadlineSettings:
    return DeadlineSettings(
        draft_days=committee.draft_days,
        final_days=committee.final_days,
        window_days=committee.window_days,
        deadline_time=committee.deadline_time,
    )


def committee_schedule(
    session: Session, committee: Committee, meeting_day: date
) -> DeadlineSchedule:
    """Return when a meeting of the committee on that day has its agenda published and papers due."""
    return deadline_schedule(meeting_day, working_calendar(session), settings_of(committee))


def list_closure_days(session: Session) -> list[ClosureDay]:
    return list(session.exec(select(ClosureDay).order_by(col(ClosureDay.day))))
