"""What the API takes and shows of meetings and substitutes. Times without an offset are London time."""

from typing import Self

from pydantic import BaseModel, model_validator
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

from committee.fields import LondonDateTimeOut, MeetingTime, RowId, Text
from committee.meetings.models import MeetingStatus


class MeetingCreate(SQLModel):
    """A new meeting. Times without an offset are London time."""

    model_config = SQLModelConfig(extra="forbid")

    start: MeetingTime
    end: MeetingTime | None = Field(
        default=None, description="Defaults to the committee's usual length after the start."
    )
    venue: Text | None = Field(
        default=None, max_length=200, description="Defaults to the committee's usual venue."
    )
    already_held: bool = Field(
        default=False,
        description="The record of a meeting already held: the only way to make one whose "
        "start has passed.",
    )

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end is not None and self.end <= self.start:
            raise ValueError("a meeting must end after it starts")
        return self


class MeetingUpdate(SQLModel):
    """Move a meeting, change its venue, cancel or reinstate it."""

    model_config = SQLModelConfig(extra="forbid")

    start: MeetingTime | None = None
    end: MeetingTime | None = None
    venue: Text | None = Field(default=None, max_length=200)
    status: MeetingStatus | None = None


class MeetingPublic(SQLModel):
    id: int
    committee: str
    start: LondonDateTimeOut
    end: LondonDateTimeOut
    venue: str
    status: MeetingStatus


class MeetingRef(SQLModel):
    id: int
    start: LondonDateTimeOut


class MeetingList(BaseModel):
    meetings: list[MeetingPublic]


class SubstituteBody(BaseModel):
    model_config = SQLModelConfig(extra="forbid")

    person_id: RowId = Field(description="The member substituting.")
    replacing_id: RowId | None = Field(default=None, description="The member they substitute for.")


class SubstitutePublic(BaseModel):
    meeting_id: int
    person_id: int
    replacing_id: int | None
