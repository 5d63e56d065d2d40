"""The work programme: its entries, their lifecycle and history, and the papers they need."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.work_programme import cli, views

    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
    app.cli.add_command(cli.entries_cli)
