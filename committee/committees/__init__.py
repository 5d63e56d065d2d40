"""Committees: each with its members' seats (people area), meetings, programme and settings; and
the people who hold roles on them (the administrators' pages, the `users` commands)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.committees import admin, cli, views

    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
    app.register_blueprint(admin.pages)
    app.cli.add_command(cli.committees_cli)
