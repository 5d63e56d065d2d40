"""Find people: by email, by API token, by password."""

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select
from werkzeug.security import check_password_hash, generate_password_hash

from committee.errors import NotFound
from committee.people.models import ApiToken, Change, PasswordReset, Person, WebSession


def find_person_by_email(session: Session, email: str) -> Person | None:
    return session.exec(select(Person).where(Person.email == email.strip().lower())).first()


def get_person_by_email(session: Session, email: str) -> Person:
    person = find_person_by_email(session, email)
    if person is None:
        raise NotFound(f"Nobody has the email address {email.strip().lower()!r}.")
    return person


def token_digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def person_for_api_token(session: Session, raw_token: str) -> Person | None:
    """Return the holder of a live token, or None for an unknown or revoked one."""
    token = session.exec(
        select(ApiToken).where(
            ApiToken.token_hash == token_digest(raw_token),
            col(ApiToken.revoked_at).is_(None),
        )
    ).first()
    return session.get(Person, token.person_id) if token else None


_UNUSABLE_HASH = generate_password_hash(secrets.token_hex(16))


def person_for_credentials(session: Session, email: str, password: str) -> Person | None:
    """Return the person if the email and password match, else None (never saying which failed)."""
    person = find_person_by_email(session, email)
    if person is None or person.password_hash is None:
        # Hash anyway, so a wrong email takes as long as a wrong password.
        check_password_hash(_UNUSABLE_HASH, password)
        return None
    return person if check_password_hash(person.password_hash, password) else None


def web_session_for(
    session: Session, raw_token: str, *, now: datetime, idle: timedelta, longest: timedelta
) -> tuple[WebSession, Person] | None:
    """Return a live signed-in browser and its person; None if ended, idle too long or too old."""
    found = session.exec(
        select(WebSession, Person)
        .join(Person, col(Person.id) == WebSession.person_id)
        .where(
            WebSession.token_hash == token_digest(raw_token),
            col(WebSession.ended_at).is_(None),
            WebSession.last_seen_at > now - idle,
            WebSession.created_at > now - longest,
        )
    ).first()
    if found is None or found[1].password_hash is None:
        return None
    return found[0], found[1]


def live_password_reset(session: Session, raw_token: str, *, now: datetime) -> PasswordReset | None:
    """Return the reset link's row if it is unused and unexpired, else None."""
    return session.exec(
        select(PasswordReset).where(
            PasswordReset.token_hash == token_digest(raw_token),
            col(PasswordReset.used_at).is_(None),
            PasswordReset.expires_at > now,
        )
    ).first()


ChangeRow = TypeVar("ChangeRow", bound=Change)


def history_rows(
    session: Session, row: type[ChangeRow], *conditions: ColumnElement[bool] | bool
) -> list[tuple[ChangeRow, str]]:
    """Every history row of one lifecycle that the conditions pick, oldest first, each with who
    made the change ("system" for the scheduler)."""
    rows = session.exec(
        select(row, Person.name)
        .outerjoin(Person, col(Person.id) == row.actor_id)
        .where(*conditions)
        .order_by(col(row.at), col(row.id))
    )
    return [(change, name if change.actor_id is not None else "system") for change, name in rows]
