"""Read meetings, their agendas and their deadlines."""

from sqlmodel import Session, col, select

from committee.committees.models import Committee
from committee.deadlines.calendar import DeadlineSchedule
from committee.deadlines.queries import committee_schedule
from committee.errors import NotFound
from committee.meetings.models import AgendaItem, Meeting, MeetingStatus
from committee.timeutil import municipal_year_span, to_london, utcnow


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"No meeting has the id {meeting_id}.")
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
            .order_by(AgendaItem.position)  # type: ignore[arg-type]
        )
    )


def meeting_deadlines(session: Session, meeting: Meeting) -> DeadlineSchedule:
    """Return when the meeting's agenda is published and its papers are due."""
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    return committee_schedule(session, committee, to_london(meeting.start).date())
