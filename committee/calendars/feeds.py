"""Which events each calendar feed holds, read from the database, and its validators.

A feed's ETag is a digest of everything its bytes depend on, so a client that
has the current one gets 304 without the feed being built: for public feeds
from one aggregate query; for personal feeds from the rows of one person.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, partial

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from committee.agenda.models import Agenda
from committee.calendars.ical import (
    CANCELLED_KEPT_FOR,
    RENDER_VERSION,
    AgendaLine,
    DayEvent,
    EventCache,
    FeedHeader,
    MeetingEvent,
    render_feed,
)
from committee.committees.models import Committee
from committee.decisions.models import DecisionMaker, KeyDecisionNotice
from committee.decisions.queries import published_notices
from committee.formatting import clock_time, long_date, meeting_when
from committee.meetings.models import AgendaItem, Meeting, MeetingStatus, Substitution
from committee.meetings.queries import Schedules
from committee.people.models import Membership, Person
from committee.people.permissions import committees_clerked_by
from committee.timeutil import LONDON
from committee.work_programme.models import EntryLeadOfficer, StateChange, WorkProgrammeEntry
from workflows.decision import NoticeState
from workflows.entry import STATES_WITH_MEETING


@dataclass(frozen=True)
class Validators:
    etag: str  # strong: a digest of everything the bytes depend on
    last_modified: datetime


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr((RENDER_VERSION, *parts)).encode()).hexdigest()[:40]


def _in_feed(now: datetime) -> ColumnElement[bool]:
    """Scheduled meetings, and cancelled ones for 90 days after they were cancelled."""
    return or_(
        col(Meeting.status) == MeetingStatus.SCHEDULED.value,
        col(Meeting.updated_at) >= now - CANCELLED_KEPT_FOR,
    )


def _aged_out_at(session: Session, now: datetime, committee_id: int | None) -> datetime | None:
    """When the last cancelled meeting to leave the feed left it: the feed changed then."""
    query = select(func.max(Meeting.updated_at)).where(
        Meeting.status == MeetingStatus.CANCELLED.value,
        col(Meeting.updated_at) < now - CANCELLED_KEPT_FOR,
    )
    if committee_id is not None:
        query = query.where(col(Meeting.committee_id) == committee_id)
    last = _as_aware(session.exec(query).one())
    return last + CANCELLED_KEPT_FOR if last is not None else None


def _as_aware(value: object) -> datetime | None:
    """Read a timestamp from an aggregate, which skips the column's type (SQLite gives naive UTC text)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def key_decision_day(notice: KeyDecisionNotice, maker: DecisionMaker, base_url: str) -> DayEvent:
    """A key decision on the day it is expected, in the public's words: a deferral moves it
    (the same UID, a higher SEQUENCE)."""
    words = f"{maker.name} expects to decide."
    if notice.lawful_from is not None:
        words += f" It may be decided from {long_date(notice.lawful_from)}."
    if notice.is_private:
        words += f" To be taken in private: paragraph {notice.exempt_paragraph} of Schedule 12A."
    link = f"{base_url}/notices/{notice.id}"
    return DayEvent(
        uid=f"key-decision-{notice.id}",
        day=notice.decision_due,
        summary=f"Key decision: {notice.matter}",
        description=f"{words}\n{link}",
        url=link,
        sequence=notice.version,
        updated_at=notice.updated_at,
    )


def public_validators(
    session: Session, *, committee: Committee | None, now: datetime, base_url: str
) -> Validators:
    """The validators of a public feed, from one aggregate query (no feed is built)."""
    query = (
        sql_select(  # six aggregates: more than SQLModel's select() is typed for
            func.count(),
            func.max(col(Meeting.updated_at)),
            func.max(col(Meeting.id)),
            func.sum(col(Meeting.revision)),
            # Publishing moves `updated_at` too; these keep it in the tag within one clock tick.
            func.count(col(Agenda.published_at)),
            func.sum(col(Agenda.version)),  # every edition (a supplement, a correction) moves it
        )
        .outerjoin(Agenda, col(Agenda.meeting_id) == Meeting.id)
        .where(_in_feed(now))
    )
    if committee is not None:
        query = query.where(col(Meeting.committee_id) == committee.id)
    count, last_change, last_id, revisions, published, editions = session.execute(query).one()
    # Committees: their names, and their deadline settings, which move unpublished agendas' dates.
    names = session.exec(
        select(
            func.count(),
            func.max(Committee.created_at),
            func.max(Committee.deadlines_changed_at),
            func.sum(Committee.deadline_revision),
        )
    ).one()
    # The all-committees feed carries the forward plan's key decisions on their days.
    plan = (
        session.execute(
            sql_select(
                func.count(),
                func.max(col(KeyDecisionNotice.updated_at)),
                func.sum(col(KeyDecisionNotice.version)),
            ).where(col(KeyDecisionNotice.state) == NoticeState.PUBLISHED.value)
        ).one()
        if committee is None
        else (0, None, 0)
    )
    last_change = _as_aware(last_change)
    deadlines_changed = _as_aware(names[2])
    aged_out = _aged_out_at(session, now, committee.id if committee else None)
    cutoff_day = (now - CANCELLED_KEPT_FOR).astimezone(LONDON).date()
    etag = _digest(
        "public",
        committee.slug if committee else None,
        base_url,
        count,
        last_change,
        last_id,
        revisions,
        published,
        editions,
        cutoff_day,
        names,
        tuple(plan),
    )
    plan_changed = _as_aware(plan[1])
    moments = [m for m in (last_change, aged_out, deadlines_changed, plan_changed) if m is not None]
    return Validators(etag, max(moments, default=datetime(2000, 1, 1, tzinfo=LONDON)))


def _agenda(session: Session, meeting_ids: list[int]) -> dict[int, tuple[AgendaLine, ...]]:
    """Each meeting's agenda lines, read as plain columns: thousands of rows, no objects needed."""
    lines: dict[int, list[AgendaLine]] = defaultdict(list)
    if meeting_ids:
        rows = session.exec(
            select(
                AgendaItem.meeting_id,
                AgendaItem.number,
                AgendaItem.title,
                AgendaItem.exempt_paragraph,
            )
            .where(
                col(AgendaItem.meeting_id).in_(meeting_ids),
                col(AgendaItem.published_in).is_not(None),
            )
            .order_by(col(AgendaItem.meeting_id), col(AgendaItem.position))
        )
        for meeting_id, number, title, paragraph in rows:
            lines[meeting_id].append(AgendaLine(number, title, paragraph))
    return {meeting_id: tuple(items) for meeting_id, items in lines.items()}


@dataclass(frozen=True)
class _MeetingRow:
    """The columns of a meeting a feed shows, read without building ORM objects."""

    id: int
    committee_id: int
    start: datetime
    end: datetime
    venue: str
    status: str
    revision: int
    updated_at: datetime
    committee_name: str
    deadline_revision: int  # raised by what moves the publication day of an unpublished agenda
    published_at: datetime | None  # the agenda's; None until it is published
    agenda_version: int | None  # moved by each edition (a supplement, a correction)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED.value

    @property
    def cache_key(self) -> tuple[object, ...]:
        """Everything the meeting's event shows depends on: publishing also moves `updated_at`."""
        return (
            self.id,
            self.revision,
            self.updated_at,
            self.committee_name,
            self.published_at,
            self.agenda_version,
            None if self.published_at else self.deadline_revision,
        )


_MEETING_COLUMNS = tuple(
    col(column)
    for column in (
        Meeting.id,
        Meeting.committee_id,
        Meeting.start,
        Meeting.end,
        Meeting.venue,
        Meeting.status,
        Meeting.revision,
        Meeting.updated_at,
        Committee.name,
        Committee.deadline_revision,
        Agenda.published_at,
        Agenda.version,
    )
)


def _meeting_rows(session: Session, *conditions: ColumnElement[bool]) -> list[_MeetingRow]:
    rows = session.execute(
        sql_select(*_MEETING_COLUMNS)
        .join(Committee, col(Committee.id) == Meeting.committee_id)
        .outerjoin(Agenda, col(Agenda.meeting_id) == Meeting.id)
        .where(*conditions)
        .order_by(col(Meeting.start), col(Meeting.id))
    )
    return [_MeetingRow(*row) for row in rows]


class FeedBuilder:
    """Builds feeds for one request, reusing the events already serialised."""

    def __init__(self, session: Session, *, base_url: str, host: str, cache: EventCache) -> None:
        self.session = session
        self.base_url = base_url
        self.host = host
        self.cache = cache

    def _meeting_events(self, rows: list[_MeetingRow]) -> list[bytes]:
        """Serialise the meetings, loading agendas only for those not cached already."""
        keys = [row.cache_key for row in rows]
        missing = [
            row.id
            for row, key in zip(rows, keys, strict=True)
            if not self.cache.has_meeting(key, self.host)
        ]
        agendas = _agenda(self.session, missing)
        return [
            self.cache.meeting(key, self.host, partial(self._event, row, agendas))
            for row, key in zip(rows, keys, strict=True)
        ]

    @cached_property
    def schedules(self) -> Schedules:
        """The meetings' deadlines: the committees' settings read once, when first needed."""
        return Schedules(self.session)

    def _event(self, row: _MeetingRow, agendas: dict[int, tuple[AgendaLine, ...]]) -> MeetingEvent:
        return MeetingEvent(
            id=row.id,
            committee_name=row.committee_name,
            start=row.start,
            end=row.end,
            venue=row.venue,
            cancelled=row.is_cancelled,
            revision=row.revision,
            updated_at=row.updated_at,
            url=f"{self.base_url}/meetings/{row.id}",
            agenda=agendas.get(row.id, ()),
            pack_url=f"{self.base_url}/meetings/{row.id}/agenda.pdf" if row.published_at else "",
            publication_day=None
            if row.published_at or row.is_cancelled
            else self.schedules.of(row).publication,
        )

    def _render(
        self, header: FeedHeader, meeting_rows: list[_MeetingRow], days: list[DayEvent]
    ) -> bytes:
        years = [row.start.astimezone(LONDON).year for row in meeting_rows]
        years += [day.day.year for day in days]
        events = self._meeting_events(meeting_rows) + [
            self.cache.day(day, self.host) for day in days
        ]
        return render_feed(header, events, first_year=min(years, default=2000))

    def public(self, *, committee: Committee | None, now: datetime, url: str) -> bytes:
        conditions = [_in_feed(now)]
        if committee is not None:
            conditions.append(col(Meeting.committee_id) == committee.id)
        rows = _meeting_rows(self.session, *conditions)
        if committee is None:
            header = FeedHeader(
                "Council committee meetings",
                "Every meeting of the council's committees, and the key decisions expected.",
                url,
            )
            days = [
                key_decision_day(notice, maker, self.base_url)
                for notice, maker in published_notices(self.session)
            ]
        else:
            header = FeedHeader(committee.name, f"The meetings of {committee.name}.", url)
            days = []
        return self._render(header, rows, days)

    def personal(self, *, person: Person, now: datetime, url: str) -> tuple[bytes, Validators]:
        """A member's meetings, a lead officer's deadlines, a governance officer's publication days."""
        session = self.session
        # The meetings of the committees they sit on, on a day of their seat: one query for all
        # their seats (the day is London's, so compared here).
        meeting_ids: set[int] = {
            meeting_id
            for meeting_id, start, starts_on, ends_on in session.exec(
                select(
                    col(Meeting.id),
                    col(Meeting.start),
                    col(Membership.starts_on),
                    col(Membership.ends_on),
                )
                .join(Membership, col(Membership.committee_id) == Meeting.committee_id)
                .where(Membership.person_id == person.id)
            )
            if starts_on <= start.astimezone(LONDON).date()
            and (ends_on is None or start.astimezone(LONDON).date() <= ends_on)
        }
        meeting_ids |= set(
            session.exec(select(Substitution.meeting_id).where(Substitution.person_id == person.id))
        )
        governed = committees_clerked_by(session, person.id)
        if governed:
            meeting_ids |= set(
                session.exec(select(Meeting.id).where(col(Meeting.committee_id).in_(governed)))
            )
        led = list(
            session.exec(
                select(WorkProgrammeEntry, Meeting)
                .join(EntryLeadOfficer, col(EntryLeadOfficer.entry_id) == WorkProgrammeEntry.id)
                .join(Meeting, col(Meeting.id) == WorkProgrammeEntry.meeting_id)
                .where(
                    EntryLeadOfficer.person_id == person.id,
                    col(WorkProgrammeEntry.state).in_(sorted(STATES_WITH_MEETING)),
                    Meeting.status == MeetingStatus.SCHEDULED.value,
                )
            )
        )
        # Items sent back to the programme when their meeting was cancelled: their
        # deadlines stay, marked cancelled, as long as the meeting does.
        led += list(
            session.exec(
                select(WorkProgrammeEntry, Meeting)
                .join(EntryLeadOfficer, col(EntryLeadOfficer.entry_id) == WorkProgrammeEntry.id)
                .join(StateChange, col(StateChange.entry_id) == WorkProgrammeEntry.id)
                .join(Meeting, col(Meeting.id) == StateChange.meeting_id)
                .where(
                    EntryLeadOfficer.person_id == person.id,
                    StateChange.event == "defer",
                    Meeting.status == MeetingStatus.CANCELLED.value,
                    col(Meeting.updated_at) >= now - CANCELLED_KEPT_FOR,
                    or_(
                        col(WorkProgrammeEntry.meeting_id).is_(None),
                        col(WorkProgrammeEntry.meeting_id) != Meeting.id,
                    ),
                )
                .distinct()
            )
        )
        meeting_ids |= {meeting.id for _, meeting in led}
        rows = _meeting_rows(session, col(Meeting.id).in_(meeting_ids), _in_feed(now))
        committees = {
            committee.id: committee
            for committee in session.exec(
                select(Committee).where(col(Committee.id).in_({row.committee_id for row in rows}))
            )
        }
        days: list[DayEvent] = []
        for entry, meeting in led:
            if meeting.committee_id in committees:
                days += self._deadlines(entry, meeting, committees[meeting.committee_id])
        for row in rows:
            if row.committee_id in governed:
                days.append(self._publication(row, committees[row.committee_id]))
        # The key decisions they take: as the decision maker, or as a member of the Cabinet.
        days += [
            key_decision_day(notice, maker, self.base_url)
            for notice, maker in published_notices(
                session, decided_by=person, today=now.astimezone(LONDON).date()
            )
        ]
        days.sort(key=lambda day: (day.day, day.uid))
        deadline_changes = sorted(
            (committee.id, committee.deadlines_changed_at, committee.deadline_revision)
            for committee in committees.values()
        )
        header = FeedHeader(
            f"Committee business: {person.name}", f"{person.name}'s meetings and deadlines.", url
        )
        body = self._render(header, rows, days)
        etag = _digest(
            "personal",
            person.id,
            self.base_url,
            [row.cache_key for row in rows],
            days,
            sorted(deadline_changes),
        )
        moments = [row.updated_at for row in rows] + [d.updated_at for d in days]
        moments += [changed for _, changed, _ in deadline_changes]
        return body, Validators(etag, max(moments, default=datetime(2000, 1, 1, tzinfo=LONDON)))

    def _deadlines(
        self, entry: WorkProgrammeEntry, meeting: Meeting, committee: Committee
    ) -> list[DayEvent]:
        """The draft and final deadlines: moved by the meeting, and by deadline settings and
        closure days, each move raising SEQUENCE and DTSTAMP."""
        schedule = self.schedules.of(meeting)
        link = f"{self.base_url}/entries/{entry.id}"
        changed = max(meeting.updated_at, entry.updated_at, committee.deadlines_changed_at)
        where = f"for {committee.name}, {meeting_when(meeting.start)}"
        return [
            DayEvent(
                uid=f"{kind}-entry-{entry.id}-meeting-{meeting.id}",
                day=due.astimezone(LONDON).date(),
                summary=f"{label}: {entry.title}",
                description=f"{label} by {clock_time(due)} on {long_date(due)}, {where}.\n{link}",
                url=link,
                sequence=meeting.revision + committee.deadline_revision,
                updated_at=changed,
                cancelled=meeting.is_cancelled,
            )
            for kind, label, due in (
                ("draft", "Draft due", schedule.draft),
                ("final", "Final paper due", schedule.final),
            )
        ]

    def _publication(self, row: _MeetingRow, committee: Committee) -> DayEvent:
        schedule = self.schedules.of(row)
        link = f"{self.base_url}/meetings/{row.id}"
        return DayEvent(
            uid=f"publication-meeting-{row.id}",
            day=schedule.publication,
            summary=f"Publish agenda: {row.committee_name}",
            description=(
                f"The agenda for {row.committee_name}, {meeting_when(row.start)}, is published today: "
                f"five clear working days before the meeting.\n{link}"
            ),
            url=link,
            sequence=row.revision + committee.deadline_revision,
            updated_at=max(row.updated_at, committee.deadlines_changed_at),
            cancelled=row.is_cancelled,
        )
