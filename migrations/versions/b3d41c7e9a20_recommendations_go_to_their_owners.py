"""Recommendations go to their owners; newcomers are invited

The outbox learns the message that sends a recommendation to whoever owes its
response when the minutes are published, and a newcomer's invitation.

Revision ID: b3d41c7e9a20
Revises: 086227f5d38b
Create Date: 2026-12-03 02:15:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b3d41c7e9a20"
down_revision: str | None = "086227f5d38b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE_KINDS_BEFORE = (
    "'window_opened', 'draft_reminder', 'draft_due_today', 'draft_overdue', 'publication_day', "
    "'digest', 'agenda_published', 'password_reset', 'recommendation_due', 'paper_received', "
    "'paper_cleared', 'meeting_changed'"
)
MESSAGE_KINDS_AFTER = MESSAGE_KINDS_BEFORE + ", 'recommendation_sent', 'invitation'"


def _kinds(kinds: str) -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_kind_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_outbox_kind_known"), f"kind IN ({kinds})")


def upgrade() -> None:
    _kinds(MESSAGE_KINDS_AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE kind IN ('recommendation_sent', 'invitation')")
    _kinds(MESSAGE_KINDS_BEFORE)
