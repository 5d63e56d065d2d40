"""Pages anyone may read: committees, their meetings and public agendas."""

from flask import Blueprint, render_template

from committee.db import get_session
from committee.models import Committee
from committee.operations.agenda import agenda_of
from committee.operations.committees import get_committee
from committee.operations.meetings import get_meeting
from committee.operations.schedules import meeting_deadlines
from committee.queries import list_committees, meetings_of
from committee.timeutil import utcnow
from committee.views.feeds import feed_url, subscription_links

bp = Blueprint("public", __name__)


@bp.get("/")
def home() -> str:
    return render_template("public/home.html", committees=list_committees(get_session()))


@bp.get("/committees/<slug>")
def committee(slug: str) -> str:
    session = get_session()
    found = get_committee(session, slug)
    meetings = meetings_of(session, found)
    now = utcnow()
    return render_template(
        "public/committee.html",
        committee=found,
        links=subscription_links(feed_url("feeds.committee_meetings", slug=found.slug)),
        upcoming=[m for m in meetings if m.end >= now],
        past=[m for m in reversed(meetings) if m.end < now],
    )


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int) -> str:
    session = get_session()
    found = get_meeting(session, meeting_id)
    items = agenda_of(session, found)
    return render_template(
        "public/meeting.html",
        meeting=found,
        deadlines=meeting_deadlines(session, found),
        committee=session.get(Committee, found.committee_id),
        public_items=[item for item in items if not item.is_private],
        private_items=[item for item in items if item.is_private],
    )
