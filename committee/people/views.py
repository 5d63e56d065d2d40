"""Signing in and out of the pages."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from committee.db import get_session
from committee.people.auth import sign_in as start_session
from committee.people.auth import sign_out as end_session
from committee.people.queries import person_for_credentials

pages = Blueprint("people", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    """Return where to go after signing in: only a path on this site, never elsewhere."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for("home.home")


@pages.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response | tuple[str, int]:
    next_page = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("people/sign_in.html", next_page=next_page, email="")
    email = request.form.get("email", "").strip()
    person = person_for_credentials(get_session(), email, request.form.get("password", ""))
    if person is None:
        error = "The email address or password is not right."
        return render_template(
            "people/sign_in.html", next_page=next_page, email=email, error=error
        ), 401
    start_session(person)
    flash(f"Signed in as {person.name}.")
    return redirect(next_page)


@pages.post("/sign-out")
def sign_out() -> Response:
    end_session()
    flash("Signed out.")
    return redirect(url_for("committees.home"))
