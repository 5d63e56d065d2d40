"""Personal calendar tokens, and substitutes at meetings."""

import base64
import hashlib
import hmac
import secrets

from sqlmodel import Session, select

from committee.models import CalendarToken, Committee, Meeting, Person, Substitution
from committee.operations.actors import Actor, require_governance
from committee.operations.errors import Conflict, InvalidInput, NotFound
from committee.timeutil import utcnow


def _derive(secret_key: str, person_id: int, nonce: str) -> str:
    digest = hmac.new(secret_key.encode(), f"calendar:{person_id}:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_token(session: Session, *, person: Person, secret_key: str) -> str | None:
    """Return the person's current feed token, or None if they have none (or revoked it)."""
    held = session.get(CalendarToken, person.id)
    return _derive(secret_key, person.id, held.nonce) if held else None  # type: ignore[arg-type]


def regenerate_calendar_token(session: Session, *, person: Person, secret_key: str) -> str:
    """Give the person a new feed token; the old address stops working at once."""
    nonce = secrets.token_hex(16)
    token = _derive(secret_key, person.id, nonce)  # type: ignore[arg-type]
    held = session.get(CalendarToken, person.id)
    if held is None:
        session.add(CalendarToken(person_id=person.id, nonce=nonce, token_hash=_digest(token)))  # type: ignore[arg-type]
    else:
        held.nonce, held.token_hash, held.created_at = nonce, _digest(token), utcnow()
    session.flush()
    return token


def revoke_calendar_token(session: Session, *, person: Person) -> bool:
    """Stop the person's feed address working; True if there was one."""
    held = session.get(CalendarToken, person.id)
    if held is None:
        return False
    session.delete(held)
    session.flush()
    return True


def person_for_calendar_token(session: Session, token: str) -> Person | None:
    held = session.exec(
        select(CalendarToken).where(CalendarToken.token_hash == _digest(token))
    ).first()
    return session.get(Person, held.person_id) if held else None


def add_substitute(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    person_id: int,
    replacing_id: int | None = None,
) -> Substitution:
    """Record that a member substitutes at a meeting (so it appears in their calendar)."""
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, "record substitutes")
    for field, value in (("person_id", person_id), ("replacing_id", replacing_id)):
        if value is not None and session.get(Person, value) is None:
            raise InvalidInput(field, f"no person has the id {value}")
    if replacing_id == person_id:
        raise InvalidInput("replacing_id", "a member cannot substitute for themselves")
    held = session.exec(
        select(Substitution.id).where(
            Substitution.meeting_id == meeting.id, Substitution.person_id == person_id
        )
    ).first()
    if held is not None:
        raise Conflict(f"Person {person_id} is already a substitute at meeting {meeting.id}.")
    substitution = Substitution(
        meeting_id=meeting.id, person_id=person_id, replacing_id=replacing_id
    )  # type: ignore[arg-type]
    session.add(substitution)
    meeting.updated_at = utcnow()
    session.flush()
    return substitution


def remove_substitute(session: Session, *, actor: Actor, meeting: Meeting, person_id: int) -> None:
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, "record substitutes")
    held = session.exec(
        select(Substitution).where(
            Substitution.meeting_id == meeting.id, Substitution.person_id == person_id
        )
    ).first()
    if held is None:
        raise NotFound(f"Person {person_id} is not a substitute at meeting {meeting.id}.")
    session.delete(held)
    meeting.updated_at = utcnow()
    session.flush()
