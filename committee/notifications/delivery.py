"""Send what the outbox holds, after the sweep's transaction committed: at least once.

Each message is claimed (pending -> sending) in a transaction of its own, so
two senders never both take it; it is then sent, and marked sent, or put back
with a later attempt time when the mail server fails. A message left
"sending" by a sender that stopped mid-way (killed, or cut off from the
database) goes back to pending and is sent again: it may or may not have
arrived, and every attempt carries the same Message-ID, so a mail server that
got it already can drop the repeat. Nothing is lost.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from committee.db import rows_matched
from committee.notifications.mailer import Letter, Mailer, MailError
from committee.notifications.models import MessageStatus, OutboxMessage
from committee.timeutil import utcnow

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
BACKOFF_CAP = timedelta(hours=3)
INTERRUPTED_AFTER = timedelta(minutes=15)

#: Says why a message should no longer go out, or None if it still should.
RelevanceCheck = Callable[[Session, OutboxMessage, datetime], str | None]


def backoff(attempts: int) -> timedelta:
    """Return how long to wait after the given number of failed attempts."""
    return BACKOFF[attempts - 1] if attempts <= len(BACKOFF) else BACKOFF_CAP


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0  # this attempt failed; tried again later unless given up
    given_up: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


INTERRUPTED = (
    "The sender stopped while delivering this message, so it may or may not have arrived: it "
    "is sent again with the same Message-ID, which lets a mail server drop a repeat."
)


def message_key(message: OutboxMessage) -> str:
    """The stable part of a message's Message-ID: its outbox row, and a digest of its key."""
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:16]
    return f"outbox-{message.id}-{digest}"


def requeue_interrupted(
    sessions: sessionmaker[Session], now: datetime, *, taking_over: bool = False
) -> int:
    """Put messages a stopped sender left half-sent back to pending; return how many.

    A scheduler taking over (`taking_over`) requeues every one at once: the
    sender that claimed them is gone. Otherwise only those claimed long enough
    ago that their sender cannot still be at work on them. A message already
    tried as often as any is failed instead.
    """
    in_flight = col(OutboxMessage.status) == MessageStatus.SENDING.value
    if not taking_over:
        in_flight = in_flight & (col(OutboxMessage.claimed_at) < now - INTERRUPTED_AFTER)
    with sessions() as session, session.begin():
        exhausted = rows_matched(
            session.execute(
                update(OutboxMessage)
                .where(in_flight, col(OutboxMessage.attempts) >= MAX_ATTEMPTS)
                .values(
                    status=MessageStatus.FAILED.value,
                    last_error=f"Gave up after {MAX_ATTEMPTS} attempts: the sender stopped mid-way each time.",
                )
            )
        )
        requeued = rows_matched(
            session.execute(
                update(OutboxMessage)
                .where(in_flight)
                .values(
                    status=MessageStatus.PENDING.value, next_attempt_at=now, last_error=INTERRUPTED
                )
            )
        )
    if requeued or exhausted:
        logger.warning(
            "Requeued %d message(s) a stopped sender left in flight; gave up on %d.",
            requeued,
            exhausted,
        )
    return requeued


def _claim(sessions: sessionmaker[Session], message_id: int, now: datetime) -> bool:
    with sessions() as session, session.begin():
        result = session.execute(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.id) == message_id,
                col(OutboxMessage.status) == MessageStatus.PENDING.value,
                col(OutboxMessage.next_attempt_at) <= now,
            )
            .values(
                status=MessageStatus.SENDING.value,
                claimed_at=now,
                attempts=OutboxMessage.attempts + 1,
            )
        )
        return rows_matched(result) == 1


def _finish(sessions: sessionmaker[Session], message_id: int, **values: object) -> None:
    with sessions() as session, session.begin():
        session.execute(
            update(OutboxMessage).where(col(OutboxMessage.id) == message_id).values(**values)
        )


def deliver_due(
    sessions: sessionmaker[Session],
    mailer: Mailer,
    *,
    still_relevant: RelevanceCheck,
    batch: int = 200,
) -> DeliveryReport:
    """Send every pending message whose time has come; each claimed by exactly one sender."""
    now = utcnow()
    report = DeliveryReport()
    with sessions() as session:
        due = list(
            session.exec(
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.status == MessageStatus.PENDING.value,
                    col(OutboxMessage.next_attempt_at) <= now,
                )
                .order_by(col(OutboxMessage.due_at), col(OutboxMessage.id))
                .limit(batch)
            )
        )
    for message_id in due:
        if not _claim(sessions, message_id, now):
            continue  # another sender has it
        with sessions() as session:
            message = session.get(OutboxMessage, message_id)
            assert message is not None
            reason = still_relevant(session, message, now)
            letter = Letter(
                to=_addresses(message.to_addresses),
                cc=_addresses(message.cc_addresses),
                subject=message.subject,
                text=message.body_text,
                html=message.body_html,
                message_key=message_key(message),
            )
            attempts = message.attempts
        if reason is not None:
            _finish(sessions, message_id, status=MessageStatus.SKIPPED.value, last_error=reason)
            report.skipped += 1
            continue
        try:
            mailer.send(letter)
        except MailError as error:
            report.errors.append(str(error))
            if attempts >= MAX_ATTEMPTS:
                _finish(
                    sessions,
                    message_id,
                    status=MessageStatus.FAILED.value,
                    last_error=f"Gave up after {attempts} attempts: {error}",
                )
                report.given_up += 1
            else:
                _finish(
                    sessions,
                    message_id,
                    status=MessageStatus.PENDING.value,
                    next_attempt_at=now + backoff(attempts),
                    last_error=str(error),
                )
                report.failed += 1
            logger.warning(
                "Could not send outbox message %s (attempt %s): %s", message_id, attempts, error
            )
            continue
        _finish(
            sessions, message_id, status=MessageStatus.SENT.value, sent_at=utcnow(), last_error=""
        )
        report.sent += 1
    return report


def _addresses(joined: str) -> list[str]:
    return [address.strip() for address in joined.split(",") if address.strip()]
