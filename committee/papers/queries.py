"""Read an entry's papers and their versions."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from committee.papers.models import Paper, PaperStatus, PaperVersion
from committee.people.models import Person


@dataclass(frozen=True)
class PaperView:
    paper: Paper
    versions: list[tuple[PaperVersion, str | None]]  # each with its submitter's name


def paper_statuses_by_entry(
    session: Session, entry_ids: Iterable[int]
) -> dict[int, dict[str, str]]:
    """Each entry's papers' statuses by kind, by entry id, in one query (no papers: absent)."""
    statuses: dict[int, dict[str, str]] = defaultdict(dict)
    for entry_id, kind, status in session.exec(
        select(Paper.entry_id, Paper.kind, Paper.status).where(
            col(Paper.entry_id).in_(list(entry_ids))
        )
    ):
        statuses[entry_id][kind] = status
    return statuses


def papers_of(session: Session, entry_id: int | None) -> list[PaperView]:
    """Return the entry's papers with every version, newest last."""
    papers = list(
        session.exec(select(Paper).where(Paper.entry_id == entry_id).order_by(col(Paper.kind)))
    )
    rows = session.exec(
        select(PaperVersion, Person.name)
        .outerjoin(Person, col(Person.id) == PaperVersion.submitted_by_id)
        .where(col(PaperVersion.paper_id).in_([paper.id for paper in papers]))
        .order_by(col(PaperVersion.number))
    )
    versions: dict[int, list[tuple[PaperVersion, str | None]]] = defaultdict(list)
    for version, name in rows:
        versions[version.paper_id].append((version, name))
    return [PaperView(paper, versions[paper.id]) for paper in papers]


def drafts_to_clear(session: Session, entry_id: int | None, kind: str | None) -> list[Paper]:
    """Return the entry's papers whose latest version awaits clearing (of one kind, if given)."""
    query = select(Paper).where(
        Paper.entry_id == entry_id, Paper.status == PaperStatus.DRAFT_RECEIVED
    )
    if kind is not None:
        query = query.where(Paper.kind == kind)
    return list(session.exec(query))


def latest_version_id(session: Session, paper_id: int) -> int | None:
    return session.exec(
        select(PaperVersion.id)
        .where(PaperVersion.paper_id == paper_id)
        .order_by(col(PaperVersion.number).desc())
        .limit(1)
    ).first()
