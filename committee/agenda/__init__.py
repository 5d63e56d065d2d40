"""The agenda: published to the members and the public, supplemented, held; and what changing
a meeting does to its business."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.agenda import views

    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
