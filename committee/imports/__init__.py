"""Work programmes in and out as councils keep them: Word tables, CSV, pasted text, print."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.imports import cli, views

    app.register_blueprint(views.pages)
    app.cli.add_command(cli.import_command)
    app.cli.add_command(cli.export_command)
