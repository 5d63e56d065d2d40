"""`users ...`: people who sign in and their API tokens. The commands that give roles on
committees (`users create`, `grant`, `list`) are the committees area's (committee.committees.cli)."""

import click
from flask.cli import with_appcontext

from committee.cli import command_transaction
from committee.people.operations import (
    issue_api_token,
    revoke_api_tokens,
    set_password,
)
from committee.people.queries import get_person_by_email


@click.group("users")
def users_cli() -> None:
    """Manage people who sign in, their roles and API tokens."""


@users_cli.command("token")
@click.argument("email")
@with_appcontext
def token_command(email: str) -> None:
    """Create an API token for EMAIL and print it (alone, on the last line)."""
    with command_transaction() as session:
        person = get_person_by_email(session, email)
        token = issue_api_token(session, person=person)
    click.echo(f"API token for {person.email}; it is shown only this once, so keep it safe:")
    click.echo(token)


@users_cli.command("revoke-tokens")
@click.argument("email")
@with_appcontext
def revoke_tokens_command(email: str) -> None:
    """Revoke every API token of EMAIL."""
    with command_transaction() as session:
        person = get_person_by_email(session, email)
        count = revoke_api_tokens(session, person=person)
    click.echo(f"Revoked {count} token{'s' if count != 1 else ''} of {person.email}.")


@users_cli.command("set-password")
@click.argument("email")
@click.password_option(help="Prompted for, twice, if not given.")
@with_appcontext
def set_password_command(email: str, password: str) -> None:
    """Let the person with EMAIL sign in to the pages with a password."""
    with command_transaction() as session:
        person = get_person_by_email(session, email)
        set_password(session, person=person, password=password)
    click.echo(f"{person.email} can now sign in.")
