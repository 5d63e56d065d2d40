"""The outbox: every message the service sends, at least once, whatever happens to the sender.

Messages are written to the outbox inside the caller's transaction and sent
after it commits; each outbox row has a unique key, so whatever runs twice,
nothing is queued twice, and a stable Message-ID, so a mail server can drop a
repeat. What is due, and how it reads, is the reminders' business (and, for
other messages, their own area's).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.notifications import cli, views

    app.register_blueprint(views.api)
    app.cli.add_command(cli.outbox_command)
