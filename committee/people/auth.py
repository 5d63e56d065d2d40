"""Who is asking: a bearer token for the API, a signed-in session for the pages."""

import functools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import current_app, g, redirect, request, url_for
from flask import session as cookie_session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from committee.db import get_db, get_session
from committee.people.models import Person, WebSession
from committee.people.operations import end_web_session, note_web_session_seen, start_web_session
from committee.people.queries import person_for_api_token, web_session_for
from committee.timeutil import utcnow


class NotAuthenticated(Exception):
    """No usable credentials; the message says what to send."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def api_person() -> Person | None:
    """Return the person whose token came with the request, or None if none came.

    A token that was sent but is unknown or revoked is an error, not anonymity:
    silently answering as the public would hide the mistake.
    """
    if "api_person" in g:
        return g.api_person
    header = request.headers.get("Authorization", "")
    person = None
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("Send the token as `Authorization: Bearer <token>`.")
        person = person_for_api_token(get_session(), token.strip())
        if person is None:
            raise NotAuthenticated(
                "The token is unknown or revoked: get a new one with `flask --app wsgi users token EMAIL`."
            )
    g.api_person = person
    return person


def current_api_person() -> Person:
    """Return the authenticated person inside a view guarded by committee.api.writes."""
    person = api_person()
    assert person is not None, "guard the view with committee.api.writes"
    return person


# Signing in to the pages: Flask-Login keeps, in the signed session cookie, the
# token of a WebSession row; the row says whether that browser is still signed
# in. Ending the row (signing out, a new password, idleness, age) ends the
# session on the server, so a copied cookie signs nobody in.
login_manager = LoginManager()


class SignedIn(UserMixin):
    """The person signed in to this browser, as Flask-Login holds them."""

    def __init__(self, person: Person, browser: WebSession, token: str) -> None:
        self.person = person
        self.browser = browser
        self.token = token

    def get_id(self) -> str:
        return self.token


@login_manager.user_loader
def _load_signed_in(token: str) -> SignedIn | None:
    """Find this browser's live session and note it in use, in a short transaction of its own.

    Its own, before the request's: a page that only reads commits nothing, and
    the note must stand whatever becomes of the request's transaction.
    """
    config = current_app.config
    now = utcnow()
    with get_db().transaction() as writer:
        found = web_session_for(
            writer,
            token,
            now=now,
            idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
            longest=timedelta(hours=config["SESSION_MAX_HOURS"]),
        )
        if found is None:
            return None
        browser_id, person_id = found[0].id, found[1].id
        note_web_session_seen(writer, web_session=found[0], now=now)
    session = get_session()
    browser, person = session.get(WebSession, browser_id), session.get(Person, person_id)
    if browser is None or person is None:
        return None
    g.web_person = person  # the response may hold what only they may see: see web.py
    return SignedIn(person, browser, token)


def signed_in_person() -> Person | None:
    """Return the person signed in to the pages, or None."""
    user = current_user
    return user.person if user.is_authenticated else None


def current_person() -> Person:
    """Return the person signed in to the pages, inside a view guarded by sign_in_required."""
    person = signed_in_person()
    assert person is not None, "guard the view with sign_in_required"
    return person


def sign_in(person: Person) -> None:
    """Start a session for this browser (committed at once: the redirect must find it)."""
    session = get_session()
    token, started = start_web_session(session, person=person)
    session.commit()
    cookie_session.clear()  # a fresh cookie: nothing from before signing in carries over
    login_user(SignedIn(person, started, token))
    g.web_person = person


def sign_out() -> None:
    """End this browser's session on the server, then forget it here."""
    user = current_user
    if user.is_authenticated:
        session = get_session()
        held = session.get(WebSession, user.browser.id)
        if held is not None:
            end_web_session(session, web_session=held)
            session.commit()
    logout_user()
    cookie_session.clear()


def sign_in_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send people who are not signed in to the sign-in page, and back here after."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if signed_in_person() is None:
            return redirect(url_for("people.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper
