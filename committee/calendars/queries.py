"""Find a person's calendar address, and the person a calendar address belongs to."""

import base64
import hashlib
import hmac

from sqlmodel import Session, select

from committee.calendars.models import CalendarToken
from committee.people.models import Person


def derive_token(secret_key: str, person_id: int, nonce: str) -> str:
    digest = hmac.new(secret_key.encode(), f"calendar:{person_id}:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_token(session: Session, *, person: Person, secret_key: str) -> str | None:
    """Return the person's current feed token, or None if they have none (or revoked it)."""
    held = session.get(CalendarToken, person.id)
    return derive_token(secret_key, person.id, held.nonce) if held else None


def person_for_calendar_token(session: Session, token: str) -> Person | None:
    held = session.exec(
        select(CalendarToken).where(CalendarToken.token_hash == token_digest(token))
    ).first()
    return session.get(Person, held.person_id) if held else None
