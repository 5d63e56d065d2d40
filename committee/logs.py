"""Keep personal calendar tokens out of every log: they are the feed's only key."""

import logging
import re

from flask import Flask

_TOKEN_IN_PATH = re.compile(r"(/calendar/u/)[^/\s?\"']+")
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


class RedactCalendarTokens(logging.Filter):
    """Rewrite a record whose message holds a feed address, hiding the token."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _TOKEN_IN_PATH.sub(r"\1[token].ics", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def init_app(app: Flask) -> None:
    for logger in (app.logger, *(logging.getLogger(name) for name in LOGGERS)):
        if not any(isinstance(existing, RedactCalendarTokens) for existing in logger.filters):
            logger.addFilter(RedactCalendarTokens())
