"""The executive's decisions: decision makers, the call-in rules, key decision notices, decision
records and call-ins, with their histories

Revision ID: 432d42e72d21
Revises: c5e8a1f2d7b4
Create Date: 2026-12-03 07:30:19.292679
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '432d42e72d21'
down_revision: str | None = 'c5e8a1f2d7b4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


KINDS_BEFORE = (
    "'window_opened', 'draft_reminder', 'draft_due_today', 'draft_overdue', 'publication_day', "
    "'digest', 'agenda_published', 'password_reset', 'recommendation_due', 'paper_received', "
    "'paper_cleared', 'meeting_changed', 'recommendation_sent', 'invitation'"
)
KINDS_AFTER = (
    KINDS_BEFORE
    + ", 'exception_notice', 'decision_called_in', 'call_in_resolved', 'decision_reconsidered'"
)


def _message_kinds(kinds: str) -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_kind_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_outbox_kind_known"), f"kind IN ({kinds})")


def upgrade() -> None:
    _message_kinds(KINDS_AFTER)
    op.create_table('decision_makers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('portfolio', sa.String(length=200), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind <> 'executive' OR committee_id IS NOT NULL", name=op.f('ck_decision_makers_executive_has_committee')),
    sa.CheckConstraint("kind IN ('executive', 'cabinet_member', 'officer')", name=op.f('ck_decision_makers_kind_known')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_decision_makers_committee_id_committees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_decision_makers_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_makers')),
    sa.UniqueConstraint('name', name=op.f('uq_decision_makers_name'))
    )
    op.create_table('decision_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_in_working_days', sa.Integer(), nullable=False),
    sa.Column('call_in_members_needed', sa.Integer(), nullable=False),
    sa.Column('call_in_meeting_working_days', sa.Integer(), nullable=False),
    sa.Column('call_in_committee_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('call_in_meeting_working_days BETWEEN 1 AND 60', name=op.f('ck_decision_rules_meeting_days_sensible')),
    sa.CheckConstraint('call_in_members_needed BETWEEN 1 AND 50', name=op.f('ck_decision_rules_members_sensible')),
    sa.CheckConstraint('call_in_working_days BETWEEN 1 AND 30', name=op.f('ck_decision_rules_call_in_days_sensible')),
    sa.CheckConstraint('id = 1', name=op.f('ck_decision_rules_one_row')),
    sa.ForeignKeyConstraint(['call_in_committee_id'], ['committees.id'], name=op.f('fk_decision_rules_call_in_committee_id_committees'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_rules'))
    )
    op.create_table('key_decision_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('decision_maker_id', sa.Integer(), nullable=False),
    sa.Column('decision_due', sa.Date(), nullable=False),
    sa.Column('documents', sa.Text(), nullable=False),
    sa.Column('representations', sa.Text(), nullable=False),
    sa.Column('lead_officer', sa.String(length=300), nullable=False),
    sa.Column('exempt_paragraph', sa.Integer(), nullable=True),
    sa.Column('private_reason', sa.Text(), nullable=False),
    sa.Column('further_notice', sa.Text(), nullable=False),
    sa.Column('further_notice_published_on', sa.Date(), nullable=True),
    sa.Column('route', sa.String(length=20), nullable=False),
    sa.Column('exception_reason', sa.Text(), nullable=False),
    sa.Column('urgency_agreed_on', sa.Date(), nullable=True),
    sa.Column('urgency_agreed_by', sa.String(length=200), nullable=False),
    sa.Column('scrutiny_committee_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('first_published_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("route <> 'special_urgency' OR urgency_agreed_on IS NOT NULL", name=op.f('ck_key_decision_notices_urgency_has_agreement')),
    sa.CheckConstraint("route IN ('forward_plan', 'general_exception', 'special_urgency')", name=op.f('ck_key_decision_notices_route_known')),
    sa.CheckConstraint("state IN ('draft', 'published', 'decided', 'withdrawn')", name=op.f('ck_key_decision_notices_state_known')),
    sa.CheckConstraint('exempt_paragraph IS NULL OR exempt_paragraph BETWEEN 1 AND 7', name=op.f('ck_key_decision_notices_exempt_paragraph_in_schedule_12a')),
    sa.CheckConstraint('version > 0', name=op.f('ck_key_decision_notices_version_positive')),
    sa.ForeignKeyConstraint(['decision_maker_id'], ['decision_makers.id'], name=op.f('fk_key_decision_notices_decision_maker_id_decision_makers'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['scrutiny_committee_id'], ['committees.id'], name=op.f('fk_key_decision_notices_scrutiny_committee_id_committees'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_decision_notices'))
    )
    with op.batch_alter_table('key_decision_notices', schema=None) as batch_op:
        batch_op.create_index('ix_key_decision_notices_state_due', ['state', 'decision_due'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('decision_maker_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('alternatives', sa.Text(), nullable=False),
    sa.Column('interests', sa.Text(), nullable=False),
    sa.Column('exempt_paragraph', sa.Integer(), nullable=True),
    sa.Column('exempt_from_call_in', sa.Boolean(), nullable=False),
    sa.Column('urgency_agreed_by', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('call_in_ends_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("NOT exempt_from_call_in OR urgency_agreed_by <> ''", name=op.f('ck_decisions_exemption_agreed')),
    sa.CheckConstraint("state IN ('recorded', 'call_in_period', 'called_in', 'referred_back', 'referred_to_council', 'in_effect')", name=op.f('ck_decisions_state_known')),
    sa.CheckConstraint('exempt_paragraph IS NULL OR exempt_paragraph BETWEEN 1 AND 7', name=op.f('ck_decisions_exempt_paragraph_in_schedule_12a')),
    sa.CheckConstraint('version > 0', name=op.f('ck_decisions_version_positive')),
    sa.ForeignKeyConstraint(['decision_maker_id'], ['decision_makers.id'], name=op.f('fk_decisions_decision_maker_id_decision_makers'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_decisions_meeting_id_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['notice_id'], ['key_decision_notices.id'], name=op.f('fk_decisions_notice_id_key_decision_notices'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('notice_id', name=op.f('uq_decisions_notice_id'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index('ix_decisions_state_call_in_ends', ['state', 'call_in_ends_on'], unique=False)

    op.create_table('key_decision_notice_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=30), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_key_decision_notice_changes_actor_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['notice_id'], ['key_decision_notices.id'], name=op.f('fk_key_decision_notice_changes_notice_id_key_decision_notices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_decision_notice_changes'))
    )
    with op.batch_alter_table('key_decision_notice_changes', schema=None) as batch_op:
        batch_op.create_index('ix_key_decision_notice_changes_at', ['notice_id', 'at'], unique=False)

    op.create_table('call_in_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('as_chair', sa.Boolean(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_call_in_requests_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_call_in_requests_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_in_requests')),
    sa.UniqueConstraint('decision_id', 'person_id', name='once_each')
    )
    op.create_table('call_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('called_in_on', sa.Date(), nullable=False),
    sa.Column('meet_by', sa.Date(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_call_ins_committee_id_committees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_call_ins_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['work_programme_entries.id'], name=op.f('fk_call_ins_entry_id_work_programme_entries'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_ins')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_call_ins_decision_id'))
    )
    op.create_table('decision_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=30), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_decision_changes_actor_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_changes_decision_id_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_changes'))
    )
    with op.batch_alter_table('decision_changes', schema=None) as batch_op:
        batch_op.create_index('ix_decision_changes_at', ['decision_id', 'at'], unique=False)
    op.create_table(
        "notice_scrutinies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name=op.f("fk_notice_scrutinies_committee_id_committees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["work_programme_entries.id"],
            name=op.f("fk_notice_scrutinies_entry_id_work_programme_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["key_decision_notices.id"],
            name=op.f("fk_notice_scrutinies_notice_id_key_decision_notices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_scrutinies")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_notice_scrutinies_entry_id")),
        sa.UniqueConstraint("notice_id", "committee_id", name="once_a_board"),
    )


def downgrade() -> None:
    op.execute(
        "DELETE FROM outbox WHERE kind IN "
        "('exception_notice', 'decision_called_in', 'call_in_resolved', 'decision_reconsidered')"
    )
    _message_kinds(KINDS_BEFORE)
    op.drop_table("notice_scrutinies")
    with op.batch_alter_table('decision_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_decision_changes_at')

    op.drop_table('decision_changes')
    op.drop_table('call_ins')
    op.drop_table('call_in_requests')
    with op.batch_alter_table('key_decision_notice_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_key_decision_notice_changes_at')

    op.drop_table('key_decision_notice_changes')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_decisions_state_call_in_ends')

    op.drop_table('decisions')
    with op.batch_alter_table('key_decision_notices', schema=None) as batch_op:
        batch_op.drop_index('ix_key_decision_notices_state_due')

    op.drop_table('key_decision_notices')
    op.drop_table('decision_rules')
    op.drop_table('decision_makers')
