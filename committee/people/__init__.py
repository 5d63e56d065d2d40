"""People: who they are, what their roles let them do, their seats on committees, signing in."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.people import auth, cli, views

    auth.login_manager.init_app(app)
    app.register_blueprint(views.pages)
    app.cli.add_command(cli.users_cli)
