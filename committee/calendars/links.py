"""The addresses people subscribe to: the feed itself, webcal:// for desktop programs, Google."""

from typing import Any
from urllib.parse import quote

from flask import current_app, url_for


def subscription_links(feed_url: str) -> dict[str, str]:
    """The ways to subscribe to a feed: webcal:// for desktop programs, and Google Calendar."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return {
        "https": feed_url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    }


def feed_url(endpoint: str, **values: Any) -> str:
    return str(current_app.config["BASE_URL"]) + url_for(endpoint, **values)
