"""Council details, frontsheet settings, generated papers, public wording of private minutes

Existing rows get the defaults: no council details yet, committees carrying both
generated papers, editions with none, private minutes withheld as before.

Revision ID: c85d352ea525
Revises: 6239ba6347c8
Create Date: 2026-12-02 23:27:18.332114
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c85d352ea525'
down_revision: str | None = '6239ba6347c8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('council',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('proper_officer', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('telephone', sa.String(length=100), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('accessibility_notice', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_council_one_council')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council'))
    )
    with op.batch_alter_table('agenda_editions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('generated', sa.Text(), nullable=False, server_default='{}'))

    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_telephone', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('frontsheet_notes', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('minutes_in_pack', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('programme_in_pack', sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_wording', sa.Text(), nullable=False, server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_column('public_wording')

    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_column('programme_in_pack')
        batch_op.drop_column('minutes_in_pack')
        batch_op.drop_column('frontsheet_notes')
        batch_op.drop_column('contact_telephone')

    with op.batch_alter_table('agenda_editions', schema=None) as batch_op:
        batch_op.drop_column('generated')

    op.drop_table('council')
