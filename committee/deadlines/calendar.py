"""The working-day calendar and a meeting's deadline schedule.

Pure functions: nothing here reads the database. Bank holidays of England and
Wales come from the `holidays` package (substitute days and one-off days such
as the 2023 coronation included); a council's own closure days are passed in.

The statutory rule (Local Government Act 1972, s.100B): the agenda is open to
inspection at least five clear working days before the meeting. Clear days
leave out both the day of publication and the day of the meeting.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

import holidays

from committee.timeutil import london_datetime

CLEAR_WORKING_DAYS_BEFORE_MEETING = 5


@cache
def england_and_wales_bank_holidays() -> holidays.HolidayBase:
    """Return the bank holidays of England and Wales; years fill in as they are asked about.

    One shared object: building it is the costly part, and each year is
    computed once, the first time a date in it is looked up.
    """
    return holidays.country_holidays("GB", subdiv="ENG")


class WorkingCalendar:
    """Which days are working days: not weekends, bank holidays or closure days."""

    def __init__(self, closure_days: Iterable[date] = ()) -> None:
        self._bank_holidays = england_and_wales_bank_holidays()
        self._closures = frozenset(closure_days)
        # Each day's answer, once asked: a feed or a sweep counts back over the same weeks for
        # thousands of meetings, and a bank-holiday lookup costs more than a dict's.
        self._working: dict[date, bool] = {}

    def is_working_day(self, day: date) -> bool:
        working = self._working.get(day)
        if working is None:
            working = self._working[day] = (
                day.weekday() < 5 and day not in self._bank_holidays and day not in self._closures
            )
        return working

    def why_not_working(self, day: date) -> str | None:
        """Return why a day is not a working day (for people reading a schedule), or None."""
        if day.weekday() >= 5:
            return day.strftime("%A")
        if day in self._bank_holidays:
            return str(self._bank_holidays.get(day))
        if day in self._closures:
            return "council closure day"
        return None

    def working_days_before(self, day: date, count: int) -> date:
        """Return the working day `count` working days before `day` (`day` itself not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        found = 0
        current = day
        while found < count:
            current -= timedelta(days=1)
            if self.is_working_day(current):
                found += 1
        return current

    def working_days_after(self, day: date, count: int) -> date:
        """Return the working day `count` working days after `day` (`day` itself not counted)."""
        found = 0
        current = day
        while found < count:
            current += timedelta(days=1)
            if self.is_working_day(current):
                found += 1
        return current

    def publication_day(self, meeting_day: date) -> date:
        """Return the latest working day leaving five clear working days before the meeting.

        6 September 2018 gives 29 August 2018; 17 March 2016 gives 9 March 2016.
        """
        return self.working_days_before(meeting_day, CLEAR_WORKING_DAYS_BEFORE_MEETING + 1)


class InvalidDeadlineSettings(ValueError):
    """The settings cannot make a schedule; `field` says which, the message why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DeadlineSettings:
    """A committee's paper deadlines, in working days before publication."""

    draft_days: int = 5  # draft to governance services
    final_days: int = 2  # final cleared paper
    window_days: int = 10  # the paper window opens this many working days before the draft deadline
    deadline_time: time = time(10, 0)

    def __post_init__(self) -> None:
        for name in ("draft_days", "final_days", "window_days"):
            if getattr(self, name) < 0:
                raise InvalidDeadlineSettings(name, f"{name} must not be negative")
        if self.final_days > self.draft_days:
            raise InvalidDeadlineSettings(
                "final_days",
                f"the final paper ({self.final_days} working days before publication) cannot be due "
                f"before the draft ({self.draft_days})",
            )


@dataclass(frozen=True)
class DeadlineSchedule:
    """What is due when for one meeting; deadlines are aware datetimes in London."""

    meeting_day: date
    publication: date
    draft: datetime
    final: datetime
    briefing_opens: date


def deadline_schedule(
    meeting_day: date, calendar: WorkingCalendar, settings: DeadlineSettings | None = None
) -> DeadlineSchedule:
    """Return a meeting day's publication date, paper deadlines and paper window."""
    settings = settings or DeadlineSettings()
    publication = calendar.publication_day(meeting_day)
    draft_day = calendar.working_days_before(publication, settings.draft_days)
    final_day = calendar.working_days_before(publication, settings.final_days)
    return DeadlineSchedule(
        meeting_day=meeting_day,
        publication=publication,
        draft=london_datetime(draft_day, settings.deadline_time),
        final=london_datetime(final_day, settings.deadline_time),
        briefing_opens=calendar.working_days_before(draft_day, settings.window_days),
    )
