"""Papers by kind: what each entry needs, presentations; messages of papers and meeting changes

Each entry now says which papers its item needs; an existing entry needs the
kinds it has already been asked for (its papers' kinds), or else a briefing
note, as every item did before. Presentations join briefing notes and reports;
the outbox learns the receipt, the clearance and the meeting-change messages.

Revision ID: 569b116285e2
Revises: c85d352ea525
Create Date: 2026-12-03 00:26:27.904078
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "569b116285e2"
down_revision: str | None = "c85d352ea525"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAPER_KINDS_BEFORE = "'briefing_note', 'report'"
PAPER_KINDS_AFTER = PAPER_KINDS_BEFORE + ", 'presentation'"
MESSAGE_KINDS_BEFORE = (
    "'window_opened', 'draft_reminder', 'draft_due_today', 'draft_overdue', 'publication_day', "
    "'digest', 'agenda_published', 'password_reset', 'recommendation_due'"
)
MESSAGE_KINDS_AFTER = MESSAGE_KINDS_BEFORE + ", 'paper_received', 'paper_cleared', 'meeting_changed'"
ORDER = ("briefing_note", "report", "presentation")


def _kinds(table: str, name: str, column: str, kinds: str, *, nullable: bool = False) -> None:
    condition = f"{column} IN ({kinds})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(name), type_="check")
        batch_op.create_check_constraint(op.f(name), condition)


def upgrade() -> None:
    with op.batch_alter_table("committees", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "papers_needed", sa.String(length=100), nullable=False, server_default="briefing_note"
            )
        )
    with op.batch_alter_table("work_programme_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "papers_needed", sa.String(length=100), nullable=False, server_default="briefing_note"
            )
        )
    connection = op.get_bind()
    asked: dict[int, set[str]] = defaultdict(set)
    for entry_id, kind in connection.execute(sa.text("SELECT entry_id, kind FROM papers")):
        asked[entry_id].add(kind)
    for entry_id, kinds in asked.items():
        connection.execute(
            sa.text("UPDATE work_programme_entries SET papers_needed = :kinds WHERE id = :id"),
            {"kinds": ",".join(kind for kind in ORDER if kind in kinds), "id": entry_id},
        )
    _kinds("papers", "ck_papers_kind_known", "kind", PAPER_KINDS_AFTER)
    _kinds(
        "agenda_items",
        "ck_agenda_items_paper_kind_known",
        "paper_kind",
        PAPER_KINDS_AFTER,
        nullable=True,
    )
    _kinds("outbox", "ck_outbox_kind_known", "kind", MESSAGE_KINDS_AFTER)


def downgrade() -> None:
    op.execute(
        "DELETE FROM outbox WHERE kind IN ('paper_received', 'paper_cleared', 'meeting_changed')"
    )
    _kinds("outbox", "ck_outbox_kind_known", "kind", MESSAGE_KINDS_BEFORE)
    op.execute("UPDATE agenda_items SET paper_kind = NULL WHERE paper_kind = 'presentation'")
    _kinds(
        "agenda_items",
        "ck_agenda_items_paper_kind_known",
        "paper_kind",
        PAPER_KINDS_BEFORE,
        nullable=True,
    )
    op.execute("DELETE FROM papers WHERE kind = 'presentation'")
    _kinds("papers", "ck_papers_kind_known", "kind", PAPER_KINDS_BEFORE)
    with op.batch_alter_table("work_programme_entries", schema=None) as batch_op:
        batch_op.drop_column("papers_needed")
    with op.batch_alter_table("committees", schema=None) as batch_op:
        batch_op.drop_column("papers_needed")
