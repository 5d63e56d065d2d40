"""Convert submitted papers into the PDFs the pack and the public take, off every request.

Each version's rendition is pending from its submission's commit until a worker
converts it (committee.papers.convert, in a child process with limits) in
transactions of its own, short ones: reading the file, then writing the
result. The submitting request's thread, the scheduler's sweep and the pack
builder all call `convert_pending`; a claim keeps two of them off one paper,
and one that died mid-way is taken over after a while.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from committee.db import rows_matched
from committee.papers.convert import DEFAULT_LIMITS, Conversion, Limits, convert_paper
from committee.papers.models import (
    PAPER_KIND_LABELS,
    Paper,
    PaperFile,
    PaperKind,
    PaperRendition,
    PaperVersion,
    RenditionState,
)
from committee.timeutil import utcnow

#: A claim older than this is a worker that died: another may take the paper on.
CLAIM_LASTS = timedelta(minutes=5)


def pending_versions(session: OrmSession, now: datetime) -> list[int]:
    """The versions still to convert that no live worker has claimed."""
    return list(
        session.scalars(
            select(PaperRendition.version_id).where(
                PaperRendition.state == RenditionState.PENDING.value,
                or_(
                    col(PaperRendition.claimed_at).is_(None),
                    col(PaperRendition.claimed_at) < now - CLAIM_LASTS,
                ),
            )
        )
    )


def convert_pending(
    sessions: sessionmaker[Session],
    *,
    version_ids: Iterable[int] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> int:
    """Convert the pending renditions (of these versions, or all); return how many were made."""
    made = 0
    with sessions() as session:
        wanted = pending_versions(session, utcnow()) if version_ids is None else list(version_ids)
    for version_id in wanted:
        claimed = _claim(sessions, version_id)
        if claimed is None:
            continue
        content, (title, filename) = claimed
        conversion = (
            convert_paper(content, filename, title=title, limits=limits)
            if content is not None
            else Conversion(None, 0, "its file is missing")
        )
        with sessions() as session, session.begin():
            rendition = session.get(PaperRendition, version_id)
            if rendition is None or rendition.state != RenditionState.PENDING:
                continue
            rendition.state = (
                RenditionState.READY if conversion.readable else RenditionState.UNREADABLE
            )
            rendition.pdf = conversion.pdf
            rendition.pages = conversion.pages
            rendition.problem = conversion.problem
            rendition.made_at = utcnow()
            made += 1
    return made


def _claim(
    sessions: sessionmaker[Session], version_id: int
) -> tuple[bytes | None, tuple[str, str]] | None:
    """Take the version on (one UPDATE, so two workers cannot both); return its file (None if
    it has gone) with its title and file name, or None if another worker has it."""
    now = utcnow()
    with sessions() as session, session.begin():
        taken = session.execute(
            update(PaperRendition)
            .where(
                col(PaperRendition.version_id) == version_id,
                col(PaperRendition.state) == RenditionState.PENDING.value,
                or_(
                    col(PaperRendition.claimed_at).is_(None),
                    col(PaperRendition.claimed_at) < now - CLAIM_LASTS,
                ),
            )
            .values(claimed_at=now)
        )
        if rows_matched(taken) != 1:
            return None
        found = session.exec(
            select(PaperFile.content, PaperVersion.title, PaperVersion.filename, Paper.kind)
            .join(PaperVersion, col(PaperVersion.id) == PaperFile.version_id)
            .join(Paper, col(Paper.id) == PaperVersion.paper_id)
            .where(PaperFile.version_id == version_id)
        ).first()
    if found is None:
        return None, ("", "")
    content, title, filename, kind = found
    label = PAPER_KIND_LABELS.get(PaperKind(kind), kind)
    return content, (f"{label}: {title}" if title else label, filename or "")
