"""`deadlines`, `closures ...` and `committees set-deadlines`: working days and paper deadlines."""

import json
from datetime import date, time

import click
from flask.cli import with_appcontext

from committee.cli import command_transaction, parse_day, parse_time
from committee.committees.cli import committees_cli
from committee.committees.queries import get_committee
from committee.deadlines.calendar import DeadlineSettings, deadline_schedule
from committee.deadlines.operations import (
    add_closure_day,
    remove_closure_day,
    set_deadline_settings,
)
from committee.deadlines.queries import list_closure_days, settings_of, working_calendar
from committee.formatting import clock_time, long_date
from committee.people.actors import SYSTEM


@click.command("deadlines")
@click.argument("meeting_day", metavar="YYYY-MM-DD", callback=parse_day)
@click.option(
    "--committee", "slug", help="Use this committee's deadline settings (default: the usual ones)."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def deadlines_command(meeting_day: date, slug: str | None, as_json: bool) -> None:
    """Print the agenda publication date and paper deadlines for a meeting on YYYY-MM-DD."""
    with command_transaction() as session:
        calendar = working_calendar(session)
        settings = settings_of(get_committee(session, slug)) if slug else DeadlineSettings()
        schedule = deadline_schedule(meeting_day, calendar, settings)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "meeting": meeting_day.isoformat(),
                    "publication": schedule.publication.isoformat(),
                    "draft": schedule.draft.date().isoformat(),
                    "final": schedule.final.date().isoformat(),
                    "briefing_opens": schedule.briefing_opens.isoformat(),
                    "draft_due_at": schedule.draft.isoformat(),
                    "final_due_at": schedule.final.isoformat(),
                }
            )
        )
        return
    if not calendar.is_working_day(meeting_day):
        click.echo(
            f"Note: {long_date(meeting_day)} is not a working day ({calendar.why_not_working(meeting_day)})."
        )
    click.echo(f"Meeting:                      {long_date(meeting_day)}")
    click.echo(f"Paper window opens:           {long_date(schedule.briefing_opens)}")
    click.echo(
        f"Draft to Governance Services: {clock_time(schedule.draft)} on {long_date(schedule.draft)}"
    )
    click.echo(
        f"Final cleared paper:          {clock_time(schedule.final)} on {long_date(schedule.final)}"
    )
    click.echo(f"Agenda published:             {long_date(schedule.publication)}")


@click.group("closures")
def closures_cli() -> None:
    """The council's own closure days: not working days for any deadline."""


@closures_cli.command("add")
@click.argument("day", metavar="YYYY-MM-DD", callback=parse_day)
@click.option("--reason", required=True, help="E.g. Council closed between Christmas and New Year.")
@with_appcontext
def add_closure_command(day: date, reason: str) -> None:
    """Make DAY a closure day."""
    with command_transaction() as session:
        add_closure_day(session, actor=SYSTEM, day=day, reason=reason)
    click.echo(f"{long_date(day)} is now a closure day ({reason.strip()}).")


@closures_cli.command("remove")
@click.argument("day", metavar="YYYY-MM-DD", callback=parse_day)
@with_appcontext
def remove_closure_command(day: date) -> None:
    """Make DAY an ordinary day again."""
    with command_transaction() as session:
        remove_closure_day(session, actor=SYSTEM, day=day)
    click.echo(f"{long_date(day)} is no longer a closure day.")


@closures_cli.command("list")
@with_appcontext
def list_closures_command() -> None:
    """List the closure days."""
    with command_transaction() as session:
        days = list_closure_days(session)
    for closure in days:
        click.echo(f"{closure.day.isoformat()}\t{closure.reason}")
    if not days:
        click.echo("No closure days.")


@committees_cli.command("set-deadlines")
@click.argument("slug")
@click.option("--draft-days", type=int, help="Draft due this many working days before publication.")
@click.option(
    "--final-days", type=int, help="Final paper due this many working days before publication."
)
@click.option(
    "--window-days", type=int, help="Window opens this many working days before the draft."
)
@click.option("--time", "deadline_time", callback=parse_time, help="Papers are due at HH:MM.")
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
