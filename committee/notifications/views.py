"""The outbox API: the messages that failed to send, and sending one again."""

from spectree import Response as Responses

from committee.api import ERRORS, WRITE, ErrorBody, api_blueprint, spec, writes
from committee.db import get_session
from committee.notifications.models import OutboxMessage
from committee.notifications.operations import resend
from committee.notifications.queries import failed_messages, get_message
from committee.notifications.schemas import MessageList, MessagePublic
from committee.people.actors import Actor
from committee.people.auth import NotAuthenticated, api_person, current_api_person

api = api_blueprint("notifications_api", __name__)


def message_public(message: OutboxMessage) -> MessagePublic:
    return MessagePublic(
        id=message.id,
        kind=message.kind,
        status=message.status,
        subject=message.subject,
        to=[address.strip() for address in message.to_addresses.split(",") if address.strip()],
        reason=message.last_error,
        attempts=message.attempts,
        due_at=message.due_at,
        committee_id=message.committee_id,
    )


@api.get("/outbox/failed")
@spec.validate(resp=Responses(HTTP_200=MessageList, **ERRORS), tags=["messages"], security=WRITE)
def failed() -> MessageList:
    """The messages that failed to send, with why: those of committees you clerk, and yours."""
    person = api_person()
    if person is None:
        raise NotAuthenticated("This needs a token: send `Authorization: Bearer <token>`.")
    return MessageList(messages=[message_public(m) for m in failed_messages(get_session(), person)])


def _may_see(actor: Actor, *, message_id: int, **_path: object) -> None:
    get_message(get_session(), actor, message_id)


@api.post("/outbox/<int:message_id>/resend")
@writes(_may_see)
@spec.validate(
    resp=Responses(HTTP_200=MessagePublic, HTTP_409=ErrorBody, **ERRORS),
    tags=["messages"],
    security=WRITE,
)
def send_again(message_id: int) -> MessagePublic:
    """Send a failed message again from its first attempt; it goes within a minute."""
    session = get_session()
    message = resend(session, actor=current_api_person(), message_id=message_id)
    session.commit()
    return message_public(message)
