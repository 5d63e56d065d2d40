"""Change deadlines as the council runs them: its closure days, each committee's settings."""

from datetime import date, time

from sqlalchemy import update
from sqlmodel import Session

from committee.committees.models import Committee
from committee.deadlines.calendar import DeadlineSettings, InvalidDeadlineSettings
from committee.deadlines.models import ClosureDay
from committee.deadlines.queries import CALENDAR_KEY, settings_of
from committee.errors import Conflict, InvalidInput, NotFound
from committee.people.actors import Actor, SystemActor
from committee.people.permissions import require_any_governance, require_governance
from committee.timeutil import utcnow


def set_deadline_settings(
    session: Session,
    *,
    actor: Actor,
    committee: Committee,
    draft_days: int | None = None,
    final_days: int | None = None,
    window_days: int | None = None,
    deadline_time: time | None = None,
) -> DeadlineSettings:
    """Change a committee's paper deadlines; refuse settings that cannot make a schedule."""
    require_governance(session, actor, committee, DEADLINES_DOING)
    current = settings_of(committee)
    try:
        settings = DeadlineSettings(
            draft_days=current.draft_days if draft_days is None else draft_days,
            final_days=current.final_days if final_days is None else final_days,
            window_days=current.window_days if window_days is None else window_days,
            deadline_time=current.deadline_time if deadline_time is None else deadline_time,
        )
    except InvalidDeadlineSettings as error:
        raise InvalidInput(error.field, str(error)) from None
    committee.draft_days = settings.draft_days
    committee.final_days = settings.final_days
    committee.window_days = settings.window_days
    committee.deadline_time = settings.deadline_time
    committee.deadlines_changed_at = utcnow()
    committee.deadline_revision += 1
    session.flush()
    return settings


CLOSURE_DAYS_DOING = "set the council's closure days"
DEADLINES_DOING = "change its paper deadlines"


def add_closure_day(session: Session, *, actor: Actor, day: date, reason: str) -> ClosureDay:
    """Make a day a non-working day for every deadline count."""
    require_any_governance(session, actor, CLOSURE_DAYS_DOING)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("reason", "say why the council is closed")
    if session.get(ClosureDay, day) is not None:
        raise Conflict(f"{day.isoformat()} is already a closure day.")
    closure = ClosureDay(
        day=day, reason=reason, created_by_id=None if isinstance(actor, SystemActor) else actor.id
    )
    session.add(closure)
    _closures_changed(session)
    return closure


def remove_closure_day(session: Session, *, actor: Actor, day: date) -> None:
    require_any_governance(session, actor, CLOSURE_DAYS_DOING)
    closure = session.get(ClosureDay, day)
    if closure is None:
        raise NotFound(f"{day.isoformat()} is not a closure day.")
    session.delete(closure)
    _closures_changed(session)


def _closures_changed(session: Session) -> None:
    """Every committee's deadlines may have moved: say so, and forget the cached calendar."""
    session.execute(
        update(Committee).values(
            deadlines_changed_at=utcnow(), deadline_revision=Committee.deadline_revision + 1
        )
    )
    session.flush()
    session.info.pop(CALENDAR_KEY, None)
