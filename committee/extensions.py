"""The Flask extensions every area shares, made here once and wired by `create_app`.

CSRF protection for every form (the API, which takes bearer tokens, is
exempted by `web.exempt_api_from_csrf`), and the limiter that counts failed
sign-ins. They live apart from the pages' framework so an area can use them
without importing it.
"""

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
#: Counts requests (failed sign-ins) per address or account; its storage is RATELIMIT_STORAGE_URI.
limiter = Limiter(key_func=get_remote_address, headers_enabled=True)

SHARED_COUNTS = ("redis://", "rediss://", "redis+", "memcached://", "mongodb://")


#: Endpoints no limit applies to, read without the limiter's resolution of limits: calendar
#: programs poll the feeds, which answer most polls with a 304 from memory.
UNLIMITED_ENDPOINTS = frozenset(
    {"calendars.all_meetings_feed", "calendars.committee_feed", "calendars.personal_feed"}
)


def _check_limits_unless_unlimited() -> None:
    """The limiter's own check before each request, skipped (not merely filtered, which still
    resolves every limit) for the endpoints no limit applies to."""
    if request.endpoint not in UNLIMITED_ENDPOINTS:
        limiter._check_request_limit()


def init_app(app: Flask) -> None:
    """Wire CSRF and the limiter; in production, warn when failed sign-ins are counted per process."""
    csrf.init_app(app)
    limiter.init_app(app)
    checks = app.before_request_funcs.setdefault(None, [])
    checks[checks.index(limiter._check_request_limit)] = _check_limits_unless_unlimited
    storage = app.config["RATELIMIT_STORAGE_URI"]
    if app.config["COMMITTEE_ENV"] == "production" and not storage.startswith(SHARED_COUNTS):
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is %s: each web worker counts failed sign-ins on its own, "
            "so with four workers a guesser gets four times the attempts before the lockout. "
            "Share one count: RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379",
            storage,
        )
