"""Calendar feeds over HTTP: public ones per committee and for all, personal ones by token.

Calendar programs poll, often. A public feed's validators are re-read from the
database at most every FEED_VALIDATORS_TTL_SECONDS, so most polls cost no
query; a client that has the current feed gets 304 without it being built;
and a built feed is kept, by its ETag, for the next client that needs it.
"""

from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit

from cachetools import LRUCache
from flask import Blueprint, Response, abort, current_app, request, url_for

from committee.calendar_feeds import EventCache
from committee.db import get_session
from committee.feeds import FeedBuilder, Validators, public_validators
from committee.models import Committee
from committee.operations.calendars import person_for_calendar_token
from committee.operations.committees import get_committee
from committee.timeutil import utcnow

bp = Blueprint("feeds", __name__, url_prefix="/calendar")

MAX_AGE_SECONDS = 300
_events = EventCache()
# Whole feeds by ETag, bounded by their total size.
_feeds: LRUCache[str, bytes] = LRUCache(maxsize=64 * 1024 * 1024, getsizeof=len)
# Public feeds' validators, each held until a moment: one per committee, one for all.
_held_validators: dict[tuple[str | None, str], tuple[datetime, Validators]] = {}


def _builder() -> FeedBuilder:
    base_url = current_app.config["BASE_URL"]
    host = urlsplit(base_url).hostname or "localhost"
    return FeedBuilder(get_session(), base_url=base_url, host=host, cache=_events)


def _not_modified(validators: Validators) -> bool:
    # If-None-Match wins when both come (RFC 9110, 13.2.2).
    if request.if_none_match:
        return request.if_none_match.contains(validators.etag)
    since = request.if_modified_since
    return since is not None and validators.last_modified.replace(microsecond=0) <= since


def _answer(body: bytes | None, validators: Validators, *, public: bool, filename: str) -> Response:
    response = Response(body or b"", status=200 if body is not None else 304)
    if body is not None:
        response.content_type = "text/calendar; charset=utf-8"
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(validators.etag)
    response.last_modified = validators.last_modified
    response.cache_control.max_age = MAX_AGE_SECONDS
    if public:
        response.cache_control.public = True
    else:
        response.cache_control.private = True
    return response


def _committee(slug: str | None) -> Committee | None:
    return get_committee(get_session(), slug) if slug is not None else None


def _validators_of(slug: str | None, now: datetime) -> Validators:
    """The public feed's validators, re-read from the database at most every few seconds."""
    base_url = current_app.config["BASE_URL"]
    ttl = current_app.config["FEED_VALIDATORS_TTL_SECONDS"]
    key = (slug, base_url)
    held = _held_validators.get(key)
    if ttl and held is not None and now < held[0]:
        return held[1]
    validators = public_validators(
        get_session(), committee=_committee(slug), now=now, base_url=base_url
    )
    if ttl:
        _held_validators[key] = (now + timedelta(seconds=ttl), validators)
    return validators


def _public_feed(slug: str | None, filename: str) -> Response:
    now = utcnow()
    validators = _validators_of(slug, now)
    if _not_modified(validators):
        return _answer(None, validators, public=True, filename=filename)
    body = _feeds.get(validators.etag)
    if body is None:
        url = current_app.config["BASE_URL"] + request.path
        body = _builder().public(committee=_committee(slug), now=now, url=url)
        _feeds[validators.etag] = body
    return _answer(body, validators, public=True, filename=filename)


@bp.get("/all.ics")
def all_meetings() -> Response:
    return _public_feed(None, "committee-meetings.ics")


@bp.get("/committees/<slug>.ics")
def committee_meetings(slug: str) -> Response:
    return _public_feed(slug, f"{slug}.ics")


@bp.get("/u/<token>.ics")
def personal(token: str) -> Response:
    person = person_for_calendar_token(get_session(), token)
    if person is None:
        # The same answer for a revoked token as for one that never was.
        abort(
            404,
            description="No calendar has this address. Get the current one from your calendar page.",
        )
    url = current_app.config["BASE_URL"] + request.path
    body, validators = _builder().personal(person=person, now=utcnow(), url=url)
    if _not_modified(validators):
        return _answer(None, validators, public=False, filename="my-committee-business.ics")
    return _answer(body, validators, public=False, filename="my-committee-business.ics")


def subscription_links(feed_url: str) -> dict[str, str]:
    """The ways to subscribe to a feed: webcal:// for desktop programs, and Google Calendar."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return {
        "https": feed_url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    }


def feed_url(endpoint: str, **values: str) -> str:
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def clear_caches() -> None:
    """Forget every serialised event, feed and held validator (tests and benchmarks build afresh)."""
    _events.clear()
    _feeds.clear()
    _held_validators.clear()
