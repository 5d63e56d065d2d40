"""`users ...`: people who sign in, their roles and API tokens."""

import click
from flask.cli import with_appcontext
from sqlmodel import select

from committee.cli import command_transaction
from committee.committees.models import Committee
from committee.committees.queries import get_committee
from committee.people.models import Person, Role, RoleGrant
from committee.people.operations import (
    create_user,
    grant_role,
    issue_api_token,
    parse_role,
    revoke_api_tokens,
    set_password,
)
from committee.people.queries import get_person_by_email

ROLE_CHOICE = click.Choice([role.value for role in Role])
COMMITTEE_OPTION = click.option(
    "--committee",
    "committees",
    multiple=True,
    metavar="SLUG",
    help="A committee the role applies to (governance, member); repeat for several.",
)


@click.group("users")
def users_cli() -> None:
    """Manage people who sign in, their roles and API tokens."""


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Their full name.")
@click.option("--role", required=True, type=ROLE_CHOICE, help="What they may do.")
@click.option("--job-title", default="", help="E.g. Director Education and Skills.")
@COMMITTEE_OPTION
@with_appcontext
def create_command(
    email: str, name: str, role: str, job_title: str, committees: tuple[str, ...]
) -> None:
    """Create a person with EMAIL and give them a role."""
    with command_transaction() as session:
        person = create_user(
            session,
            email=email,
            name=name,
            role=parse_role(role),
            committees=[get_committee(session, slug) for slug in committees],
            job_title=job_title,
        )
    where = f" for {', '.join(committees)}" if committees else ""
    click.echo(f"Created {person.name} <{person.email}> as {role}{where}.")


@users_cli.command("grant")
@click.argument("email")
@click.option("--role", required=True, type=ROLE_CHOICE)
@COMMITTEE_OPTION
@with_appcontext
def grant_command(email: str, role: str, committees: tuple[str, ...]) -> None:
    """Give the person with EMAIL another role."""
    with command_transaction() as session:
        person = get_person_by_email(session, email)
        changes = grant_role(
            session,
            person=person,
            role=parse_role(role),
            committees=[get_committee(session, slug) for slug in committees],
        )
    if changes:
        click.echo(f"Granted {person.email}: {'; '.join(changes)}.")
    else:
        click.echo(f"{person.email} already had that; nothing changed.")


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


@users_cli.command("list")
@with_appcontext
def list_command() -> None:
    """List people who can sign in, with their roles."""
    with command_transaction() as session:
        rows = session.exec(
            select(Person.email, Person.name, RoleGrant.role, Committee.slug)
            .join(RoleGrant, RoleGrant.person_id == Person.id)
            .outerjoin(Committee, Committee.id == RoleGrant.committee_id)
            .order_by(Person.email, RoleGrant.role)
        ).all()
    for email, name, role, slug in rows:
        click.echo(f"{email}\t{name}\t{role}{' ' + slug if slug else ''}")


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
