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
    item_reasons: dict[RowId, Text] = Field(
        default_factory=dict,
        max_length=100,
        description="Each new item's own reason, by agenda item id (else the supplement's).",
    )


class AgendaPaperPublic(BaseModel):
    kind: str
    title: str
    url: str = Field(description="Where to download it.")
    pages: list[int] | None = Field(description="Its first and last page in the pack.")


class AgendaItemPublic(BaseModel):
    id: int
    number: str
    title: str
    description: str = Field(default="", description="What the frontsheet prints under it.")
    authors: list[str] = Field(
        default_factory=list, description="Whose papers: one a line, as the frontsheet prints."
    )
    private: bool
    exempt_paragraph: int | None
    to_follow: bool
    supplementary: bool = Field(description="Published in a supplement, after the agenda.")
    late_reason: str = Field(description="Why a supplementary item could not wait.")
    papers: list[AgendaPaperPublic]


class PackPublic(BaseModel):
    url: str
    state: str = Field(description="pending (being prepared), ready, or failed (being rebuilt).")
    pages: int | None
    sha256: str | None = Field(description="The digest of the PDF: it never changes.")


class EditionPublic(BaseModel):
    number: int = Field(description="0 the agenda; each later edition one more.")
    kind: str = Field(description="agenda, supplement or correction.")
    reason: str
    published_at: LondonDateTimeOut
    withdrawn: bool = Field(description="Taken out of public view by a later correction.")
    withdrawn_reason: str
    pack: PackPublic | None = Field(description="Null when withdrawn from you.")
    members_pack: PackPublic | None = Field(description="For those who may read it.")


class QueuedItemPublic(BaseModel):
    id: int
    number: str
    title: str
    why: str = Field(description="A new item, or its paper cleared since the last edition.")


class AgendaPublic(BaseModel):
    meeting_id: int
    state: str
    status: str = Field(description="The meeting's status, as the pages say it.")
    publication_day: date = Field(description="When the agenda is due to be published.")
    published_at: LondonDateTimeOut | None
    supplements: int
    items: list[AgendaItemPublic] | None = Field(
        description="The latest edition's items; null until the agenda is published."
    )
    matters_arising: list[str] | None = Field(
        default=None, description="Under the Minutes item, as the latest edition printed them."
    )
    pack: str | None = Field(description="The latest edition's pack, as one PDF.")
    editions: list[EditionPublic]
    queued: list[QueuedItemPublic] | None = Field(
        description="For governance officers: what the next supplement would publish."
    )


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
