"""Outbox messages name their committee, so its governance officers see the ones that fail.

Existing messages take it from their meeting, or else their entry.

Revision ID: 1f65a56bcabd
Revises: 13a243555b9c
Create Date: 2026-11-24 03:41:24.980722
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '1f65a56bcabd'
down_revision: str | None = '13a243555b9c'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_committee_id'), ['committee_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_committee_id_committees'), 'committees', ['committee_id'], ['id'], ondelete='SET NULL')
    op.execute(
        "UPDATE outbox SET committee_id = "
        "(SELECT committee_id FROM meetings WHERE meetings.id = outbox.meeting_id) "
        "WHERE meeting_id IS NOT NULL"
    )
    op.execute(
        "UPDATE outbox SET committee_id = (SELECT committee_id FROM work_programme_entries "
        "WHERE work_programme_entries.id = outbox.entry_id) "
        "WHERE committee_id IS NULL AND entry_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_committee_id_committees'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_committee_id'))
        batch_op.drop_column('committee_id')

