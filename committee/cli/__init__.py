"""The `flask --app wsgi ...` commands, one module per area."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.cli import committees, demo, entries, imports, people, schedule
    from committee.schema import db_cli

    app.cli.add_command(db_cli)
    app.cli.add_command(committees.committees_cli)
    app.cli.add_command(people.users_cli)
    app.cli.add_command(demo.seed_demo_command)
    app.cli.add_command(entries.entries_cli)
    app.cli.add_command(imports.import_command)
    app.cli.add_command(imports.export_command)
    for command in schedule.COMMANDS:
        app.cli.add_command(command)
