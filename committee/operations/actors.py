"""Who is acting, and what their roles let them do."""

from dataclasses import dataclass
from typing import TypeAlias

from sqlmodel import Session, select

from committee.models import Committee, Person, Role, RoleGrant
from committee.operations.errors import PermissionDenied


@dataclass(frozen=True)
class SystemActor:
    """The service itself: the scheduler's jobs."""

    name: str = "system"


SYSTEM = SystemActor()

Actor: TypeAlias = Person | SystemActor


def governs(session: Session, actor: Actor, committee_id: int) -> bool:
    """Whether the actor may manage the committee's business (system and admins always)."""
    if isinstance(actor, SystemActor):
        return True
    grant = session.exec(
        select(RoleGrant.id).where(
            RoleGrant.person_id == actor.id,
            (RoleGrant.role == Role.ADMIN)
            | ((RoleGrant.role == Role.GOVERNANCE) & (RoleGrant.committee_id == committee_id)),
        )
    ).first()
    return grant is not None


def require_governance(session: Session, actor: Actor, committee: Committee, doing: str) -> None:
    """Refuse unless the actor is a governance officer of the committee (or an admin)."""
    assert committee.id is not None
    if not governs(session, actor, committee.id):
        raise PermissionDenied(
            f"Only governance officers of {committee.name} may {doing}; {actor.name} is not one."
        )
