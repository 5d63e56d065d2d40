"""What the API takes and shows of deadlines and closure days."""

from datetime import date, time

from pydantic import BaseModel, Field, field_validator
from sqlmodel import SQLModel
from sqlmodel.main import SQLModelConfig

from committee.fields import MUNICIPAL_YEARS, LondonDateTimeOut, Text


class DeadlineSettingsPublic(SQLModel):
    draft_days: int = Field(
        description="Draft to governance services: working days before publication."
    )
    final_days: int = Field(description="Final cleared paper: working days before publication.")
    window_days: int = Field(
        description="The paper window opens this many working days before the draft."
    )
    deadline_time: time = Field(
        description="Papers are due at this time (London) on the deadline days."
    )


class DeadlineSettingsUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    draft_days: int | None = Field(default=None, ge=0, le=60)
    final_days: int | None = Field(default=None, ge=0, le=60)
    window_days: int | None = Field(default=None, ge=0, le=60)
    deadline_time: time | None = None


class DeadlinesPublic(BaseModel):
    meeting_id: int
    publication: date = Field(description="The agenda is published on this day.")
    draft: date
    final: date
    briefing_opens: date = Field(description="The paper window opens on this day.")
    draft_due_at: LondonDateTimeOut
    final_due_at: LondonDateTimeOut


class ClosureDayBody(BaseModel):
    model_config = SQLModelConfig(extra="forbid")

    day: date
    reason: Text = Field(min_length=1, max_length=200)

    @field_validator("day")
    @classmethod
    def _in_municipal_years(cls, day: date) -> date:
        if day.year not in MUNICIPAL_YEARS:
            raise ValueError(f"must fall between {MUNICIPAL_YEARS[0]} and {MUNICIPAL_YEARS[-1]}")
        return day


class ClosureDayPublic(BaseModel):
    day: date
    reason: str


class ClosureDayList(BaseModel):
    closure_days: list[ClosureDayPublic]
