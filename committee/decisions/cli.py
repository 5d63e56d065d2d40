"""`decisions clocks`: the executive's statutory dates, worked out for the clerk."""

import json
from datetime import date

import click
from flask.cli import with_appcontext

from committee.cli import command_transaction, parse_day
from committee.deadlines.queries import working_calendar
from committee.decisions.clocks import (
    ROUTE_WORDS,
    Route,
    call_in_meeting_by,
    call_in_period_ends,
    earliest_decision_day,
)
from committee.decisions.operations import rules_of
from committee.formatting import long_date


@click.group("decisions")
def decisions_cli() -> None:
    """The executive's forward plan, decisions and call-ins."""


@decisions_cli.command("clocks")
@click.option(
    "--notice-published",
    metavar="YYYY-MM-DD",
    callback=parse_day,
    required=True,
    help="The day the key decision notice first went out.",
)
@click.option(
    "--route",
    type=click.Choice([route.value for route in Route]),
    default=Route.FORWARD_PLAN.value,
    show_default=True,
    help="How the decision is made lawful.",
)
@click.option(
    "--agreed",
    metavar="YYYY-MM-DD",
    callback=parse_day,
    help="Special urgency: the day the scrutiny chair agreed.",
)
@click.option(
    "--decision-notice-published",
    metavar="YYYY-MM-DD",
    callback=parse_day,
    help="The day the decision notice went out: prints when call-in ends.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def clocks_command(
    notice_published: date,
    route: str,
    agreed: date | None,
    decision_notice_published: date | None,
    as_json: bool,
) -> None:
    """Print the first lawful day of a key decision and, given its decision notice, the call-in
    period's end and the day the scrutiny board must meet by if it is called in that day."""
    chosen = Route(route)
    if chosen == Route.SPECIAL_URGENCY and agreed is None:
        raise click.BadParameter("give the day the chair agreed", param_hint="--agreed")
    lawful = earliest_decision_day(chosen, notice_published, agreed=agreed)
    with command_transaction() as session:
        calendar = working_calendar(session)
        rules = rules_of(session)
        ends = (
            call_in_period_ends(calendar, decision_notice_published, rules.call_in_working_days)
            if decision_notice_published
            else None
        )
        meet_by = (
            call_in_meeting_by(calendar, ends, rules.call_in_meeting_working_days) if ends else None
        )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "notice_published": notice_published.isoformat(),
                    "route": chosen.value,
                    "lawful_from": lawful.isoformat(),
                    "call_in_ends": ends.isoformat() if ends else None,
                    "meet_by_if_called_in_on_the_last_day": meet_by.isoformat()
                    if meet_by
                    else None,
                }
            )
        )
        return
    click.echo(f"Notice published:      {long_date(notice_published)}")
    click.echo(f"May be decided from:   {long_date(lawful)} ({ROUTE_WORDS[chosen]})")
    if ends is not None and meet_by is not None:
        click.echo(
            f"Call-in period ends:   {long_date(ends)} "
            f"({rules.call_in_working_days} working days after the decision notice)"
        )
        click.echo(f"Called in that day, the board meets by {long_date(meet_by)}")
