"""`entries ...`: fire lifecycle events and read an entry's history, for officers who script."""

import mimetypes
from pathlib import Path

import click
from flask.cli import with_appcontext

from committee.cli import command_transaction
from committee.papers.operations import UploadedFile
from committee.people.queries import get_person_by_email
from committee.timeutil import to_london
from committee.work_programme.lifecycle import EventInput, TransitionRefused, fire_event
from committee.work_programme.queries import get_entry, history_of
from workflows.entry import EVENTS


@click.group("entries")
def entries_cli() -> None:
    """Move work programme entries through their lifecycle."""


@entries_cli.command("fire")
@click.argument("entry_id", type=int)
@click.argument("event", type=click.Choice(list(EVENTS)))
@click.option("--actor", "actor_email", required=True, metavar="EMAIL", help="Who is acting.")
@click.option("--reason", default="", help="Why (defer, withdraw).")
@click.option("--meeting", "meeting_id", type=int, help="The meeting (schedule; defer onto).")
@click.option("--resolution", default="", help="What the meeting resolved (resolve).")
@click.option("--paper-kind", type=click.Choice(["briefing_note", "report"]), help="Which paper.")
@click.option("--paper-url", help="A link to the paper (submit_paper).")
@click.option(
    "--paper-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The paper itself (submit_paper).",
)
@click.option("--paper-title", default="", help='E.g. "Briefing Note of the Director".')
@with_appcontext
def fire_command(
    entry_id: int,
    event: str,
    actor_email: str,
    reason: str,
    meeting_id: int | None,
    resolution: str,
    paper_kind: str | None,
    paper_url: str | None,
    paper_file: Path | None,
    paper_title: str,
) -> None:
    """Fire EVENT on entry ENTRY_ID as the person with --actor EMAIL."""
    upload = None
    if paper_file is not None:
        content_type = mimetypes.guess_type(paper_file.name)[0] or "application/octet-stream"
        upload = UploadedFile(paper_file.name, content_type, paper_file.read_bytes())
    data = EventInput(
        reason=reason,
        meeting_id=meeting_id,
        resolution=resolution,
        paper_kind=paper_kind,
        paper_url=paper_url,
        paper_title=paper_title,
        paper_file=upload,
    )
    with command_transaction() as session:
        actor = get_person_by_email(session, actor_email)
        before = get_entry(session, entry_id).state
        try:
            entry = fire_event(session, actor=actor, entry_id=entry_id, event=event, data=data)
        except TransitionRefused as refusal:
            allowed = ", ".join(refusal.allowed_events) or "nothing"
            raise click.ClickException(
                f"{refusal.message} The entry is {refusal.state}; {actor.name} may: {allowed}."
            ) from None
    click.echo(f"Entry {entry.id} ({entry.title}): {event}, {before} -> {entry.state}.")


@entries_cli.command("history")
@click.argument("entry_id", type=int)
@with_appcontext
def history_command(entry_id: int) -> None:
    """Print every state change of entry ENTRY_ID, oldest first."""
    with command_transaction() as session:
        entry = get_entry(session, entry_id)
        rows = history_of(session, entry)
    click.echo(f"Entry {entry.id}: {entry.title} ({entry.state})")
    for row in rows:
        change = row.change
        line = (
            f"{to_london(change.at):%Y-%m-%d %H:%M}  {change.event:<13} "
            f"{change.from_state or '-':>12} -> {change.to_state:<12} {row.actor_name}"
        )
        click.echo(line + (f"  ({change.reason})" if change.reason else ""))
