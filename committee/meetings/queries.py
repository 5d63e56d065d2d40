"""Read meetings, their agendas and their deadlines."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel import Session, col, select

from committee.committees.models import Committee
from committee.deadlines.calendar import DeadlineSchedule, deadline_schedule
from committee.deadlines.queries import committee_schedule, settings_of, working_calendar
from committee.errors import NotFound
from committee.formatting import clock_time, meeting_when, plain_date
from committee.meetings.models import (
    AgendaItem,
    Alteration,
    Meeting,
    MeetingAlteration,
    MeetingStatus,
    Substitution,
)
from committee.people.actors import Actor
from committee.people.models import Membership, Person
from committee.people.permissions import require_governance
from committee.timeutil import municipal_year_span, to_london, utcnow


def committee_of(session: Session, meeting: Meeting) -> Committee:
    """Return the meeting's committee (a foreign key: always there)."""
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    return committee


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"No meeting has the id {meeting_id}.")
    return meeting


def governed_meeting(session: Session, actor: Actor, meeting_id: int, doing: str) -> Meeting:
    """Return the meeting once the actor is known to govern its committee (else 403)."""
    meeting = get_meeting(session, meeting_id)
    require_governance(session, actor, committee_of(session, meeting), doing)
    return meeting


def meetings_of(
    session: Session, committee: Committee, *, year: int | None = None
) -> list[Meeting]:
    """Return the committee's meetings in date order, optionally of one municipal year."""
    query = select(Meeting).where(Meeting.committee_id == committee.id)
    if year is not None:
        starts, next_starts = municipal_year_span(year)
        query = query.where(col(Meeting.start) >= starts, col(Meeting.start) < next_starts)
    return list(session.exec(query.order_by(col(Meeting.start))))


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The committee's last meeting before this one that was not cancelled."""
    return session.exec(
        select(Meeting)
        .where(
            Meeting.committee_id == meeting.committee_id,
            col(Meeting.start) < meeting.start,
            Meeting.status != MeetingStatus.CANCELLED.value,
        )
        .order_by(col(Meeting.start).desc())
        .limit(1)
    ).first()


def coming_meetings(session: Session, committee_id: int) -> list[Meeting]:
    """Return the committee's meetings still to start and not cancelled, soonest first."""
    return list(
        session.exec(
            select(Meeting)
            .where(
                Meeting.committee_id == committee_id,
                Meeting.status == MeetingStatus.SCHEDULED.value,
                col(Meeting.start) > utcnow(),
            )
            .order_by(col(Meeting.start))
        )
    )


def agenda_of(session: Session, meeting: Meeting) -> list[AgendaItem]:
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(col(AgendaItem.position))
        )
    )


class Sitting(Protocol):
    """A meeting, as far as its deadlines need it (a feed's row of columns will do)."""

    @property
    def committee_id(self) -> int: ...

    @property
    def start(self) -> datetime: ...


def meeting_deadlines(session: Session, meeting: Sitting) -> DeadlineSchedule:
    """Return when the meeting's agenda is published and its papers are due."""
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    return committee_schedule(session, committee, to_london(meeting.start).date())


class Schedules:
    """Many meetings' deadlines from one query: every committee's settings are read once, and
    each meeting's schedule is worked out in memory (a feed of thousands, a sweep)."""

    def __init__(self, session: Session) -> None:
        self.calendar = working_calendar(session)
        self.settings = {
            committee.id: settings_of(committee) for committee in session.exec(select(Committee))
        }

    def of(self, meeting: Sitting) -> DeadlineSchedule:
        """The meeting's schedule, as `meeting_deadlines` gives it."""
        return deadline_schedule(
            to_london(meeting.start).date(), self.calendar, self.settings[meeting.committee_id]
        )


@dataclass(frozen=True)
class SubstituteView:
    person: Person
    replacing: Person | None


def substitutes_at(session: Session, meeting: Meeting) -> list[SubstituteView]:
    """Return who substitutes at the meeting, and for whom, by name."""
    rows = session.exec(
        select(Substitution, Person)
        .join(Person, col(Person.id) == Substitution.person_id)
        .where(Substitution.meeting_id == meeting.id)
        .order_by(col(Person.name))
    ).all()
    replaced_ids = {row.replacing_id for row, _ in rows if row.replacing_id is not None}
    replaced = {
        person.id: person
        for person in session.exec(select(Person).where(col(Person.id).in_(replaced_ids)))
    }
    return [
        SubstituteView(person, replaced.get(row.replacing_id) if row.replacing_id else None)
        for row, person in rows
    ]


def councillors(session: Session) -> list[Person]:
    """Return everyone who holds or held a seat on any committee, by name: who may substitute."""
    seated = select(Membership.person_id).distinct()
    return list(
        session.exec(select(Person).where(col(Person.id).in_(seated)).order_by(col(Person.name)))
    )


def members_on_the_day(session: Session, meeting: Meeting) -> list[Person]:
    """Return the committee's members on the meeting's day, by name: whom a substitute replaces."""
    day = to_london(meeting.start).date()
    return list(
        session.exec(
            select(Person)
            .join(Membership, col(Membership.person_id) == Person.id)
            .where(
                Membership.committee_id == meeting.committee_id,
                col(Membership.starts_on) <= day,
                (col(Membership.ends_on).is_(None)) | (col(Membership.ends_on) >= day),
            )
            .distinct()
            .order_by(col(Person.name))
        )
    )


def alterations_of(session: Session, meeting_id: int) -> list[MeetingAlteration]:
    """The changes of the meeting's time, place and status, oldest first."""
    return list(
        session.exec(
            select(MeetingAlteration)
            .where(MeetingAlteration.meeting_id == meeting_id)
            .order_by(col(MeetingAlteration.at), col(MeetingAlteration.id))
        )
    )


def alteration_in_words(alteration: MeetingAlteration) -> str:
    """ "Time changed on 2 December 2026 from 8.30 pm to 7.28 pm", as the page and agenda say."""
    on = plain_date(alteration.at)
    if alteration.what == Alteration.TIME:
        before = datetime.fromisoformat(alteration.before)
        after = datetime.fromisoformat(alteration.after)
        if to_london(before).date() == to_london(after).date():
            return f"Time changed on {on} from {clock_time(before)} to {clock_time(after)}"
        return f"Moved on {on} from {meeting_when(before)} to {meeting_when(after)}"
    if alteration.what == Alteration.VENUE:
        return (
            f"Place changed on {on} from {alteration.before or 'to be confirmed'} to "
            f"{alteration.after or 'to be confirmed'}"
        )
    if alteration.after == MeetingStatus.CANCELLED:
        return f"Cancelled on {on}"
    return f"Reinstated on {on}: the meeting will take place"
