"""Reminders: the sweep opens paper windows and queues each reminder and digest once, when due."""

import functools
from collections.abc import Hashable

from flask import Flask


def init_app(app: Flask) -> None:
    """Sweep a meeting as soon as its items move, tell people what concerns them as it happens,
    and send what is due once the change commits; the scheduler (committee.scheduler) does
    the rest."""
    from committee.background import run_soon
    from committee.db import EXTENSION_KEY
    from committee.notifications.delivery import deliver_due
    from committee.notifications.mailer import mailer_for
    from committee.notifications.outbox import MESSAGES_QUEUED
    from committee.reminders import notices  # noqa: F401  (its subscribers connect on import)
    from committee.reminders.sweep import still_relevant, sweep_changed_meetings
    from committee.work_programme.lifecycle import MEETINGS_CHANGED

    database = app.extensions[EXTENSION_KEY]
    database.after_commit(
        MEETINGS_CHANGED,
        functools.partial(sweep_changed_meetings, database, app.config["BASE_URL"]),
    )

    def deliver(_keys: set[Hashable]) -> None:
        run_soon(
            "deliver messages",
            lambda app: deliver_due(
                database.write_sessionmaker, mailer_for(app.config), still_relevant=still_relevant
            ),
        )

    database.after_commit(MESSAGES_QUEUED, deliver)
