"""Look committees up, with their seats and everyone's roles on them."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from committee.committees.models import Committee, Council
from committee.errors import NotFound
from committee.people.actors import Actor
from committee.people.models import Membership, Person, Role, RoleGrant
from committee.people.permissions import require_governance


def get_committee(session: Session, slug: str) -> Committee:
    committee = session.exec(select(Committee).where(Committee.slug == slug)).first()
    if committee is None:
        raise NotFound(f"No committee has the address {slug!r}.")
    return committee


def governed_committee(session: Session, actor: Actor, slug: str, doing: str) -> Committee:
    """Return the committee once the actor is known to govern it (else 403; 404 if none)."""
    committee = get_committee(session, slug)
    require_governance(session, actor, committee, doing)
    return committee


def list_committees(session: Session) -> list[Committee]:
    return list(session.exec(select(Committee).order_by(Committee.name)))


def seats_of(session: Session, committee: Committee) -> list[tuple[Membership, Person]]:
    """Return every seat on the committee, past and present, with its holder: latest first."""
    return list(
        session.exec(
            select(Membership, Person)
            .join(Person, col(Person.id) == Membership.person_id)
            .where(Membership.committee_id == committee.id)
            .order_by(col(Membership.starts_on).desc(), col(Person.name))
        ).all()
    )


@dataclass(frozen=True)
class PersonWithRoles:
    person: Person
    roles: list[tuple[RoleGrant, Committee | None]]


def people_with_roles(session: Session) -> list[PersonWithRoles]:
    """Return everyone, by name, with each role they hold (and its committee)."""
    rows = session.exec(
        select(Person, RoleGrant, Committee)
        .outerjoin(RoleGrant, col(RoleGrant.person_id) == Person.id)
        .outerjoin(Committee, col(Committee.id) == RoleGrant.committee_id)
        .order_by(col(Person.name), col(Person.id), col(RoleGrant.role), col(Committee.name))
    ).all()
    found: dict[int, PersonWithRoles] = {}
    for person, grant, committee in rows:
        entry = found.setdefault(person.id, PersonWithRoles(person, []))
        if grant is not None:
            entry.roles.append((grant, committee))
    return list(found.values())


def council_details(session: Session) -> Council:
    """The council's details; blank ones until an administrator gives them."""
    return session.get(Council, 1) or Council()


def governance_contacts(session: Session, committee: Committee) -> list[Person]:
    """The committee's governance officers, by surname, as the frontsheet's contacts."""
    people = session.exec(
        select(Person)
        .join(RoleGrant, col(RoleGrant.person_id) == Person.id)
        .where(RoleGrant.committee_id == committee.id, RoleGrant.role == Role.GOVERNANCE)
        .distinct()
    ).all()
    return sorted(people, key=lambda person: (person.name.split()[-1:], person.name))
