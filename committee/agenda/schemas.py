"""What publishing an agenda takes, and what the API shows of an agenda."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from committee.fields import REASON_MAX, LondonDateTimeOut, RowId, Text


class PublishInput(BaseModel):
    """Publish a meeting's agenda: the page's form and the API's body."""

    model_config = ConfigDict(extra="forbid")

    to_follow: list[RowId] = Field(
        default_factory=list,
        max_length=100,
        description="Agenda items (ids) whose papers are not cleared yet: published marked "
        '"to follow".',
    )
    late_reason: Text = Field(
        default="",
        max_length=REASON_MAX,
        description="Why the agenda is published after its publication day (needed then).",
    )


class SupplementInput(BaseModel):
    """Publish what was added after the agenda: the reason it could not wait (s.100B(4)(b))."""

    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(max_length=REASON_MAX, description="Why it is late and cannot wait.")


class AgendaPaperPublic(BaseModel):
    kind: str
    title: str
    url: str = Field(description="Where to download it.")
    pages: list[int] | None = Field(description="Its first and last page in the pack.")


class AgendaItemPublic(BaseModel):
    id: int
    number: str
    title: str
    private: bool
    exempt_paragraph: int | None
    to_follow: bool
    supplementary: bool = Field(description="Published in a supplement, after the agenda.")
    papers: list[AgendaPaperPublic]


class AgendaPublic(BaseModel):
    meeting_id: int
    state: str
    status: str = Field(description="The meeting's status, as the pages say it.")
    publication_day: date = Field(description="When the agenda is due to be published.")
    published_at: LondonDateTimeOut | None
    supplements: int
    items: list[AgendaItemPublic] | None = Field(
        description="Null until the agenda is published, except for its governance officers."
    )
    pack: str | None = Field(description="The agenda pack, as one PDF, once published.")


class MissingPaperPublic(BaseModel):
    item_id: int
    number: str
    title: str
    lead_officers: list[str]


class AgendaRefusalBody(BaseModel):
    error: str
    state: str
    allowed_events: list[str]
    missing_papers: list[MissingPaperPublic]
