"""Agendas are published: their state and history, their packs, when each item went out.

Existing meetings get an agenda: a cancelled meeting's is cancelled, a past
meeting's is held and counts as published (its items and cleared papers were
public before), and a coming meeting's is a draft until it is published.
The outbox learns the message that sends members a published agenda.

Revision ID: 0d77e3769d5f
Revises: f7270e7484e8
Create Date: 2026-11-24 04:25:34.542038
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0d77e3769d5f'
down_revision: str | None = 'f7270e7484e8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = (
    "'window_opened', 'draft_reminder', 'draft_due_today', 'draft_overdue', 'publication_day', "
    "'digest'"
)
KINDS_AFTER = KINDS_BEFORE + ", 'agenda_published'"


def upgrade() -> None:
    op.create_table('agenda_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=30), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_agenda_changes_actor_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_changes_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_changes'))
    )
    with op.batch_alter_table('agenda_changes', schema=None) as batch_op:
        batch_op.create_index('ix_agenda_changes_meeting_at', ['meeting_id', 'at'], unique=False)

    op.create_table('agenda_packs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('private', sa.Boolean(), nullable=False),
    sa.Column('edition', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('page_ranges', sa.Text(), nullable=False),
    sa.Column('left_out', sa.Text(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('pages > 0', name=op.f('ck_agenda_packs_pages_positive')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_packs_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_packs'))
    )
    with op.batch_alter_table('agenda_packs', schema=None) as batch_op:
        batch_op.create_index('uq_agenda_packs_meeting_private', ['meeting_id', 'private'], unique=True)

    op.create_table('agendas',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('supplements', sa.Integer(), nullable=False),
    sa.Column('late_reason', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('draft', 'published', 'supplementary', 'held', 'cancelled')", name=op.f('ck_agendas_state_known')),
    sa.CheckConstraint('supplements >= 0', name=op.f('ck_agendas_supplements_not_negative')),
    sa.CheckConstraint('version > 0', name=op.f('ck_agendas_version_positive')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agendas_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_agendas'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_in', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('paper_published_in', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('to_follow', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.alter_column('to_follow', server_default=None)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_kind_known'), f"kind IN ({KINDS_AFTER})")

    op.execute(
        "INSERT INTO agendas (meeting_id, state, published_at, supplements, late_reason, version, updated_at) "
        "SELECT id, "
        "CASE WHEN status = 'cancelled' THEN 'cancelled' WHEN start <= CURRENT_TIMESTAMP THEN 'held' "
        "ELSE 'draft' END, "
        "CASE WHEN status <> 'cancelled' AND start <= CURRENT_TIMESTAMP THEN start END, "
        "0, '', 1, CURRENT_TIMESTAMP FROM meetings"
    )
    op.execute(
        "UPDATE agenda_items SET published_in = 0 WHERE meeting_id IN "
        "(SELECT meeting_id FROM agendas WHERE published_at IS NOT NULL)"
    )
    op.execute(
        "UPDATE agenda_items SET paper_published_in = 0 WHERE published_in = 0 AND entry_id IN "
        "(SELECT entry_id FROM papers WHERE status = 'cleared')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE kind = 'agenda_published'")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_kind_known'), f"kind IN ({KINDS_BEFORE})")
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('to_follow')
        batch_op.drop_column('paper_published_in')
        batch_op.drop_column('published_in')

    op.drop_table('agendas')
    with op.batch_alter_table('agenda_packs', schema=None) as batch_op:
        batch_op.drop_index('uq_agenda_packs_meeting_private')

    op.drop_table('agenda_packs')
    with op.batch_alter_table('agenda_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_agenda_changes_meeting_at')

    op.drop_table('agenda_changes')
