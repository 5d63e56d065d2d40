"""Calendar feeds: pure functions from rows to iCalendar bytes (RFC 5545 and RFC 7986).

Every value comes from the data, nothing from the clock: the same rows give
the same bytes, so the same ETag. Each event is serialised once and kept
(`EventCache`) under a key of everything it shows; a feed is its header, a
VTIMEZONE, and the events' bytes joined. Rebuilding a feed after one meeting
changed serialises that one event again.

Times are written in Europe/London with a VTIMEZONE in the usual RRULE form
(one DAYLIGHT and one STANDARD rule) starting in the feed's first year: the
RDATE form icalendar can generate is misread by Mozilla's ical.js.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from cachetools import LRUCache
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from committee.fields import strip_control_characters
from committee.formatting import long_date
from committee.timeutil import LONDON

#: Raise when the same data would render differently: it is part of every ETag.
RENDER_VERSION = "3"
PRODID = "-//Committee workflow service//Calendar feeds 1//EN"
REFRESH = timedelta(hours=1)
CANCELLED_KEPT_FOR = timedelta(days=90)


@dataclass(frozen=True)
class AgendaLine:
    number: str
    title: str
    exempt_paragraph: int | None  # set for private business: the title only is public


@dataclass(frozen=True)
class MeetingEvent:
    id: int
    committee_name: str
    start: datetime
    end: datetime
    venue: str
    cancelled: bool
    revision: int
    updated_at: datetime
    url: str
    agenda: tuple[AgendaLine, ...]  # the published items only
    pack_url: str = ""  # set once the agenda is published
    publication_day: date | None = None  # when an unpublished agenda is due out


@dataclass(frozen=True)
class DayEvent:
    """An all-day event: a paper deadline or a publication day."""

    uid: str
    day: date
    summary: str
    description: str
    url: str
    sequence: int
    updated_at: datetime
    cancelled: bool = False  # its meeting was cancelled: kept, marked, for 90 days


@dataclass(frozen=True)
class FeedHeader:
    name: str
    description: str
    url: str


def meeting_description(meeting: MeetingEvent) -> str:
    """Describe a meeting as its public agenda does: private items by title and paragraph only."""
    if meeting.cancelled:
        return f"This meeting has been cancelled.\n\n{meeting.url}"
    if not meeting.pack_url:  # an unpublished agenda is not described
        due = f" on {long_date(meeting.publication_day)}" if meeting.publication_day else ""
        return f"The agenda is due to be published{due}.\n\n{meeting.url}"
    lines = [f"Agenda: {meeting.url}", f"Agenda pack (PDF): {meeting.pack_url}"]
    public = [line for line in meeting.agenda if line.exempt_paragraph is None]
    private = [line for line in meeting.agenda if line.exempt_paragraph is not None]
    if public:
        lines += ["", "Public business:", *(f"{line.number}. {line.title}" for line in public)]
    if private:
        lines += ["", "Private business (the press and public are likely to be excluded):"]
        lines += [
            f"{line.number}. {line.title} (exempt: paragraph {line.exempt_paragraph})"
            for line in private
        ]
    return "\n".join(lines)


def _text(value: str) -> str:
    """Text as a calendar may hold it: RFC 5545 allows no control characters but tab and newline."""
    return strip_control_characters(value)


def meeting_component(meeting: MeetingEvent, host: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{host}")
    stamp = meeting.updated_at.astimezone(UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", meeting.revision)
    event.add("dtstart", meeting.start.astimezone(LONDON))
    event.add("dtend", meeting.end.astimezone(LONDON))
    # Outlook ignores STATUS, so the summary says it too.
    prefix = "Cancelled: " if meeting.cancelled else ""
    event.add("summary", _text(f"{prefix}{meeting.committee_name}"))
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    if meeting.venue:
        event.add("location", _text(meeting.venue))
    event.add("url", meeting.url)
    event.add("description", _text(meeting_description(meeting)))
    event.add("transp", "OPAQUE")
    return event


def day_component(day_event: DayEvent, host: str) -> Event:
    event = Event()
    event.add("uid", f"{day_event.uid}@{host}")
    stamp = day_event.updated_at.astimezone(UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", day_event.sequence)
    event.add("dtstart", day_event.day)
    event.add("dtend", day_event.day + timedelta(days=1))
    # Outlook ignores STATUS, so the summary says it too.
    prefix = "Cancelled: " if day_event.cancelled else ""
    event.add("summary", _text(f"{prefix}{day_event.summary}"))
    event.add("status", "CANCELLED" if day_event.cancelled else "CONFIRMED")
    event.add("url", day_event.url)
    event.add("description", _text(day_event.description))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def vtimezone(first_year: int) -> Timezone:
    """Europe/London from the feed's first year on, as two yearly rules.

    Each rule starts on its first real change (the last Sundays of March and
    October), as RFC 5545 wants a DTSTART that is the rule's first occurrence.
    """
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("dtstart", datetime.combine(_last_sunday(first_year, 3), time(1, 0)))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("dtstart", datetime.combine(_last_sunday(first_year, 10), time(2, 0)))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def calendar_shell(header: FeedHeader) -> Calendar:
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", header.name)
    calendar.add("x-wr-calname", header.name)
    calendar.add("description", header.description)
    calendar.add("x-wr-caldesc", header.description)
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    calendar.add("url", header.url)
    return calendar


class EventCache:
    """Serialised events, bounded, least recently used first out.

    Meetings are kept under a cheap key (id, revision, last change, committee
    name): every change of a meeting or its agenda moves its `updated_at`, so
    a hit never needs the agenda loaded. All-day events are small and keyed
    by all they show.
    """

    def __init__(self, max_events: int = 50_000) -> None:
        self._events: LRUCache[tuple[object, ...], bytes] = LRUCache(maxsize=max_events)

    def has_meeting(self, key: tuple[object, ...], host: str) -> bool:
        return ("meeting", host, key) in self._events

    def meeting(
        self, key: tuple[object, ...], host: str, build: Callable[[], MeetingEvent]
    ) -> bytes:
        cache_key = ("meeting", host, key)
        found = self._events.get(cache_key)
        if found is None:
            found = meeting_component(build(), host).to_ical()
            self._events[cache_key] = found
        return found

    def day(self, day_event: DayEvent, host: str) -> bytes:
        cache_key = ("day", host, day_event)
        found = self._events.get(cache_key)
        if found is None:
            found = day_component(day_event, host).to_ical()
            self._events[cache_key] = found
        return found

    def clear(self) -> None:
        self._events.clear()


def render_feed(header: FeedHeader, events: Iterable[bytes], *, first_year: int) -> bytes:
    """Return the feed: header, VTIMEZONE from `first_year`, then the serialised events."""
    shell = calendar_shell(header)
    shell.add_component(vtimezone(first_year))
    opening = shell.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert opening.endswith(end)
    return b"".join([opening[: -len(end)], *events, end])
