"""What happens to a meeting, told to the areas that follow it, inside the same transaction.

A lower area cannot call the ones above it, which each know what a change
means for their part: the agenda (committee.agenda) decides whether the
meeting may be cancelled or reinstated at all, and the work programme
(committee.work_programme) moves the items with it. They subscribe here; a
subscriber that refuses raises an OperationError and the whole change,
meeting included, is rolled back by the caller.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from blinker import Namespace

_signals = Namespace()


@dataclass(frozen=True)
class MeetingChange:
    """A meeting's time, place or status has just changed (flushed, not committed)."""

    session: Any  # the transaction's Session
    meeting: Any  # committee.meetings.models.Meeting, as it is now
    actor: Any  # who changed it
    changes: tuple[str, ...]  # "time", "venue", "status"
    previous_start: datetime
    previous_end: datetime
    previous_venue: str
    previous_status: str
    at: datetime
    # The items with work programme entries on its agenda before the change: (entry id, title).
    business: tuple[tuple[int, str], ...] = ()


#: Sent with a MeetingChange once the meeting's row has changed.
meeting_changed = _signals.signal("meeting-changed")
