"""What the API shows of the outbox."""

from pydantic import BaseModel, Field

from committee.fields import LondonDateTimeOut


class MessagePublic(BaseModel):
    id: int
    kind: str
    status: str
    subject: str
    to: list[str]
    reason: str = Field(description="Why it failed (or, once sent again, what happened before).")
    attempts: int
    due_at: LondonDateTimeOut
    committee_id: int | None


class MessageList(BaseModel):
    messages: list[MessagePublic]
