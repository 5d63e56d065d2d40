"""Calendar feeds over HTTP (public ones per committee and for all, personal ones by token),
and the page where a person sees, renews or switches off their own feed's address.

Calendar programs poll, often. A public feed's validators are re-read from the
database at most every FEED_VALIDATORS_TTL_SECONDS, so most polls cost no
query; a client that has the current feed gets 304 without it being built;
and a built feed is kept, by its ETag, for the next client that needs it.
"""

from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from cachetools import LRUCache
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.http import http_date, quote_etag
from werkzeug.wrappers import Response as BaseResponse

from committee.calendars.feeds import FeedBuilder, Validators, public_validators
from committee.calendars.ical import EventCache
from committee.calendars.links import feed_url, subscription_links
from committee.calendars.operations import regenerate_calendar_token, revoke_calendar_token
from committee.calendars.queries import calendar_token, person_for_calendar_token
from committee.committees.models import Committee
from committee.committees.queries import get_committee
from committee.db import get_session
from committee.people.auth import current_person, sign_in_required
from committee.timeutil import utcnow

pages = Blueprint("calendars", __name__, template_folder="templates")

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
    # If-None-Match wins when both come, and compares weakly: a W/ tag a proxy made of
    # ours still names this feed (RFC 9110, 13.1.2).
    if request.if_none_match:
        return request.if_none_match.contains_weak(validators.etag)
    since = request.if_modified_since
    return since is not None and validators.last_modified.replace(microsecond=0) <= since


def _answer(body: bytes | None, validators: Validators, *, public: bool, filename: str) -> Response:
    headers = _validator_headers(validators, public)
    if body is None:
        return Response(status=304, headers=headers)
    return Response(
        body,
        headers=[*headers, ("Content-Disposition", f'inline; filename="{filename}"')],
        content_type="text/calendar; charset=utf-8",
    )


@lru_cache(maxsize=256)
def _validator_headers(validators: Validators, public: bool) -> tuple[tuple[str, str], ...]:
    """The headers a feed's answer carries besides its body, worked out once per version of the
    feed: most polls are answered 304 with these alone."""
    headers = [
        ("ETag", quote_etag(validators.etag)),
        ("Last-Modified", http_date(validators.last_modified)),
        ("Cache-Control", f"max-age={MAX_AGE_SECONDS}, {'public' if public else 'private'}"),
    ]
    if public:
        # Anyone may read a public feed, from any page (a council's website embeds it).
        headers.append(("Access-Control-Allow-Origin", "*"))
    return tuple(headers)


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


@pages.get("/calendar/all.ics")
def all_meetings_feed() -> Response:
    return _public_feed(None, "committee-meetings.ics")


@pages.get("/calendar/committees/<slug>.ics")
def committee_feed(slug: str) -> Response:
    return _public_feed(slug, f"{slug}.ics")


@pages.get("/calendar/u/<token>.ics")
def personal_feed(token: str) -> Response:
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


@pages.get("/my/calendar")
@sign_in_required
def my_calendar() -> str:
    person = current_person()
    token = calendar_token(
        get_session(), person=person, secret_key=current_app.config["SECRET_KEY"]
    )
    links = subscription_links(feed_url("calendars.personal_feed", token=token)) if token else None
    return render_template("calendars/mine.html", links=links)


@pages.post("/my/calendar/regenerate")
@sign_in_required
def regenerate() -> BaseResponse:
    person = current_person()
    session = get_session()
    had = (
        calendar_token(session, person=person, secret_key=current_app.config["SECRET_KEY"])
        is not None
    )
    regenerate_calendar_token(session, person=person, secret_key=current_app.config["SECRET_KEY"])
    session.commit()
    flash(
        "Your calendar has a new address; the old one no longer works. Subscribe again with the new one."
        if had
        else "Your calendar address is ready: subscribe to it below."
    )
    return redirect(url_for("calendars.my_calendar"))


@pages.post("/my/calendar/revoke")
@sign_in_required
def revoke() -> BaseResponse:
    person = current_person()
    session = get_session()
    revoke_calendar_token(session, person=person)
    session.commit()
    flash("Your calendar address no longer works. You can make a new one at any time.")
    return redirect(url_for("calendars.my_calendar"))


def clear_caches() -> None:
    """Forget every serialised event, feed and held validator (tests and benchmarks build afresh)."""
    _events.clear()
    _feeds.clear()
    _held_validators.clear()
