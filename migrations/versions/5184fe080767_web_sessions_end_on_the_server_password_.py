"""Web sessions end on the server; password reset links.

A signed-in browser is a row: signing out, a new password, or the idle and
age limits end it, so a copied cookie stops working. A reset link is a row
holding its digest, good once, for an hour. The outbox learns the message
that carries the link. Everyone signed in before this must sign in again.

Revision ID: 5184fe080767
Revises: 0d77e3769d5f
Create Date: 2026-11-24 09:18:13.550588
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '5184fe080767'
down_revision: str | None = '0d77e3769d5f'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = (
    "'window_opened', 'draft_reminder', 'draft_due_today', 'draft_overdue', 'publication_day', "
    "'digest', 'agenda_published'"
)
KINDS_AFTER = KINDS_BEFORE + ", 'password_reset'"


def upgrade() -> None:
    op.create_table('password_resets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_password_resets_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_resets_token_hash'))
    )
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_resets_person_id'), ['person_id'], unique=False)

    op.create_table('web_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_web_sessions_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_web_sessions_token_hash'))
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_kind_known'), f"kind IN ({KINDS_AFTER})")


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE kind = 'password_reset'")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_kind_known'), f"kind IN ({KINDS_BEFORE})")
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_person_id'))

    op.drop_table('web_sessions')
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_resets_person_id'))

    op.drop_table('password_resets')
