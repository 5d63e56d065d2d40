"""Write messages to the outbox, each key once, and read what is already there."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from committee.db import remember_after_commit
from committee.notifications.compose import Rendered
from committee.notifications.models import MessageKind, MessageStatus, OutboxMessage
from committee.timeutil import utcnow

#: After-commit topic: messages due now were queued; they are sent once the change commits.
MESSAGES_QUEUED = "messages_queued"


def existing_keys(session: Session, keys: Iterable[str]) -> set[str]:
    wanted = list(set(keys))
    if not wanted:
        return set()
    return set(session.exec(select(OutboxMessage.key).where(col(OutboxMessage.key).in_(wanted))))


def _insert_once(session: Session, values: dict[str, object]) -> bool:
    """Insert unless the key is there already (another sweep got there first); True if new.

    RETURNING says whether a row went in; rowcount does not, on every driver.
    """
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    statement = (
        insert(OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(col(OutboxMessage.id))
    )
    return session.execute(statement).first() is not None


@dataclass(frozen=True)
class Slot:
    """Which message this is: its unique key, its kind, when it is due, what it is about."""

    key: str
    kind: MessageKind
    due_at: datetime
    entry_id: int | None = None
    meeting_id: int | None = None
    person_id: int | None = None
    committee_id: int | None = None
    deadline: datetime | None = None


def _row(slot: Slot, status: MessageStatus, stale_at: datetime | None) -> dict[str, object]:
    now = utcnow()
    return {
        "key": slot.key,
        "kind": slot.kind.value,
        "entry_id": slot.entry_id,
        "meeting_id": slot.meeting_id,
        "person_id": slot.person_id,
        "committee_id": slot.committee_id,
        "deadline": slot.deadline,
        "to_addresses": "",
        "cc_addresses": "",
        "subject": "",
        "body_text": "",
        "body_html": "",
        "status": status.value,
        "due_at": slot.due_at,
        "stale_at": stale_at,
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": "",
        "created_at": now,
    }


def enqueue(
    session: Session,
    slot: Slot,
    *,
    stale_at: datetime | None,
    rendered: Rendered,
    to: list[str],
    cc: list[str] | None = None,
) -> bool:
    """Put a message in the outbox to be sent after this transaction commits; True if new."""
    values = _row(slot, MessageStatus.PENDING, stale_at)
    values.update(
        to_addresses=", ".join(to),
        cc_addresses=", ".join(cc or []),
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
    )
    added = _insert_once(session, values)
    if added and slot.due_at <= utcnow():
        remember_after_commit(session, MESSAGES_QUEUED, slot.key)
    return added


def record_skipped(session: Session, slot: Slot, *, reason: str) -> bool:
    """Record that a message was deliberately not sent, and why; True if new."""
    values = _row(slot, MessageStatus.SKIPPED, None)
    values["last_error"] = reason
    return _insert_once(session, values)
