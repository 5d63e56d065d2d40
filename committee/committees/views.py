"""Pages anyone may read: the committees, and each committee's meetings; the committees API."""

from flask import Blueprint, render_template
from spectree import Response as Responses

from committee.agenda.queries import status_labels
from committee.api import ERRORS, Authorise, api_blueprint, spec
from committee.calendars.links import feed_url, subscription_links
from committee.committees.queries import get_committee, list_committees
from committee.committees.schemas import CommitteeList, CommitteePublic
from committee.db import get_session
from committee.meetings.queries import meetings_of
from committee.people.actors import Actor
from committee.people.auth import signed_in_person
from committee.people.permissions import governs, require_governance
from committee.timeutil import utcnow

pages = Blueprint("committees", __name__, template_folder="templates")
api = api_blueprint("committees_api", __name__)


@pages.get("/")
def home() -> str:
    return render_template("committees/home.html", committees=list_committees(get_session()))


@pages.get("/committees/<slug>")
def committee(slug: str) -> str:
    session = get_session()
    found = get_committee(session, slug)
    meetings = meetings_of(session, found)
    now = utcnow()
    return render_template(
        "committees/committee.html",
        committee=found,
        links=subscription_links(feed_url("calendars.committee_feed", slug=found.slug)),
        upcoming=[m for m in meetings if m.end >= now],
        past=[m for m in reversed(meetings) if m.end < now],
        statuses=status_labels(session, meetings),
        clerk=governs(session, signed_in_person(), found.id),
    )


@api.get("/committees")
@spec.validate(resp=Responses(HTTP_200=CommitteeList), tags=["committees"])
def committees() -> CommitteeList:
    """List the committees."""
    return CommitteeList(
        committees=[
            CommitteePublic.model_validate(found, from_attributes=True)
            for found in list_committees(get_session())
        ]
    )


@api.get("/committees/<slug>")
@spec.validate(resp=Responses(HTTP_200=CommitteePublic, **ERRORS), tags=["committees"])
def committee_json(slug: str) -> CommitteePublic:
    """Show a committee."""
    return CommitteePublic.model_validate(get_committee(get_session(), slug), from_attributes=True)


def governance_of_committee(doing: str) -> Authorise:
    """Authorise a route under /api/committees/<slug>/ for the committee's governance officers."""

    def authorise(actor: Actor, *, slug: str, **_path: object) -> None:
        session = get_session()
        require_governance(session, actor, get_committee(session, slug), doing)

    return authorise
