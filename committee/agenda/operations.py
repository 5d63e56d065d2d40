"""Change a meeting, and its business with it.

Moving a meeting, changing its venue, cancelling or reinstating it is more
than an edit of the meeting's row: the items on its agenda follow (back to the
work programme when it is cancelled, along with it when it moves), each through
the lifecycle with a history row by the system.
"""

from datetime import datetime

from sqlmodel import Session

from committee.committees.models import Committee
from committee.errors import InvalidInput
from committee.meetings.models import Meeting, MeetingStatus
from committee.meetings.operations import CHANGE_MEETINGS, clean_venue, require_aware
from committee.people.actors import Actor
from committee.people.permissions import require_governance
from committee.timeutil import utcnow
from committee.work_programme.lifecycle import follow_meeting_change


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
    require_governance(session, actor, committee, CHANGE_MEETINGS)
    changes: list[str] = []
    previous_start = meeting.start
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
        meeting.updated_at = utcnow()
        session.flush()
        follow_meeting_change(
            session, meeting=meeting, changes=changes, previous_start=previous_start
        )
    return changes
