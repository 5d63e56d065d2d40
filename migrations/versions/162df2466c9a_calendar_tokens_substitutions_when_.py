"""Calendar tokens, substitutions, when deadlines changed

Revision ID: 162df2466c9a
Revises: 9e7757f680a1
Create Date: 2026-11-22 08:53:07.634513
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '162df2466c9a'
down_revision: str | None = '9e7757f680a1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('calendar_tokens',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_calendar_tokens_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_calendar_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_tokens_token_hash'))
    )
    op.create_table('substitutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('replacing_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('replacing_id IS NULL OR replacing_id <> person_id', name=op.f('ck_substitutions_not_for_themselves')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_substitutions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_substitutions_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replacing_id'], ['people.id'], name=op.f('fk_substitutions_replacing_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_substitutions'))
    )
    with op.batch_alter_table('substitutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_substitutions_person_id'), ['person_id'], unique=False)
        batch_op.create_index('uq_substitutions_meeting_person', ['meeting_id', 'person_id'], unique=True)

    # Existing committees: their deadlines last changed when they were created.
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadlines_changed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE committees SET deadlines_changed_at = created_at")
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.alter_column('deadlines_changed_at', existing_type=sa.DateTime(timezone=True), nullable=False)



def downgrade() -> None:
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_column('deadlines_changed_at')

    with op.batch_alter_table('substitutions', schema=None) as batch_op:
        batch_op.drop_index('uq_substitutions_meeting_person')
        batch_op.drop_index(batch_op.f('ix_substitutions_person_id'))

    op.drop_table('substitutions')
    op.drop_table('calendar_tokens')
