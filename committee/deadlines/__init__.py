"""Deadlines: working days (no weekends, bank holidays or closure days) and each committee's paper deadlines."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.deadlines import cli, views

    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
    app.cli.add_command(cli.deadlines_command)
    app.cli.add_command(cli.closures_cli)
