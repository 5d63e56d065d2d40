"""Why an operation refused: each error says what was wrong in words a person can act on.

Views map them to HTTP statuses, the CLI to exit codes.
"""

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

Payload = TypeVar("Payload", bound=BaseModel)


class OperationError(Exception):
    """Base class: the operation changed nothing."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


class Conflict(OperationError):
    """The change clashes with what is there (a duplicate, or a concurrent change)."""

    status = 409


def invalid_input(error: ValidationError) -> InvalidInput:
    """Return the first problem pydantic found as the refusal the service gives everywhere."""
    problem = error.errors()[0]
    field = ".".join(str(part) for part in problem["loc"]) or "input"
    return InvalidInput(field, problem["msg"].removeprefix("Value error, "))


def parse_payload(model: type[Payload], data: Mapping[str, Any]) -> Payload:
    """Validate a payload from a form or the command line: InvalidInput names the field at fault."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise invalid_input(error) from None
