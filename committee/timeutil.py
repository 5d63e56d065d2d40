"""Time zones, the council's clock, months and municipal years.

Everything is stored in UTC and shown in Europe/London, where meetings happen.
"""

import calendar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

#: The municipal year starts at the annual council meeting in May.
MUNICIPAL_YEAR_FIRST_MONTH = 5


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def today_in_london() -> date:
    """Return today's date where the council is."""
    return utcnow().astimezone(LONDON).date()


def london_datetime(day: date, at: time) -> datetime:
    """Return the aware datetime for a wall-clock time on a day in London."""
    return datetime.combine(day, at, tzinfo=LONDON)


def to_london(moment: datetime) -> datetime:
    """Convert an aware datetime to London time; naive datetimes are refused."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: times must carry a timezone")
    return moment.astimezone(LONDON)


def municipal_year_of(day: date) -> int:
    """Return the first calendar year of the municipal year containing `day` (2018 for 2018/19)."""
    return day.year if day.month >= MUNICIPAL_YEAR_FIRST_MONTH else day.year - 1


def municipal_year_label(first_year: int) -> str:
    """Return the usual written form of a municipal year: 2018 gives "2018/19"."""
    return f"{first_year}/{(first_year + 1) % 100:02d}"


def municipal_year_span(first_year: int) -> tuple[datetime, datetime]:
    """Return the aware instants where a municipal year starts and the next one starts."""
    midnight = time(0, 0)
    return (
        london_datetime(date(first_year, MUNICIPAL_YEAR_FIRST_MONTH, 1), midnight),
        london_datetime(date(first_year + 1, MUNICIPAL_YEAR_FIRST_MONTH, 1), midnight),
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day where it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
