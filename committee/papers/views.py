"""Download a paper: a published one as its agenda allows, any other only by those working on it."""

import io

from flask import Blueprint, abort, redirect, send_file
from werkzeug.wrappers import Response as BaseResponse

from committee.agenda.queries import may_see_private_business, published_with
from committee.db import get_session
from committee.papers.models import Paper, PaperFile, PaperVersion
from committee.people.auth import signed_in_person
from committee.work_programme.lifecycle import capacities
from committee.work_programme.models import WorkProgrammeEntry

pages = Blueprint("papers", __name__)


@pages.get("/papers/<int:version_id>")
def download(version_id: int) -> BaseResponse:
    """Send a paper: a published public one to anyone, a published private one to the
    meeting's members, substitutes and clerks, and any version to those working on it.

    Anyone else is told there is no such paper (404), whether or not there is one; the
    page asks those not signed in to sign in, if it is theirs.
    """
    session = get_session()
    version = session.get(PaperVersion, version_id)
    paper = session.get(Paper, version.paper_id) if version else None
    entry = session.get(WorkProgrammeEntry, paper.entry_id) if paper else None
    person = signed_in_person()
    public = allowed = False
    if version is not None and entry is not None:
        allowed = person is not None and bool(capacities(session, person, entry))
        if not allowed and (published := published_with(session, version)) is not None:
            item, meeting = published
            public = not item.is_private
            allowed = public or may_see_private_business(session, person, meeting)
    if not allowed or version is None:
        hint = "" if person else " If it is one of yours, sign in first."
        abort(404, description=f"There is no paper with that number that you may read.{hint}")
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
    if not public:
        response.headers["Cache-Control"] = "private, no-store"
    return response
