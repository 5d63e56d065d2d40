"""`committees ...`: create and list committees."""

from datetime import time

import click
from flask.cli import with_appcontext

from committee.cli.support import command_transaction
from committee.operations.actors import SYSTEM
from committee.operations.committees import create_committee, get_committee
from committee.operations.schedules import set_deadline_settings
from committee.queries import list_committees


def _parse_time(_ctx: click.Context, _param: click.Parameter, value: str | None) -> time | None:
    if value is None:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time: use HH:MM, e.g. 14:00") from None


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
    callback=_parse_time,
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


@committees_cli.command("set-deadlines")
@click.argument("slug")
@click.option("--draft-days", type=int, help="Draft due this many working days before publication.")
@click.option(
    "--final-days", type=int, help="Final paper due this many working days before publication."
)
@click.option(
    "--window-days", type=int, help="Window opens this many working days before the draft."
)
@click.option("--time", "deadline_time", callback=_parse_time, help="Papers are due at HH:MM.")
@with_appcontext
def set_deadlines_command(
    slug: str,
    draft_days: int | None,
    final_days: int | None,
    window_days: int | None,
    deadline_time: time | None,
) -> None:
    """Change committee SLUG's paper deadline settings."""
    with command_transaction() as session:
        committee = get_committee(session, slug)
        settings = set_deadline_settings(
            session,
            actor=SYSTEM,
            committee=committee,
            draft_days=draft_days,
            final_days=final_days,
            window_days=window_days,
            deadline_time=deadline_time,
        )
    click.echo(
        f"{slug}: draft {settings.draft_days}, final {settings.final_days} working days before publication "
        f"at {settings.deadline_time:%H:%M}; window opens {settings.window_days} working days before the draft."
    )
