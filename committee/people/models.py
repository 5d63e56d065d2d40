"""People, the roles that let them act, their seats on committees, and their API tokens."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, String, Text, text
from sqlmodel import Field, SQLModel

from committee.fields import AwareDateTime, check_in
from committee.timeutil import utcnow


class Role(StrEnum):
    """What a person may do. Spelt as the CLI takes it."""

    ADMIN = "admin"
    GOVERNANCE = "governance"  # for the committees named in the grant
    LEAD_OFFICER = "lead-officer"
    MEMBER = "member"


class Person(SQLModel, table=True):
    """A council officer, councillor or co-optee."""

    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    name: str = Field(sa_type=String(200))
    # Officers named only in a work programme may have no known address yet.
    email: str | None = Field(default=None, sa_type=String(254), unique=True)
    job_title: str = Field(default="", sa_type=String(200))
    # For signing in to the pages; None means the person cannot sign in there.
    password_hash: str | None = Field(default=None, sa_type=String(255))
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)


class RoleGrant(SQLModel, table=True):
    """A role held by a person; governance is held per committee."""

    __tablename__ = "role_grants"
    __table_args__ = (
        CheckConstraint(check_in("role", Role), name="role_known"),
        CheckConstraint(
            "(role = 'governance') = (committee_id IS NOT NULL)",
            name="governance_names_committee",
        ),
        Index(
            "uq_role_grants_person_role_committee",
            "person_id",
            "role",
            "committee_id",
            unique=True,
        ),
        # NULLs are distinct in a unique index, so roles without a committee need their own.
        Index(
            "uq_role_grants_person_role_without_committee",
            "person_id",
            "role",
            unique=True,
            sqlite_where=text("committee_id IS NULL"),
            postgresql_where=text("committee_id IS NULL"),
        ),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE")
    role: str = Field(sa_type=String(20))
    committee_id: int | None = Field(default=None, foreign_key="committees.id", ondelete="CASCADE")


class ApiToken(SQLModel, table=True):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    person_id: int = Field(foreign_key="people.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=AwareDateTime)


class WebSession(SQLModel, table=True):
    """One signed-in browser. Its cookie holds a token; only the token's digest is stored.

    Signing out, a new password, or being idle or old past the configured
    limits ends it: a copied cookie then signs nobody in.
    """

    __tablename__ = "web_sessions"

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    person_id: int = Field(foreign_key="people.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=AwareDateTime)


class PasswordReset(SQLModel, table=True):
    """A one-time link to choose a new password, sent by email. Only its digest is stored."""

    __tablename__ = "password_resets"

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    person_id: int = Field(foreign_key="people.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    expires_at: datetime = Field(sa_type=AwareDateTime)
    used_at: datetime | None = Field(default=None, sa_type=AwareDateTime)


class MembershipRole(StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice-chair"
    MEMBER = "member"
    CO_OPTED = "co-opted"
    BY_INVITATION = "by-invitation"
    SUBSTITUTE = "substitute"


class Membership(SQLModel, table=True):
    """A person's seat on a committee, from one date to another (or still)."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint(check_in("role", MembershipRole), name="role_known"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        Index("ix_memberships_committee_person", "committee_id", "person_id"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    committee_id: int = Field(foreign_key="committees.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="people.id", index=True, ondelete="CASCADE")
    role: str = Field(sa_type=String(20))
    starts_on: date
    ends_on: date | None = None


class Change(SQLModel):
    """One move of something's lifecycle: the event, from which state to which, who, when, why.

    Not a table: each lifecycle's history table is a Change plus what it is
    about (an entry, an agenda, minutes, a recommendation). One writer records
    them all (committee.people.operations.record_move) and one reader reads
    them (committee.people.queries.history_rows).
    """

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    event: str = Field(sa_type=String(30))
    from_state: str | None = Field(default=None, sa_type=String(20))  # None when it was made
    to_state: str = Field(sa_type=String(20))
    # None is the system (the scheduler); otherwise the person who acted.
    actor_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    reason: str = Field(default="", sa_type=Text)
