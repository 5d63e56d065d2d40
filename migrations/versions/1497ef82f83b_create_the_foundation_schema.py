"""Create the foundation schema

Revision ID: 1497ef82f83b
Revises: 
Create Date: 2026-11-22 06:36:36.351323
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '1497ef82f83b'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_people_email_lower_case')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_people_name_not_blank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('email', name=op.f('uq_people_email'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_api_tokens_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_person_id'), ['person_id'], unique=False)

    op.create_table('committees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('usual_venue', sa.String(length=200), nullable=False),
    sa.Column('usual_start_time', sa.Time(), nullable=False),
    sa.Column('usual_duration_minutes', sa.Integer(), nullable=False),
    sa.Column('governance_officer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(slug) > 0', name=op.f('ck_committees_slug_not_empty')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_committees_name_not_blank')),
    sa.CheckConstraint('usual_duration_minutes > 0', name=op.f('ck_committees_usual_duration_positive')),
    sa.ForeignKeyConstraint(['governance_officer_id'], ['people.id'], name=op.f('fk_committees_governance_officer_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committees')),
    sa.UniqueConstraint('slug', name=op.f('uq_committees_slug'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end', sa.DateTime(timezone=True), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('scheduled', 'cancelled')", name=op.f('ck_meetings_status_known')),
    sa.CheckConstraint('"end" > start', name=op.f('ck_meetings_ends_after_start')),
    sa.CheckConstraint('revision >= 0', name=op.f('ck_meetings_revision_not_negative')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_meetings_committee_id_committees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_committee_start', ['committee_id', 'start'], unique=False)
        batch_op.create_index('ix_meetings_start', ['start'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.CheckConstraint("role IN ('chair', 'member', 'co-opted', 'by-invitation', 'substitute')", name=op.f('ck_memberships_role_known')),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_memberships_ends_after_start')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_memberships_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_memberships_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index('ix_memberships_committee_person', ['committee_id', 'person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_person_id'), ['person_id'], unique=False)

    op.create_table('role_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(role = 'governance') = (committee_id IS NOT NULL)", name=op.f('ck_role_grants_governance_names_committee')),
    sa.CheckConstraint("role IN ('admin', 'governance', 'lead-officer', 'member')", name=op.f('ck_role_grants_role_known')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_role_grants_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_role_grants_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grants'))
    )
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.create_index('uq_role_grants_person_role_committee', ['person_id', 'role', 'committee_id'], unique=True)
        batch_op.create_index('uq_role_grants_person_role_without_committee', ['person_id', 'role'], unique=True, sqlite_where=sa.text('committee_id IS NULL'), postgresql_where=sa.text('committee_id IS NULL'))

    op.create_table('work_programme_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('municipal_year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('lead_text', sa.String(length=500), nullable=False),
    sa.Column('cabinet_member', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('timing_note', sa.String(length=30), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('exempt_paragraph', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("meeting_id IS NOT NULL OR NOT (state IN ('briefing_due', 'considered', 'resolved', 'scheduled'))", name=op.f('ck_work_programme_entries_scheduled_has_meeting')),
    sa.CheckConstraint("state IN ('requested', 'scheduled', 'briefing_due', 'considered', 'resolved', 'withdrawn')", name=op.f('ck_work_programme_entries_state_known')),
    sa.CheckConstraint("timing_note IS NULL OR timing_note IN ('to_be_determined', 'next_municipal_year')", name=op.f('ck_work_programme_entries_timing_note_known')),
    sa.CheckConstraint('exempt_paragraph IS NULL OR exempt_paragraph BETWEEN 1 AND 7', name=op.f('ck_work_programme_entries_exempt_paragraph_in_schedule_12a')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_work_programme_entries_title_not_blank')),
    sa.CheckConstraint('municipal_year BETWEEN 1974 AND 2999', name=op.f('ck_work_programme_entries_municipal_year_plausible')),
    sa.CheckConstraint('version > 0', name=op.f('ck_work_programme_entries_version_positive')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_work_programme_entries_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_work_programme_entries_meeting_id_meetings'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_programme_entries'))
    )
    with op.batch_alter_table('work_programme_entries', schema=None) as batch_op:
        batch_op.create_index('ix_work_programme_entries_committee_year', ['committee_id', 'municipal_year'], unique=False)
        batch_op.create_index('ix_work_programme_entries_meeting', ['meeting_id'], unique=False)
        batch_op.create_index('ix_work_programme_entries_state', ['state'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('paper_title', sa.String(length=300), nullable=False),
    sa.Column('paper_kind', sa.String(length=20), nullable=True),
    sa.Column('exempt_paragraph', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('apologies', 'declarations', 'minutes', 'business', 'work_programme', 'other_business')", name=op.f('ck_agenda_items_kind_known')),
    sa.CheckConstraint("paper_kind IS NULL OR paper_kind IN ('briefing_note', 'report')", name=op.f('ck_agenda_items_paper_kind_known')),
    sa.CheckConstraint('exempt_paragraph IS NULL OR exempt_paragraph BETWEEN 1 AND 7', name=op.f('ck_agenda_items_exempt_paragraph_in_schedule_12a')),
    sa.CheckConstraint('position >= 0', name=op.f('ck_agenda_items_position_not_negative')),
    sa.ForeignKeyConstraint(['entry_id'], ['work_programme_entries.id'], name=op.f('fk_agenda_items_entry_id_work_programme_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_agenda_items_entry_id'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index('ix_agenda_items_meeting_position', ['meeting_id', 'position'], unique=False)

    op.create_table('entry_lead_officers',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['work_programme_entries.id'], name=op.f('fk_entry_lead_officers_entry_id_work_programme_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_entry_lead_officers_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'person_id', name=op.f('pk_entry_lead_officers'))
    )
    with op.batch_alter_table('entry_lead_officers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_lead_officers_person_id'), ['person_id'], unique=False)

    op.create_table('state_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=30), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_state_changes_actor_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entry_id'], ['work_programme_entries.id'], name=op.f('fk_state_changes_entry_id_work_programme_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_state_changes_meeting_id_meetings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_state_changes'))
    )
    with op.batch_alter_table('state_changes', schema=None) as batch_op:
        batch_op.create_index('ix_state_changes_entry_at', ['entry_id', 'at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('state_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_state_changes_entry_at')

    op.drop_table('state_changes')
    with op.batch_alter_table('entry_lead_officers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_lead_officers_person_id'))

    op.drop_table('entry_lead_officers')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index('ix_agenda_items_meeting_position')

    op.drop_table('agenda_items')
    with op.batch_alter_table('work_programme_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_work_programme_entries_state')
        batch_op.drop_index('ix_work_programme_entries_meeting')
        batch_op.drop_index('ix_work_programme_entries_committee_year')

    op.drop_table('work_programme_entries')
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_index('uq_role_grants_person_role_without_committee', sqlite_where=sa.text('committee_id IS NULL'), postgresql_where=sa.text('committee_id IS NULL'))
        batch_op.drop_index('uq_role_grants_person_role_committee')

    op.drop_table('role_grants')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_person_id'))
        batch_op.drop_index('ix_memberships_committee_person')

    op.drop_table('memberships')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_start')
        batch_op.drop_index('ix_meetings_committee_start')

    op.drop_table('meetings')
    op.drop_table('committees')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_person_id'))

    op.drop_table('api_tokens')
    op.drop_table('people')
