"""What a person's roles let them do: the one place each role check is written."""

from typing import Protocol

from sqlmodel import Session, col, select

from committee.errors import PermissionDenied
from committee.people.actors import Actor, SystemActor
from committee.people.models import Role, RoleGrant


class Governed(Protocol):
    """A committee, as far as a permission check needs it."""

    id: int | None
    name: str


def governs(session: Session, actor: Actor | None, committee_id: int | None) -> bool:
    """Whether the actor may manage the committee's business (the system and admins always)."""
    if actor is None or committee_id is None:
        return False
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


def require_governance(session: Session, actor: Actor, committee: Governed, doing: str) -> None:
    """Refuse unless the actor is a governance officer of the committee (or an admin)."""
    if not governs(session, actor, committee.id):
        raise PermissionDenied(
            f"Only governance officers of {committee.name} may {doing}; {actor.name} is not one."
        )


def is_any_governance_officer(session: Session, actor: Actor) -> bool:
    """Whether the actor clerks some committee (or is an admin, or the system)."""
    if isinstance(actor, SystemActor):
        return True
    held = session.exec(
        select(RoleGrant.id).where(
            RoleGrant.person_id == actor.id,
            col(RoleGrant.role).in_([Role.ADMIN.value, Role.GOVERNANCE.value]),
        )
    ).first()
    return held is not None
