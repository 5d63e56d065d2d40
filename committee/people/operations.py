"""People, their roles and seats, their passwords and their API tokens."""

import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from sqlalchemy import update
from sqlmodel import Session, col, select
from werkzeug.security import generate_password_hash

from committee.errors import Conflict, InvalidInput, NotFound
from committee.people.actors import Actor, SystemActor
from committee.people.models import (
    ApiToken,
    Change,
    Membership,
    MembershipRole,
    PasswordReset,
    Person,
    Role,
    RoleGrant,
    WebSession,
)
from committee.people.permissions import Governed, require_admin
from committee.people.queries import find_person_by_email, token_digest
from committee.timeutil import today_in_london, utcnow
from workflows.table import Move

EMAIL_MAX_LENGTH = 254  # RFC 5321's longest path, and the column's width
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "cws_"  # noqa: S105 - marks a committee service token, not a secret
ROLES_WITH_COMMITTEES = {Role.GOVERNANCE, Role.MEMBER}


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > EMAIL_MAX_LENGTH or not EMAIL_PATTERN.match(email):
        raise InvalidInput("email", f"{email!r} is not an email address")
    return email


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        choices = ", ".join(role.value for role in Role)
        raise InvalidInput("role", f"{value!r} is not a role: choose one of {choices}") from None


class Seatable(Governed, Protocol):
    """A committee, as far as granting a role on it needs it."""

    slug: str
    governance_officer_id: int | None


def _check_committees_for_role(role: Role, committees: Sequence[Seatable]) -> None:
    if role == Role.GOVERNANCE and not committees:
        raise InvalidInput("committee", "choose at least one committee for a governance officer")
    if role not in ROLES_WITH_COMMITTEES and committees:
        raise InvalidInput("committee", f"the {role.value} role is not held per committee")


def grant_role(
    session: Session, *, person: Person, role: Role, committees: Sequence[Seatable] = ()
) -> list[str]:
    """Give a person a role (per committee for governance and members); return what changed.

    Granting what is already held changes nothing. A member named with
    committees also gets a seat on each, from today.
    """
    _check_committees_for_role(role, committees)
    committees = list({committee.id: committee for committee in committees}.values())
    changes: list[str] = []
    grant_committees: list[Seatable | None] = (
        list(committees) if role == Role.GOVERNANCE else [None]
    )
    for committee in grant_committees:
        committee_id = committee.id if committee else None
        held = session.exec(
            select(RoleGrant.id).where(
                RoleGrant.person_id == person.id,
                RoleGrant.role == role,
                RoleGrant.committee_id == committee_id
                if committee_id is not None
                else col(RoleGrant.committee_id).is_(None),
            )
        ).first()
        if held is None:
            session.add(RoleGrant(person_id=person.id, role=role, committee_id=committee_id))
            changes.append(f"{role.value}" + (f" for {committee.slug}" if committee else ""))
        if committee is not None and committee.governance_officer_id is None:
            committee.governance_officer_id = person.id
    if role == Role.MEMBER:
        for committee in committees:
            seated = session.exec(
                select(Membership.id).where(
                    Membership.committee_id == committee.id,
                    Membership.person_id == person.id,
                    col(Membership.ends_on).is_(None),
                )
            ).first()
            if seated is None:
                session.add(
                    Membership(
                        committee_id=committee.id,
                        person_id=person.id,
                        role=MembershipRole.MEMBER,
                        starts_on=today_in_london(),
                    )
                )
                changes.append(f"seat on {committee.slug}")
    session.flush()
    return changes


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: Role,
    committees: Sequence[Seatable] = (),
    job_title: str = "",
) -> Person:
    """Create a person who can sign in, with one role."""
    email = normalise_email(email)
    name = name.strip()
    if not name:
        raise InvalidInput("name", "a person needs a name")
    _check_committees_for_role(role, committees)  # refuse before creating anything
    if find_person_by_email(session, email) is not None:
        raise Conflict(f"Someone already has the address {email}: give them another role instead")
    person = Person(name=name, email=email, job_title=job_title.strip())
    session.add(person)
    session.flush()
    grant_role(session, person=person, role=role, committees=committees)
    return person


def issue_api_token(session: Session, *, person: Person) -> str:
    """Create a token for the person and return it; only its digest is kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(person_id=person.id, token_hash=token_digest(raw)))
    session.flush()
    return raw


def revoke_api_tokens(session: Session, *, person: Person) -> int:
    """Revoke every live token of the person; return how many."""
    tokens = session.exec(
        select(ApiToken).where(
            ApiToken.person_id == person.id,
            col(ApiToken.revoked_at).is_(None),
        )
    ).all()
    for token in tokens:
        token.revoked_at = utcnow()
    session.flush()
    return len(tokens)


PASSWORD_MIN_LENGTH = 12


def set_password(session: Session, *, person: Person, password: str) -> None:
    """Let the person sign in to the pages with this password (stored as a scrypt hash)."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput("password", f"use at least {PASSWORD_MIN_LENGTH} characters")
    if person.email and password.lower() == person.email:
        raise InvalidInput("password", "must not be the email address")
    person.password_hash = generate_password_hash(password)
    end_web_sessions(session, person=person)  # a new password signs every browser out


def start_web_session(session: Session, *, person: Person) -> tuple[str, WebSession]:
    """Record a newly signed-in browser; return the token its cookie carries, and its row."""
    token = secrets.token_urlsafe(32)
    browser = WebSession(person_id=person.id, token_hash=token_digest(token))
    session.add(browser)
    session.flush()
    return token, browser


def end_web_session(session: Session, *, web_session: WebSession) -> None:
    """Sign one browser out: its cookie, even a copy of it, signs nobody in any more."""
    if web_session.ended_at is None:
        web_session.ended_at = utcnow()
    session.flush()


def end_web_sessions(session: Session, *, person: Person) -> None:
    """Sign every browser of the person out."""
    session.execute(
        update(WebSession)
        .where(col(WebSession.person_id) == person.id, col(WebSession.ended_at).is_(None))
        .values(ended_at=utcnow())
    )
    session.flush()


def note_web_session_seen(session: Session, *, web_session: WebSession, now: datetime) -> None:
    """Keep a browser in use from going idle (at most once a minute: it is a write)."""
    if now - web_session.last_seen_at >= timedelta(minutes=1):
        web_session.last_seen_at = now
        session.flush()


PASSWORD_RESET_LIFETIME = timedelta(hours=1)
#: A newcomer's invitation (or a demo sign-in link) waits longer than a forgotten password.
INVITATION_LIFETIME = timedelta(days=7)


def issue_password_reset(
    session: Session, *, person: Person, lifetime: timedelta = PASSWORD_RESET_LIFETIME
) -> str:
    """Make a one-time link to choose a new password; return its token (to send, never store)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        PasswordReset(
            person_id=person.id,
            token_hash=token_digest(token),
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    return token


def reset_password(session: Session, *, token: str, password: str) -> Person:
    """Choose a new password with a reset link: once, within its hour; every browser signs out.

    The link is spent by one UPDATE that only an unused, unexpired link matches:
    ten uses at the same moment change the password once.
    """
    now = utcnow()
    spent = session.execute(
        update(PasswordReset)
        .where(
            col(PasswordReset.token_hash) == token_digest(token),
            col(PasswordReset.used_at).is_(None),
            col(PasswordReset.expires_at) > now,
        )
        .values(used_at=now)
        .returning(col(PasswordReset.person_id))
    ).first()
    if spent is None:
        raise InvalidInput("token", "this link has been used or has expired: ask for a new one")
    person = session.get(Person, spent[0])
    assert person is not None
    set_password(session, person=person, password=password)
    session.flush()
    return person


MANAGE_PEOPLE = "add people or change their roles"


def add_person(
    session: Session,
    *,
    actor: Actor,
    email: str,
    name: str,
    role: Role,
    committees: Sequence[Seatable] = (),
    job_title: str = "",
) -> Person:
    """Add someone who will sign in (administrators); they choose a password by the emailed link."""
    require_admin(session, actor, MANAGE_PEOPLE)
    return create_user(
        session, email=email, name=name, role=role, committees=committees, job_title=job_title
    )


def give_role(
    session: Session,
    *,
    actor: Actor,
    person: Person,
    role: Role,
    committees: Sequence[Seatable] = (),
) -> list[str]:
    """Give someone a role (administrators); return what changed."""
    require_admin(session, actor, MANAGE_PEOPLE)
    return grant_role(session, person=person, role=role, committees=committees)


def take_role(session: Session, *, actor: Actor, grant_id: int) -> RoleGrant:
    """Take a role away (administrators); the last administrator keeps theirs."""
    require_admin(session, actor, MANAGE_PEOPLE)
    grant = session.get(RoleGrant, grant_id)
    if grant is None:
        raise NotFound(f"No role has the id {grant_id}.")
    if grant.role == Role.ADMIN.value:
        admins = session.exec(select(RoleGrant.id).where(RoleGrant.role == Role.ADMIN.value)).all()
        if len(admins) <= 1:
            raise Conflict(
                "This is the last administrator: make someone else an administrator first."
            )
    session.delete(grant)
    session.flush()
    return grant


ChangeRow = TypeVar("ChangeRow", bound=Change)


def record_move(
    session: Session,
    row: type[ChangeRow],
    move: Move,
    *,
    actor: Actor,
    at: datetime,
    reason: str = "",
    **about: object,
) -> ChangeRow:
    """Add the history row of a lifecycle's move; it commits with the change or not at all.

    `about` names what moved (entry_id=, meeting_id=, ...), as the row's table has it.
    """
    change = row(
        event=move.event,
        from_state=move.from_state,
        to_state=move.to_state,
        actor_id=None if isinstance(actor, SystemActor) else actor.id,
        at=at,
        reason=reason.strip(),
        **about,  # type: ignore[arg-type]  # the row's own columns (entry_id=...): checked at flush
    )
    session.add(change)
    return change
