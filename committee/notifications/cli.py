"""`outbox`: what the service has sent, is sending, or did not send, and why."""

import click
from flask.cli import with_appcontext
from sqlmodel import col, select

from committee.cli import command_transaction
from committee.notifications.models import MessageStatus, OutboxMessage


@click.command("outbox")
@click.option("--status", type=click.Choice([status.value for status in MessageStatus]))
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
        line = f"{message.id}\t{message.status}\t{message.kind}\t{message.to_addresses}"
        line += f"\t{message.subject or '(not written: ' + message.kind + ')'}"
        if message.last_error:  # why it failed, was skipped, or is being tried again
            line += f"\t{message.last_error}"
        click.echo(line)
