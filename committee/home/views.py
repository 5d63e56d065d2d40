"""`/home`: each signed-in person's week, by the roles they hold; resending a failed message."""

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from committee.db import get_session
from committee.decisions.queries import clocks as decision_clocks
from committee.decisions.queries import keeps_the_plan, open_to_call_in_by
from committee.errors import OperationError
from committee.home.queries import (
    committees_by_name,
    committees_sat_on,
    meetings_this_week,
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
from committee.reminders.queries import AGENDAS_AHEAD_WORKING_DAYS, outstanding
from committee.timeutil import to_london, utcnow
from workflows.decision import DECISION_STATE_WORDS

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
    work = outstanding(
        session, clerked, now=now, agendas_ahead_working_days=AGENDAS_AHEAD_WORKING_DAYS
    )
    week = meetings_this_week(session, clerked, now)
    return render_template(
        "home/home.html",
        now=now,
        today=today,
        clerked=clerked,
        committees=committees_by_name(session, clerked),
        meetings_today=[meeting for meeting in week if meeting.is_on(today)],
        meetings_later=[meeting for meeting in week if not meeting.is_on(today)],
        to_clear=[line for line in work.papers if line.waiting_to_be_cleared],
        to_follow=[line for line in work.papers if line.to_follow],
        papers_overdue=[line for line in work.papers if line.overdue],
        papers_awaited=[line for line in work.papers if line.status == "awaited"],
        agendas=work.agendas,
        unscheduled=work.unscheduled,
        minutes=minutes_owed(session, clerked, now),
        overdue=responses_overdue(session, clerked, today),
        failed=messages,
        changes=recent_changes(session, clerked),
        owed=papers_owed(session, person, now),
        seats=committees_sat_on(session, person, today),
        meetings=next_meetings_of_member(session, person, now),
        time_left=time_left,
        executive=decision_clocks(session, today=today)
        if keeps_the_plan(session, person)
        else None,
        to_call_in=open_to_call_in_by(session, person, today=today),
        state_words=DECISION_STATE_WORDS,
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
        flash(error.in_words)
        return redirect(url_for("home.home"))
    flash(f"“{message.subject}” will be sent again within a minute.")
    return redirect(url_for("home.home"))
