"""Create and change meetings, keep their agendas in order, and record substitutes.

A change of time, venue or status is told (committee.meetings.signals) to the
areas it concerns, in the same transaction: the agenda decides whether a
meeting may be cancelled or reinstated, the work programme moves its items.
"""

import itertools
import string
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import func, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from committee.committees.models import Committee, LateItemNumbering
from committee.errors import Conflict, InvalidInput, NotFound
from committee.formatting import meeting_when, plain_date
from committee.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Alteration,
    Meeting,
    MeetingAlteration,
    MeetingStatus,
    Substitution,
)
from committee.meetings.queries import agenda_of
from committee.meetings.signals import MeetingChange, meeting_changed
from committee.papers.models import PaperKind
from committee.people.actors import Actor, SystemActor
from committee.people.models import Person
from committee.people.permissions import require_governance
from committee.timeutil import utcnow

VENUE_MAX_LENGTH = 200
_DEFERRED = "committee.renumber_deferred"  # session.info: meetings to renumber at the block's end
# What governance officers of a meeting's committee may do, as refusals name it.
CREATE_MEETINGS = "create meetings"
CHANGE_MEETINGS = "change meetings"
RECORD_SUBSTITUTES = "record substitutes"


class AgendaBusiness(Protocol):
    """A work programme entry, as far as placing it on an agenda needs it."""

    id: int
    title: str
    exempt_paragraph: int | None


def require_aware(field: str, value: datetime) -> None:
    if value.tzinfo is None:
        raise InvalidInput(field, "give a time with its UTC offset, or in London time")


def clean_venue(venue: str) -> str:
    venue = venue.strip()
    if len(venue) > VENUE_MAX_LENGTH:
        raise InvalidInput("venue", f"at most {VENUE_MAX_LENGTH} characters")
    return venue


def create_meeting(
    session: Session,
    *,
    actor: Actor,
    committee: Committee,
    start: datetime,
    end: datetime | None = None,
    venue: str | None = None,
    already_held: bool = False,
) -> Meeting:
    """Create a meeting with the standard agenda items; end and venue default to the usual.

    A meeting is arranged for a time to come; one whose start has passed is the record of a
    meeting already held, and only made when the caller says so (`already_held`).
    """
    require_governance(session, actor, committee, CREATE_MEETINGS)
    require_aware("start", start)
    if start <= utcnow() and not already_held:
        raise InvalidInput(
            "start",
            f"{meeting_when(start)} has passed: a meeting is arranged for a time still to come. "
            "To record a meeting already held, say that it was held",
        )
    if end is None:
        end = start + timedelta(minutes=committee.usual_duration_minutes)
    require_aware("end", end)
    if end <= start:
        raise InvalidInput("end", "a meeting must end after it starts")
    meeting = Meeting(
        committee_id=committee.id,
        start=start,
        end=end,
        venue=clean_venue(committee.usual_venue if venue is None else venue),
    )
    session.add(meeting)
    session.flush()
    add_standard_items(session, meeting)
    return meeting


# Where each kind of item sits in the public part of an agenda.
_KIND_ORDER = {
    AgendaItemKind.APOLOGIES: 0,
    AgendaItemKind.DECLARATIONS: 1,
    AgendaItemKind.MINUTES: 2,
    AgendaItemKind.BUSINESS: 3,
    AgendaItemKind.WORK_PROGRAMME: 4,
    AgendaItemKind.OTHER_BUSINESS: 5,
}

STANDARD_ITEMS = (
    (AgendaItemKind.APOLOGIES, "Apologies and Substitutions", "", ""),
    (AgendaItemKind.DECLARATIONS, "Declarations of Interests", "", ""),
    (
        AgendaItemKind.MINUTES,
        "Minutes",
        "a) To agree the minutes of the previous meeting\nb) Matters Arising",
        "",
    ),
    (
        AgendaItemKind.WORK_PROGRAMME,
        "Work Programme",
        "",
        "Briefing Note of the Scrutiny Co-ordinator",
    ),
    (
        AgendaItemKind.OTHER_BUSINESS,
        "Any Other Business",
        "Any other items of business which the Chair decides to take as matters of urgency "
        "because of the special circumstances involved.",
        "",
    ),
)


def add_standard_items(session: Session, meeting: Meeting) -> None:
    """Give a new meeting the items every agenda has."""
    for position, (kind, title, description, paper_title) in enumerate(STANDARD_ITEMS):
        session.add(
            AgendaItem(
                meeting_id=meeting.id,
                kind=kind,
                position=position,
                title=title,
                description=description,
                paper_title=paper_title,
                paper_kind=PaperKind.BRIEFING_NOTE if paper_title else None,
            )
        )
    session.flush()
    renumber(session, meeting)


@contextmanager
def renumbering_once(session: Session) -> Iterator[None]:
    """Within the block, renumber each changed agenda once, at its end, not after every item.

    For work placing many items (an import of a whole programme): renumbering
    after each costs the agenda's length each time, so the whole grows with
    the square of the items.
    """
    if _DEFERRED in session.info:  # already inside one: the outer block renumbers
        yield
        return
    session.info[_DEFERRED] = {}
    try:
        yield
        meetings: dict[int, Meeting] = session.info[_DEFERRED]
        for meeting in meetings.values():
            _renumber_now(session, meeting)
    finally:
        session.info.pop(_DEFERRED, None)


def renumber(session: Session, meeting: Meeting) -> None:
    """Put the items in agenda order and number them 1, 2, 3... across both parts."""
    deferred = session.info.get(_DEFERRED)
    if deferred is not None:
        deferred[meeting.id] = meeting
        return
    _renumber_now(session, meeting)


def _renumber_now(session: Session, meeting: Meeting) -> None:
    items = agenda_of(session, meeting)
    items.sort(
        key=lambda item: (item.is_private, _KIND_ORDER[AgendaItemKind(item.kind)], item.position)
    )
    for index, item in enumerate(items):
        item.position = index
    if any(item.published_in is not None for item in items):
        committee = session.get(Committee, meeting.committee_id)
        assert committee is not None
        for item, number in zip(
            items,
            late_numbers(items, LateItemNumbering(committee.late_item_numbering)),
            strict=True,
        ):
            item.number = number
    else:
        for index, item in enumerate(items):
            item.number = str(index + 1)
    touch(session, meeting)
    session.flush()


def late_numbers(items: Sequence[AgendaItem], style: LateItemNumbering) -> list[str]:
    """Number the items of a published agenda, in agenda order: a published item keeps its
    number; one not yet published takes a number that disturbs none, a letter after the item
    it follows (6A, 6B) or the next number after the highest."""
    taken = {item.number for item in items if item.published_in is not None}
    highest = max((_base(number) for number in taken), default=0)
    numbers, base = [], 0
    for item in items:
        if item.published_in is not None:
            numbers.append(item.number)
            base = _base(item.number)
            continue
        if style == LateItemNumbering.NEXT:
            highest += 1
            number = str(highest)
        else:
            number = next(
                f"{base}{letter}" for letter in _letters() if f"{base}{letter}" not in taken
            )
        taken.add(number)
        numbers.append(number)
    return numbers


def _base(number: str) -> int:
    """The number an item's number starts with: 6 for "6A"."""
    digits = "".join(itertools.takewhile(lambda character: character in string.digits, number))
    return int(digits) if digits else 0


def _letters() -> Iterator[str]:
    """A, B, ... Z, then AA, AB, ...: enough for any agenda."""
    for length in itertools.count(1):
        for letters in itertools.product(string.ascii_uppercase, repeat=length):
            yield "".join(letters)


def touch(session: Session, meeting: Meeting) -> None:
    """Mark the meeting changed for its feeds (an agenda item or substitute changed).

    A bulk UPDATE, which leaves the meeting's version alone: changing what is
    on its agenda is not an edit of the meeting, and two officers scheduling
    different items onto it must not refuse each other.
    """
    now = utcnow()
    session.execute(
        update(Meeting).where(col(Meeting.id) == meeting.id).values(updated_at=now),
        execution_options={"synchronize_session": False},
    )
    set_committed_value(meeting, "updated_at", now)


def place_entry(session: Session, entry: AgendaBusiness, meeting: Meeting) -> AgendaItem:
    """Put the entry on the meeting's agenda, after the business already there.

    An entry has one agenda item: if it was on another meeting's agenda, the
    item moves with its paper details.
    """
    return place_entries(session, [entry], meeting)[0]


def place_entries(
    session: Session, entries: Sequence[AgendaBusiness], meeting: Meeting
) -> list[AgendaItem]:
    """Put the entries on the meeting's agenda in their order, after the business there.

    Reads the items they already have and the agenda's last position once, however many.
    """
    ids = [entry.id for entry in entries]
    held = {
        item.entry_id: item
        for item in session.exec(select(AgendaItem).where(col(AgendaItem.entry_id).in_(ids)))
    }
    previous_meetings = {
        item.meeting_id
        for item in held.values()
        if item.meeting_id != meeting.id and item.meeting_id is not None
    }
    last = session.exec(
        select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
    ).one()
    placed = []
    for offset, entry in enumerate(entries, start=1):
        item = held.get(entry.id)
        if item is None:
            item = AgendaItem(
                meeting_id=meeting.id,
                entry_id=entry.id,
                kind=AgendaItemKind.BUSINESS,
                position=0,
                title=entry.title,
                exempt_paragraph=entry.exempt_paragraph,
            )
            session.add(item)
        if item.meeting_id != meeting.id:
            # On another meeting's agenda it is new business there: published with that
            # agenda, or by a supplement once it is out, with a number of its own.
            item.published_in = item.paper_published_in = None
            item.to_follow = False
            item.late_reason = ""
        item.meeting_id = meeting.id
        # Renumbering sorts by kind first, so a high position only orders it among business.
        item.position = (last or 0) + offset
        placed.append(item)
    session.flush()
    renumber(session, meeting)
    for previous_id in previous_meetings:
        previous = session.get(Meeting, previous_id)
        assert previous is not None  # the item's foreign key holds it
        renumber(session, previous)
    return placed


def remove_entry(session: Session, entry: AgendaBusiness) -> None:
    """Take the entry's item off whatever agenda holds it."""
    item = session.exec(select(AgendaItem).where(AgendaItem.entry_id == entry.id)).first()
    if item is None:
        return
    meeting = session.get(Meeting, item.meeting_id)
    session.delete(item)
    session.flush()
    if meeting is not None:
        renumber(session, meeting)


def add_substitute(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    person_id: int,
    replacing_id: int | None = None,
) -> Substitution:
    """Record that a member substitutes at a meeting (so it appears in their calendar)."""
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, RECORD_SUBSTITUTES)
    for field, value in (("person_id", person_id), ("replacing_id", replacing_id)):
        if value is not None and session.get(Person, value) is None:
            raise InvalidInput(field, f"no person has the id {value}")
    if replacing_id == person_id:
        raise InvalidInput("replacing_id", "a member cannot substitute for themselves")
    held = session.exec(
        select(Substitution.id).where(
            Substitution.meeting_id == meeting.id, Substitution.person_id == person_id
        )
    ).first()
    if held is not None:
        person = session.get(Person, person_id)
        assert person is not None
        raise Conflict(
            f"{person.name} is already a substitute at the meeting on {plain_date(meeting.start)}."
        )
    substitution = Substitution(
        meeting_id=meeting.id, person_id=person_id, replacing_id=replacing_id
    )
    session.add(substitution)
    touch(session, meeting)
    session.flush()
    return substitution


def remove_substitute(session: Session, *, actor: Actor, meeting: Meeting, person_id: int) -> None:
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, RECORD_SUBSTITUTES)
    held = session.exec(
        select(Substitution).where(
            Substitution.meeting_id == meeting.id, Substitution.person_id == person_id
        )
    ).first()
    if held is None:
        person = session.get(Person, person_id)
        who = person.name if person is not None else f"No one with the id {person_id}"
        raise NotFound(f"{who} is not a substitute at the meeting on {plain_date(meeting.start)}.")
    session.delete(held)
    touch(session, meeting)
    session.flush()


def update_meeting(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    start: datetime | None = None,
    end: datetime | None = None,
    venue: str | None = None,
    status: MeetingStatus | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Change a meeting's time, place or status; return what changed.

    Moving the start without an end keeps the meeting's length. Each change
    raises the revision, so calendar programs replace their copy, and is sent
    as `meeting_changed` to the areas that follow it (which may refuse it).
    """
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, CHANGE_MEETINGS)
    before = MeetingChange(
        session=session,
        meeting=meeting,
        actor=actor,
        changes=(),
        previous_start=meeting.start,
        previous_end=meeting.end,
        previous_venue=meeting.venue,
        previous_status=meeting.status,
        at=now or utcnow(),
        business=tuple(
            (item.entry_id, item.title)
            for item in agenda_of(session, meeting)
            if item.entry_id is not None
        ),
    )
    changes: list[str] = []
    new_start, new_end = meeting.start, meeting.end
    if start is not None:
        require_aware("start", start)
        if end is None:
            new_end = start + (meeting.end - meeting.start)
        new_start = start
    if end is not None:
        require_aware("end", end)
        new_end = end
    if new_end <= new_start:
        raise InvalidInput("end", "a meeting must end after it starts")
    if (new_start, new_end) != (meeting.start, meeting.end):
        meeting.start, meeting.end = new_start, new_end
        changes.append("time")
    if venue is not None and clean_venue(venue) != meeting.venue:
        meeting.venue = clean_venue(venue)
        changes.append("venue")
    if status is not None and status != meeting.status:
        meeting.status = status
        changes.append("status")
    if changes:
        meeting.revision += 1
        meeting.updated_at = before.at
        session.add_all(_alterations(before, meeting, changes, actor))
        session.flush()
        meeting_changed.send(replace(before, changes=tuple(changes)))
    return changes


def _alterations(
    before: MeetingChange, meeting: Meeting, changes: list[str], actor: Actor
) -> list[MeetingAlteration]:
    """The record of each change, as it was made."""
    values = {
        Alteration.TIME: (before.previous_start.isoformat(), meeting.start.isoformat()),
        Alteration.VENUE: (before.previous_venue, meeting.venue),
        Alteration.STATUS: (before.previous_status, meeting.status),
    }
    return [
        MeetingAlteration(
            meeting_id=meeting.id,
            what=what,
            before=values[Alteration(what)][0],
            after=values[Alteration(what)][1],
            actor_id=None if isinstance(actor, SystemActor) else actor.id,
            at=before.at,
        )
        for what in changes
    ]
