"""Work programme pages: import with a preview, export as CSV or Word, a printable table."""

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlmodel import Session

from committee.agenda.programme import programme_table
from committee.committees.models import Committee
from committee.committees.queries import get_committee, governed_committee
from committee.db import get_db, get_session, reads_only
from committee.imports.export import to_csv, to_docx
from committee.imports.operations import ImportRefused, import_work_programme
from committee.imports.parse import NotAWorkProgramme, ParsedProgramme, parse_rows
from committee.imports.readers import UnreadableFile, read_table
from committee.people.auth import current_person, sign_in_required, signed_in_person
from committee.people.models import Person
from committee.timeutil import municipal_year_label
from committee.visibility.views import page_reader
from committee.web import municipal_year_param

pages = Blueprint("imports", __name__, template_folder="templates")

STAGED_FOR_SECONDS = 24 * 60 * 60


IMPORT_PROGRAMMES = "import its work programme"


DOWNLOADS = {
    "csv": (to_csv, "text/csv"),
    "docx": (to_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


@pages.get("/committees/<slug>/work-programme.<any(csv, docx):kind>")
def export(slug: str, kind: str) -> Response:
    """The programme as CSV or Word; private detail only for the committee's governance officers."""
    committee = get_committee(get_session(), slug)
    year = municipal_year_param()
    table = programme_table(get_session(), committee, year, reader=page_reader())
    render, mimetype = DOWNLOADS[kind]
    response = Response(render(table), mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{slug}-work-programme-{year}.{kind}"'
    )
    return response


@pages.get("/committees/<slug>/work-programme/print")
def printable(slug: str) -> str:
    committee = get_committee(get_session(), slug)
    year = municipal_year_param()
    table = programme_table(get_session(), committee, year, reader=page_reader())
    return render_template(
        "imports/print.html",
        committee=committee,
        table=table,
        year_label=municipal_year_label(year),
    )


def person_in(session: Session, person: Person) -> Person:
    """The same person, read in another session (the import's own transaction)."""
    found = session.get(Person, person.id)
    assert found is not None  # signed in: their row is there
    return found


def _staging_folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for stale in folder.glob("*.json"):  # forget previews nobody confirmed
        if now - stale.stat().st_mtime > STAGED_FOR_SECONDS:
            stale.unlink(missing_ok=True)
            stale.with_suffix(".upload").unlink(missing_ok=True)
    return folder


def _stage(
    content: bytes, filename: str, committee: Committee, year: int, record_history: bool
) -> str:
    """Keep an uploaded file between its preview and the import (form fields are capped at 500 KB)."""
    person = current_person()
    key = secrets.token_urlsafe(16)
    folder = _staging_folder()
    (folder / f"{key}.upload").write_bytes(content)
    meta = {
        "person": person.id,
        "committee": committee.id,
        "year": year,
        "filename": filename,
        "record_history": record_history,
    }
    (folder / f"{key}.json").write_text(json.dumps(meta))
    return key


@dataclass(frozen=True)
class Staged:
    content: bytes
    filename: str
    year: int
    record_history: bool


def _staged(key: str, committee: Committee) -> Staged:
    folder = _staging_folder()
    if not key.replace("-", "").replace("_", "").isalnum() or not (folder / f"{key}.json").exists():
        abort(
            410,
            description="That preview has expired or was already imported: upload the file again.",
        )
    meta = json.loads((folder / f"{key}.json").read_text())
    person = signed_in_person()
    if person is None or meta["person"] != person.id or meta["committee"] != committee.id:
        abort(
            410,
            description="That preview has expired or was already imported: upload the file again.",
        )
    return Staged(
        (folder / f"{key}.upload").read_bytes(),
        meta["filename"],
        meta["year"],
        bool(meta.get("record_history", False)),
    )


def _unstage(key: str) -> None:
    folder = _staging_folder()
    (folder / f"{key}.json").unlink(missing_ok=True)
    (folder / f"{key}.upload").unlink(missing_ok=True)


def _parse(content: bytes, filename: str, year: int) -> ParsedProgramme:
    """Read the table, before any database work (UnreadableFile, NotAWorkProgramme say why not)."""
    return parse_rows(
        read_table(content, filename), year, max_rows=current_app.config["IMPORT_MAX_ROWS"]
    )


def _upload_page(committee: Committee, year: int, error: str, status: int = 422) -> tuple[str, int]:
    return render_template(
        "imports/upload.html", committee=committee, year=year, error=error
    ), status


@pages.route("/committees/<slug>/work-programme/import", methods=["GET", "POST"])
@reads_only  # a preview changes nothing, so it holds no write lock while it reads the file
@sign_in_required
def import_page(slug: str) -> str | tuple[str, int]:
    committee = governed_committee(get_session(), current_person(), slug, IMPORT_PROGRAMMES)
    year = municipal_year_param()
    if request.method == "GET":
        return render_template("imports/upload.html", committee=committee, year=year)
    upload = request.files.get("file")
    pasted = request.form.get("pasted", "")
    record_history = request.form.get("record_history") == "yes"
    if upload is not None and upload.filename:
        content, filename = upload.read(), upload.filename
    elif pasted.strip():
        content, filename = pasted.encode(), "pasted table"
    else:
        return _upload_page(committee, year, "Choose a file, or paste the table.")
    try:
        programme = _parse(content, filename, year)
    except (UnreadableFile, NotAWorkProgramme) as error:
        return _upload_page(committee, year, f"{filename}: {error}")
    result = import_work_programme(
        get_session(),
        actor=current_person(),
        committee=committee,
        year=year,
        programme=programme,
        source_name=filename,
        dry_run=True,
        skip_bad_rows=True,
        record_history=record_history,
    )
    key = _stage(content, filename, committee, year, record_history)
    return render_template(
        "imports/preview.html",
        committee=committee,
        year=year,
        plan=result.plan,
        staged=key,
        filename=filename,
        record_history=record_history,
        year_label=municipal_year_label(year),
    )


@pages.post("/committees/<slug>/work-programme/import/confirm")
@reads_only  # the file is read before the import's own write transaction begins
@sign_in_required
def confirm_import(slug: str) -> ResponseReturnValue:
    committee = governed_committee(get_session(), current_person(), slug, IMPORT_PROGRAMMES)
    person = current_person()
    key = request.form.get("staged", "")
    staged = _staged(key, committee)
    try:
        programme = _parse(staged.content, staged.filename, staged.year)
    except (UnreadableFile, NotAWorkProgramme) as error:
        return _upload_page(committee, staged.year, f"{staged.filename}: {error}")
    get_session().commit()  # end the reading before the import's own write transaction
    try:
        with get_db().transaction() as session:
            result = import_work_programme(
                session,
                actor=person_in(session, person),
                committee=get_committee(session, slug),
                year=staged.year,
                programme=programme,
                source_name=staged.filename,
                skip_bad_rows=request.form.get("skip_bad_rows") == "yes",
                record_history=staged.record_history,
            )
    except ImportRefused as refused:
        return render_template(
            "imports/preview.html",
            committee=committee,
            year=staged.year,
            plan=refused.plan,
            staged=key,
            filename=staged.filename,
            record_history=staged.record_history,
            year_label=municipal_year_label(staged.year),
            error=refused.message,
        ), 422
    _unstage(key)
    flash(f"Imported {staged.filename}: {result.plan.summary()}.")
    for note in result.notes:
        flash(note)
    return redirect(
        url_for("work_programme.work_programme_page", slug=committee.slug, year=staged.year)
    )
