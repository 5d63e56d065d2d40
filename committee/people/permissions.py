"""What a person's roles let them do: the one place each role check is written."""

from collections import defaultdict
from typing import Protocol

from sqlmodel import Session, col, select

from committee.errors import PermissionDenied
from committee.people.actors import Actor, SystemActor
from committee.people.models import Person, Role, RoleGrant


class Governed(Protocol):
    """A committee, as far as a permission check needs it."""

    id: int
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


def is_admin(session: Session, actor: Actor) -> bool:
    """Whether the actor may act for every committee (the system always)."""
    if isinstance(actor, SystemActor):
        return True
    held = session.exec(
        select(RoleGrant.id).where(RoleGrant.person_id == actor.id, RoleGrant.role == Role.ADMIN)
    ).first()
    return held is not None


def require_admin(session: Session, actor: Actor, doing: str) -> None:
    """Refuse unless the actor is an administrator (for people, roles and new committees)."""
    if not is_admin(session, actor):
        raise PermissionDenied(f"Only administrators may {doing}; {actor.name} is not one.")


def require_any_governance(session: Session, actor: Actor, doing: str) -> None:
    """Refuse unless the actor clerks some committee (or is an admin): for council-wide settings."""
    if not is_any_governance_officer(session, actor):
        raise PermissionDenied(f"Only governance officers may {doing}; {actor.name} is not one.")


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


def committees_clerked_by(session: Session, person_id: int | None) -> set[int]:
    """Return the committees the person is a governance officer of."""
    return {
        committee_id
        for committee_id in session.exec(
            select(RoleGrant.committee_id).where(
                RoleGrant.person_id == person_id, RoleGrant.role == Role.GOVERNANCE.value
            )
        )
        if committee_id is not None
    }


def clerks_by_committee(session: Session) -> dict[int, list[Person]]:
    """Return each committee's governance officers who have an email address, by name."""
    found: dict[int, list[Person]] = defaultdict(list)
    for committee_id, person in session.exec(
        select(RoleGrant.committee_id, Person)
        .join(Person, col(Person.id) == RoleGrant.person_id)
        .where(RoleGrant.role == Role.GOVERNANCE.value, col(Person.email).is_not(None))
        .order_by(Person.name)
    ):
        if committee_id is not None:  # a governance grant always names its committee
            found[committee_id].append(person)
    return found
