"""Read what a governance officer has outstanding: one reading for the digest and for /home.

The morning digest and the dashboard list the same things because they are built here, from
the same rows: agendas due, papers outstanding, entries waiting for a meeting.
"""

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, func, or_, select

from committee.agenda.models import Agenda
from committee.committees.models import Committee
from committee.deadlines.calendar import CLEAR_WORKING_DAYS_BEFORE_MEETING
from committee.deadlines.queries import committee_schedule, working_calendar
from committee.meetings.models import AgendaItem, Meeting, MeetingStatus
from committee.reminders.outstanding import AgendaDue, Outstanding, PaperLine
from committee.timeutil import london_datetime, municipal_year_of, to_london
from committee.work_programme.models import WorkProgrammeEntry
from committee.work_programme.queries import lead_officers_by_entry, paper_status, papers_by_entry
from workflows.agenda import AgendaState
from workflows.entry import AWAITING_WINDOW, UNSCHEDULED, WINDOW_OPEN

#: Bank holidays and closure days stretch the working-day counts into more calendar days.
HORIZON_SLACK_DAYS = 21
#: How far ahead /home looks for agendas to publish; the digest looks three working days.
AGENDAS_AHEAD_WORKING_DAYS = 15
#: A meeting's agenda is due at most this long before it (five clear working days, stretched
#: by holidays): later meetings need no deadlines worked out.
PUBLICATION_LEAD_AT_MOST = timedelta(days=28)


def paper_horizon(session: Session, now: datetime) -> datetime:
    """How far ahead a meeting can be and still have a paper window open or opening."""
    longest = (
        session.exec(select(func.max(Committee.draft_days + Committee.window_days))).one() or 0
    )
    working_days = CLEAR_WORKING_DAYS_BEFORE_MEETING + 1 + longest
    return now + timedelta(days=working_days * 7 // 5 + HORIZON_SLACK_DAYS)


def paper_lines(
    session: Session, committee_ids: Collection[int], *, now: datetime, until: datetime
) -> list[PaperLine]:
    """Every item of business of these committees' meetings to come (up to `until`, or later
    where its papers have been asked for already), with where its papers stand: overdue first,
    then by deadline. A fixed number of queries, however many items."""
    if not committee_ids:
        return []
    rows = session.exec(
        select(AgendaItem, Meeting, Committee, WorkProgrammeEntry)
        .join(Meeting, col(Meeting.id) == AgendaItem.meeting_id)
        .join(Committee, col(Committee.id) == Meeting.committee_id)
        .join(WorkProgrammeEntry, col(WorkProgrammeEntry.id) == AgendaItem.entry_id)
        .where(
            col(Meeting.committee_id).in_(list(committee_ids)),
            Meeting.status == MeetingStatus.SCHEDULED.value,
            col(Meeting.start) > now,
            or_(col(Meeting.start) <= until, col(WorkProgrammeEntry.state).in_(WINDOW_OPEN)),
        )
        .order_by(col(Meeting.start), col(AgendaItem.position))
    ).all()
    entry_ids = [entry.id for _, _, _, entry in rows if entry.id is not None]
    published = set(
        session.exec(
            select(Agenda.meeting_id).where(
                col(Agenda.meeting_id).in_({meeting.id for _, meeting, _, _ in rows}),
                Agenda.state != AgendaState.DRAFT.value,
            )
        ).all()
    )
    papers = papers_by_entry(session, entry_ids)
    leads = lead_officers_by_entry(session, entry_ids)
    schedules = {}
    lines = []
    for item, meeting, committee, entry in rows:
        assert entry.id is not None
        assert meeting.id is not None
        if meeting.id not in schedules:
            schedules[meeting.id] = committee_schedule(
                session, committee, to_london(meeting.start).date()
            )
        schedule = schedules[meeting.id]
        status, due = paper_status(
            papers[entry.id],
            asked=entry.state not in AWAITING_WINDOW,
            to_follow=item.to_follow,
            schedule=schedule,
            now=now,
        )
        lines.append(
            PaperLine(
                committee=committee,
                meeting=meeting,
                item=item,
                entry=entry,
                schedule=schedule,
                leads=[person.name for person in leads.get(entry.id, [])],
                readiness=papers[entry.id].readiness,
                status=status,
                due=due,
                agenda_published=meeting.id in published,
            )
        )
    return sorted(lines, key=lambda line: (not line.overdue, line.due, line.item.position))


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


def agendas_due(
    session: Session,
    committee_ids: Collection[int],
    *,
    now: datetime,
    ahead_working_days: int,
    lines: list[PaperLine],
) -> list[AgendaDue]:
    """Unpublished agendas of these committees due within so many working days, or already
    late, soonest first, each with its items' lines (from `lines`)."""
    if not committee_ids:
        return []
    today = to_london(now).date()
    last_day = working_calendar(session).working_days_after(today, ahead_working_days)
    rows = session.exec(
        select(Meeting, Committee)
        .join(Committee, col(Committee.id) == Meeting.committee_id)
        .outerjoin(Agenda, col(Agenda.meeting_id) == Meeting.id)
        .where(
            col(Meeting.committee_id).in_(list(committee_ids)),
            Meeting.status == MeetingStatus.SCHEDULED.value,
            col(Meeting.start) > now,
            col(Meeting.start) <= london_datetime(last_day, time(0, 0)) + PUBLICATION_LEAD_AT_MOST,
            col(Agenda.state).is_(None) | (Agenda.state == AgendaState.DRAFT.value),
        )
        .order_by(col(Meeting.start))
    ).all()
    by_meeting: dict[int, list[PaperLine]] = defaultdict(list)
    for line in lines:
        by_meeting[line.meeting.id or 0].append(line)
    due = []
    for meeting, committee in rows:
        schedule = committee_schedule(session, committee, to_london(meeting.start).date())
        if schedule.publication > last_day:
            continue
        due.append(
            AgendaDue(
                meeting=meeting,
                committee=committee,
                schedule=schedule,
                working_days_left=_working_days_between(session, today, schedule.publication),
                papers=by_meeting.get(meeting.id or 0, []),
            )
        )
    return sorted(due, key=lambda agenda: agenda.schedule.publication)


def entries_without_a_meeting(
    session: Session, committee_ids: Collection[int], today: date
) -> list[tuple[WorkProgrammeEntry, Committee]]:
    """This municipal year's (and later years') requested entries that wait for a meeting."""
    if not committee_ids:
        return []
    return [
        (entry, committee)
        for entry, committee in session.exec(
            select(WorkProgrammeEntry, Committee)
            .join(Committee, col(Committee.id) == WorkProgrammeEntry.committee_id)
            .where(
                col(WorkProgrammeEntry.committee_id).in_(list(committee_ids)),
                col(WorkProgrammeEntry.state).in_(UNSCHEDULED),
                WorkProgrammeEntry.municipal_year >= municipal_year_of(today),
            )
            .order_by(col(Committee.name), col(WorkProgrammeEntry.title))
        )
    ]


def outstanding(
    session: Session,
    committee_ids: Collection[int],
    *,
    now: datetime,
    agendas_ahead_working_days: int,
) -> Outstanding:
    """What is outstanding for these committees: the agendas due within so many working days
    (or late), the papers awaited, received but not cleared, to follow or overdue, on draft or
    published agendas, and the entries waiting for a meeting."""
    horizon = paper_horizon(session, now)
    last_day = working_calendar(session).working_days_after(
        to_london(now).date(), agendas_ahead_working_days
    )
    until = max(horizon, london_datetime(last_day, time(0, 0)) + PUBLICATION_LEAD_AT_MOST)
    lines = paper_lines(session, committee_ids, now=now, until=until)
    return Outstanding(
        agendas=agendas_due(
            session,
            committee_ids,
            now=now,
            ahead_working_days=agendas_ahead_working_days,
            lines=lines,
        ),
        papers=[line for line in lines if line.outstanding],
        unscheduled=entries_without_a_meeting(session, committee_ids, to_london(now).date()),
    )
