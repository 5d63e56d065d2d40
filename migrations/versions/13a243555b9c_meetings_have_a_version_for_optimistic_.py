"""Meetings have a version for optimistic locking.

Existing meetings start at version 1 (the server default exists only for the
upgrade; the models set the version). The CHECK is added by hand: Alembic does
not compare CHECK constraints.

Revision ID: 13a243555b9c
Revises: 162df2466c9a
Create Date: 2026-11-24 03:25:33.276291
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '13a243555b9c'
down_revision: str | None = '162df2466c9a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch_op.create_check_constraint(op.f("ck_meetings_version_positive"), "version > 0")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.alter_column("version", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_meetings_version_positive"), type_="check")
        batch_op.drop_column("version")
