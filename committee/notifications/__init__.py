"""The outbox: every message the service sends, once, whatever happens to the sender.

Messages are written to the outbox inside the caller's transaction and sent
after it commits; each outbox row has a unique key, so whatever runs twice,
nothing is sent twice. What is due, and how it reads, is the reminders'
business (and, for other messages, their own area's).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.notifications import cli

    app.cli.add_command(cli.outbox_command)
