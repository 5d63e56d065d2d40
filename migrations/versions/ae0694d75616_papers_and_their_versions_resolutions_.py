"""Papers and their versions, resolutions, sign-in passwords

Revision ID: ae0694d75616
Revises: 1497ef82f83b
Create Date: 2026-11-22 06:48:33.033777
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'ae0694d75616'
down_revision: str | None = '1497ef82f83b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('papers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('briefing_note', 'report')", name=op.f('ck_papers_kind_known')),
    sa.CheckConstraint("status IN ('awaited', 'draft_received', 'cleared')", name=op.f('ck_papers_status_known')),
    sa.ForeignKeyConstraint(['entry_id'], ['work_programme_entries.id'], name=op.f('fk_papers_entry_id_work_programme_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_papers'))
    )
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.create_index('uq_papers_entry_kind', ['entry_id', 'kind'], unique=True)

    op.create_table('paper_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(url IS NULL) <> (filename IS NULL)', name=op.f('ck_paper_versions_file_or_link')),
    sa.CheckConstraint('number > 0', name=op.f('ck_paper_versions_number_positive')),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_paper_versions_paper_id_papers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['people.id'], name=op.f('fk_paper_versions_submitted_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_versions'))
    )
    with op.batch_alter_table('paper_versions', schema=None) as batch_op:
        batch_op.create_index('uq_paper_versions_paper_number', ['paper_id', 'number'], unique=True)

    op.create_table('paper_files',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['paper_versions.id'], name=op.f('fk_paper_files_version_id_paper_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('version_id', name=op.f('pk_paper_files'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_hash', sa.String(length=255), nullable=True))

    with op.batch_alter_table('state_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paper_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_state_changes_paper_id_papers'), 'papers', ['paper_id'], ['id'], ondelete='SET NULL')

    # Existing entries have no resolution yet: fill them with '' for the upgrade,
    # then drop the default so the schema matches the models.
    with op.batch_alter_table('work_programme_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolution', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('work_programme_entries', schema=None) as batch_op:
        batch_op.alter_column('resolution', server_default=None)



def downgrade() -> None:
    with op.batch_alter_table('work_programme_entries', schema=None) as batch_op:
        batch_op.drop_column('resolution')

    with op.batch_alter_table('state_changes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_state_changes_paper_id_papers'), type_='foreignkey')
        batch_op.drop_column('paper_id')

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('password_hash')

    op.drop_table('paper_files')
    with op.batch_alter_table('paper_versions', schema=None) as batch_op:
        batch_op.drop_index('uq_paper_versions_paper_number')

    op.drop_table('paper_versions')
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.drop_index('uq_papers_entry_kind')

    op.drop_table('papers')
