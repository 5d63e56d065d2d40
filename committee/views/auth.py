"""Who is asking: a bearer token for the API."""

import functools
from collections.abc import Callable
from typing import Any

from flask import g, request

from committee.db import get_session
from committee.models import Person
from committee.operations.people import person_for_api_token


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


def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer 401 before anything else when no valid token came."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if api_person() is None:
            raise NotAuthenticated("This needs a token: send `Authorization: Bearer <token>`.")
        return view(*args, **kwargs)

    return wrapper


def current_api_person() -> Person:
    """Return the authenticated person inside a @token_required view."""
    person = api_person()
    assert person is not None, "use @token_required"
    return person
