"""`/home`: each signed-in person's week, by the roles they hold; resending a failed message."""

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from committee.db import get_session
from committee.errors import OperationError
from committee.home.queries import (
    agendas_due,
    committees_sat_on,
    entries_without_a_meeting,
    minutes_owed,
    next_meetings_of_member,
    papers_owed,
    recent_changes,
    responses_overdue,
    time_left,
)
from committee.notifications.operations import resend
from committee.notifications.queries import failed_messages
from committee.people.auth import current_person, sign_in_required
from committee.people.permissions import committees_clerked_by, is_admin
from committee.timeutil import to_london, utcnow

pages = Blueprint("home", __name__, template_folder="templates")


@pages.get("/home")
@sign_in_required
def home() -> str:
    """The governance dashboard, the member's meetings and the lead officer's papers: whichever
    of them the person's roles give them, governance first."""
    session = get_session()
    person = current_person()
    now = utcnow()
    today = to_london(now).date()
    clerked = committees_clerked_by(session, person.id)
    messages = failed_messages(session, person) if clerked or is_admin(session, person) else []
    return render_template(
        "home/home.html",
        now=now,
        clerked=clerked,
        agendas=agendas_due(session, clerked, now, today),
        unscheduled=entries_without_a_meeting(session, clerked, today),
        minutes=minutes_owed(session, clerked, now),
        overdue=responses_overdue(session, clerked, today),
        failed=messages,
        changes=recent_changes(session, clerked),
        owed=papers_owed(session, person, now),
        seats=committees_sat_on(session, person, today),
        meetings=next_meetings_of_member(session, person, now),
        time_left=time_left,
    )


@pages.post("/home/messages/<int:message_id>/resend")
@sign_in_required
def resend_message(message_id: int) -> Response | tuple[str, int]:
    """Send a failed message again (those who may see it may), then back to the dashboard."""
    session = get_session()
    try:
        message = resend(session, actor=current_person(), message_id=message_id)
        session.commit()
    except OperationError as error:
        session.rollback()
        flash(error.message)
        return redirect(url_for("home.home"))
    flash(f"“{message.subject}” will be sent again within a minute.")
    return redirect(url_for("home.home"))
