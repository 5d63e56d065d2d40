"""Migrations build exactly the models' schema, upgrade in place, and a stale schema is refused."""

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect, text
from sqlalchemy.engine import URL
from sqlmodel import SQLModel

from committee import create_app
from committee.db import Database, make_engine
from committee.migrate import (
    SchemaOutOfDate,
    downgrade,
    ensure_current,
    head_revision,
    include_object,
    upgrade,
)
from tests.conftest import fresh_database_url


@pytest.fixture
def empty_url(backend, tmp_path) -> Iterator[URL]:
    yield from fresh_database_url(backend, tmp_path, "migrations")


def differences_from_models(connection) -> list:
    context = MigrationContext.configure(connection, opts={"include_object": include_object})
    return compare_metadata(context, SQLModel.metadata)


def test_migrations_produce_exactly_the_models_schema(database):
    with database.engine.connect() as connection:
        assert differences_from_models(connection) == []


def check_constraints(engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {
        table: {check["name"] for check in inspector.get_check_constraints(table)}
        for table in SQLModel.metadata.tables
    }


def test_every_check_constraint_of_the_models_is_in_the_database(database):
    # Alembic's comparison leaves CHECK constraints out, so compare them here.
    expected = {
        table.name: {
            constraint.name
            for constraint in table.constraints
            if isinstance(constraint, CheckConstraint)
        }
        for table in SQLModel.metadata.tables.values()
    }
    assert check_constraints(database.engine) == expected


def test_downgrade_to_nothing_and_upgrade_again(empty_url):
    assert upgrade(empty_url) == (None, head_revision())
    assert downgrade(empty_url, "base") == (head_revision(), None)
    engine = make_engine(empty_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    assert upgrade(empty_url) == (None, head_revision())


def test_upgrading_a_current_database_changes_nothing(empty_url):
    upgrade(empty_url)
    assert upgrade(empty_url) == (head_revision(), head_revision())


def test_an_empty_database_is_reported_with_what_to_run(empty_url):
    database = Database(empty_url)
    with pytest.raises(
        SchemaOutOfDate, match=r"has no schema yet: run `flask --app wsgi db upgrade`"
    ):
        ensure_current(database)
    database.engine.dispose()


def test_an_older_schema_is_refused_by_the_service(empty_url):
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'older0000000'"))
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": empty_url.render_as_string(hide_password=False),
            "SECRET_KEY": "x",
            "COMMITTEE_ENV": "testing",
        }
    )
    client = app.test_client()

    page = client.get("/")
    api = client.get("/api/committees")

    assert page.status_code == 503
    assert b"is at schema revision older0000000" in page.data
    assert api.status_code == 503
    assert "db upgrade" in api.json["error"]
    app.extensions["committee.db"].engine.dispose()


def test_a_command_on_an_empty_database_says_to_upgrade(empty_url):
    app = create_app(
        {
            "DATABASE_URL": empty_url.render_as_string(hide_password=False),
            "SECRET_KEY": "x",
            "COMMITTEE_ENV": "testing",
        }
    )
    result = app.test_cli_runner().invoke(args=["committees", "list"])
    assert result.exit_code == 1
    assert "has no schema yet: run `flask --app wsgi db upgrade`" in result.output
    app.extensions["committee.db"].engine.dispose()


def test_db_upgrade_command_reports_what_it_did(empty_url):
    app = create_app(
        {
            "DATABASE_URL": empty_url.render_as_string(hide_password=False),
            "SECRET_KEY": "x",
            "COMMITTEE_ENV": "testing",
        }
    )
    runner = app.test_cli_runner()
    first = runner.invoke(args=["db", "upgrade"])
    second = runner.invoke(args=["db", "upgrade"])
    current = runner.invoke(args=["db", "current"])
    assert first.exit_code == 0, first.output
    assert f"from empty to {head_revision()}" in first.output
    assert "already at revision" in second.output
    assert current.output.strip() == f"{head_revision()} (up to date)"
    app.extensions["committee.db"].engine.dispose()


FIRST_REVISION = "1497ef82f83b"


def test_an_existing_database_with_data_upgrades_in_place(empty_url):
    upgrade(empty_url, FIRST_REVISION)
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO committees (slug, name, usual_venue, usual_start_time, usual_duration_minutes, created_at) "
                "VALUES ('board', 'Board', '', '14:00:00', 150, '2018-05-24 09:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO work_programme_entries (committee_id, municipal_year, title, detail, lead_text, "
                "cabinet_member, source, state, version, created_at, updated_at) "
                "VALUES (1, 2018, 'Fostering', '', '', '', '', 'requested', 1, '2018-05-24 09:00:00', '2018-05-24 09:00:00')"
            )
        )

    upgrade(empty_url)

    with engine.connect() as connection:
        row = connection.execute(text("SELECT title, resolution FROM work_programme_entries")).one()
        settings = connection.execute(
            text("SELECT draft_days, final_days, window_days FROM committees")
        ).one()
        differences = differences_from_models(connection)
    assert tuple(row) == ("Fostering", "")
    assert tuple(settings) == (5, 2, 10)
    assert differences == []
    assert check_constraints(engine)["committees"] >= {"ck_committees_final_not_before_draft"}
    engine.dispose()


def test_minutes_written_before_their_history_began_get_one_line_of_it(empty_url):
    upgrade(empty_url, "094382ce6981")
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO people (name, email, job_title, created_at) "
            "VALUES ('Michelle Rose', 'michelle.rose@council.test', '', '2018-05-24 09:00:00')",
            "INSERT INTO committees (slug, name, usual_venue, usual_start_time, "
            "usual_duration_minutes, created_at, draft_days, final_days, window_days, "
            "deadline_time, deadlines_changed_at, deadline_revision) VALUES ('board', 'Board', "
            "'', '14:00:00', 150, '2018-05-24 09:00:00', 5, 2, 10, '12:00:00', "
            "'2018-05-24 09:00:00', 0)",
            'INSERT INTO meetings (committee_id, start, "end", venue, status, revision, '
            "updated_at, version) VALUES (1, '2018-07-19 13:00:00', '2018-07-19 15:00:00', '', "
            "'scheduled', 0, '2018-05-24 09:00:00', 1), (1, '2018-09-06 13:00:00', "
            "'2018-09-06 15:00:00', '', 'scheduled', 0, '2018-05-24 09:00:00', 1)",
            "INSERT INTO meeting_minutes (meeting_id, state, published_at, published_by_id, "
            "version, updated_at) VALUES (1, 'published', '2018-07-26 10:00:00', 1, 3, "
            "'2018-07-26 10:00:00')",
            "INSERT INTO meeting_minutes (meeting_id, state, version, updated_at) "
            "VALUES (2, 'draft', 1, '2018-09-20 11:00:00')",
        ):
            connection.execute(text(statement))

    upgrade(empty_url)

    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT meeting_id, event, from_state, to_state, actor_id FROM minutes_changes "
                "ORDER BY meeting_id"
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        (1, "publish", "draft", "published", 1),
        (2, "write", None, "draft", None),
    ]
    engine.dispose()
