"""What the API shows of papers."""

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
