"""What the API shows of committees."""

from datetime import time

from sqlmodel import SQLModel


class CommitteePublic(SQLModel):
    slug: str
    name: str
    usual_venue: str
    usual_start_time: time


class CommitteeList(SQLModel):
    committees: list[CommitteePublic]
