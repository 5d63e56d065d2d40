"""Read the "Cabinet Member / Lead Officer" cell of a work programme.

Councils write it as names run together ("John Gregg Sonia Watson Cllr
Seaman"): "Cllr X" is the cabinet member, and officers can only be told apart
by matching the names of people we know. The text as written is always kept.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

_COUNCILLOR = re.compile(
    r"\b(?:Cllr|Councillor)\.?\s+(?:[A-Z]\.?\s+)?[A-Z][A-Za-z'’\-]+", flags=re.UNICODE
)


@dataclass(frozen=True)
class KnownPerson:
    id: int
    name: str


def cabinet_members_in(lead_text: str) -> list[str]:
    """Return the councillors named, as written ("Cllr Seaman")."""
    return [" ".join(match.group(0).split()) for match in _COUNCILLOR.finditer(lead_text)]


def officers_text(lead_text: str) -> str:
    """Return the cell without its councillors: the officers' part."""
    return " ".join(_COUNCILLOR.sub(" ", lead_text).split())


def people_named_in(lead_text: str, people: Iterable[KnownPerson]) -> list[int]:
    """Return the ids of known people whose full name appears in the officers' part, in order."""
    text = officers_text(lead_text).casefold()
    found: list[tuple[int, int]] = []
    for person in people:
        name = " ".join(person.name.split()).casefold()
        if not name:
            continue
        match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
        if match:
            found.append((match.start(), person.id))
    return [person_id for _, person_id in sorted(found)]
