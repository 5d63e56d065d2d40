"""The reader of this request, for pages and the API: worked out once, asked many times."""

from flask import g

from committee.db import get_session
from committee.people.auth import api_person, signed_in_person
from committee.visibility.queries import Reader, reader_for


def page_reader() -> Reader:
    """Return who reads this page: the signed-in person, or the public."""
    if "page_reader" not in g:
        g.page_reader = reader_for(get_session(), signed_in_person())
    return g.page_reader


def api_reader() -> Reader:
    """Return who reads this API answer: the token's person, or the public."""
    if "api_reader" not in g:
        g.api_reader = reader_for(get_session(), api_person())
    return g.api_reader
