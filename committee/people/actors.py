"""Who is acting: a person, or the service itself (the scheduler's jobs)."""

from dataclasses import dataclass
from typing import TypeAlias

from committee.people.models import Person


@dataclass(frozen=True)
class SystemActor:
    """The service itself: the scheduler's jobs."""

    name: str = "system"


SYSTEM = SystemActor()

Actor: TypeAlias = Person | SystemActor
