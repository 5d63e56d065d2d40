"""Change the outbox by hand: send a failed message again."""

from sqlmodel import Session

from committee.errors import Conflict
from committee.notifications.models import MessageStatus, OutboxMessage
from committee.notifications.queries import get_message
from committee.people.actors import Actor
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
