"""Change the outbox by hand (send a failed message again); send a password reset link."""

from sqlmodel import Session

from committee.errors import Conflict
from committee.notifications.compose import render_email
from committee.notifications.models import MessageKind, MessageStatus, OutboxMessage
from committee.notifications.outbox import Slot, enqueue
from committee.notifications.queries import get_message
from committee.people.actors import Actor
from committee.people.models import Person
from committee.people.operations import (
    INVITATION_LIFETIME,
    PASSWORD_RESET_LIFETIME,
    issue_password_reset,
)
from committee.people.queries import find_person_by_email, token_digest
from committee.timeutil import utcnow


def resend(session: Session, *, actor: Actor, message_id: int) -> OutboxMessage:
    """Send a failed message again, from its first attempt (those who may see it may)."""
    message = get_message(session, actor, message_id)
    if message.status != MessageStatus.FAILED.value:
        raise Conflict(
            f"Only a message that failed can be sent again; this one is {message.status}."
        )
    message.status = MessageStatus.PENDING.value
    message.attempts = 0
    message.next_attempt_at = utcnow()
    message.last_error = f"Sent again by {actor.name} after: {message.last_error}"
    session.flush()
    return message


def send_password_reset(session: Session, *, email: str, base_url: str) -> None:
    """Queue a one-time link to choose a new password for whoever has this address, if anyone.

    Says nothing either way, so whoever asks cannot learn who has an account.
    The link also lets someone who has never had a password choose their first.
    """
    person = find_person_by_email(session, email)
    if person is None or person.email is None:
        return
    token = issue_password_reset(session, person=person)
    now = utcnow()
    rendered = render_email(
        "committee.notifications",
        "password_reset",
        "Choose a new password for the committee service",
        person=person,
        link=f"{base_url}/reset-password/{token}",
    )
    slot = Slot(
        key=f"password_reset:{token_digest(token)}",
        kind=MessageKind.PASSWORD_RESET,
        due_at=now,
        person_id=person.id,
    )
    enqueue(
        session, slot, stale_at=now + PASSWORD_RESET_LIFETIME, rendered=rendered, to=[person.email]
    )


def send_invitation(session: Session, *, person: Person, invited_by: str, base_url: str) -> None:
    """Queue a newcomer's invitation: a link to choose their password, once, within a week."""
    if person.email is None:
        return
    token = issue_password_reset(session, person=person, lifetime=INVITATION_LIFETIME)
    now = utcnow()
    rendered = render_email(
        "committee.notifications",
        "invitation",
        "You are invited to the committee service",
        person=person,
        invited_by=invited_by,
        link=f"{base_url}/reset-password/{token}",
        expires=now + INVITATION_LIFETIME,
    )
    slot = Slot(
        key=f"invitation:{token_digest(token)}",
        kind=MessageKind.INVITATION,
        due_at=now,
        person_id=person.id,
    )
    enqueue(session, slot, stale_at=now + INVITATION_LIFETIME, rendered=rendered, to=[person.email])
