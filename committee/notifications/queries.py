"""Read the outbox: what failed to send, and who may see it."""

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, or_, select

from committee.errors import NotFound
from committee.notifications.models import MessageStatus, OutboxMessage
from committee.people.actors import Actor, SystemActor
from committee.people.permissions import committees_clerked_by, is_admin


def visible_to(session: Session, actor: Actor) -> ColumnElement[bool] | bool:
    """The condition for the messages an actor may see: those of the committees they clerk and
    those addressed to them; every one for admins and the system."""
    if is_admin(session, actor):
        return True
    assert not isinstance(actor, SystemActor)
    clerked = committees_clerked_by(session, actor.id)
    return or_(
        col(OutboxMessage.committee_id).in_(clerked), col(OutboxMessage.person_id) == actor.id
    )


def failed_messages(
    session: Session, actor: Actor, *, committee_ids: set[int] | None = None
) -> list[OutboxMessage]:
    """Return the messages that failed to send which the actor may see, newest first."""
    query = select(OutboxMessage).where(
        OutboxMessage.status == MessageStatus.FAILED.value, visible_to(session, actor)
    )
    if committee_ids is not None:
        query = query.where(col(OutboxMessage.committee_id).in_(committee_ids))
    return list(session.exec(query.order_by(col(OutboxMessage.id).desc())))


def get_message(session: Session, actor: Actor, message_id: int) -> OutboxMessage:
    """Return a message the actor may see; NotFound for one they may not, as for one that is not."""
    message = session.exec(
        select(OutboxMessage).where(OutboxMessage.id == message_id, visible_to(session, actor))
    ).first()
    if message is None:
        raise NotFound(f"No message of yours has the number {message_id}.")
    return message
