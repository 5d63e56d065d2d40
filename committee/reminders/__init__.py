"""Reminders: the sweep opens paper windows and queues each reminder and digest once, when due."""

import functools

from flask import Flask


def init_app(app: Flask) -> None:
    """Sweep a meeting as soon as its items move; the scheduler (committee.scheduler) does the rest."""
    from committee.db import EXTENSION_KEY
    from committee.reminders.sweep import sweep_changed_meetings
    from committee.work_programme.lifecycle import MEETINGS_CHANGED

    database = app.extensions[EXTENSION_KEY]
    database.after_commit(
        MEETINGS_CHANGED,
        functools.partial(sweep_changed_meetings, database, app.config["BASE_URL"]),
    )
