"""What every data command shares: one transaction, errors as one line, and argument parsers."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time

import click
from sqlmodel import Session

from committee.config import ConfigError
from committee.db import DatabaseUnavailable, get_db, get_session
from committee.errors import OperationError
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
