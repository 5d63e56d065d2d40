"""`import-work-programme` and `export-work-programme`."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from committee.agenda.programme import programme_table
from committee.cli import command_transaction
from committee.committees.queries import get_committee
from committee.fields import MUNICIPAL_YEARS
from committee.imports.export import to_csv, to_docx
from committee.imports.operations import ImportPlan, ImportRefused, import_work_programme
from committee.imports.parse import NotAWorkProgramme, parse_rows
from committee.imports.readers import UnreadableFile, read_table
from committee.people.models import Person
from committee.people.queries import get_person_by_email
from committee.visibility.queries import EVERYTHING

YEAR = click.IntRange(MUNICIPAL_YEARS[0], MUNICIPAL_YEARS[-1])


def print_plan(plan: ImportPlan, notes: list[str], *, done: bool) -> None:
    for meeting in plan.meetings:
        if meeting.action != "use":
            click.echo(f"Row {meeting.row}: {meeting.describe()}")
    for planned in plan.rows:
        click.echo(f"Row {planned.row}: {planned.describe()}")
    for number, heading in plan.headings:
        click.echo(f"Row {number}: heading {heading!r}, not an entry")
    for problem in plan.problems:
        click.echo(f"Row {problem.row}: cannot import: {problem.reason}")
    for note in notes:
        click.echo(note)
    click.echo(("Imported: " if done else "Would import: ") + plan.summary() + ".")


@click.command("import-work-programme")
@click.argument(
    "file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)
)
@click.option("--committee", "slug", required=True, help="The committee's slug.")
@click.option(
    "--year", required=True, type=YEAR, help="First year of the municipal year: 2018 for 2018/19."
)
@click.option(
    "--dry-run", is_flag=True, help="Show, row by row, what would happen; change nothing."
)
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Import the rows that can be; skip those that cannot.",
)
@click.option(
    "--record-history",
    is_flag=True,
    help="The file is the record of a past programme: put its items on meetings already held.",
)
@click.option(
    "--actor",
    "actor_email",
    metavar="EMAIL",
    help="Who is importing (default: the committee's clerk).",
)
@with_appcontext
def import_command(
    file: Path,
    slug: str,
    year: int,
    dry_run: bool,
    skip_bad_rows: bool,
    record_history: bool,
    actor_email: str | None,
) -> None:
    """Import a work programme table (.docx, CSV, or tab-separated text; - reads it from standard input)."""
    content = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    try:
        programme = parse_rows(
            read_table(content, file.name), year, max_rows=current_app.config["IMPORT_MAX_ROWS"]
        )
    except (UnreadableFile, NotAWorkProgramme) as error:
        raise click.ClickException(f"{file}: {error}") from None
    with command_transaction() as session:
        committee = get_committee(session, slug)
        if actor_email:
            actor = get_person_by_email(session, actor_email)
        elif (
            committee.governance_officer_id is not None
            and (clerk := session.get(Person, committee.governance_officer_id)) is not None
        ):
            actor = clerk
        else:
            raise click.ClickException(
                f"{slug} has no governance officer: say who is importing with --actor EMAIL"
            )
        try:
            result = import_work_programme(
                session,
                actor=actor,
                committee=committee,
                year=year,
                programme=programme,
                source_name=file.name,
                dry_run=dry_run,
                skip_bad_rows=skip_bad_rows,
                record_history=record_history,
            )
        except ImportRefused as refused:
            print_plan(refused.plan, [], done=False)
            raise
        if dry_run:
            session.rollback()
        print_plan(result.plan, result.notes, done=not dry_run)


@click.command("export-work-programme")
@click.option("--committee", "slug", required=True)
@click.option("--year", required=True, type=YEAR)
@click.option(
    "--format", "kind", type=click.Choice(["csv", "docx"]), default="csv", show_default=True
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Default: standard output (CSV only).",
)
@with_appcontext
def export_command(slug: str, year: int, kind: str, output: Path | None) -> None:
    """Export a municipal year's work programme, private detail included (it is for officers)."""
    if kind == "docx" and output is None:
        raise click.UsageError("a Word file needs --output FILE")
    with command_transaction() as session:
        table = programme_table(session, get_committee(session, slug), year, reader=EVERYTHING)
    content = to_csv(table) if kind == "csv" else to_docx(table)
    if output is None:
        sys.stdout.buffer.write(content)
        return
    output.write_bytes(content)
    click.echo(f"Wrote {len(table.rows)} rows to {output}.")
