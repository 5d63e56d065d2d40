"""What every data command shares: one transaction, errors as one line, and argument parsers."""

import types
import typing
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, time
from enum import Enum
from typing import Any, TypeVar

import click
from pydantic import BaseModel
from sqlmodel import Session

from committee.config import ConfigError
from committee.db import DatabaseUnavailable, get_db, get_session
from committee.errors import OperationError, Payload, parse_payload
from committee.migrate import SchemaOutOfDate, ensure_current


@contextmanager
def command_transaction() -> Iterator[Session]:
    """Give the command's session; commit if it finishes, roll back and fail in one line if not."""
    try:
        database = get_db()
        database.check_connection()
        ensure_current(database)
    except (ConfigError, DatabaseUnavailable, SchemaOutOfDate) as error:
        raise click.ClickException(str(error)) from None
    session = get_session()
    try:
        yield session
        session.commit()
    except OperationError as error:
        session.rollback()
        raise click.ClickException(error.message) from None
    except BaseException:
        session.rollback()
        raise


def parse_time(_ctx: click.Context, _param: click.Parameter, value: str | None) -> time | None:
    """A click callback reading HH:MM."""
    if value is None:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time: use HH:MM, e.g. 14:00") from None


def parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """A click callback reading YYYY-MM-DD."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2018-09-06"
        ) from None


Command = TypeVar("Command", bound=Callable[..., Any])


def _without_none(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(_without_none(annotation)) is list


def _option_type(annotation: Any) -> Any:
    """The click type for a payload field: its enum's values as choices, or int, or text (a
    list's: its items', the option given once for each)."""
    annotation = _without_none(annotation)
    if typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return click.Choice([member.value for member in annotation])
    return int if annotation is int else str


def payload_options(
    model: type[BaseModel],
    *,
    flags: Mapping[str, str] | None = None,
    leave_out: frozenset[str] = frozenset(),
) -> Callable[[Command], Command]:
    """Add an option for each field of an action's payload model, named and described by it.

    `flags` renames an option (--meeting for meeting_id); fields in `leave_out`
    the command reads its own way (a file named by its path, say).
    """
    flags = flags or {}

    def decorate(command: Command) -> Command:
        for name, field in reversed(model.model_fields.items()):
            if name in leave_out:
                continue
            flag = flags.get(name, "--" + name.replace("_", "-"))
            command = click.option(
                flag,
                name,
                type=_option_type(field.annotation),
                default=None,
                multiple=_is_list(field.annotation),
                help=field.description,
            )(command)
        return command

    return decorate


def payload_from_options(model: type[Payload], values: Mapping[str, Any]) -> Payload:
    """Build the payload from the options given (those not given take the model's defaults)."""
    return parse_payload(
        model,
        {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in values.items()
            if value is not None and value != ()
        },
    )
