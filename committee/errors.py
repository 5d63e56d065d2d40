"""Why an operation refused: each error says what was wrong in words a person can act on.

Views map them to HTTP statuses, the CLI to exit codes.
"""


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
