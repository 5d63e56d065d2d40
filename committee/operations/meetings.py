"""Create, move, re-venue, cancel and reinstate meetings."""

from datetime import datetime, timedelta

from sqlmodel import Session

from committee.models import Committee, Meeting, MeetingStatus
from committee.operations.actors import Actor, require_governance
from committee.operations.agenda import add_standard_items
from committee.operations.errors import InvalidInput, NotFound
from committee.operations.lifecycle import follow_meeting_change
from committee.timeutil import utcnow

VENUE_MAX_LENGTH = 200


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"No meeting has the id {meeting_id}.")
    return meeting


def _require_aware(field: str, value: datetime) -> None:
    if value.tzinfo is None:
        raise InvalidInput(field, "give a time with its UTC offset, or in London time")


def _clean_venue(venue: str) -> str:
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
) -> Meeting:
    """Create a meeting with the standard agenda items; end and venue default to the usual."""
    require_governance(session, actor, committee, "create meetings")
    _require_aware("start", start)
    if end is None:
        end = start + timedelta(minutes=committee.usual_duration_minutes)
    _require_aware("end", end)
    if end <= start:
        raise InvalidInput("end", "a meeting must end after it starts")
    meeting = Meeting(
        committee_id=committee.id,  # type: ignore[arg-type]
        start=start,
        end=end,
        venue=_clean_venue(committee.usual_venue if venue is None else venue),
    )
    session.add(meeting)
    session.flush()
    add_standard_items(session, meeting)
    return meeting


def update_meeting(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    start: datetime | None = None,
    end: datetime | None = None,
    venue: str | None = None,
    status: MeetingStatus | None = None,
) -> list[str]:
    """Change a meeting's time, place or status; return what changed.

    Moving the start without an end keeps the meeting's length. Each change
    raises the revision, so calendar programs replace their copy. Items
    waiting for a cancelled meeting go back to the programme; those of a moved
    meeting go with it; the system records each.
    """
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, "change meetings")
    changes: list[str] = []
    previous_start = meeting.start
    new_start, new_end = meeting.start, meeting.end
    if start is not None:
        _require_aware("start", start)
        if end is None:
            new_end = start + (meeting.end - meeting.start)
        new_start = start
    if end is not None:
        _require_aware("end", end)
        new_end = end
    if new_end <= new_start:
        raise InvalidInput("end", "a meeting must end after it starts")
    if (new_start, new_end) != (meeting.start, meeting.end):
        meeting.start, meeting.end = new_start, new_end
        changes.append("time")
    if venue is not None and _clean_venue(venue) != meeting.venue:
        meeting.venue = _clean_venue(venue)
        changes.append("venue")
    if status is not None and status != meeting.status:
        meeting.status = status
        changes.append("status")
    if changes:
        meeting.revision += 1
        meeting.updated_at = utcnow()
        session.flush()
        follow_meeting_change(
            session, meeting=meeting, changes=changes, previous_start=previous_start
        )
    return changes
