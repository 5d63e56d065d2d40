"""What the API, forms and commands take and show of the forward plan and decisions."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from committee.decisions.clocks import Route
from committee.fields import DETAIL_MAX, TITLE_MAX, ExemptParagraph, RowId, Text
from workflows.decision import DecisionState, NoticeState

NAME_MAX = 200


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class NoticeInput(_Input):
    """A key decision notice, as drafted."""

    decision_maker_id: RowId
    matter: Text = Field(min_length=1, max_length=TITLE_MAX)
    decision_due: date = Field(description="The date (or first day of the period) expected.")
    summary: Text = Field(default="", max_length=DETAIL_MAX)
    documents: Text = Field(default="", max_length=DETAIL_MAX)
    representations: Text = Field(default="", max_length=DETAIL_MAX)
    lead_officer: Text = Field(default="", max_length=TITLE_MAX)
    exempt_paragraph: ExemptParagraph | None = None
    private_reason: Text = Field(default="", max_length=DETAIL_MAX)
    route: Route = Route.FORWARD_PLAN
    exception_reason: Text = Field(default="", max_length=DETAIL_MAX)
    urgency_agreed_on: date | None = None
    urgency_agreed_by: Text = Field(default="", max_length=NAME_MAX)
    scrutiny_committee: str | None = Field(
        default=None, max_length=80, description="The short name of the relevant scrutiny board."
    )


class DeferInput(_Input):
    new_date: date
    reason: Text = Field(min_length=1, max_length=DETAIL_MAX)


class WithdrawInput(_Input):
    reason: Text = Field(min_length=1, max_length=DETAIL_MAX)


class DecisionInput(_Input):
    """An executive decision, as recorded (reg. 13)."""

    decided_on: date
    decision: Text = Field(min_length=1, max_length=DETAIL_MAX)
    reasons: Text = Field(default="", max_length=DETAIL_MAX)
    alternatives: Text = Field(default="", max_length=DETAIL_MAX)
    interests: Text = Field(default="", max_length=DETAIL_MAX)
    exempt_from_call_in: bool = False
    urgency_agreed_by: Text = Field(default="", max_length=NAME_MAX)


class CallInInput(_Input):
    reasons: Text = Field(min_length=1, max_length=DETAIL_MAX)


class ResolutionInput(_Input):
    outcome: Literal["no_further_action", "refer_back", "refer_to_council"]
    resolution: Text = Field(min_length=1, max_length=DETAIL_MAX)


class OutcomeInput(_Input):
    outcome: Text = Field(min_length=1, max_length=DETAIL_MAX)


class NoticePublic(BaseModel):
    id: int
    matter: str
    decision_maker: str
    decision_due: date
    state: NoticeState
    private: bool
    exempt_paragraph: int | None
    private_reason: str
    summary: str | None = Field(description="None where it is private and you may not read it.")
    documents: str | None
    representations: str | None
    route: Route
    exception_reason: str
    first_published_on: date | None
    lawful_from: date | None
    new: bool


class PlanList(BaseModel):
    notices: list[NoticePublic]


class DecisionPublic(BaseModel):
    id: int
    title: str
    decision_maker: str
    decided_on: date
    state: DecisionState
    private: bool
    exempt_paragraph: int | None
    decision: str | None = Field(description="None where it is private and you may not read it.")
    reasons: str | None
    alternatives: str | None
    interests: str | None
    exempt_from_call_in: bool
    published_on: date | None
    call_in_ends_on: date | None
    called_in_on: date | None
    board_meets_by: date | None
    resolution: str
    outcome: str
    notice_id: int | None


class DecisionList(BaseModel):
    decisions: list[DecisionPublic]


class CallInPublic(BaseModel):
    decision: DecisionPublic
    called_in: bool
    more_needed: int = Field(description="Members still to ask before it is called in.")
