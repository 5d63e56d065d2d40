"""Read what each role needs this week: agendas due, papers by status, what failed, what changed."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from committee.agenda.models import Agenda
from committee.committees.models import Committee
from committee.deadlines.calendar import DeadlineSchedule
from committee.deadlines.queries import working_calendar
from committee.meetings.models import AgendaItem, Meeting, MeetingStatus
from committee.meetings.queries import meeting_deadlines
from committee.minutes.models import MeetingMinutes
from committee.people.models import Membership, Person
from committee.recommendations.models import Recommendation
from committee.timeutil import london_datetime, municipal_year_of, to_london
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from committee.work_programme.queries import (
    PaperOwed,
    PapersOfEntry,
    lead_officers_by_entry,
    paper_status,
    papers_by_entry,
    papers_owed_by,
)
from workflows.agenda import AgendaState
from workflows.entry import AWAITING_WINDOW, UNSCHEDULED
from workflows.minutes import MinutesState
from workflows.recommendation import RecommendationState

#: How far ahead the dashboard looks for agendas to publish.
AGENDAS_AHEAD_WORKING_DAYS = 15
RECENT_CHANGES = 20
#: How far back the dashboard looks for meetings still owed their minutes: older ones were
#: minuted before the service, or elsewhere.
MINUTES_LOOK_BACK = timedelta(weeks=13)
OVERDUE_RESPONSES = 20
PUBLICATION_LEAD_AT_MOST = timedelta(days=28)


@dataclass(frozen=True)
class PaperStatusLine:
    """Where one item's papers stand, in the words the dashboard uses."""

    item: AgendaItem
    entry_id: int
    leads: list[str]
    status: (
        str  # "overdue", "awaited", "draft received", "cleared", "to follow", "not asked for yet"
    )
    due: datetime  # the deadline the status is judged against

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"


@dataclass(frozen=True)
class AgendaDue:
    meeting: Meeting
    committee: Committee
    schedule: DeadlineSchedule
    working_days_left: int  # 0 on the day; negative once late
    papers: list[PaperStatusLine]  # overdue first, then by deadline

    @property
    def late(self) -> bool:
        return self.working_days_left < 0

    @property
    def overdue_count(self) -> int:
        return sum(line.overdue for line in self.papers)


def _working_days_between(session: Session, start: date, end: date) -> int:
    """Working days from `start` to `end` (negative when `end` is before `start`)."""
    calendar = working_calendar(session)
    if end < start:
        return -_working_days_between(session, end, start)
    count, day = 0, start
    while day < end:
        day = calendar.working_days_after(day, 1)
        if day <= end:
            count += 1
    return count


def _paper_lines(
    session: Session, meeting: Meeting, schedule: DeadlineSchedule, now: datetime
) -> list[PaperStatusLine]:
    items = [
        (item, item.entry_id)
        for item in session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id, col(AgendaItem.entry_id).is_not(None))
            .order_by(col(AgendaItem.position))
        )
        if item.entry_id is not None
    ]
    entry_ids = [entry_id for _, entry_id in items]
    states = dict(
        session.exec(
            select(WorkProgrammeEntry.id, WorkProgrammeEntry.state).where(
                col(WorkProgrammeEntry.id).in_(entry_ids)
            )
        ).all()
    )
    papers = papers_by_entry(session, entry_ids)
    leads = lead_officers_by_entry(session, entry_ids)
    lines = []
    for item, entry_id in items:
        status, due = paper_status(
            papers[entry_id],
            asked=states.get(entry_id) not in AWAITING_WINDOW,
            to_follow=item.to_follow,
            schedule=schedule,
            now=now,
        )
        names = [person.name for person in leads.get(entry_id, [])]
        lines.append(PaperStatusLine(item, entry_id, names, status, due))
    return sorted(lines, key=lambda line: (not line.overdue, line.due, line.item.position))


def agendas_due(
    session: Session, committee_ids: set[int], now: datetime, today: date
) -> list[AgendaDue]:
    """Unpublished agendas of these committees due in the next 15 working days, or already late."""
    if not committee_ids:
        return []
    horizon = working_calendar(session).working_days_after(today, AGENDAS_AHEAD_WORKING_DAYS)
    rows = session.exec(
        select(Meeting, Committee)
        .join(Committee, col(Committee.id) == Meeting.committee_id)
        .outerjoin(Agenda, col(Agenda.meeting_id) == Meeting.id)
        .where(
            col(Meeting.committee_id).in_(committee_ids),
            Meeting.status == MeetingStatus.SCHEDULED.value,
            col(Meeting.start) > now,
            # A meeting's agenda is due at most a few weeks before it (five clear working days,
            # stretched by holidays): later meetings need no deadlines worked out.
            col(Meeting.start) <= london_datetime(horizon, time(0, 0)) + PUBLICATION_LEAD_AT_MOST,
            col(Agenda.state).is_(None) | (Agenda.state == AgendaState.DRAFT.value),
        )
        .order_by(col(Meeting.start))
    ).all()
    due = []
    for meeting, committee in rows:
        schedule = meeting_deadlines(session, meeting)
        if schedule.publication > horizon:
            continue
        due.append(
            AgendaDue(
                meeting,
                committee,
                schedule,
                _working_days_between(session, today, schedule.publication),
                _paper_lines(session, meeting, schedule, now),
            )
        )
    return sorted(due, key=lambda agenda: agenda.schedule.publication)


def entries_without_a_meeting(
    session: Session, committee_ids: set[int], today: date
) -> list[tuple[WorkProgrammeEntry, Committee]]:
    """This municipal year's requested entries of these committees that wait for a meeting."""
    if not committee_ids:
        return []
    return [
        (entry, committee)
        for entry, committee in session.exec(
            select(WorkProgrammeEntry, Committee)
            .join(Committee, col(Committee.id) == WorkProgrammeEntry.committee_id)
            .where(
                col(WorkProgrammeEntry.committee_id).in_(committee_ids),
                col(WorkProgrammeEntry.state).in_(UNSCHEDULED),
                WorkProgrammeEntry.municipal_year >= municipal_year_of(today),
            )
            .order_by(col(Committee.name), col(WorkProgrammeEntry.title))
        )
    ]


@dataclass(frozen=True)
class RecentChange:
    at: datetime
    entry: WorkProgrammeEntry
    event: str
    to_state: str
    who: str
    reason: str


def recent_changes(session: Session, committee_ids: set[int]) -> list[RecentChange]:
    """The latest changes of these committees' entries, newest first."""
    if not committee_ids:
        return []
    rows = session.exec(
        select(StateChange, WorkProgrammeEntry, Person.name)
        .join(WorkProgrammeEntry, col(WorkProgrammeEntry.id) == StateChange.entry_id)
        .outerjoin(Person, col(Person.id) == StateChange.actor_id)
        .where(col(WorkProgrammeEntry.committee_id).in_(committee_ids))
        .order_by(col(StateChange.at).desc(), col(StateChange.id).desc())
        .limit(RECENT_CHANGES)
    )
    return [
        RecentChange(
            change.at, entry, change.event, change.to_state, name or "the system", change.reason
        )
        for change, entry, name in rows
    ]


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    committee: Committee
    agenda_published: bool
    publication: date


def next_meetings_of_member(
    session: Session, person: Person, now: datetime, limit: int = 5
) -> list[NextMeeting]:
    """The coming meetings of the committees the person sits on, soonest first."""
    today = to_london(now).date()
    seats = session.exec(
        select(Membership.committee_id).where(
            Membership.person_id == person.id,
            col(Membership.starts_on) <= today,
            col(Membership.ends_on).is_(None) | (col(Membership.ends_on) >= today),
        )
    ).all()
    if not seats:
        return []
    rows = session.exec(
        select(Meeting, Committee, Agenda.published_at)
        .join(Committee, col(Committee.id) == Meeting.committee_id)
        .outerjoin(Agenda, col(Agenda.meeting_id) == Meeting.id)
        .where(
            col(Meeting.committee_id).in_(seats),
            Meeting.status == MeetingStatus.SCHEDULED.value,
            col(Meeting.start) > now,
        )
        .order_by(col(Meeting.start))
        .limit(limit)
    ).all()
    return [
        NextMeeting(
            meeting,
            committee,
            published_at is not None,
            meeting_deadlines(session, meeting).publication,
        )
        for meeting, committee, published_at in rows
    ]


def committees_sat_on(session: Session, person: Person, today: date) -> list[tuple[Committee, str]]:
    """The committees the person sits on today, with their role on each."""
    return [
        (committee, role)
        for committee, role in session.exec(
            select(Committee, Membership.role)
            .join(Membership, col(Membership.committee_id) == Committee.id)
            .where(
                Membership.person_id == person.id,
                col(Membership.starts_on) <= today,
                col(Membership.ends_on).is_(None) | (col(Membership.ends_on) >= today),
            )
            .order_by(col(Committee.name))
        )
    ]


@dataclass(frozen=True)
class OwedPaper:
    """A paper a lead officer owes, with where it stands and the time left."""

    owed: PaperOwed
    status: str
    due: datetime

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"


def papers_owed(session: Session, person: Person, now: datetime) -> list[OwedPaper]:
    """The papers the person owes for coming meetings: overdue first, then soonest due."""
    lines = []
    for owed in papers_owed_by(session, person, now):
        status, due = paper_status(
            PapersOfEntry(owed.entry.needed_kinds, {p.kind: p.status for p in owed.papers}),
            asked=owed.window_open,
            to_follow=False,  # the agenda may go out without it; the lead officer still owes it
            schedule=owed.schedule,
            now=now,
        )
        lines.append(OwedPaper(owed, status, due))
    return sorted(lines, key=lambda line: (not line.overdue, line.status == "cleared", line.due))


def time_left(due: datetime, now: datetime) -> str:
    """The time to a deadline in words: "2 days", "5 hours", "3 days late"."""
    seconds = (due - now).total_seconds()
    late = seconds < 0
    hours = abs(seconds) / 3600
    if hours < 1:
        amount = "under an hour"
    elif hours < 48:
        amount = f"{int(hours)} hour{'s' if int(hours) != 1 else ''}"
    else:
        amount = f"{int(hours // 24)} days"
    return f"{amount} late" if late else amount


@dataclass(frozen=True)
class MinutesOwed:
    meeting: Meeting
    committee: Committee
    drafted: bool  # a draft is written, not yet published


def minutes_owed(session: Session, committee_ids: set[int], now: datetime) -> list[MinutesOwed]:
    """Meetings of these committees held lately whose minutes are not published, oldest first."""
    if not committee_ids:
        return []
    rows = session.exec(
        select(Meeting, Committee, MeetingMinutes.state)
        .join(Committee, col(Committee.id) == Meeting.committee_id)
        .outerjoin(MeetingMinutes, col(MeetingMinutes.meeting_id) == Meeting.id)
        .where(
            col(Meeting.committee_id).in_(committee_ids),
            Meeting.status == MeetingStatus.SCHEDULED.value,
            col(Meeting.start) <= now,
            col(Meeting.start) > now - MINUTES_LOOK_BACK,
            col(MeetingMinutes.state).is_(None) | (MeetingMinutes.state == MinutesState.DRAFT),
        )
        .order_by(col(Meeting.start))
    ).all()
    return [
        MinutesOwed(meeting, committee, state is not None) for meeting, committee, state in rows
    ]


def responses_overdue(
    session: Session, committee_ids: set[int], today: date
) -> list[tuple[Recommendation, Committee]]:
    """These committees' recommendations whose response is late, the latest longest."""
    if not committee_ids:
        return []
    return [
        (recommendation, committee)
        for recommendation, committee in session.exec(
            select(Recommendation, Committee)
            .join(Committee, col(Committee.id) == Recommendation.committee_id)
            .where(
                col(Recommendation.committee_id).in_(committee_ids),
                Recommendation.state == RecommendationState.SENT.value,
                col(Recommendation.response_due) < today,
            )
            .order_by(col(Recommendation.response_due), col(Recommendation.id))
            .limit(OVERDUE_RESPONSES)
        ).all()
    ]
