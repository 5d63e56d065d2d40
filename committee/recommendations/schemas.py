"""What the API, forms and commands take and show of recommendations."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from committee.fields import DETAIL_MAX, RowId, Text
from workflows.recommendation import Answer, RecommendationState

NOTE_MAX = 300


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class AnswerInput(_Input):
    answer: Answer
    response: Text = Field(default="", max_length=DETAIL_MAX)
    answered_on: date | None = Field(default=None, description="Today if not given.")
    version: int | None = Field(default=None, ge=1, description="The version you read (optional).")


class ImplementedInput(_Input):
    implemented_on: date | None = Field(default=None, description="Today if not given.")
    note: Text = Field(default="", max_length=DETAIL_MAX)
    version: int | None = Field(default=None, ge=1, description="The version you read (optional).")


class ReportRecommendationInput(_Input):
    """A report's own recommendation, tracked like the board's (Implementation Assurance)."""

    entry_id: RowId
    to: Text = Field(min_length=1, max_length=NOTE_MAX)
    text: Text = Field(min_length=1, max_length=DETAIL_MAX)
    owner_email: str | None = Field(default=None, max_length=254)
    response_due: date | None = None


class RecommendationPublic(BaseModel):
    id: int
    committee: str
    to: str
    text: str
    source: str
    private: bool = Field(description="Made in private business, or of an entry that is private.")
    state: RecommendationState
    status: str
    sent_on: date
    response_due: date
    answer: Answer | None
    response: str
    answered_on: date | None
    implemented_on: date | None
    version: int


class RecommendationList(BaseModel):
    recommendations: list[RecommendationPublic]
