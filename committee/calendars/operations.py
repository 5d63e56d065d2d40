"""Give people their calendar feed's secret address, a new one, or none."""

import secrets

from sqlmodel import Session

from committee.calendars.models import CalendarToken
from committee.calendars.queries import derive_token, token_digest
from committee.people.models import Person
from committee.timeutil import utcnow


def regenerate_calendar_token(session: Session, *, person: Person, secret_key: str) -> str:
    """Give the person a new feed token; the old address stops working at once."""
    nonce = secrets.token_hex(16)
    token = derive_token(secret_key, person.id, nonce)
    held = session.get(CalendarToken, person.id)
    if held is None:
        session.add(CalendarToken(person_id=person.id, nonce=nonce, token_hash=token_digest(token)))
    else:
        held.nonce, held.token_hash, held.created_at = nonce, token_digest(token), utcnow()
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
