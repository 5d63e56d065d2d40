"""A person's own calendar feed: see its address, get a new one, or switch it off."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from committee.db import get_session
from committee.operations.calendars import (
    calendar_token,
    regenerate_calendar_token,
    revoke_calendar_token,
)
from committee.views.auth import sign_in_required, signed_in_person
from committee.views.feeds import feed_url, subscription_links

bp = Blueprint("calendar_pages", __name__)


@bp.get("/my/calendar")
@sign_in_required
def my_calendar() -> str:
    person = signed_in_person()
    assert person is not None
    token = calendar_token(
        get_session(), person=person, secret_key=current_app.config["SECRET_KEY"]
    )
    links = subscription_links(feed_url("feeds.personal", token=token)) if token else None
    return render_template("calendar/mine.html", links=links)


@bp.post("/my/calendar/regenerate")
@sign_in_required
def regenerate() -> Response:
    person = signed_in_person()
    assert person is not None
    session = get_session()
    had = (
        calendar_token(session, person=person, secret_key=current_app.config["SECRET_KEY"])
        is not None
    )
    regenerate_calendar_token(session, person=person, secret_key=current_app.config["SECRET_KEY"])
    session.commit()
    flash(
        "Your calendar has a new address; the old one no longer works. Subscribe again with the new one."
        if had
        else "Your calendar address is ready: subscribe to it below."
    )
    return redirect(url_for("calendar_pages.my_calendar"))


@bp.post("/my/calendar/revoke")
@sign_in_required
def revoke() -> Response:
    person = signed_in_person()
    assert person is not None
    session = get_session()
    revoke_calendar_token(session, person=person)
    session.commit()
    flash("Your calendar address no longer works. You can make a new one at any time.")
    return redirect(url_for("calendar_pages.my_calendar"))
