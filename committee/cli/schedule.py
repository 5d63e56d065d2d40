"""Deadlines, closure days, the sweep and the scheduler process."""

import json
import logging
import signal
import threading
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from flask.logging import default_handler
from sqlmodel import col, select

from committee.cli.support import command_transaction
from committee.deadlines import DeadlineSettings, deadline_schedule
from committee.formatting import clock_time, long_date
from committee.models import OutboxMessage
from committee.operations.actors import SYSTEM
from committee.operations.committees import get_committee
from committee.operations.schedules import (
    add_closure_day,
    list_closure_days,
    remove_closure_day,
    settings_of,
    working_calendar,
)
from committee.scheduler import deliver, run_scheduler, run_sweep


def _parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2018-09-06"
        ) from None


@click.command("deadlines")
@click.argument("meeting_day", metavar="YYYY-MM-DD", callback=_parse_day)
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
@click.argument("day", metavar="YYYY-MM-DD", callback=_parse_day)
@click.option("--reason", required=True, help="E.g. Council closed between Christmas and New Year.")
@with_appcontext
def add_closure_command(day: date, reason: str) -> None:
    """Make DAY a closure day."""
    with command_transaction() as session:
        add_closure_day(session, actor=SYSTEM, day=day, reason=reason)
    click.echo(f"{long_date(day)} is now a closure day ({reason.strip()}).")


@closures_cli.command("remove")
@click.argument("day", metavar="YYYY-MM-DD", callback=_parse_day)
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


@click.command("sweep")
@with_appcontext
def sweep_command() -> None:
    """Do now what should have happened by now (open windows, queue and send messages), once."""
    report, delivery = run_sweep(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo(
        f"Opened {report.windows_opened} paper windows; queued {report.queued} messages, "
        f"skipped {report.skipped}; sent {delivery.sent}, failed {delivery.failed}, "
        f"gave up on {delivery.given_up}."
    )


@click.command("deliver")
@with_appcontext
def deliver_command() -> None:
    """Send the messages waiting in the outbox."""
    delivery = deliver(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo(f"Sent {delivery.sent}, failed {delivery.failed}, gave up on {delivery.given_up}.")


@click.command("outbox")
@click.option("--status", type=click.Choice(["pending", "sending", "sent", "failed", "skipped"]))
@click.option("--limit", type=int, default=50, show_default=True)
@with_appcontext
def outbox_command(status: str | None, limit: int) -> None:
    """List messages in the outbox, newest first."""
    with command_transaction() as session:
        query = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(limit)
        if status:
            query = query.where(OutboxMessage.status == status)
        messages = session.exec(query).all()
    for message in messages:
        detail = message.subject or message.last_error
        click.echo(
            f"{message.id}\t{message.status}\t{message.kind}\t{message.to_addresses}\t{detail}"
        )


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the scheduler until stopped (Ctrl-C or SIGTERM). Run one per deployment, not per worker."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # One handler for everything: Flask's own would print each line of ours again.
    current_app.logger.removeHandler(default_handler)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    click.echo("Scheduler starting; Ctrl-C to stop.")
    run_scheduler(current_app._get_current_object(), stop=stop)  # type: ignore[attr-defined]
    click.echo("Scheduler stopped.")


COMMANDS = (
    deadlines_command,
    closures_cli,
    sweep_command,
    deliver_command,
    outbox_command,
    scheduler_command,
)
