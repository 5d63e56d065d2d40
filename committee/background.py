"""Work that follows a commit and must not hold up the request: converting papers, building packs.

A web request hands the work to a thread of its own and answers at once; a
command, a scheduler job or a test does it there and then. Nothing is lost if
the process stops midway: the work is recorded as pending in the database
before the commit, and the scheduler's sweep does whatever is still pending.
"""

import logging
import threading
from collections.abc import Callable

from flask import Flask, current_app, has_request_context

logger = logging.getLogger(__name__)


def run_soon(name: str, work: Callable[[Flask], object]) -> None:
    """Do `work(app)` after this request in a thread of its own, or now outside a request.

    BACKGROUND_WORK=inline (as in tests) always does it now.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # LocalProxy's: the app itself, for the thread
    if not has_request_context() or app.config.get("BACKGROUND_WORK") == "inline":
        _run(app, name, work)
        return
    threading.Thread(target=_run, args=(app, name, work), name=name, daemon=True).start()


def _run(app: Flask, name: str, work: Callable[[Flask], object]) -> None:
    try:
        with app.app_context():
            work(app)
    except Exception:  # the request's change stands; the scheduler's sweep tries again
        logger.exception("Background work %s failed; the scheduler's sweep will try again.", name)
