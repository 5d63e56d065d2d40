"""The outbox: every message the service sends, once, whatever happens to the sender."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlmodel import Field, SQLModel

from committee.fields import AwareDateTime, check_in
from committee.timeutil import utcnow


class MessageKind(StrEnum):
    WINDOW_OPENED = "window_opened"  # the lead officer is asked for the paper
    DRAFT_REMINDER = "draft_reminder"  # three working days before the draft deadline
    DRAFT_DUE_TODAY = "draft_due_today"
    DRAFT_OVERDUE = "draft_overdue"  # the working day after, copied to governance
    PUBLICATION_DAY = "publication_day"  # to governance: publish the agenda today
    DIGEST = "digest"  # to each governance officer, each working day
    AGENDA_PUBLISHED = "agenda_published"  # to the members and substitutes: the agenda is out
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a message kind: a one-time link to a new password
    RECOMMENDATION_DUE = "recommendation_due"  # a response to a recommendation falls due
    PAPER_RECEIVED = "paper_received"  # the lead officer's receipt, copied to the clerk
    PAPER_CLEARED = "paper_cleared"  # the lead officer: the paper is cleared for the agenda
    MEETING_CHANGED = "meeting_changed"  # members, substitutes, lead officers: time, place, status
    RECOMMENDATION_SENT = "recommendation_sent"  # to its owner, as the minutes are published
    INVITATION = "invitation"  # a newcomer: choose a password, within a week
    EXCEPTION_NOTICE = "exception_notice"  # the scrutiny chair: a key decision under an exception
    DECISION_CALLED_IN = "decision_called_in"  # decision maker, the board: held for the board
    CALL_IN_RESOLVED = "call_in_resolved"  # decision maker, the board, the executive's clerks
    DECISION_RECONSIDERED = "decision_reconsidered"  # the same: what was decided in the end


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by one sender; nobody else touches it
    SENT = "sent"
    FAILED = "failed"  # gave up: the reason is in last_error; governance may send it again
    SKIPPED = "skipped"  # never sent, on purpose: the reason is in last_error


class OutboxMessage(SQLModel, table=True):
    """A message to send. Its key makes each (item, kind, deadline) happen once."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(check_in("kind", MessageKind), name="kind_known"),
        CheckConstraint(check_in("status", MessageStatus), name="status_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),
        Index("ix_outbox_entry", "entry_id"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    key: str = Field(sa_type=String(200), unique=True)
    kind: str = Field(sa_type=String(30))
    entry_id: int | None = Field(
        default=None, foreign_key="work_programme_entries.id", ondelete="SET NULL"
    )
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id", ondelete="SET NULL")
    person_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    # Whose business it is: its governance officers see it if it fails. None for a
    # message about one person's work across committees (a digest).
    committee_id: int | None = Field(
        default=None, foreign_key="committees.id", ondelete="SET NULL", index=True
    )
    # The deadline the message is about, so a moved deadline is a new message.
    deadline: datetime | None = Field(default=None, sa_type=AwareDateTime)
    to_addresses: str = Field(default="", sa_type=Text)  # comma-separated
    cc_addresses: str = Field(default="", sa_type=Text)
    subject: str = Field(default="", sa_type=String(300))
    body_text: str = Field(default="", sa_type=Text)
    body_html: str = Field(default="", sa_type=Text)
    status: str = Field(default=MessageStatus.PENDING.value, sa_type=String(20))
    due_at: datetime = Field(sa_type=AwareDateTime)
    # From then on the message is no use: still undelivered, it is skipped.
    stale_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    last_error: str = Field(default="", sa_type=Text)
    claimed_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
