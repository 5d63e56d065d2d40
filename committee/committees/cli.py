"""`committees ...`: create and list committees; and the `users` commands that give people roles
on them (`users create`, `grant`, `list`), joining the people area's `users` group."""

from datetime import time

import click
from flask.cli import with_appcontext
from sqlmodel import col, select

from committee.cli import command_transaction, parse_time
from committee.committees.models import Committee
from committee.committees.operations import create_committee
from committee.committees.queries import get_committee, list_committees
from committee.people.cli import users_cli
from committee.people.models import Person, Role, RoleGrant
from committee.people.operations import create_user, grant_role, parse_role
from committee.people.queries import get_person_by_email


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


ROLE_CHOICE = click.Choice([role.value for role in Role])
COMMITTEE_OPTION = click.option(
    "--committee",
    "committees",
    multiple=True,
    metavar="SLUG",
    help="A committee the role applies to (governance, member); repeat for several.",
)


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Their full name.")
@click.option("--role", required=True, type=ROLE_CHOICE, help="What they may do.")
@click.option("--job-title", default="", help="E.g. Director Education and Skills.")
@COMMITTEE_OPTION
@with_appcontext
def create_user_command(
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


@users_cli.command("list")
@with_appcontext
def list_users_command() -> None:
    """List people who can sign in, with their roles."""
    with command_transaction() as session:
        rows = session.exec(
            select(Person.email, Person.name, RoleGrant.role, Committee.slug)
            .join(RoleGrant, col(RoleGrant.person_id) == Person.id)
            .outerjoin(Committee, col(Committee.id) == RoleGrant.committee_id)
            .order_by(col(Person.email), col(RoleGrant.role))
        ).all()
    for email, name, role, slug in rows:
        click.echo(f"{email}\t{name}\t{role}{' ' + slug if slug else ''}")
