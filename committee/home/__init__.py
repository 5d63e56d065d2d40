"""Each person's home: what needs doing this week, by their roles, on one page."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.home import views

    app.register_blueprint(views.pages)
