"""What every data command shares: one transaction, and errors as one line."""

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlmodel import Session

from committee.config import ConfigError
from committee.db import DatabaseUnavailable, get_db, get_session
from committee.operations.errors import OperationError
from committee.schema import SchemaOutOfDate, ensure_current


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
