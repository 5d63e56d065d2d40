"""What the API, the pages and the commands take and show of committees and their seats."""

import re
from datetime import date, time

from pydantic import ValidationInfo, field_validator
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

from committee.committees.models import LateItemNumbering
from committee.fields import RowId, Text
from committee.people.models import MembershipRole

WEB_ADDRESS = re.compile(r"^https?://[^\s/]+\S*$")


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


class AgendaSettings(SQLModel):
    """What a committee's agendas print besides their business, and how late items number."""

    model_config = SQLModelConfig(extra="forbid", str_strip_whitespace=True)

    contact_telephone: Text = Field(
        default="",
        max_length=100,
        description="The telephone the frontsheet gives for the agenda (else the council's).",
    )
    frontsheet_notes: Text = Field(
        default="",
        max_length=5000,
        description="Notes of its own after the frontsheet's standard two: one a paragraph.",
    )
    minutes_in_pack: bool = Field(
        default=True, description="The Minutes item carries the previous meeting's minutes."
    )
    programme_in_pack: bool = Field(
        default=True, description="The Work Programme item carries the committee's programme."
    )
    late_item_numbering: LateItemNumbering = Field(
        default=LateItemNumbering.LETTER,
        description="An item added after publication: a letter after the item it follows "
        "(6A), or the next number after the last.",
    )


class CouncilSettings(SQLModel):
    """The council's details, as every frontsheet prints them."""

    model_config = SQLModelConfig(extra="forbid", str_strip_whitespace=True)

    name: Text = Field(default="", max_length=200)
    proper_officer: Text = Field(default="", max_length=300)
    address: Text = Field(default="", max_length=300)
    telephone: Text = Field(default="", max_length=100)
    website: Text = Field(
        default="",
        max_length=300,
        description="Where the public reads about meetings: an http(s) address.",
    )
    accessibility_notice: Text = Field(default="", max_length=2000)

    @field_validator("website")
    @classmethod
    def _a_web_address(cls, value: str) -> str:
        if value and not WEB_ADDRESS.match(value):
            raise ValueError(
                "give the web address whole, starting https:// (or http://), with no spaces"
            )
        return value


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

    @field_validator("ends_on")
    @classmethod
    def _ends_after_it_starts(cls, ends_on: date | None, info: ValidationInfo) -> date | None:
        starts_on = info.data.get("starts_on")
        if ends_on is not None and starts_on is not None and ends_on < starts_on:
            raise ValueError("the last day of a seat cannot be before its first day")
        return ends_on


class SeatRoleChange(SQLModel):
    """A seat's new role, from a day."""

    model_config = SQLModelConfig(extra="forbid")

    role: MembershipRole
    from_day: date


class SeatEnd(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    ends_on: date
