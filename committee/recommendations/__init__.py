"""Recommendations: the board's own, sent when its minutes are published, and a report's own it
monitors; each tracked until answered and implemented, its owner reminded when a response is due."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.recommendations import views

    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
