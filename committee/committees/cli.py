"""`committees ...`: create and list committees."""

from datetime import time

import click
from flask.cli import with_appcontext

from committee.cli import command_transaction, parse_time
from committee.committees.operations import create_committee
from committee.committees.queries import list_committees


@click.group("committees")
def committees_cli() -> None:
    """Create and list committees."""


@committees_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="The committee's full name.")
@click.option("--venue", default="", help="Where it usually meets.")
@click.option(
    "--start-time",
    default="14:00",
    show_default=True,
    callback=parse_time,
    help="When its meetings usually start (London time, HH:MM).",
)
@with_appcontext
def create_command(slug: str, name: str, venue: str, start_time: time) -> None:
    """Create a committee with the address SLUG."""
    with command_transaction() as session:
        committee = create_committee(
            session, slug=slug, name=name, usual_venue=venue, usual_start_time=start_time
        )
    click.echo(f"Created committee {committee.slug}: {committee.name}.")


@committees_cli.command("list")
@with_appcontext
def list_command() -> None:
    """List the committees."""
    with command_transaction() as session:
        committees = list_committees(session)
    for committee in committees:
        click.echo(f"{committee.slug}\t{committee.name}")
    if not committees:
        click.echo("No committees yet: create one with `committees create SLUG --name NAME`.")
