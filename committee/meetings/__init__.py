"""Meetings: a committee's sittings, the items on their agendas in order, and substitutes."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.meetings import views

    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
