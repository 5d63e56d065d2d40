"""Download a submitted paper: only those working on its entry may."""

import io

from flask import Blueprint, abort, redirect, send_file
from werkzeug.wrappers import Response as BaseResponse

from committee.db import get_session
from committee.papers.models import Paper, PaperFile, PaperVersion
from committee.people.auth import sign_in_required, signed_in_person
from committee.work_programme.lifecycle import capacities
from committee.work_programme.models import WorkProgrammeEntry

pages = Blueprint("papers", __name__)


@pages.get("/papers/<int:version_id>")
@sign_in_required
def download(version_id: int) -> BaseResponse:
    """Send a submitted paper to those working on its entry; never to anyone else."""
    session = get_session()
    version = session.get(PaperVersion, version_id)
    paper = session.get(Paper, version.paper_id) if version else None
    entry = session.get(WorkProgrammeEntry, paper.entry_id) if paper else None
    person = signed_in_person()
    if version is None or entry is None or person is None or not capacities(session, person, entry):
        abort(404, description="No paper of yours has that number.")
    if version.url:
        return redirect(version.url)
    stored = session.get(PaperFile, version.id)
    assert stored is not None
    # send_file writes the name as RFC 6266 asks: an ASCII fallback and filename*=UTF-8''...
    response = send_file(
        io.BytesIO(stored.content),
        mimetype=version.content_type or "application/octet-stream",
        as_attachment=True,
        download_name=version.filename or "paper",
        etag=False,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
