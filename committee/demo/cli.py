"""`seed-demo`: load the demo data into an empty database."""

import click
from flask import current_app
from flask.cli import with_appcontext

from committee.cli import command_transaction
from committee.demo.seed import DatabaseNotEmpty, seed_demo


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) if the database has data.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Load a real scrutiny board's work programme and a live current year."""
    if current_app.config["COMMITTEE_ENV"] == "production":
        raise click.ClickException(
            "seed-demo makes up people and meetings: it does not run in production."
        )
    with command_transaction() as session:
        try:
            summary = seed_demo(session)
        except DatabaseNotEmpty as error:
            if if_empty:
                click.echo("The database already has data; demo data not loaded.")
                return
            raise click.ClickException(str(error)) from None
    click.echo(
        f"Loaded demo data: {summary.committees} committee, {summary.people} people, "
        f"{summary.meetings} meetings, {summary.entries} work programme entries."
    )
    click.echo(
        f"To act as its governance officer, give them a password and sign in at /sign-in:\n"
        f"  flask --app wsgi users set-password {summary.governance_email}\n"
        f"or get an API token: flask --app wsgi users token {summary.governance_email}"
    )
