"""The executive's decisions: who takes them, the forward plan's notices, the decision records
and their call-ins, each with its history."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from committee.decisions.clocks import (
    CALL_IN_MEETING_WORKING_DAYS,
    CALL_IN_WORKING_DAYS,
    PrivateMeetingNotices,
    Route,
    earliest_decision_day,
    latest_notice_day,
    private_meeting_notices,
)
from committee.fields import EXEMPT_PARAGRAPHS, AwareDateTime, check_in, check_within, versioned
from committee.people.models import Change
from committee.timeutil import utcnow
from workflows.decision import DecisionState, NoticeState


class MakerKind:
    EXECUTIVE = "executive"  # the Cabinet, meeting as a committee
    CABINET_MEMBER = "cabinet_member"  # one portfolio holder, deciding alone
    OFFICER = "officer"  # an officer taking a key decision under delegation


MAKER_KINDS = (MakerKind.EXECUTIVE, MakerKind.CABINET_MEMBER, MakerKind.OFFICER)


class DecisionMaker(SQLModel, table=True):
    """Who takes executive decisions: the Cabinet, a cabinet member by portfolio, an officer."""

    __tablename__ = "decision_makers"
    __table_args__ = (
        CheckConstraint(check_in("kind", MAKER_KINDS), name="kind_known"),
        CheckConstraint(
            "kind <> 'executive' OR committee_id IS NOT NULL", name="executive_has_committee"
        ),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    name: str = Field(sa_type=String(200), unique=True)  # "Cabinet", "Cabinet Member for Education"
    kind: str = Field(sa_type=String(20))
    portfolio: str = Field(default="", sa_type=String(200))
    # The Cabinet's meetings are a committee's meetings, with agendas and minutes like any other.
    committee_id: int | None = Field(default=None, foreign_key="committees.id", ondelete="SET NULL")
    # Whom messages about its decisions reach (the cabinet member, the officer, the Cabinet's clerk).
    person_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")


class DecisionRules(SQLModel, table=True):
    """The constitution's call-in rules: one row, the defaults until the council changes them."""

    __tablename__ = "decision_rules"
    __table_args__ = (
        CheckConstraint("id = 1", name="one_row"),
        CheckConstraint("call_in_working_days BETWEEN 1 AND 30", name="call_in_days_sensible"),
        CheckConstraint("call_in_members_needed BETWEEN 1 AND 50", name="members_sensible"),
        CheckConstraint(
            "call_in_meeting_working_days BETWEEN 1 AND 60", name="meeting_days_sensible"
        ),
    )

    id: int = Field(default=1, primary_key=True)
    call_in_working_days: int = CALL_IN_WORKING_DAYS
    # How many members of the scrutiny board together may call a decision in (its chair alone may).
    call_in_members_needed: int = 2
    call_in_meeting_working_days: int = CALL_IN_MEETING_WORKING_DAYS
    # The board call-ins go to when a notice names none.
    call_in_committee_id: int | None = Field(
        default=None, foreign_key="committees.id", ondelete="SET NULL"
    )


class KeyDecisionNotice(SQLModel, table=True):
    """A key decision on the forward plan: what, who decides, when, and whether in private."""

    __tablename__ = "key_decision_notices"
    __table_args__ = (
        CheckConstraint(check_in("state", NoticeState), name="state_known"),
        CheckConstraint(check_in("route", Route), name="route_known"),
        CheckConstraint(
            check_within("exempt_paragraph", EXEMPT_PARAGRAPHS, nullable=True),
            name="exempt_paragraph_in_schedule_12a",
        ),
        CheckConstraint(
            "route <> 'special_urgency' OR urgency_agreed_on IS NOT NULL",
            name="urgency_has_agreement",
        ),
        CheckConstraint("version > 0", name="version_positive"),
        Index("ix_key_decision_notices_state_due", "state", "decision_due"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    matter: str = Field(sa_type=String(300))  # public even when the rest is private
    summary: str = Field(default="", sa_type=Text)
    decision_maker_id: int = Field(foreign_key="decision_makers.id", ondelete="RESTRICT")
    decision_due: date  # the date, or the start of the period, the decision is expected
    documents: str = Field(default="", sa_type=Text)  # the documents to be considered
    representations: str = Field(default="", sa_type=Text)  # how to make them, and by when
    lead_officer: str = Field(default="", sa_type=String(300))
    # Private business (reg. 5): the paragraph of Schedule 12A and why, both published.
    exempt_paragraph: int | None = None
    private_reason: str = Field(default="", sa_type=Text)
    # Reg. 5(4): the further notice before a meeting in private, answering representations.
    further_notice: str = Field(default="", sa_type=Text)
    further_notice_published_on: date | None = None
    route: str = Field(default=Route.FORWARD_PLAN.value, sa_type=String(20))
    # Why 28 days' notice is impracticable (general exception) or the decision cannot wait
    # (special urgency): published with the notice.
    exception_reason: str = Field(default="", sa_type=Text)
    urgency_agreed_on: date | None = None
    urgency_agreed_by: str = Field(default="", sa_type=String(200))
    # The scrutiny board whose chair is told of exceptions, and who may look at it beforehand.
    scrutiny_committee_id: int | None = Field(
        default=None, foreign_key="committees.id", ondelete="SET NULL"
    )
    state: str = Field(default=NoticeState.DRAFT.value, sa_type=String(20))
    # The day it first went out: the 28 clear days run from it, whatever deferrals follow.
    first_published_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    version: int = 1

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return versioned(cls)

    @property
    def is_private(self) -> bool:
        return self.exempt_paragraph is not None

    @property
    def lawful_from(self) -> date | None:
        """The first day its decision may lawfully be taken; None until it is published."""
        if self.first_published_on is None:
            return None
        return earliest_decision_day(
            Route(self.route), self.first_published_on, agreed=self.urgency_agreed_on
        )

    @property
    def private_notices(self) -> PrivateMeetingNotices | None:
        """A private decision's two notices of the meeting in private (reg. 5), by when."""
        return private_meeting_notices(self.decision_due) if self.is_private else None

    @property
    def publish_by(self) -> date | None:
        """The last day it can be published for the decision to be lawful on its expected day."""
        return latest_notice_day(Route(self.route), self.decision_due)


class NoticeChange(Change, table=True):
    """One change of a key decision notice (committee.people.models.Change)."""

    __tablename__ = "key_decision_notice_changes"
    __table_args__ = (Index("ix_key_decision_notice_changes_at", "notice_id", "at"),)

    notice_id: int = Field(foreign_key="key_decision_notices.id", ondelete="CASCADE")


class Decision(SQLModel, table=True):
    """An executive decision as recorded (reg. 13), and its decision notice once published."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(check_in("state", DecisionState), name="state_known"),
        CheckConstraint(
            check_within("exempt_paragraph", EXEMPT_PARAGRAPHS, nullable=True),
            name="exempt_paragraph_in_schedule_12a",
        ),
        CheckConstraint(
            "NOT exempt_from_call_in OR urgency_agreed_by <> ''", name="exemption_agreed"
        ),
        CheckConstraint("version > 0", name="version_positive"),
        Index("ix_decisions_state_call_in_ends", "state", "call_in_ends_on"),
    )

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    notice_id: int | None = Field(
        default=None, foreign_key="key_decision_notices.id", unique=True, ondelete="SET NULL"
    )
    decision_maker_id: int = Field(foreign_key="decision_makers.id", ondelete="RESTRICT")
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id", ondelete="SET NULL")
    title: str = Field(sa_type=String(300))
    decided_on: date
    decision: str = Field(sa_type=Text)
    reasons: str = Field(default="", sa_type=Text)
    alternatives: str = Field(default="", sa_type=Text)  # considered and rejected
    interests: str = Field(default="", sa_type=Text)  # declared, with any dispensation
    exempt_paragraph: int | None = None
    # Urgent and exempt from call-in, with the scrutiny chair's agreement.
    exempt_from_call_in: bool = False
    urgency_agreed_by: str = Field(default="", sa_type=String(200))
    state: str = Field(default=DecisionState.RECORDED.value, sa_type=String(20))
    published_on: date | None = None
    call_in_ends_on: date | None = None
    # After a referral back or to council: what was decided in the end.
    outcome: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    version: int = 1

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return versioned(cls)


class DecisionChange(Change, table=True):
    """One change of a decision (committee.people.models.Change)."""

    __tablename__ = "decision_changes"
    __table_args__ = (Index("ix_decision_changes_at", "decision_id", "at"),)

    decision_id: int = Field(foreign_key="decisions.id", ondelete="CASCADE")


class CallInRequest(SQLModel, table=True):
    """One member's request to call a decision in, with their reasons: several make a call-in."""

    __tablename__ = "call_in_requests"
    __table_args__ = (UniqueConstraint("decision_id", "person_id", name="once_each"),)

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    decision_id: int = Field(foreign_key="decisions.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE")
    as_chair: bool = False
    reasons: str = Field(sa_type=Text)
    at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)


class CallIn(SQLModel, table=True):
    """A decision called in: held until the scrutiny board resolves on it."""

    __tablename__ = "call_ins"

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    decision_id: int = Field(foreign_key="decisions.id", unique=True, ondelete="CASCADE")
    committee_id: int = Field(foreign_key="committees.id", ondelete="RESTRICT")
    called_in_on: date
    meet_by: date  # the constitution's time for the board to meet on it
    # Its entry on the board's work programme, on a meeting within the time where there is one.
    entry_id: int | None = Field(
        default=None, foreign_key="work_programme_entries.id", ondelete="SET NULL"
    )
    resolution: str = Field(default="", sa_type=Text)


class NoticeScrutiny(SQLModel, table=True):
    """A scrutiny board looks at a key decision before it is taken: the notice and the entry
    on the board's work programme, each linked to the other."""

    __tablename__ = "notice_scrutinies"
    __table_args__ = (UniqueConstraint("notice_id", "committee_id", name="once_a_board"),)

    id: int = Field(
        default=None, primary_key=True
    )  # set by the database: every row read or flushed has one
    notice_id: int = Field(foreign_key="key_decision_notices.id", ondelete="CASCADE")
    committee_id: int = Field(foreign_key="committees.id", ondelete="CASCADE")
    entry_id: int = Field(foreign_key="work_programme_entries.id", unique=True, ondelete="CASCADE")
