"""Read what each role needs this week: agendas due, papers by status, what failed, what changed."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from committee.agenda.models import Agenda
from committee.committees.models import Committee
from committee.meetings.models import Meeting, MeetingStatus
from committee.meetings.queries import meeting_deadlines
from committee.minutes.models import MeetingMinutes
from committee.people.models import Membership, Person
from committee.recommendations.models import Recommendation
from committee.timeutil import london_datetime, to_london
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from committee.work_programme.queries import (
    PaperOwed,
    PapersOfEntry,
    paper_status,
    papers_owed_by,
)
from workflows.agenda import AgendaState
from workflows.minutes import MinutesState
from workflows.recommendation import RecommendationState

RECENT_CHANGES = 20
#: How far back the dashboard looks for meetings still owed their minutes: older ones were
#: minuted before the service, or elsewhere.
MINUTES_LOOK_BACK = timedelta(weeks=13)
OVERDUE_RESPONSES = 20
#: "This week" on the dashboard: today and the six days after.
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class MeetingThisWeek:
    meeting: Meeting
    committee: Committee
    agenda_published: bool

    def is_on(self, day: date) -> bool:
        return to_london(self.meeting.start).date() == day


def meetings_this_week(
    session: Session, committee_ids: set[int], now: datetime
) -> list[MeetingThisWeek]:
    """These committees' meetings from the start of today to a week ahead, cancelled ones too
    (a clerk needs to know what will not happen)."""
    if not committee_ids:
        return []
    today = to_london(now).date()
    rows = session.exec(
        select(Meeting, Committee, Agenda.state)
        .join(Committee, col(Committee.id) == Meeting.committee_id)
        .outerjoin(Agenda, col(Agenda.meeting_id) == Meeting.id)
        .where(
            col(Meeting.committee_id).in_(committee_ids),
            col(Meeting.start) >= london_datetime(today, time(0, 0)),
            col(Meeting.start) < london_datetime(today, time(0, 0)) + WEEK,
        )
        .order_by(col(Meeting.start), col(Committee.name))
    ).all()
    return [
        MeetingThisWeek(meeting, committee, state not in (None, AgendaState.DRAFT.value))
        for meeting, committee, state in rows
    ]


def committees_by_name(session: Session, committee_ids: set[int]) -> list[Committee]:
    return list(
        session.exec(
            select(Committee)
            .where(col(Committee.id).in_(committee_ids))
            .order_by(col(Committee.name))
        )
    )


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
