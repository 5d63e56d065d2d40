"""The database: engine, a session per request or command, and their Flask wiring.

Operations flush and never commit; the view, CLI command or job that called
them commits once, so each request or command is one transaction.
"""

import functools
import logging
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import CursorResult, Engine, Result, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import SessionTransaction, sessionmaker
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from committee.config import ConfigError

logger = logging.getLogger(__name__)

EXTENSION_KEY = "committee.db"
SQLITE_BUSY_TIMEOUT_MS = 15_000
WRITE_OPTION = "committee_writes"  # an execution option: this transaction will write
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
POSTGRES_CONNECT_TIMEOUT_S = 5
READS_ONLY_KEY = "db_reads_only"


class DatabaseUnavailable(Exception):
    """The database cannot be reached; the message names DATABASE_URL and the cause."""


def normalise_database_url(raw: str) -> URL:
    """Parse DATABASE_URL, choosing the psycopg 3 driver for plain PostgreSQL URLs."""
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            f"DATABASE_URL={raw!r} is not a database URL: expected sqlite:///path/to/file.sqlite "
            "or postgresql://user@host/dbname"
        ) from None
    backend, _, driver = url.drivername.partition("+")
    if backend in {"postgres", "postgresql"}:  # "postgres" is the Heroku-style spelling
        return url.set(drivername=f"postgresql+{driver or 'psycopg'}")
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise ConfigError(
                "DATABASE_URL names an in-memory SQLite database, which each connection sees "
                "empty: give a file, e.g. sqlite:///instance/committee.sqlite"
            )
        folder = Path(url.database).expanduser().resolve().parent
        if not folder.is_dir():
            raise ConfigError(
                f"DATABASE_URL: the folder {folder} for the SQLite file does not exist"
            )
        return url
    raise ConfigError(
        f"DATABASE_URL uses {backend!r}: this service runs on SQLite (the default) or PostgreSQL"
    )


def display_url(url: URL) -> str:
    """Return the URL with any password hidden, fit for messages and logs."""
    return url.render_as_string(hide_password=True)


def _configure_sqlite(engine: Engine, *, foreign_keys: bool) -> None:
    """Make pysqlite transactional and fit for a web process beside a scheduler.

    pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINTs; the
    SQLAlchemy docs' recipe hands BEGIN back to SQLAlchemy. WAL lets readers
    carry on while one writer works. Writers begin IMMEDIATE: a second writer
    waits for the first (busy_timeout) and then reads what it committed,
    instead of failing when it tries to write from a stale snapshot.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # With WAL this is safe from corruption; only the last commits before
        # a power cut could be lost, and fsync stops dominating each request.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def make_engine(url: URL, *, foreign_keys: bool = True, pooled: bool = True) -> Engine:
    """Create an engine for a normalised URL.

    `foreign_keys=False` is for SQLite migrations only: batch mode recreates
    tables, and with enforcement on, dropping one would cascade its deletes.
    `pooled=False` closes each connection when it is given back, for an
    engine that a library disposes of while its own threads may still use it.
    """
    pool = {} if pooled else {"poolclass": NullPool}
    try:
        if url.get_backend_name() == "sqlite":
            engine = create_engine(url, **pool)
            _configure_sqlite(engine, foreign_keys=foreign_keys)
            return engine
        return create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S},
            **pool,
        )
    except (NoSuchModuleError, ModuleNotFoundError) as error:
        raise ConfigError(
            f"DATABASE_URL={display_url(url)}: its driver is not installed ({error}); "
            "use postgresql://... (psycopg 3) or sqlite:///..."
        ) from None


def rows_matched(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched: a DML statement's result is a cursor's."""
    return cast("CursorResult[Any]", result).rowcount


AFTER_COMMIT_KEY = "committee.after_commit"


def remember_after_commit(session: Session, topic: str, *values: Hashable) -> None:
    """Note what changed, for work that follows the commit (a rollback forgets it).

    Lower layers say what happened; higher areas subscribe to a topic with
    `Database.after_commit`: sweeping a meeting's reminders after its items moved.
    """
    notes: dict[str, set[Hashable]] = session.info.setdefault(AFTER_COMMIT_KEY, {})
    notes.setdefault(topic, set()).update(value for value in values if value is not None)


#: Session.info's key for the service's public address: messages written in a transaction
#: link to it, whether a request, the scheduler or a command wrote them.
BASE_URL_KEY = "base_url"


def base_url_of(session: Session) -> str:
    """The public address the session's work links to ("" where none was given)."""
    return str(session.info.get(BASE_URL_KEY, ""))


class Database:
    """An engine and the sessions made from it: one kind for reading, one for writing."""

    def __init__(self, url: URL, *, base_url: str = "") -> None:
        self.url = url
        self.engine = make_engine(url)
        info = {BASE_URL_KEY: base_url}
        self.sessionmaker: sessionmaker[Session] = sessionmaker(
            self.engine, class_=Session, expire_on_commit=False, info=info
        )
        self.write_sessionmaker: sessionmaker[Session] = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}),
            class_=Session,
            expire_on_commit=False,
            info=info,
        )
        self._followers: dict[str, list[Callable[[set[Hashable]], None]]] = {}
        for maker in (self.sessionmaker, self.write_sessionmaker):
            self.follow_commits(maker)

    def link_to(self, base_url: str) -> None:
        """Have sessions made from now on link to `base_url` (known only once serving)."""
        for maker in (self.sessionmaker, self.write_sessionmaker):
            maker.kw["info"] = {**maker.kw.get("info", {}), BASE_URL_KEY: base_url}

    def follow_commits(self, maker: sessionmaker[Session]) -> sessionmaker[Session]:
        """Have the sessions `maker` makes do, after each commit, the work noted for it."""
        event.listen(maker, "after_commit", self._follow_commit)
        event.listen(maker, "after_soft_rollback", self._forget_notes)
        return maker

    def after_commit(self, topic: str, follower: Callable[[set[Hashable]], None]) -> None:
        """Call `follower` with what was noted on `topic` each time a session commits it."""
        self._followers.setdefault(topic, []).append(follower)

    def _follow_commit(self, session: Session) -> None:
        if session.in_nested_transaction():  # a SAVEPOINT: the transaction is not over yet
            return
        notes: dict[str, set[Hashable]] = session.info.pop(AFTER_COMMIT_KEY, {})
        for topic, values in notes.items():
            for follower in self._followers.get(topic, []):
                try:
                    follower(values)
                except Exception:  # the change is committed: what follows must not undo a request
                    logger.exception(
                        "Work after a commit (%s) failed; the scheduler catches up.", topic
                    )

    @staticmethod
    def _forget_notes(session: Session, previous_transaction: SessionTransaction) -> None:
        if previous_transaction.parent is None:  # the whole transaction, not a savepoint in it
            session.info.pop(AFTER_COMMIT_KEY, None)

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    def check_connection(self) -> None:
        """Connect once, raising DatabaseUnavailable with the reason if that fails."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError as error:
            reason = str(error.orig or error).strip().splitlines()[0]
            raise DatabaseUnavailable(
                f"Cannot connect to the database named by DATABASE_URL ({self.display_url}): {reason}"
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Give a session whose work is committed at the end, or rolled back on error."""
        with self.write_sessionmaker() as session, session.begin():
            yield session


def init_app(app: Flask) -> None:
    """Create the app's database and close each request's session at its end."""
    app.extensions[EXTENSION_KEY] = Database(
        normalise_database_url(app.config["DATABASE_URL"]), base_url=app.config["BASE_URL"]
    )
    app.teardown_appcontext(_close_session)


def get_db() -> Database:
    return current_app.extensions[EXTENSION_KEY]


def get_session() -> Session:
    """Return this request's (or command's) session, opening it on first use.

    Requests that may write, and commands, get a writing session (on SQLite it
    takes the write lock at its first statement); reads, and views marked
    `reads_only`, get one that takes no lock.
    """
    if "db_session" not in g:
        database = get_db()
        reading = has_request_context() and (
            request.method in READ_ONLY_METHODS or g.get(READS_ONLY_KEY, False)
        )
        g.db_session = (database.sessionmaker if reading else database.write_sessionmaker)()
    return g.db_session


def reads_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Give a POST view a session that takes no write lock: it reads, or opens its own
    `get_db().transaction()` for the moment it writes (so a long parse holds no lock)."""

    @functools.wraps(view)
    def reading(*args: Any, **kwargs: Any) -> Any:
        g.setdefault(READS_ONLY_KEY, True)
        return view(*args, **kwargs)

    return reading


def _close_session(_error: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back anything not committed
