"""After the meeting: attendance, numbered minutes and resolutions, follow-ups on the work
programme, and recommendations tracked until answered and implemented."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.minutes import views

    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
