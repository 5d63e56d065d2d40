"""Create committees."""

import re
from datetime import time

from sqlmodel import Session, select

from committee.committees.models import Committee
from committee.errors import Conflict, InvalidInput

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 80


def validate_slug(slug: str) -> str:
    if not SLUG_PATTERN.match(slug) or len(slug) > SLUG_MAX_LENGTH:
        raise InvalidInput(
            "slug",
            f"{slug!r} is not a slug: use lower-case letters, digits and single hyphens "
            f"(e.g. scrutiny-board-2), at most {SLUG_MAX_LENGTH} characters",
        )
    return slug


def create_committee(
    session: Session,
    *,
    slug: str,
    name: str,
    usual_venue: str = "",
    usual_start_time: time = time(14, 0),
) -> Committee:
    """Create a committee; the slug must be new."""
    validate_slug(slug)
    name = name.strip()
    if not name:
        raise InvalidInput("name", "a committee needs a name")
    if session.exec(select(Committee.id).where(Committee.slug == slug)).first() is not None:
        raise Conflict(f"A committee with the slug {slug!r} already exists.")
    committee = Committee(
        slug=slug, name=name, usual_venue=usual_venue.strip(), usual_start_time=usual_start_time
    )
    session.add(committee)
    session.flush()
    return committee
