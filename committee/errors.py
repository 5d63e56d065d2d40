"""Why an operation refused: each error says what was wrong in words a person can act on.

Views map them to HTTP statuses, the CLI to exit codes.
"""

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

Payload = TypeVar("Payload", bound=BaseModel)


class OperationError(Exception):
    """Base class: the operation changed nothing."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def in_words(self) -> str:
        """The refusal as a page says it (the API keeps its field names)."""
        return self.message


class NotFound(OperationError):
    status = 404


class PermissionDenied(OperationError):
    status = 403


class InvalidInput(OperationError):
    """A field's value is unacceptable; `field` names it."""

    status = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message

    @property
    def in_words(self) -> str:
        """ "The last day: the seat started on 21 May 2026: it cannot end before." for a page,
        where "ends_on: ..." means nothing to the person."""
        named = [part for part in self.field.split(".") if not part.isdigit()] or ["input"]
        label = FIELD_LABELS.get(named[-1]) or _humanised(named[-1])
        reason = self.reason.rstrip(".")
        return f"{label}: {reason}."


def _humanised(field: str) -> str:
    """ "Final days" for "final_days", for a field no label names yet."""
    words = field.rsplit(".", 1)[-1].removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "What you sent"


#: Each field as the pages' forms call it.
FIELD_LABELS = {
    "name": "The name",
    "slug": "The short name",
    "email": "The email address",
    "password": "The password",
    "role": "The role",
    "committee": "The committee",
    "committees": "The committees",
    "person_id": "The person",
    "replacing_id": "Whom they substitute for",
    "starts_on": "The first day",
    "ends_on": "The last day",
    "from_day": "The day it changes",
    "day": "The date",
    "date": "The date",
    "time": "The time",
    "start": "The start",
    "end": "The end",
    "venue": "The place",
    "usual_venue": "Where it usually meets",
    "usual_start_time": "When its meetings usually start",
    "draft_days": "Working days before publication for drafts",
    "final_days": "Working days before publication for final papers",
    "window_days": "Working days the paper window is open",
    "deadline_time": "The time of day papers are due",
    "title": "The title",
    "detail": "The detail",
    "lead": "The lead officer",
    "lead_officer_ids": "The lead officers",
    "source": "The source",
    "timing_note": "When, if not on a meeting",
    "exempt_paragraph": "Public or private",
    "meeting_id": "The meeting",
    "reason": "The reason",
    "resolution": "The resolution",
    "paper_kind": "Which paper",
    "paper_file": "The paper",
    "paper_url": "The link to the paper",
    "paper_title": "The paper's title",
    "papers_needed": "The papers needed",
    "late_reason": "Why it is late",
    "to_follow": "The papers to follow",
    "confirm": "The box to confirm",
    "contact_telephone": "The telephone for the agenda",
    "frontsheet_notes": "The committee's notes",
    "late_item_numbering": "How late items are numbered",
    "closed_at": "When the meeting closed",
    "first_number": "The first minute's number",
    "response_due": "When the response is due",
    "municipal_year": "The municipal year",
    "year": "The municipal year",
    "token": "The link",
    "owner_email": "The email of whoever owes the response",
    "to_whom": "To whom",
    "text": "The text",
    "version": "The version you read",
    "file": "The file",
    "already_held": "Whether it was held",
    "minutes": "The minutes",
    "number": "The minute's number",
    "input": "What you sent",
}


class Conflict(OperationError):
    """The change clashes with what is there (a duplicate, or a concurrent change)."""

    status = 409


def invalid_input(error: ValidationError) -> InvalidInput:
    """Return the first problem pydantic found as the refusal the service gives everywhere."""
    problem = error.errors()[0]
    field = ".".join(str(part) for part in problem["loc"]) or "input"
    return InvalidInput(field, _problem_in_words(problem))


def _problem_in_words(problem: ErrorDetails) -> str:
    """Pydantic's complaint as a person can act on it ("“3pm” is not a time of day: give one
    like 14:00", not "Input should be in a valid time format, invalid character in hour")."""
    kind = problem["type"]
    given = problem.get("input")
    shown = f"“{str(given)[:40]}”"
    limits = problem.get("ctx") or {}
    if kind == "missing":
        return "it is needed"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{shown} is not a whole number: give one in figures, e.g. 3"
    if kind in {"time_parsing", "time_type"}:
        return f"{shown} is not a time of day: give one like 14:00"
    if kind in {
        "date_parsing",
        "date_type",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    }:
        return f"{shown} is not a date: give one like 2027-01-14"
    if kind in {"datetime_parsing", "datetime_type", "datetime_from_date_parsing"}:
        return f"{shown} is not a date and time: give one like 2027-01-14T14:00"
    if kind in {"literal_error", "enum"}:
        return f"{shown} is not one of the choices: choose {limits.get('expected', 'one offered')}"
    if kind == "greater_than_equal":
        return f"{shown} is too small: it is at least {limits['ge']}"
    if kind == "less_than_equal":
        return f"{shown} is too large: it is at most {limits['le']}"
    return problem["msg"].removeprefix("Value error, ")


def parse_payload(model: type[Payload], data: Mapping[str, Any]) -> Payload:
    """Validate a payload from a form or the command line: InvalidInput names the field at fault."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise invalid_input(error) from None
