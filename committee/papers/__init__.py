"""Papers: the briefing notes and reports an entry needs, and every version submitted."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.papers import views

    app.register_blueprint(views.pages)
