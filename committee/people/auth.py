"""Who is asking: a bearer token for the API, a signed-in session for the pages."""

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from flask import g, redirect, request, url_for
from flask import session as web_session

from committee.db import get_session
from committee.people.models import Person
from committee.people.queries import person_for_api_token


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


# Signing in to the pages: a signed session cookie naming the person, with a
# stamp of their password hash, so changing the password signs out every
# other session.
PERSON_KEY = "person_id"
STAMP_KEY = "auth_stamp"


def _stamp(person: Person) -> str:
    return hashlib.sha256((person.password_hash or "").encode()).hexdigest()[:16]


def signed_in_person() -> Person | None:
    """Return the person signed in to the pages, or None."""
    if "web_person" in g:
        return g.web_person
    person = None
    person_id = web_session.get(PERSON_KEY)
    if isinstance(person_id, int):
        found = get_session().get(Person, person_id)
        if (
            found is not None
            and found.password_hash
            and web_session.get(STAMP_KEY) == _stamp(found)
        ):
            person = found
    g.web_person = person
    return person


def current_person() -> Person:
    """Return the person signed in to the pages, inside a view guarded by sign_in_required."""
    person = signed_in_person()
    assert person is not None, "guard the view with sign_in_required"
    return person


def sign_in(person: Person) -> None:
    web_session.clear()  # a fresh session: nothing from before signing in carries over
    web_session[PERSON_KEY] = person.id
    web_session[STAMP_KEY] = _stamp(person)
    web_session.permanent = True
    g.web_person = person


def sign_out() -> None:
    web_session.clear()
    g.web_person = None


def sign_in_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send people who are not signed in to the sign-in page, and back here after."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if signed_in_person() is None:
            return redirect(url_for("people.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper
