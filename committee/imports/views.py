"""Work programme pages: import with a preview, export as CSV or Word, a printable table."""

import json
import secrets
import time
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

from committee.committees.models import Committee
from committee.committees.queries import get_committee
from committee.db import get_session
from committee.imports.export import programme_table, to_csv, to_docx
from committee.imports.operations import ImportRefused, import_work_programme
from committee.imports.parse import NotAWorkProgramme, parse_rows
from committee.imports.readers import UnreadableFile, read_table
from committee.people.auth import sign_in_required, signed_in_person
from committee.people.permissions import governs, require_governance
from committee.timeutil import municipal_year_label
from committee.web import municipal_year_param

pages = Blueprint("imports", __name__, template_folder="templates")

STAGED_FOR_SECONDS = 24 * 60 * 60


def _may_see_private(committee: Committee) -> bool:
    return governs(get_session(), signed_in_person(), committee.id)


def _require_governance(committee: Committee) -> None:
    person = signed_in_person()
    assert person is not None  # @sign_in_required
    require_governance(get_session(), person, committee, "import its work programme")


DOWNLOADS = {
    "csv": (to_csv, "text/csv"),
    "docx": (to_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


@pages.get("/committees/<slug>/work-programme.<any(csv, docx):kind>")
def export(slug: str, kind: str) -> Response:
    """The programme as CSV or Word; private detail only for the committee's governance officers."""
    committee = get_committee(get_session(), slug)
    year = municipal_year_param()
    table = programme_table(
        get_session(), committee, year, show_private=_may_see_private(committee)
    )
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
    table = programme_table(
        get_session(), committee, year, show_private=_may_see_private(committee)
    )
    return render_template(
        "imports/print.html",
        committee=committee,
        table=table,
        year_label=municipal_year_label(year),
    )


def _staging_folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for stale in folder.glob("*.json"):  # forget previews nobody confirmed
        if now - stale.stat().st_mtime > STAGED_FOR_SECONDS:
            stale.unlink(missing_ok=True)
            stale.with_suffix(".upload").unlink(missing_ok=True)
    return folder


def _stage(content: bytes, filename: str, committee: Committee, year: int) -> str:
    """Keep an uploaded file between its preview and the import (form fields are capped at 500 KB)."""
    person = signed_in_person()
    assert person is not None
    key = secrets.token_urlsafe(16)
    folder = _staging_folder()
    (folder / f"{key}.upload").write_bytes(content)
    meta = {"person": person.id, "committee": committee.id, "year": year, "filename": filename}
    (folder / f"{key}.json").write_text(json.dumps(meta))
    return key


def _staged(key: str, committee: Committee) -> tuple[bytes, str, int]:
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
    return (folder / f"{key}.upload").read_bytes(), meta["filename"], meta["year"]


def _unstage(key: str) -> None:
    folder = _staging_folder()
    (folder / f"{key}.json").unlink(missing_ok=True)
    (folder / f"{key}.upload").unlink(missing_ok=True)


@pages.route("/committees/<slug>/work-programme/import", methods=["GET", "POST"])
@sign_in_required
def import_page(slug: str) -> str | tuple[str, int]:
    committee = get_committee(get_session(), slug)
    _require_governance(committee)
    year = municipal_year_param()
    if request.method == "GET":
        return render_template("imports/upload.html", committee=committee, year=year)
    upload = request.files.get("file")
    pasted = request.form.get("pasted", "")
    if upload is not None and upload.filename:
        content, filename = upload.read(), upload.filename
    elif pasted.strip():
        content, filename = pasted.encode(), "pasted table"
    else:
        return render_template(
            "imports/upload.html",
            committee=committee,
            year=year,
            error="Choose a file, or paste the table.",
        ), 422
    try:
        programme = parse_rows(read_table(content, filename), year)
    except (UnreadableFile, NotAWorkProgramme) as error:
        return render_template(
            "imports/upload.html", committee=committee, year=year, error=f"{filename}: {error}"
        ), 422
    session = get_session()
    result = import_work_programme(
        session,
        actor=signed_in_person(),
        committee=committee,
        year=year,  # type: ignore[arg-type]
        programme=programme,
        source_name=filename,
        dry_run=True,
        skip_bad_rows=True,
    )
    session.rollback()
    key = _stage(content, filename, committee, year)
    return render_template(
        "imports/preview.html",
        committee=committee,
        year=year,
        plan=result.plan,
        staged=key,
        filename=filename,
        year_label=municipal_year_label(year),
    )


@pages.post("/committees/<slug>/work-programme/import/confirm")
@sign_in_required
def confirm_import(slug: str) -> Response | tuple[str, int]:
    committee = get_committee(get_session(), slug)
    _require_governance(committee)
    key = request.form.get("staged", "")
    content, filename, year = _staged(key, committee)
    programme = parse_rows(read_table(content, filename), year)
    session = get_session()
    try:
        result = import_work_programme(
            session,
            actor=signed_in_person(),
            committee=committee,
            year=year,  # type: ignore[arg-type]
            programme=programme,
            source_name=filename,
            skip_bad_rows=request.form.get("skip_bad_rows") == "yes",
        )
    except ImportRefused as refused:
        session.rollback()
        return render_template(
            "imports/preview.html",
            committee=committee,
            year=year,
            plan=refused.plan,
            staged=key,
            filename=filename,
            year_label=municipal_year_label(year),
            error=refused.message,
        ), 422
    session.commit()
    _unstage(key)
    flash(f"Imported {filename}: {result.plan.summary()}.")
    for note in result.notes:
        flash(note)
    return redirect(url_for("work_programme.work_programme_page", slug=committee.slug, year=year))
