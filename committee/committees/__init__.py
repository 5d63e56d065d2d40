"""Committees: each with its members' seats (people area), meetings, programme and settings."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.committees import cli, views

    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
    app.cli.add_command(cli.committees_cli)
