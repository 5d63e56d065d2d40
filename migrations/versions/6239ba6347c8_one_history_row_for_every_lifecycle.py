"""one history row for every lifecycle

The four history tables share one shape (committee.people.models.Change):
events up to 30 characters everywhere, and a recommendation's response words
kept as its reason, like every other change's.

Revision ID: 6239ba6347c8
Revises: 00f3c007a0a9
Create Date: 2026-12-02 22:43:17.640865
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '6239ba6347c8'
down_revision: str | None = '00f3c007a0a9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('minutes_changes', schema=None) as batch_op:
        batch_op.alter_column('event',
               existing_type=sa.VARCHAR(length=20),
               type_=sa.String(length=30),
               existing_nullable=False)

    with op.batch_alter_table('recommendation_changes', schema=None) as batch_op:
        batch_op.alter_column('note', new_column_name='reason', existing_type=sa.Text(),
               existing_nullable=False)
        batch_op.alter_column('event',
               existing_type=sa.VARCHAR(length=20),
               type_=sa.String(length=30),
               existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('recommendation_changes', schema=None) as batch_op:
        batch_op.alter_column('reason', new_column_name='note', existing_type=sa.Text(),
               existing_nullable=False)
        batch_op.alter_column('event',
               existing_type=sa.String(length=30),
               type_=sa.VARCHAR(length=20),
               existing_nullable=False)

    with op.batch_alter_table('minutes_changes', schema=None) as batch_op:
        batch_op.alter_column('event',
               existing_type=sa.String(length=30),
               type_=sa.VARCHAR(length=20),
               existing_nullable=False)
