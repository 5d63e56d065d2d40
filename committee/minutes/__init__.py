"""After the meeting: attendance, numbered minutes and resolutions, follow-ups on the work
programme, and recommendations sent (committee.recommendations)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.minutes import api_views, views

    app.register_blueprint(views.pages)
    app.register_blueprint(api_views.api)
