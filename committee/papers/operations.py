"""Receive papers: check a submission, keep every version, and clear a draft.

The entry's lifecycle decides when these happen (`submit_paper`, `clear_paper`,
`open_briefing`); this module does the storing.
"""

import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePath
from urllib.parse import urlsplit

from sqlmodel import Session, func, select

from committee.committees.models import Committee
from committee.db import remember_after_commit
from committee.errors import InvalidInput
from committee.papers.models import (
    PAPER_KIND_LABELS,
    Paper,
    PaperFile,
    PaperKind,
    PaperRendition,
    PaperStatus,
    PaperVersion,
    RenditionState,
    kinds_stored,
)
from committee.papers.schemas import UploadedFile
from committee.people.actors import Actor
from committee.people.permissions import require_governance

PAPER_MAX_BYTES = 10 * 1024 * 1024
FILENAME_MAX_LENGTH = 255
#: What a paper is stored as, by its kind: the browser's word for it is not trusted.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
#: After the commit: versions whose files wait to be converted (committee.papers.renditions).
PAPERS_SUBMITTED = "papers_submitted"
# What goes into the agenda pack: a PDF, or a Word document (converted on the way).
PAPER_EXTENSIONS = frozenset({".pdf", ".docx"})
PAPER_SIGNATURES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}
URL_MAX_LENGTH = 2000


def validate_submission(
    *, paper_kind: str | None, paper_url: str | None, paper_file: UploadedFile | None
) -> None:
    """Refuse a submission that is not one paper, as a file or as a link."""
    if paper_kind is None:
        raise InvalidInput(
            "paper_kind", "say which paper this is: a briefing note, a report or a presentation"
        )
    url = (paper_url or "").strip()
    if bool(url) == (paper_file is not None):
        raise InvalidInput(
            "paper_file", "send the paper as a file or give a link to it, one of the two"
        )
    if url:
        if any(ord(character) < 32 or ord(character) == 127 for character in url):
            raise InvalidInput(
                "paper_url",
                "the web address holds a line break or control character: paste it again",
            )
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise InvalidInput("paper_url", f"{url!r} is not a web address (http:// or https://)")
        if len(url) > URL_MAX_LENGTH:
            raise InvalidInput("paper_url", f"is longer than {URL_MAX_LENGTH} characters")
        return
    assert paper_file is not None
    name = PurePath(paper_file.filename or "").name
    if not name:
        raise InvalidInput("paper_file", "the file has no name")
    if len(name) > FILENAME_MAX_LENGTH:
        raise InvalidInput(
            "paper_file",
            f"the file's name is {len(name)} characters long; shorten it to at most "
            f"{FILENAME_MAX_LENGTH} and send it again",
        )
    if PurePath(name).suffix.lower() not in PAPER_EXTENSIONS:
        allowed = ", ".join(sorted(PAPER_EXTENSIONS))
        raise InvalidInput("paper_file", f"{name} is not a paper: send one of {allowed}")
    if not paper_file.content:
        raise InvalidInput("paper_file", f"{name} is empty")
    if len(paper_file.content) > PAPER_MAX_BYTES:
        raise InvalidInput(
            "paper_file",
            f"{name} is {len(paper_file.content) / 1024 / 1024:.1f} MB; the limit is "
            f"{PAPER_MAX_BYTES // 1024 // 1024} MB",
        )
    suffix = PurePath(name).suffix.lower()
    if not paper_file.content.startswith(PAPER_SIGNATURES[suffix]):
        kind = "PDF" if suffix == ".pdf" else "Word document"
        raise InvalidInput(
            "paper_file", f"{name} is not a {kind} inside: save it again as {suffix}"
        )


def expect_paper(session: Session, *, entry_id: int, kind: str, at: datetime) -> None:
    """Record that the entry's paper of this kind is awaited, unless it already is."""
    existing = session.exec(
        select(Paper.id).where(Paper.entry_id == entry_id, Paper.kind == kind)
    ).first()
    if existing is None:
        session.add(Paper(entry_id=entry_id, kind=kind, created_at=at, updated_at=at))


def store_version(
    session: Session,
    *,
    entry_id: int,
    kind: PaperKind | str,
    title: str,
    url: str | None,
    upload: UploadedFile | None,
    submitted_by_id: int | None,
    at: datetime,
) -> Paper:
    """Keep a new version of the entry's paper; it needs clearing again, even if one was cleared."""
    paper = session.exec(
        select(Paper).where(Paper.entry_id == entry_id, Paper.kind == kind)
    ).first()
    if paper is None:
        paper = Paper(entry_id=entry_id, kind=kind, created_at=at)
        session.add(paper)
        session.flush()
    last = session.exec(
        select(func.max(PaperVersion.number)).where(PaperVersion.paper_id == paper.id)
    ).one()
    version = PaperVersion(
        paper_id=paper.id,
        number=(last or 0) + 1,
        title=title.strip(),
        submitted_by_id=submitted_by_id,
        submitted_at=at,
    )
    if upload is not None:
        version.filename = PurePath(upload.filename).name
        version.content_type = CONTENT_TYPES.get(
            PurePath(version.filename).suffix.lower(), "application/octet-stream"
        )
        version.size = len(upload.content)
        version.sha256 = hashlib.sha256(upload.content).hexdigest()
    else:
        version.url = (url or "").strip()
    session.add(version)
    session.flush()
    if upload is not None:
        session.add(PaperFile(version_id=version.id, content=upload.content))
        session.add(PaperRendition(version_id=version.id))
        remember_after_commit(session, PAPERS_SUBMITTED, version.id)
    else:
        session.add(
            PaperRendition(
                version_id=version.id,
                state=RenditionState.UNREADABLE,
                problem="it was submitted as a link, not a file",
                made_at=at,
            )
        )
    paper.status = PaperStatus.DRAFT_RECEIVED
    paper.updated_at = at
    return paper


def mark_cleared(paper: Paper, *, at: datetime) -> None:
    paper.status = PaperStatus.CLEARED
    paper.updated_at = at


CHANGE_USUAL_PAPERS = "change the papers its items usually need"


def set_usual_papers(
    session: Session, *, actor: Actor, committee: Committee, kinds: Sequence[str]
) -> bool:
    """Set the papers the committee's new entries need unless they say otherwise; return whether
    it changed. Entries already made keep theirs."""
    require_governance(session, actor, committee, CHANGE_USUAL_PAPERS)
    known = {kind.value for kind in PaperKind}
    unknown = [kind for kind in kinds if kind and kind not in known]
    if unknown:
        raise InvalidInput(
            "papers_needed",
            f"“{unknown[0]}” is not a kind of paper: choose from "
            f"{', '.join(PAPER_KIND_LABELS[kind].lower() for kind in PaperKind)}",
        )
    stored = kinds_stored(kinds)
    if stored == committee.papers_needed:
        return False
    committee.papers_needed = stored
    session.flush()
    return True
