"""Shared fixtures: one migrated database per backend, one rolled-back transaction per test.

Every test that touches the database runs on SQLite, and again on PostgreSQL
when TEST_DATABASE_URL is set (the `database` fixture is parametrised by
backend).
"""

import asyncio
import email
import email.policy
import os
import re
import socket
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from committee import create_app
from committee.db import (
    BASE_URL_KEY,
    EXTENSION_KEY,
    Database,
    make_engine,
    normalise_database_url,
)
from committee.extensions import limiter
from committee.migrate import upgrade
from committee.minutes.views import forget_rendered_minutes
from committee.timeutil import LONDON
from tests.factories import Factory

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


def reset_postgres(url: URL) -> None:
    """Empty the test database's public schema. Refuses databases not named for tests."""
    if "test" not in (url.database or ""):
        raise pytest.UsageError(
            f"TEST_DATABASE_URL names {url.database!r}: the suite empties it, so its name must contain 'test'"
        )
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def fresh_database_url(backend: str, tmp_path: Path, name: str) -> Iterator[URL]:
    """Yield the URL of a new, empty database of the backend; drop it afterwards."""
    if backend == "sqlite":
        yield normalise_database_url(f"sqlite:///{tmp_path / name}.sqlite")
        return
    assert POSTGRES_URL is not None
    base = normalise_database_url(POSTGRES_URL)
    database = f"{base.database}_{name}"
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        yield base.set(database=database)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> URL:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite"
        return normalise_database_url(f"sqlite:///{path}")
    assert POSTGRES_URL is not None
    url = normalise_database_url(POSTGRES_URL)
    reset_postgres(url)
    return url


@pytest.fixture(scope="session")
def database(database_url: URL) -> Iterator[Database]:
    """The test database, migrated to the newest schema once per backend."""
    upgrade(database_url)
    database = Database(database_url)
    yield database
    database.engine.dispose()


@pytest.fixture
def backend(database: Database) -> str:
    return database.url.get_backend_name()


@pytest.fixture
def connection(database: Database) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with database.engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


def _sessions_on(connection: Connection) -> sessionmaker[Session]:
    # Each session's commit releases a SAVEPOINT; the outer transaction stays open.
    return sessionmaker(
        bind=connection,
        class_=Session,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        info={BASE_URL_KEY: "https://committees.test"},  # as the app's BASE_URL below
    )


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    with _sessions_on(connection)() as session:
        yield session


@pytest.fixture(scope="session")
def base_app(database: Database) -> Iterator[Flask]:
    app = create_app(
        {
            "COMMITTEE_ENV": "testing",
            "DATABASE_URL": database.url.render_as_string(hide_password=False),
            "SECRET_KEY": "test-secret-key",
            "BASE_URL": "https://committees.test",
        }
    )
    yield app
    app.extensions[EXTENSION_KEY].engine.dispose()


@pytest.fixture
def app(base_app: Flask, connection: Connection) -> Iterator[Flask]:
    """The app, its requests and commands working inside the test's transaction."""
    database: Database = base_app.extensions[EXTENSION_KEY]
    original = database.sessionmaker, database.write_sessionmaker
    database.sessionmaker = database.write_sessionmaker = database.follow_commits(
        _sessions_on(connection)
    )
    limiter.reset()  # each test starts with no failed sign-ins counted
    forget_rendered_minutes()  # nor minutes rendered from another test's rows
    yield base_app
    database.sessionmaker, database.write_sessionmaker = original


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make(session: Session) -> Factory:
    return Factory(session)


@pytest.fixture
def now(time_machine) -> datetime:  # type: ignore[no-untyped-def]
    """Freeze the clock at 09:00 on Monday 16 November 2026, London time."""
    moment = datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)
    time_machine.move_to(moment, tick=False)
    return moment


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class MailSink:
    """A real SMTP server, in-process (aiosmtpd): what arrives is what a mail server got.

    `hold_replies()` makes it keep a message but hold back its "250" until
    `release_replies()`: a server that accepts a message after the client gave up.
    """

    def __init__(self) -> None:
        self.envelopes: list = []
        self.port = _free_port()
        self._controller = None
        self._gate: asyncio.Event | None = None
        self.received = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.received.set()
        if self._gate is not None:
            await self._gate.wait()
        return "250 Message accepted for delivery"

    def hold_replies(self) -> None:
        self._gate = asyncio.Event()

    def release_replies(self) -> None:
        gate, self._gate = self._gate, None
        if gate is not None and self._controller is not None:
            self._controller.loop.call_soon_threadsafe(gate.set)

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list:
        return [
            email.message_from_bytes(envelope.content, policy=email.policy.default)
            for envelope in self.envelopes
        ]

    def subjects(self) -> list[str]:
        return [message["Subject"] for message in self.messages]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app: Flask) -> Iterator[MailSink]:
    """A running SMTP server the app sends to; stop() it to make the mail server go down."""
    sink = MailSink()
    sink.start()
    saved = {key: app.config[key] for key in ("SMTP_HOST", "SMTP_PORT")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port)
    yield sink
    sink.stop()
    app.config.update(saved)


@pytest.fixture
def committed_app(backend: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on a database of its own whose transactions really commit (for concurrency)."""
    for url in fresh_database_url(backend, tmp_path, "concurrency"):
        upgrade(url)
        app = create_app(
            {
                "COMMITTEE_ENV": "testing",
                "DATABASE_URL": url.render_as_string(hide_password=False),
                "SECRET_KEY": "x",
            }
        )
        yield app
        app.extensions[EXTENSION_KEY].engine.dispose()


PASSWORD = "correct horse battery"


def csrf_token(client: FlaskClient, path: str = "/sign-in") -> str:
    """The CSRF token the page at `path` puts in its forms."""
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None, f"no form with a CSRF token on {path}"
    return found.group(1)


def sign_in(
    client: FlaskClient,
    email: str,
    password: str = PASSWORD,
    next_page: str | None = None,
    *,
    refused: bool = False,
):  # type: ignore[no-untyped-def]
    """Sign in through the page, and check it worked (or, with `refused`, that it did not).

    Checking here means no test that signs in before asserting a refusal can pass
    only because signing in itself broke.
    """
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    if next_page:
        data["next"] = next_page
    response = client.post("/sign-in", data=data)
    signed_in = client.get("/my/papers").status_code == 200
    assert signed_in is not refused, f"signing in as {email} {'worked' if signed_in else 'failed'}"
    assert (response.status_code == 302) is not refused
    return response
