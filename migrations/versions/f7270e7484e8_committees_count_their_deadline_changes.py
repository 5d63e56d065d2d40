"""Committees count their deadline changes: the SEQUENCE of deadline events in feeds.

Existing committees start at 0 (the server default exists only for the upgrade).

Revision ID: f7270e7484e8
Revises: 1f65a56bcabd
Create Date: 2026-11-24 03:59:56.035876
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'f7270e7484e8'
down_revision: str | None = '1f65a56bcabd'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("committees", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("deadline_revision", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.create_check_constraint(
            op.f("ck_committees_deadline_revision_not_negative"), "deadline_revision >= 0"
        )
    with op.batch_alter_table("committees", schema=None) as batch_op:
        batch_op.alter_column("deadline_revision", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("committees", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_committees_deadline_revision_not_negative"), type_="check"
        )
        batch_op.drop_column("deadline_revision")
