"""What the API, the pages and the command line take and show of entries."""

from typing import Annotated, Any

from pydantic import BaseModel, WithJsonSchema, field_validator
from pydantic.json_schema import SkipJsonSchema
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

from committee.fields import (
    DETAIL_MAX,
    REASON_MAX,
    RESOLUTION_MAX,
    TITLE_MAX,
    ExemptParagraph,
    LondonDateTimeOut,
    MunicipalYear,
    RowId,
    Text,
)
from committee.meetings.schemas import MeetingRef
from committee.papers.models import PaperKind
from committee.papers.schemas import PaperPublic, UploadedFile
from committee.people.schemas import PersonPublic
from committee.work_programme.models import TimingNote
from workflows.entry import EntryState


class _EntryFields(SQLModel):
    """Fields an officer edits on an entry; validation shared by create and update."""

    model_config = SQLModelConfig(extra="forbid", str_strip_whitespace=True)

    @field_validator("title", check_fields=False)
    @classmethod
    def _title_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value:
            raise ValueError("title must not be blank")
        return value


class EntryCreate(_EntryFields):
    title: Text = Field(max_length=TITLE_MAX)
    detail: Text = Field(default="", max_length=DETAIL_MAX)
    lead: Text = Field(
        default="",
        max_length=500,
        description='The lead cell as written, e.g. "John Gregg Sonia Watson Cllr Seaman".',
    )
    cabinet_member: Text | None = Field(
        default=None, max_length=200, description='Defaults to the "Cllr ..." named in lead.'
    )
    source: Text = Field(default="", max_length=200)
    municipal_year: MunicipalYear | None = Field(
        default=None,
        description="First year of the municipal year (2018 for 2018/19); defaults to the meeting's.",
    )
    meeting_id: RowId | None = Field(
        default=None, description="Schedule the entry onto this meeting."
    )
    timing_note: TimingNote | None = None
    exempt_paragraph: ExemptParagraph | None = None
    lead_officer_ids: list[RowId] | None = Field(
        default=None,
        max_length=50,
        description="Known people leading; defaults to those named in lead.",
    )
    papers_needed: list[PaperKind] | None = Field(
        default=None,
        max_length=len(PaperKind),
        description="The papers its item needs ([] for none); defaults to the committee's.",
    )


_MOVES_BY_EVENTS = "changes by firing an event: POST /api/entries/<id>/events/<event>"


class EntryUpdate(_EntryFields):
    title: Text | None = Field(default=None, max_length=TITLE_MAX)
    detail: Text | None = Field(default=None, max_length=DETAIL_MAX)
    lead: Text | None = Field(default=None, max_length=500)
    cabinet_member: Text | None = Field(default=None, max_length=200)
    source: Text | None = Field(default=None, max_length=200)
    municipal_year: MunicipalYear | None = None
    timing_note: TimingNote | None = None
    exempt_paragraph: ExemptParagraph | None = None
    lead_officer_ids: list[RowId] | None = Field(default=None, max_length=50)
    # Named so that sending them gets a message saying how, not "extra input".
    state: SkipJsonSchema[Any] = Field(default=None, exclude=True)
    meeting_id: SkipJsonSchema[Any] = Field(default=None, exclude=True)

    @field_validator("state", "meeting_id", mode="before")
    @classmethod
    def _moves_by_events(cls, _value: Any) -> None:
        raise ValueError(_MOVES_BY_EVENTS)


class EntryPublic(SQLModel):
    id: int
    committee: str
    municipal_year: int
    title: str
    detail: str | None = Field(
        description="Null where the entry is private and you may not see it."
    )
    lead: str
    cabinet_member: str
    lead_officers: list[PersonPublic]
    source: str
    state: EntryState
    meeting: MeetingRef | None
    timing_note: TimingNote | None
    private: bool
    exempt_paragraph: int | None
    papers_needed: list[PaperKind] = Field(description="The papers its item needs.")


class EntryDetail(EntryPublic):
    resolution: str | None = Field(
        description="Null where the entry is private and you may not see it."
    )
    papers: list[PaperPublic] | None = Field(
        description="The entry's papers, for its governance and lead officers; null for others."
    )
    allowed_events: list[str] = Field(description="The events you may fire on this entry now.")


class HistoryRow(SQLModel):
    event: str
    from_state: str | None
    to_state: str
    actor: str = Field(description='The person who acted, or "system".')
    at: LondonDateTimeOut
    reason: str | None
    meeting_id: int | None
    paper_kind: str | None


class EntryList(BaseModel):
    entries: list[EntryPublic]


class History(BaseModel):
    history: list[HistoryRow]


class RefusalBody(BaseModel):
    error: str = Field(description="Why the event cannot happen now.")
    state: str = Field(description="The entry's state now.")
    allowed_events: list[str] = Field(description="The events you may fire from this state.")


class EventInput(BaseModel):
    """What a lifecycle event may carry: the API's JSON, the entry page's form, the CLI's options.

    Which fields each event needs is in workflows.entry.EVENTS (and on /lifecycle).
    """

    model_config = SQLModelConfig(extra="forbid", frozen=True)

    reason: Text = Field(default="", max_length=REASON_MAX, description="Why (defer, withdraw).")
    meeting_id: RowId | None = Field(
        default=None, description="The meeting (schedule; defer onto)."
    )
    resolution: Text = Field(
        default="", max_length=RESOLUTION_MAX, description="What the meeting resolved (resolve)."
    )
    paper_kind: PaperKind | None = Field(default=None, description="Which paper (submit, clear).")
    papers_needed: list[PaperKind] | None = Field(
        default=None,
        max_length=len(PaperKind),
        description="The papers the item needs from now on (change_papers; [] for none).",
    )
    paper_url: Text | None = Field(
        default=None, max_length=2000, description="A link to the paper (submit_paper)."
    )
    paper_title: Text = Field(
        default="", max_length=TITLE_MAX, description='E.g. "Briefing Note of the Director".'
    )
    paper_file: SkipJsonSchema[UploadedFile | None] = Field(
        default=None, exclude=True, description="The paper itself (submit_paper)."
    )

    def given(self) -> set[str]:
        """Return the names of the fields that carry something."""
        names = set()
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, str):
                value = value.strip()
            if value not in (None, ""):
                names.add(name)
        return names


Upload = Annotated[Any, WithJsonSchema({"type": "string", "format": "binary"})]


class EventForm(EventInput):
    """The same as multipart/form-data, for submitting a paper as a file."""

    paper_file: Upload = Field(default=None, description="The paper itself (submit_paper).")
