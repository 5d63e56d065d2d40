"""Meeting alterations: what changed, from, to, who, when

Revision ID: 086227f5d38b
Revises: 569b116285e2
Create Date: 2026-12-03 00:30:49.825717
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '086227f5d38b'
down_revision: str | None = '569b116285e2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('meeting_alterations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=10), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("what IN ('time', 'venue', 'status')", name=op.f('ck_meeting_alterations_what_known')),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_meeting_alterations_actor_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_alterations_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_alterations'))
    )
    with op.batch_alter_table('meeting_alterations', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_alterations_meeting_at', ['meeting_id', 'at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('meeting_alterations', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_alterations_meeting_at')

    op.drop_table('meeting_alterations')
