"""`entries ...`: fire lifecycle events and read an entry's history, for officers who script."""

import mimetypes
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from committee.cli import command_transaction, payload_from_options, payload_options
from committee.papers.schemas import UploadedFile
from committee.people.queries import get_person_by_email
from committee.timeutil import to_london
from committee.work_programme.lifecycle import TransitionRefused, fire_event
from committee.work_programme.queries import get_entry, history_of
from committee.work_programme.schemas import EventInput
from workflows.entry import EVENTS


@click.group("entries")
def entries_cli() -> None:
    """Move work programme entries through their lifecycle."""


@entries_cli.command("fire")
@click.argument("entry_id", type=int)
@click.argument("event", type=click.Choice(list(EVENTS)))
@click.option("--actor", "actor_email", required=True, metavar="EMAIL", help="Who is acting.")
@payload_options(EventInput, flags={"meeting_id": "--meeting"}, leave_out=frozenset({"paper_file"}))
@click.option(
    "--paper-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=EventInput.model_fields["paper_file"].description,
)
@with_appcontext
def fire_command(
    entry_id: int, event: str, actor_email: str, paper_file: Path | None, **payload: Any
) -> None:
    """Fire EVENT on entry ENTRY_ID as the person with --actor EMAIL."""
    if paper_file is not None:
        content_type = mimetypes.guess_type(paper_file.name)[0] or "application/octet-stream"
        payload["paper_file"] = UploadedFile(paper_file.name, content_type, paper_file.read_bytes())
    with command_transaction() as session:
        actor = get_person_by_email(session, actor_email)
        data = payload_from_options(EventInput, payload)
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
