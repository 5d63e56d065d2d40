"""A seat may be the Vice-Chair's

Committees elect a Vice-Chair beside the Chair; the seat's role learns it.

Revision ID: c5e8a1f2d7b4
Revises: b3d41c7e9a20
Create Date: 2026-12-03 05:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c5e8a1f2d7b4"
down_revision: str | None = "b3d41c7e9a20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES_BEFORE = "'chair', 'member', 'co-opted', 'by-invitation', 'substitute'"
ROLES_AFTER = "'chair', 'vice-chair', 'member', 'co-opted', 'by-invitation', 'substitute'"


def _roles(roles: str) -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_memberships_role_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_memberships_role_known"), f"role IN ({roles})")


def upgrade() -> None:
    _roles(ROLES_AFTER)


def downgrade() -> None:
    # A Vice-Chair's seat stays a seat: it is a Member's without the office.
    op.execute("UPDATE memberships SET role = 'member' WHERE role = 'vice-chair'")
    _roles(ROLES_BEFORE)
