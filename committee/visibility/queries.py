"""Who may read private business (exempt under Schedule 12A): the one place the rule is written.

Business taken in private is listed by its title and paragraph for everyone;
its words (papers, detail, the minute's text, recommendations) only for:

- the committee's governance officers, and administrators (and the system);
- the committee's members, while their seat lasts (a standing substitute's
  seat does not count; an ended seat no longer does);
- a substitute, for the meeting they substitute at;
- an entry's lead officers, for that entry's business.

A `Reader` is worked out once per request from a handful of queries; every
question after that is answered in memory, so a list of a thousand rows asks
the database nothing more.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from committee.meetings.models import Substitution
from committee.people.actors import Actor, SystemActor
from committee.people.models import Membership, MembershipRole, Role, RoleGrant
from committee.timeutil import today_in_london
from committee.work_programme.models import EntryLeadOfficer, WorkProgrammeEntry


@dataclass(frozen=True)
class Business:
    """Where a thing belongs, as far as the rule needs it; `exempt_paragraph` None is public."""

    committee_id: int
    exempt_paragraph: int | None = None
    meeting_id: int | None = None
    entry_id: int | None = None

    @property
    def is_private(self) -> bool:
        return self.exempt_paragraph is not None


@dataclass(frozen=True)
class Reader:
    """Someone reading, with what entitles them to private business. The public has nothing."""

    person_id: int | None = None
    sees_everything: bool = False  # an administrator, or the system
    clerks: frozenset[int] = frozenset()  # committees they are a governance officer of
    seated_on: frozenset[int] = frozenset()  # committees they are a member of today
    substitutes_at: frozenset[int] = frozenset()  # meetings they substitute at
    leads: frozenset[int] = frozenset()  # entries they are a lead officer of

    @property
    def is_public(self) -> bool:
        return self.person_id is None and not self.sees_everything

    def governs(self, committee_id: int | None) -> bool:
        """Whether they clerk the committee: they see its drafts as well as its private business."""
        return self.sees_everything or committee_id in self.clerks

    def may_read(self, business: Business) -> bool:
        """Whether they may read the words of this business (public business: anyone)."""
        if not business.is_private:
            return True
        return (
            self.governs(business.committee_id)
            or business.committee_id in self.seated_on
            or (business.meeting_id is not None and business.meeting_id in self.substitutes_at)
            or (business.entry_id is not None and business.entry_id in self.leads)
        )

    def may_read_meeting(self, committee_id: int, meeting_id: int | None) -> bool:
        """Whether they may read all of a meeting's private business (the members' pack)."""
        return self.may_read(Business(committee_id, exempt_paragraph=0, meeting_id=meeting_id))


PUBLIC = Reader()
EVERYTHING = Reader(sees_everything=True)


def reader_for(session: Session, actor: Actor | None, *, today: date | None = None) -> Reader:
    """Work out what entitles the actor to private business, as of `today` (London)."""
    if actor is None:
        return PUBLIC
    if isinstance(actor, SystemActor):
        return EVERYTHING
    today = today or today_in_london()
    grants = session.exec(
        select(RoleGrant.role, RoleGrant.committee_id).where(RoleGrant.person_id == actor.id)
    ).all()
    if any(role == Role.ADMIN.value for role, _ in grants):
        return Reader(person_id=actor.id, sees_everything=True)
    seats = session.exec(
        select(Membership.committee_id).where(
            Membership.person_id == actor.id,
            Membership.role != MembershipRole.SUBSTITUTE.value,
            col(Membership.starts_on) <= today,
            col(Membership.ends_on).is_(None) | (col(Membership.ends_on) >= today),
        )
    ).all()
    substitutions = session.exec(
        select(Substitution.meeting_id).where(Substitution.person_id == actor.id)
    ).all()
    leads = session.exec(
        select(EntryLeadOfficer.entry_id).where(EntryLeadOfficer.person_id == actor.id)
    ).all()
    return Reader(
        person_id=actor.id,
        clerks=frozenset(
            committee_id
            for role, committee_id in grants
            if role == Role.GOVERNANCE.value and committee_id is not None
        ),
        seated_on=frozenset(seats),
        substitutes_at=frozenset(substitutions),
        leads=frozenset(leads),
    )


def of_entry(entry: WorkProgrammeEntry) -> Business:
    """A work programme entry's business: private while it is exempt."""
    return Business(
        entry.committee_id,
        exempt_paragraph=entry.exempt_paragraph,
        meeting_id=entry.meeting_id,
        entry_id=entry.id,
    )
