"""What the API shows of people."""

from sqlmodel import SQLModel


class PersonPublic(SQLModel):
    id: int
    name: str
    job_title: str
