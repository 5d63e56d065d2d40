"""Settings from the environment, and a clear refusal when one is wrong."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from committee import create_app
from committee.config import ConfigError, load_settings
from committee.db import DatabaseUnavailable, normalise_database_url

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_use_a_sqlite_file_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings(tmp_path, {})
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'committee.sqlite'}"
    assert settings["BASE_URL"] == "http://127.0.0.1:5000"


def test_development_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_settings(tmp_path, {})["SECRET_KEY"]
    second = load_settings(tmp_path, {})["SECRET_KEY"]
    assert first == second
    assert len(first) >= 64
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_production_requires_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_settings(tmp_path, {"COMMITTEE_ENV": "production"})
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"COMMITTEE_ENV": "staging"}, "COMMITTEE_ENV"),
        ({"PORT": "http"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"BASE_URL": "committees.example.gov.uk"}, "BASE_URL"),
        ({"SMTP_STARTTLS": "maybe"}, "SMTP_STARTTLS"),
        ({"FEED_VALIDATORS_TTL_SECONDS": "soon"}, "FEED_VALIDATORS_TTL_SECONDS"),
        ({"FEED_VALIDATORS_TTL_SECONDS": "-1"}, "FEED_VALIDATORS_TTL_SECONDS"),
    ],
)
def test_bad_settings_are_named(tmp_path, overrides, named):
    with pytest.raises(ConfigError, match=named):
        load_settings(tmp_path, {"SECRET_KEY": "x", **overrides})


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "mysql://root@localhost/committee",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:////no/such/folder/committee.sqlite",
    ],
)
def test_a_wrong_database_url_fails_naming_it(url):
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        normalise_database_url(url)


@pytest.mark.parametrize("url", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_plain_postgresql_urls_use_psycopg_3(url):
    assert normalise_database_url(url).drivername == "postgresql+psycopg"


def test_an_unreachable_database_fails_at_start_naming_it(tmp_path):
    with pytest.raises(
        DatabaseUnavailable,
        match=r"DATABASE_URL \(postgresql\+psycopg://nobody:\*\*\*@127.0.0.1:1/x\)",
    ):
        create_app({"DATABASE_URL": "postgresql://nobody:secret@127.0.0.1:1/x", "SECRET_KEY": "x"})


def _run_flask(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_entry_point_exits_with_one_line_for_a_bad_database_url(tmp_path):
    result = _run_flask(
        "db", "current", env={"DATABASE_URL": "mysql://x/y", "INSTANCE_PATH": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "DATABASE_URL uses 'mysql'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_password_never_appears_in_the_message(tmp_path):
    result = _run_flask(
        "db",
        "current",
        env={
            "DATABASE_URL": "postgresql://me:hunter2@127.0.0.1:1/x",
            "INSTANCE_PATH": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "Cannot connect to the database named by DATABASE_URL" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
