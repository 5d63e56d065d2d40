"""Look committees up."""

from sqlmodel import Session, select

from committee.committees.models import Committee
from committee.errors import NotFound


def get_committee(session: Session, slug: str) -> Committee:
    committee = session.exec(select(Committee).where(Committee.slug == slug)).first()
    if committee is None:
        raise NotFound(f"No committee has the slug {slug!r}.")
    return committee


def list_committees(session: Session) -> list[Committee]:
    return list(session.exec(select(Committee).order_by(Committee.name)))
