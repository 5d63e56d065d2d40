"""Deadline settings, closure days and the outbox

Revision ID: 9e7757f680a1
Revises: ae0694d75616
Create Date: 2026-11-22 07:08:25.732213
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '9e7757f680a1'
down_revision: str | None = 'ae0694d75616'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('closure_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_closure_days_reason_given')),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_closure_days_created_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_closure_days'))
    )
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('to_addresses', sa.Text(), nullable=False),
    sa.Column('cc_addresses', sa.Text(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('stale_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('window_opened', 'draft_reminder', 'draft_due_today', 'draft_overdue', 'publication_day', 'digest')", name=op.f('ck_outbox_kind_known')),
    sa.CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'skipped')", name=op.f('ck_outbox_status_known')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_attempts_not_negative')),
    sa.ForeignKeyConstraint(['entry_id'], ['work_programme_entries.id'], name=op.f('fk_outbox_entry_id_work_programme_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_outbox_meeting_id_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_outbox_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('key', name=op.f('uq_outbox_key'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_entry', ['entry_id'], unique=False)
        batch_op.create_index('ix_outbox_status_next_attempt', ['status', 'next_attempt_at'], unique=False)

    # Existing committees get the defaults; the server defaults go again after,
    # so the schema matches the models. Alembic does not see new CHECK
    # constraints on an existing table, so they are added here by hand.
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_days', sa.Integer(), nullable=False, server_default='5'))
        batch_op.add_column(sa.Column('final_days', sa.Integer(), nullable=False, server_default='2'))
        batch_op.add_column(sa.Column('window_days', sa.Integer(), nullable=False, server_default='10'))
        batch_op.add_column(sa.Column('deadline_time', sa.Time(), nullable=False, server_default='10:00:00'))
    with op.batch_alter_table('committees', schema=None) as batch_op:
        for column in ('draft_days', 'final_days', 'window_days', 'deadline_time'):
            batch_op.alter_column(column, server_default=None)
        batch_op.create_check_constraint(
            op.f('ck_committees_deadline_days_not_negative'),
            'draft_days >= 0 AND final_days >= 0 AND window_days >= 0',
        )
        batch_op.create_check_constraint(op.f('ck_committees_final_not_before_draft'), 'final_days <= draft_days')



def downgrade() -> None:
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_committees_final_not_before_draft'), type_='check')
        batch_op.drop_constraint(op.f('ck_committees_deadline_days_not_negative'), type_='check')
        batch_op.drop_column('deadline_time')
        batch_op.drop_column('window_days')
        batch_op.drop_column('final_days')
        batch_op.drop_column('draft_days')

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_status_next_attempt')
        batch_op.drop_index('ix_outbox_entry')

    op.drop_table('outbox')
    op.drop_table('closure_days')
