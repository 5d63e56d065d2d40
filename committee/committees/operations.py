"""Create committees, change their settings, and seat their members."""

import re
from datetime import date, time, timedelta

from sqlmodel import Session, col, select

from committee.committees.models import Committee, Council
from committee.committees.schemas import AgendaSettings, CouncilSettings
from committee.errors import Conflict, InvalidInput, NotFound
from committee.formatting import plain_date
from committee.people.actors import Actor
from committee.people.models import Membership, MembershipRole, Person
from committee.people.permissions import require_admin, require_governance
from committee.timeutil import utcnow

ADD_COMMITTEES = "add committees"
CHANGE_SETTINGS = "change its name, usual venue or usual time"
SEAT_MEMBERS = "seat its members"
CHANGE_COUNCIL = "change the council's details"

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 80


#: Slugs that name pages under /committees/ rather than a committee.
RESERVED_SLUGS = frozenset({"new"})


def validate_slug(slug: str) -> str:
    if slug in RESERVED_SLUGS:
        raise InvalidInput("slug", f"{slug!r} names a page: choose another")
    if not SLUG_PATTERN.match(slug) or len(slug) > SLUG_MAX_LENGTH:
        raise InvalidInput(
            "slug",
            f"{slug!r} cannot be a short name: use lower-case letters, digits and single hyphens "
            f"(e.g. scrutiny-board-2), at most {SLUG_MAX_LENGTH} characters",
        )
    return slug


def create_committee(
    session: Session,
    *,
    slug: str,
    name: str,
    usual_venue: str = "",
    usual_start_time: time = time(14, 0),
) -> Committee:
    """Create a committee; the slug must be new."""
    validate_slug(slug)
    name = name.strip()
    if not name:
        raise InvalidInput("name", "a committee needs a name")
    if session.exec(select(Committee.id).where(Committee.slug == slug)).first() is not None:
        raise Conflict(f"A committee with the short name {slug!r} already exists: choose another.")
    committee = Committee(
        slug=slug, name=name, usual_venue=usual_venue.strip(), usual_start_time=usual_start_time
    )
    session.add(committee)
    session.flush()
    return committee


def add_committee(
    session: Session,
    *,
    actor: Actor,
    slug: str,
    name: str,
    usual_venue: str = "",
    usual_start_time: time = time(14, 0),
) -> Committee:
    """Add a committee (administrators)."""
    require_admin(session, actor, ADD_COMMITTEES)
    return create_committee(
        session, slug=slug, name=name, usual_venue=usual_venue, usual_start_time=usual_start_time
    )


def change_committee(
    session: Session,
    *,
    actor: Actor,
    committee: Committee,
    name: str,
    usual_venue: str,
    usual_start_time: time,
) -> list[str]:
    """Change a committee's name, usual venue and usual start time; return what changed.

    Meetings already arranged keep their own time and place.
    """
    require_governance(session, actor, committee, CHANGE_SETTINGS)
    if not name.strip():
        raise InvalidInput("name", "a committee needs a name")
    changed = []
    for field, value in (
        ("name", name.strip()),
        ("usual_venue", usual_venue.strip()),
        ("usual_start_time", usual_start_time),
    ):
        if getattr(committee, field) != value:
            setattr(committee, field, value)
            changed.append(field)
    session.flush()
    return changed


def add_seat(
    session: Session,
    *,
    actor: Actor,
    committee: Committee,
    person_id: int,
    role: MembershipRole,
    starts_on: date,
    ends_on: date | None = None,
) -> Membership:
    """Seat someone on the committee from one day (to another, or still).

    A person holds one seat at a time: one overlapping an existing seat is refused.
    """
    require_governance(session, actor, committee, SEAT_MEMBERS)
    person = session.get(Person, person_id)
    if person is None:
        raise InvalidInput("person_id", f"no person has the id {person_id}")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput("ends_on", "a seat cannot end before it starts")
    overlapping = session.exec(
        select(Membership).where(
            Membership.committee_id == committee.id,
            Membership.person_id == person_id,
            (col(Membership.ends_on).is_(None)) | (col(Membership.ends_on) >= starts_on),
            col(Membership.starts_on) <= (ends_on or date.max),
        )
    ).first()
    if (
        overlapping is not None
        and overlapping.ends_on == starts_on
        and overlapping.starts_on < starts_on
    ):
        # A seat ended today and a new one from today: the new one takes the day over.
        overlapping.ends_on = starts_on - timedelta(days=1)
        session.flush()
        overlapping = None
    if overlapping is not None:
        until = f" until {plain_date(overlapping.ends_on)}" if overlapping.ends_on else ""
        raise Conflict(
            f"{person.name} already has a seat on {committee.name} from "
            f"{plain_date(overlapping.starts_on)}{until}: end that seat first."
        )
    seat = Membership(
        committee_id=committee.id,
        person_id=person_id,
        role=role.value,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    session.add(seat)
    session.flush()
    return seat


def change_seat_role(
    session: Session,
    *,
    actor: Actor,
    committee: Committee,
    seat_id: int,
    role: MembershipRole,
    from_day: date,
) -> Membership:
    """Change a seat's role from a day (Member to Chair), keeping what it was before: the seat
    ends the day before and a seat in the new role carries on from that day."""
    require_governance(session, actor, committee, SEAT_MEMBERS)
    seat = session.get(Membership, seat_id)
    if seat is None or seat.committee_id != committee.id:
        raise NotFound(f"{committee.name} has no seat with the id {seat_id}.")
    if role == MembershipRole(seat.role):
        raise InvalidInput("role", "that is the seat's role already: choose another")
    if from_day < seat.starts_on:
        raise InvalidInput(
            "from_day",
            f"the seat started on {plain_date(seat.starts_on)}: the change cannot come before",
        )
    if seat.ends_on is not None and from_day > seat.ends_on:
        raise InvalidInput(
            "from_day", f"the seat ended on {plain_date(seat.ends_on)}: seat them again instead"
        )
    if from_day == seat.starts_on:
        seat.role = role.value  # not yet begun in its old role: nothing to keep
        session.flush()
        return seat
    carried = Membership(
        committee_id=committee.id,
        person_id=seat.person_id,
        role=role.value,
        starts_on=from_day,
        ends_on=seat.ends_on,
    )
    seat.ends_on = from_day - timedelta(days=1)
    session.add(carried)
    session.flush()
    return carried


def end_seat(
    session: Session, *, actor: Actor, committee: Committee, seat_id: int, ends_on: date
) -> Membership:
    """End a seat on a day (its last day on the committee)."""
    require_governance(session, actor, committee, SEAT_MEMBERS)
    seat = session.get(Membership, seat_id)
    if seat is None or seat.committee_id != committee.id:
        raise NotFound(f"{committee.name} has no seat with the id {seat_id}.")
    if ends_on < seat.starts_on:
        raise InvalidInput(
            "ends_on", f"the seat started on {plain_date(seat.starts_on)}: it cannot end before"
        )
    seat.ends_on = ends_on
    session.flush()
    return seat


def change_agenda_settings(
    session: Session, *, actor: Actor, committee: Committee, settings: AgendaSettings
) -> list[str]:
    """Change what the committee's agendas print and how late items number; return what
    changed. Editions already published keep what they printed."""
    require_governance(session, actor, committee, CHANGE_SETTINGS)
    changed = []
    for field, value in settings.model_dump().items():
        if getattr(committee, field) != value:
            setattr(committee, field, value)
            changed.append(field)
    session.flush()
    return changed


def change_council(session: Session, *, actor: Actor, settings: CouncilSettings) -> list[str]:
    """Change the council's details (administrators); return what changed. Editions already
    published keep what they printed."""
    require_admin(session, actor, CHANGE_COUNCIL)
    council = session.get(Council, 1)
    if council is None:
        council = Council(id=1)
        session.add(council)
    changed = []
    for field, value in settings.model_dump().items():
        if getattr(council, field) != value:
            setattr(council, field, value)
            changed.append(field)
    if changed:
        council.updated_at = utcnow()
    session.flush()
    return changed
