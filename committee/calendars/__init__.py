"""Calendar feeds: every meeting for everyone, and each person's own meetings and deadlines."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.calendars import views

    app.register_blueprint(views.pages)
