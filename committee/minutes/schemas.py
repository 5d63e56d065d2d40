"""What the API, the pages and the demo take and show of minutes."""

from datetime import time

from pydantic import BaseModel, ConfigDict, Field

from committee.fields import (
    DETAIL_MAX,
    RESOLUTION_MAX,
    TITLE_MAX,
    ExemptParagraph,
    LondonDateTimeOut,
    RowId,
    Text,
)
from committee.minutes.models import AttendanceKind, MinutesState

NAME_MAX = 200
NOTE_MAX = 300
INTRO_MAX = 200


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class AttendanceInput(_Input):
    kind: AttendanceKind
    name: Text = Field(min_length=1, max_length=NAME_MAX, description='"Councillor M Mutton"')
    note: Text = Field(default="", max_length=NOTE_MAX, description='"Chair"; a directorate.')


class DeclarationInput(_Input):
    member: Text = Field(min_length=1, max_length=NAME_MAX)
    interest: Text = Field(
        min_length=1, max_length=DETAIL_MAX, description="Which item, what interest."
    )


class FollowUpInput(_Input):
    """A resolution asking for an update: a new work programme entry when published."""

    title: Text = Field(min_length=1, max_length=TITLE_MAX)
    after_months: int | None = Field(
        default=None,
        ge=1,
        le=60,
        description="Aim at the meeting nearest this; none: to be determined.",
    )


class RecommendationTarget(_Input):
    to: Text = Field(min_length=1, max_length=NOTE_MAX, description='"Cabinet Member for ..."')
    owner_email: str | None = Field(
        default=None, max_length=254, description="Who owes the response, if they have an account."
    )


class ResolutionInput(_Input):
    text: Text = Field(min_length=1, max_length=RESOLUTION_MAX)
    follow_up: FollowUpInput | None = None
    recommendation: RecommendationTarget | None = None


class MinuteInput(_Input):
    agenda_item_id: RowId | None = Field(default=None, description="The agenda item it records.")
    title: Text = Field(min_length=1, max_length=TITLE_MAX)
    text: Text = Field(default="", max_length=DETAIL_MAX)
    resolved_intro: Text = Field(default="RESOLVED that", max_length=INTRO_MAX)
    exempt_paragraph: ExemptParagraph | None = Field(
        default=None,
        description="Taken in private under this paragraph of Schedule 12A. Left out for a "
        "private item's minute, the item's paragraph; null: a public minute.",
    )
    public_wording: Text = Field(
        default="",
        max_length=DETAIL_MAX,
        description="For a private minute: what the public reads instead, disclosing nothing "
        "exempt. Empty: the public reads its heading and paragraph only.",
    )
    resolutions: list[ResolutionInput] = Field(default_factory=list, max_length=50)


class MinutesInput(_Input):
    """A meeting's minutes, whole: saving replaces the draft."""

    closed_at: time | None = Field(default=None, description='When the meeting closed, "16:30".')
    first_number: int | None = Field(
        default=None,
        ge=1,
        le=9999,
        description="Start the numbering here (minutes earlier in the year kept elsewhere).",
    )
    attendance: list[AttendanceInput] = Field(default_factory=list, max_length=500)
    declarations: list[DeclarationInput] = Field(default_factory=list, max_length=200)
    minutes: list[MinuteInput] = Field(default_factory=list, max_length=200)
    version: int | None = Field(default=None, ge=1, description="The version you read (optional).")


class AttendancePublic(BaseModel):
    kind: AttendanceKind
    name: str
    note: str


class DeclarationPublic(BaseModel):
    member: str
    interest: str


class ResolutionPublic(BaseModel):
    number: int
    text: str
    follow_up_entry_id: int | None
    recommendation_id: int | None


class MinutePublic(BaseModel):
    number: int
    citation: str
    title: str
    private: bool
    exempt_paragraph: int | None
    agenda_item_id: int | None
    withheld: bool  # private, and nothing of it for the public but its heading
    # For a private minute, what the public reads instead (its clerk's wording).
    public_wording: str
    # None where the reader may not see private business.
    text: str | None
    resolved_intro: str | None
    resolutions: list[ResolutionPublic] | None


class MinutesChangePublic(BaseModel):
    event: str
    from_state: MinutesState | None
    to_state: MinutesState
    at: LondonDateTimeOut
    # None where the reader may not see who made it (only governance officers do).
    by: str | None
    subject: str
    reason: str


class MinutesPublic(BaseModel):
    meeting_id: int
    state: MinutesState
    version: int
    closed_at: LondonDateTimeOut | None
    published_at: LondonDateTimeOut | None
    attendance: list[AttendancePublic]
    declarations: list[DeclarationPublic]
    minutes: list[MinutePublic]
    # Corrections since publication, oldest first (of private minutes, only for those who read them).
    corrections: list[MinutesChangePublic]
    # Every change, oldest first: for the committee's governance officers only, else None.
    history: list[MinutesChangePublic] | None
    page: str
    pdf: str


class PublishMinutesInput(_Input):
    version: int | None = Field(default=None, ge=1)


class MinuteWording(_Input):
    """A published minute's words, corrected: its heading and text (what it resolved stands)."""

    number: int = Field(ge=1, le=9999, description="The minute's number, as cited.")
    title: Text = Field(min_length=1, max_length=TITLE_MAX)
    text: Text = Field(default="", max_length=DETAIL_MAX)


class CorrectionInput(_Input):
    """A correction of published minutes, with its reason: a minute's words, the attendance,
    the declarations, or any of them together. Lists given replace the published ones whole."""

    reason: Text = Field(
        min_length=1,
        max_length=DETAIL_MAX,
        description='"Agreed as a correct record on 6 September 2018, subject to ..."',
    )
    minute: MinuteWording | None = None
    attendance: list[AttendanceInput] | None = Field(default=None, max_length=500)
    declarations: list[DeclarationInput] | None = Field(default=None, max_length=200)
    version: int | None = Field(default=None, ge=1, description="The version you read (optional).")
