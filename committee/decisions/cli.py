"""`decisions ...`: the executive's statutory dates, worked out for the clerk; its decision makers
and the constitution's call-in rules, set up by whoever runs the service."""

import json
from datetime import date

import click
from flask.cli import with_appcontext

from committee.cli import command_transaction, parse_day
from committee.committees.queries import get_committee
from committee.deadlines.queries import working_calendar
from committee.decisions.clocks import (
    ROUTE_WORDS,
    Route,
    call_in_meeting_by,
    call_in_period_ends,
    earliest_decision_day,
)
from committee.decisions.models import MakerKind
from committee.decisions.operations import add_decision_maker, set_call_in_rules
from committee.decisions.queries import decision_makers, rules_of
from committee.formatting import long_date
from committee.people.actors import SYSTEM
from committee.people.queries import get_person_by_email


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


@decisions_cli.command("add-maker")
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice([MakerKind.EXECUTIVE, MakerKind.CABINET_MEMBER, MakerKind.OFFICER]),
    required=True,
    help="The Cabinet (executive), a cabinet member, or an officer.",
)
@click.option("--portfolio", default="", help="A cabinet member's portfolio.")
@click.option("--committee", "slug", help="The committee whose meetings the Cabinet decides at.")
@click.option("--person", "email", help="Who messages about its decisions reach.")
@with_appcontext
def add_maker_command(
    name: str, kind: str, portfolio: str, slug: str | None, email: str | None
) -> None:
    """Add NAME as a decision maker: "Cabinet", "Cabinet Member for Education and Skills"."""
    with command_transaction() as session:
        maker = add_decision_maker(
            session,
            actor=SYSTEM,
            name=name,
            kind=kind,
            portfolio=portfolio,
            committee=get_committee(session, slug) if slug else None,
            person=get_person_by_email(session, email) if email else None,
        )
        number = maker.id
    click.echo(f"Added decision maker {number}: {name}.")


@decisions_cli.command("rules")
@click.option("--call-in-days", type=int, required=True, help="Working days to call a decision in.")
@click.option(
    "--members-needed", type=int, required=True, help="Members of the board who together call in."
)
@click.option(
    "--meeting-days", type=int, required=True, help="Working days for the board to meet on it."
)
@click.option("--board", "slug", required=True, help="The scrutiny board call-ins go to.")
@with_appcontext
def rules_command(call_in_days: int, members_needed: int, meeting_days: int, slug: str) -> None:
    """Set the constitution's call-in rules."""
    with command_transaction() as session:
        board = get_committee(session, slug)
        set_call_in_rules(
            session,
            actor=SYSTEM,
            call_in_working_days=call_in_days,
            call_in_members_needed=members_needed,
            call_in_meeting_working_days=meeting_days,
            call_in_committee=board,
        )
        name = board.name
    click.echo(
        f"Call-in: {call_in_days} working days after the decision notice, by the chair of "
        f"{name} or {members_needed} of its members; the board meets on it within "
        f"{meeting_days} working days."
    )


@decisions_cli.command("makers")
@with_appcontext
def makers_command() -> None:
    """List the decision makers."""
    with command_transaction() as session:
        lines = [f"{maker.id}\t{maker.name}\t{maker.kind}" for maker in decision_makers(session)]
    click.echo("\n".join(lines) if lines else "No decision makers yet: add one with add-maker.")
