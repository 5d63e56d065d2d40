"""What the API takes and shows of papers."""

from dataclasses import dataclass

from sqlmodel import SQLModel

from committee.fields import LondonDateTimeOut


class PaperVersionPublic(SQLModel):
    number: int
    title: str
    filename: str | None
    url: str | None
    size: int | None
    submitted_at: LondonDateTimeOut
    submitted_by: str | None


class PaperPublic(SQLModel):
    kind: str
    status: str
    versions: list[PaperVersionPublic]


@dataclass(frozen=True)
class UploadedFile:
    """A submitted file, however it came: a form's upload, or a file named on the command line."""

    filename: str
    content_type: str
    content: bytes
