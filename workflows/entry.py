"""The lifecycle of a work programme entry and the agenda item it becomes."""

from enum import StrEnum


class EntryState(StrEnum):
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    BRIEFING_DUE = "briefing_due"
    CONSIDERED = "considered"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


#: States in which the entry sits on a meeting's agenda, so must name a meeting.
STATES_WITH_MEETING = frozenset(
    {EntryState.SCHEDULED, EntryState.BRIEFING_DUE, EntryState.CONSIDERED, EntryState.RESOLVED}
)
