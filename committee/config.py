"""Settings from the environment.

Every setting has one name, read from the environment (or from the mapping
given to `create_app`, which tests use). Secrets never have a production default.
"""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A setting is missing or wrong; the message names it and says how to fix it."""


ENVIRONMENTS = ("development", "production", "testing")
DEFAULT_PORT = 5000
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - the file's name, not a secret


def _flag(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value: use true or false")


def _port(name: str, raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a port number") from None
    if not 0 < port < 65536:
        raise ConfigError(f"{name}={port} is out of range: a port is 1 to 65535")
    return port


def _seconds(name: str, raw: str) -> int:
    try:
        seconds = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number of seconds") from None
    if seconds < 0:
        raise ConfigError(f"{name}={seconds} must not be negative")
    return seconds


def _positive(name: str, raw: str) -> int:
    try:
        number = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if number < 1:
        raise ConfigError(f"{name}={number} must be at least 1")
    return number


def _count(name: str, raw: str) -> int:
    number = raw.strip()
    if not (number.isascii() and number.isdigit()) or int(number) > 10:
        raise ConfigError(f"{name}={raw!r} must be a whole number from 0 to 10")
    return int(number)


def _development_secret_key(instance_path: Path) -> str:
    """Return the key kept in the instance folder, generating it on first use."""
    key_file = instance_path / SECRET_KEY_FILE
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created readable by the owner only, never world-readable even for an instant.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _choice(name: str, raw: str, choices: tuple[str, ...]) -> str:
    if raw not in choices:
        raise ConfigError(f"{name}={raw!r} is not one of {', '.join(choices)}")
    return raw


def load_settings(
    instance_path: Path, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Return Flask config values from the environment, with `overrides` taking precedence."""
    source: dict[str, Any] = {**os.environ, **(overrides or {})}
    env = str(source.get("COMMITTEE_ENV", "development"))
    if env not in ENVIRONMENTS:
        raise ConfigError(f"COMMITTEE_ENV={env!r} is not one of {', '.join(ENVIRONMENTS)}")

    secret_key = source.get("SECRET_KEY")
    if not secret_key:
        if env == "production":
            raise ConfigError(
                "SECRET_KEY is not set: production needs a long random value, e.g. "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`"
            )
        secret_key = _development_secret_key(instance_path)

    port = _port("PORT", str(source.get("PORT", DEFAULT_PORT)))
    base_url = str(source.get("BASE_URL") or f"http://127.0.0.1:{port}").rstrip("/")
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(
            f"BASE_URL={base_url!r} must be an http(s) address such as https://committees.example.gov.uk"
        )

    database_url = source.get("DATABASE_URL") or f"sqlite:///{instance_path / 'committee.sqlite'}"

    return {
        "COMMITTEE_ENV": env,
        "TESTING": env == "testing",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": str(database_url),
        "BASE_URL": base_url,
        "PORT": port,
        "SMTP_HOST": str(source.get("SMTP_HOST", "")),
        "SMTP_PORT": _port("SMTP_PORT", str(source.get("SMTP_PORT", 25))),
        "SMTP_USERNAME": str(source.get("SMTP_USERNAME", "")),
        "SMTP_PASSWORD": str(source.get("SMTP_PASSWORD", "")),
        "SMTP_STARTTLS": _flag("SMTP_STARTTLS", str(source.get("SMTP_STARTTLS", "false"))),
        "SMTP_TIMEOUT_SECONDS": _positive(
            "SMTP_TIMEOUT_SECONDS", str(source.get("SMTP_TIMEOUT_SECONDS", 30))
        ),
        # How often the scheduler sweeps for what has fallen due; an event that changes
        # what is due for a meeting sweeps that meeting at once besides.
        "SWEEP_INTERVAL_SECONDS": _positive(
            "SWEEP_INTERVAL_SECONDS", str(source.get("SWEEP_INTERVAL_SECONDS", 300))
        ),
        "MAIL_FROM": str(source.get("MAIL_FROM", "Governance Services <governance@localhost>")),
        # Public feeds re-read their validators from the database at most this
        # often: a change reaches them within this many seconds, and the many
        # polls in between cost no query at all.
        "FEED_VALIDATORS_TTL_SECONDS": _seconds(
            "FEED_VALIDATORS_TTL_SECONDS",
            str(source.get("FEED_VALIDATORS_TTL_SECONDS", 0 if env == "testing" else 10)),
        ),
        # One import's rows at most: an import runs in one transaction, which on
        # SQLite holds the write lock, so its length is bounded.
        "IMPORT_MAX_ROWS": _positive("IMPORT_MAX_ROWS", str(source.get("IMPORT_MAX_ROWS", 2000))),
        # A signed-in browser signs out after this long without a request, and
        # after this long at most; signing out ends it on the server at once.
        "SESSION_IDLE_MINUTES": _positive(
            "SESSION_IDLE_MINUTES", str(source.get("SESSION_IDLE_MINUTES", 120))
        ),
        "SESSION_MAX_HOURS": _positive(
            "SESSION_MAX_HOURS", str(source.get("SESSION_MAX_HOURS", 12))
        ),
        # How long whoever receives a recommendation has to respond, from the day it is sent.
        "RECOMMENDATION_RESPONSE_MONTHS": _positive(
            "RECOMMENDATION_RESPONSE_MONTHS",
            str(source.get("RECOMMENDATION_RESPONSE_MONTHS", 2)),
        ),
        # Where Flask-Limiter counts failed sign-ins: memory:// counts per process;
        # with several workers, share one count, e.g. redis://127.0.0.1:6379.
        "RATELIMIT_STORAGE_URI": str(source.get("RATELIMIT_STORAGE_URI", "memory://")),
        # How many proxies in front of the service set X-Forwarded-For: 0 trusts none, so
        # the address a limit counts is the peer's; behind one reverse proxy, 1.
        "TRUSTED_PROXIES": _count("TRUSTED_PROXIES", str(source.get("TRUSTED_PROXIES", 0))),
        # Converting papers and building packs after a request's commit: in a thread of its
        # own ("thread", so the request answers at once) or before answering ("inline").
        "BACKGROUND_WORK": _choice(
            "BACKGROUND_WORK",
            str(source.get("BACKGROUND_WORK", "inline" if env == "testing" else "thread")),
            ("thread", "inline"),
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": parts.scheme == "https",
        # Upload limits are checked by the importer with a clearer message;
        # this is the hard ceiling for any request body.
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    }
