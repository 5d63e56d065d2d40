"""`seed-demo`: load the demo data into an empty database; `demo-sign-in`: a link for anyone
in it to sign in as."""

import click
from flask import current_app
from flask.cli import with_appcontext

from committee.cli import command_transaction
from committee.demo.seed import DOMAIN, DatabaseNotEmpty, seed_demo
from committee.people.operations import INVITATION_LIFETIME, issue_password_reset
from committee.people.queries import find_person_by_email


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
        f"Loaded demo data: {summary.committees} committees, {summary.people} people, "
        f"{summary.meetings} meetings, {summary.entries} work programme entries."
    )
    click.echo(
        "To sign in as anyone in it (README.md lists one person for each role):\n"
        f"  flask --app wsgi demo-sign-in {summary.governance_email}"
    )


@click.command("demo-sign-in")
@click.argument("email")
@with_appcontext
def demo_sign_in_command(email: str) -> None:
    """Print a one-time link to choose a password for someone in the demo, then sign in."""
    if current_app.config["COMMITTEE_ENV"] == "production":
        raise click.ClickException(
            "demo-sign-in is for the demo's made-up people: it does not run in production."
        )
    with command_transaction() as session:
        person = find_person_by_email(session, email)
        if person is None:
            raise click.ClickException(
                f"No one in the database has the address {email}. The demo's people have "
                f"addresses at {DOMAIN}, e.g. michelle.rose@{DOMAIN}."
            )
        if not person.email or not person.email.endswith("@" + DOMAIN):
            raise click.ClickException(
                f"{email} is not one of the demo's people: real people choose their password "
                "from their invitation or with “Forgotten your password?”."
            )
        token = issue_password_reset(session, person=person, lifetime=INVITATION_LIFETIME)
        name = person.name
    click.echo(
        f"Open this link to choose a password for {name}, then sign in as {email} "
        f"(it works once, for seven days):\n  {current_app.config['BASE_URL']}/reset-password/{token}"
    )
