"""The executive's statutory clocks, worked out so the clerk never has to. Pure: no database.

The Local Authorities (Executive Arrangements) (Meetings and Access to
Information) (England) Regulations 2012:

- reg. 9: a key decision is taken only once its notice has been published for
  at least 28 clear days;
- reg. 10 (general exception): where that is impracticable, five clear days
  after a notice to the chair of the relevant scrutiny committee is published;
- reg. 11 (special urgency): with the chair's agreement that it cannot
  reasonably be deferred, on the day agreed;
- reg. 5: a meeting held in private needs its notice of intention 28 clear
  days before, and a further notice at least five clear days before.

Clear days leave out the day of publication and the day of the decision (or
meeting), and count every calendar day between: the regulations do not skip
weekends. The call-in period is a constitution's, in working days (five by
default) after the decision notice is published; the scrutiny board must meet
on a call-in within a set number of working days (ten by default). Those
count only working days: not weekends, bank holidays or the council's
closure days.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from committee.deadlines.calendar import WorkingCalendar
from committee.formatting import long_date

KEY_DECISION_CLEAR_DAYS = 28  # reg. 9
GENERAL_EXCEPTION_CLEAR_DAYS = 5  # reg. 10
PRIVATE_MEETING_CLEAR_DAYS = 28  # reg. 5(2)
PRIVATE_MEETING_FURTHER_NOTICE_CLEAR_DAYS = 5  # reg. 5(4)
CALL_IN_WORKING_DAYS = 5  # the constitution's default
CALL_IN_MEETING_WORKING_DAYS = 10  # the constitution's default


class Route(StrEnum):
    """How a key decision came to be lawful: the forward plan, or one of the exceptions."""

    FORWARD_PLAN = "forward_plan"  # reg. 9
    GENERAL_EXCEPTION = "general_exception"  # reg. 10
    SPECIAL_URGENCY = "special_urgency"  # reg. 11


ROUTE_WORDS = {
    Route.FORWARD_PLAN: "28 clear days' notice on the forward plan (regulation 9)",
    Route.GENERAL_EXCEPTION: "general exception: five clear days' notice to the scrutiny chair "
    "(regulation 10)",
    Route.SPECIAL_URGENCY: "special urgency: the scrutiny chair agreed it cannot wait "
    "(regulation 11)",
}


def after_clear_days(published: date, clear_days: int) -> date:
    """The first day `clear_days` whole days after `published`, neither end counted.

    Published on Monday 25 January 2016, 28 clear days run from the 26th to
    22 February: the decision may be taken on Tuesday 23 February.
    """
    return published + timedelta(days=clear_days + 1)


def before_clear_days(day: date, clear_days: int) -> date:
    """The last day a notice can go out leaving `clear_days` whole days before `day`."""
    return day - timedelta(days=clear_days + 1)


def earliest_decision_day(
    route: Route, notice_published: date, *, agreed: date | None = None
) -> date:
    """The first day the decision may lawfully be taken by this route.

    `notice_published` is the day the notice first went out (a deferral keeps
    it); under special urgency, `agreed` is the day the chair agreed.
    """
    if route == Route.FORWARD_PLAN:
        return after_clear_days(notice_published, KEY_DECISION_CLEAR_DAYS)
    if route == Route.GENERAL_EXCEPTION:
        return after_clear_days(notice_published, GENERAL_EXCEPTION_CLEAR_DAYS)
    if agreed is None:
        raise ValueError("special urgency needs the day the chair agreed")
    return agreed


def latest_notice_day(route: Route, decision_day: date) -> date | None:
    """The last day the notice can go out for a decision on `decision_day` by this route
    (special urgency has none: the chair's agreement is what makes it lawful)."""
    if route == Route.FORWARD_PLAN:
        return before_clear_days(decision_day, KEY_DECISION_CLEAR_DAYS)
    if route == Route.GENERAL_EXCEPTION:
        return before_clear_days(decision_day, GENERAL_EXCEPTION_CLEAR_DAYS)
    return None


@dataclass(frozen=True)
class PrivateMeetingNotices:
    """The two notices a meeting held (partly) in private needs, by the latest day each."""

    intention_by: date  # reg. 5(2)
    further_notice_by: date  # reg. 5(4), answering representations


def private_meeting_notices(meeting_day: date) -> PrivateMeetingNotices:
    """When the notices of a private meeting on this day must be published, at the latest."""
    return PrivateMeetingNotices(
        before_clear_days(meeting_day, PRIVATE_MEETING_CLEAR_DAYS),
        before_clear_days(meeting_day, PRIVATE_MEETING_FURTHER_NOTICE_CLEAR_DAYS),
    )


def call_in_period_ends(
    calendar: WorkingCalendar, notice_published: date, working_days: int = CALL_IN_WORKING_DAYS
) -> date:
    """The last day a decision may be called in: the `working_days`th working day after its
    decision notice was published (the day of publication not counted)."""
    return calendar.working_days_after(notice_published, working_days)


def call_in_meeting_by(
    calendar: WorkingCalendar, called_in: date, working_days: int = CALL_IN_MEETING_WORKING_DAYS
) -> date:
    """The last day the scrutiny board may meet on a call-in made on `called_in`."""
    return calendar.working_days_after(called_in, working_days)


def too_early(route: Route, lawful_from: date) -> str:
    """Why a decision cannot be taken yet, naming the day and the routes that remain."""
    others = [r for r in Route if r != route and r != Route.FORWARD_PLAN]
    return (
        f"The decision may not be taken before {long_date(lawful_from)}: "
        f"{ROUTE_WORDS[route]}. To take it sooner, use "
        + " or ".join(ROUTE_WORDS[r] for r in others)
        + "."
    )
