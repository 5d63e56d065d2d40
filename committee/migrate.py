"""Alembic migrations: bring a database to the models' schema, and tell when it is behind."""

import click
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

from committee.db import Database, display_url, get_db, make_engine
from committee.resources import shipped

MIGRATIONS_DIR = shipped("migrations")
#: Tables in the database that the models do not describe: APScheduler creates its own.
FOREIGN_TABLES = frozenset({"apscheduler_jobs"})


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Tell Alembic to leave tables it does not own out of every comparison."""
    return not (type_ == "table" and name in FOREIGN_TABLES)


class SchemaOutOfDate(Exception):
    """The database is not at the schema this code needs; the message says what to run."""


def alembic_config(url: URL) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = url
    return config


def head_revision() -> str | None:
    """Return the newest migration (None before the first one is written)."""
    heads = ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()
    if len(heads) > 1:
        raise RuntimeError(f"migrations have {len(heads)} heads {heads}: merge them")
    return heads[0] if heads else None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(url: URL, revision: str = "head") -> tuple[str | None, str | None]:
    """Apply migrations up to `revision`; return the revisions before and after."""
    engine = make_engine(url, foreign_keys=False)
    try:
        before = current_revision(engine)
        command.upgrade(alembic_config(url), revision)
        after = current_revision(engine)
        if url.get_backend_name() == "sqlite":
            _check_sqlite_foreign_keys(engine)
    finally:
        engine.dispose()
    return before, after


def downgrade(url: URL, revision: str) -> tuple[str | None, str | None]:
    engine = make_engine(url, foreign_keys=False)
    try:
        before = current_revision(engine)
        command.downgrade(alembic_config(url), revision)
        return before, current_revision(engine)
    finally:
        engine.dispose()


def _check_sqlite_foreign_keys(engine: Engine) -> None:
    """Fail loudly if a migration left a row pointing at nothing (enforcement was off)."""
    with engine.connect() as connection:
        broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    if broken:
        raise RuntimeError(f"migration left rows with broken foreign keys: {broken[:5]}")


def ensure_current(database: Database) -> None:
    """Raise SchemaOutOfDate unless the database is at the head revision."""
    current, head = current_revision(database.engine), head_revision()
    if current == head:
        return
    if current is None:
        problem = "has no schema yet"
    else:
        problem = f"is at schema revision {current}, this code needs {head}"
    raise SchemaOutOfDate(
        f"The database ({database.display_url}) {problem}: run `flask --app wsgi db upgrade`"
    )


@click.group("db")
def db_cli() -> None:
    """Manage the database schema."""


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@with_appcontext
def upgrade_command(revision: str) -> None:
    """Apply migrations to the database that DATABASE_URL names."""
    database = get_db()
    database.check_connection()
    before, after = upgrade(database.url, revision)
    where = display_url(database.url)
    if before == after:
        click.echo(f"Database {where} is already at revision {after}.")
    else:
        click.echo(f"Upgraded database {where} from {before or 'empty'} to {after}.")


@db_cli.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade_command(revision: str) -> None:
    """Revert migrations down to REVISION (base: drop everything)."""
    database = get_db()
    database.check_connection()
    before, after = downgrade(database.url, revision)
    click.echo(
        f"Downgraded database {display_url(database.url)} from {before} to {after or 'empty'}."
    )


@db_cli.command("current")
@with_appcontext
def current_command() -> None:
    """Print the database's revision and whether it is the newest."""
    database = get_db()
    database.check_connection()
    current, head = current_revision(database.engine), head_revision()
    status = "up to date" if current == head else f"behind: newest is {head}"
    click.echo(f"{current or 'empty'} ({status})")


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
@click.option("--autogenerate/--empty", default=True, show_default=True)
@with_appcontext
def revision_command(message: str, autogenerate: bool) -> None:
    """Write a new migration from the difference between the models and the database."""
    database = get_db()
    ensure_current(database)
    script = command.revision(
        alembic_config(database.url), message=message, autogenerate=autogenerate
    )
    click.echo(f"Wrote {getattr(script, 'path', script)}")


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
