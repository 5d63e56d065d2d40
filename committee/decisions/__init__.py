"""The executive's decisions: the forward plan of key decisions, the decision records, and the
call-ins that send a decision to a scrutiny board before it takes effect."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.decisions import cli, views

    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
    app.cli.add_command(cli.decisions_cli)
