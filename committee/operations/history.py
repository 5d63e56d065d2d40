"""Write the history of entries' state changes."""

from datetime import datetime

from sqlmodel import Session

from committee.models import StateChange, WorkProgrammeEntry
from committee.operations.actors import Actor, SystemActor
from committee.timeutil import utcnow


def record_state_change(
    session: Session,
    *,
    entry: WorkProgrammeEntry,
    event: str,
    from_state: str | None,
    actor: Actor,
    reason: str = "",
    meeting_id: int | None = None,
    paper_id: int | None = None,
    at: datetime | None = None,
) -> StateChange:
    """Add a history row for the entry's current state; it commits with the change or not at all."""
    change = StateChange(
        entry_id=entry.id,
        event=event,
        from_state=from_state,
        to_state=entry.state,
        actor_id=None if isinstance(actor, SystemActor) else actor.id,
        reason=reason,
        meeting_id=meeting_id,
        paper_id=paper_id,
        at=at or utcnow(),
    )
    session.add(change)
    return change
