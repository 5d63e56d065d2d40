"""The outbox takes each message once, by its key, whoever queues it first."""

from datetime import datetime

from sqlmodel import func, select

from committee.notifications.compose import Rendered
from committee.notifications.models import MessageKind, OutboxMessage
from committee.notifications.outbox import Slot, enqueue, record_skipped
from committee.timeutil import LONDON

DUE = datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)


def _slot(key: str) -> Slot:
    return Slot(key, MessageKind.DRAFT_REMINDER, DUE)


def test_queueing_the_same_message_twice_keeps_one_and_says_so(session):
    rendered = Rendered(subject="Draft due: Fostering", text="Due today.", html="<p>Due today.</p>")
    first = enqueue(session, _slot("reminder:1"), stale_at=None, rendered=rendered, to=["a@x.test"])
    again = enqueue(session, _slot("reminder:1"), stale_at=None, rendered=rendered, to=["a@x.test"])
    skipped = record_skipped(session, _slot("reminder:1"), reason="Sent already")
    session.flush()
    assert (first, again, skipped) == (True, False, False)
    count = session.exec(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.key == "reminder:1")
    ).one()
    assert count == 1
