"""What the API, the pages and the commands take and show of committees and their seats."""

from datetime import date, time
from typing import Self

from pydantic import model_validator
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

from committee.fields import RowId, Text
from committee.people.models import MembershipRole


class CommitteePublic(SQLModel):
    slug: str
    name: str
    usual_venue: str
    usual_start_time: time


class CommitteeList(SQLModel):
    committees: list[CommitteePublic]


class CommitteeSettings(SQLModel):
    """A committee's name and where and when it usually meets."""

    model_config = SQLModelConfig(extra="forbid", str_strip_whitespace=True)

    name: Text = Field(min_length=1, max_length=200)
    usual_venue: Text = Field(default="", max_length=200)
    usual_start_time: time = time(14, 0)


class CommitteeCreate(CommitteeSettings):
    slug: str = Field(
        min_length=1, max_length=80, description="Its short name in addresses: scrutiny-board-2."
    )


class SeatCreate(SQLModel):
    """A seat on a committee: who, as what, from when, until when (or still)."""

    model_config = SQLModelConfig(extra="forbid")

    person_id: RowId
    role: MembershipRole = MembershipRole.MEMBER
    starts_on: date
    ends_on: date | None = None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Self:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class SeatEnd(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    ends_on: date
