"""Signing in and out of the pages."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_limiter import RequestLimit

from committee.db import get_session
from committee.errors import InvalidInput
from committee.extensions import limiter
from committee.notifications.operations import send_password_reset
from committee.people.auth import sign_in as start_session
from committee.people.auth import sign_out as end_session
from committee.people.operations import normalise_email, reset_password
from committee.people.queries import live_password_reset, person_for_credentials
from committee.timeutil import utcnow
from committee.web import remember_refusal

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


#: Failed sign-ins allowed, per account (whether or not it exists) and per address.
FAILURES_PER_ACCOUNT = "5 per 15 minutes"
FAILURES_PER_ADDRESS = "20 per 15 minutes"
LOCKED_OUT = (
    "Too many failed attempts to sign in: wait 15 minutes and try again, "
    "or choose a new password with the link below."
)


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _account() -> str:
    return request.form.get("email", "").strip().lower()


def _locked_out(_limit: RequestLimit) -> Response:
    page = render_template(
        "people/sign_in.html",
        next_page=_safe_next(request.values.get("next")),
        email=request.form.get("email", "").strip(),
        error=LOCKED_OUT,
    )
    return make_response(page, 429)


@pages.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    FAILURES_PER_ADDRESS,
    methods=["POST"],
    deduct_when=_failed,
    on_breach=_locked_out,
    scope="sign-in-address",
)
@limiter.limit(
    FAILURES_PER_ACCOUNT,
    key_func=_account,
    methods=["POST"],
    deduct_when=_failed,
    on_breach=_locked_out,
    scope="sign-in-account",
)
def sign_in() -> ResponseReturnValue:
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
def sign_out() -> ResponseReturnValue:
    end_session()
    flash("Signed out.")
    return redirect(url_for("committees.home"))


@pages.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"], scope="forgot-password")
def forgot_password() -> str | tuple[str, int]:
    """Ask for a link to choose a new password (or a first one), sent by email."""
    if request.method == "GET":
        return render_template("people/forgot_password.html", email="")
    typed = request.form.get("email", "").strip()
    try:
        email = normalise_email(typed)
    except InvalidInput:
        error = "Enter your email address, like name@council.gov.uk."
        return render_template("people/forgot_password.html", email=typed, error=error), 422
    session = get_session()
    send_password_reset(session, email=email, base_url=current_app.config["BASE_URL"])
    session.commit()
    return render_template("people/forgot_password.html", email=email, sent=True)


@pages.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], scope="reset-password")
def choose_password(token: str) -> ResponseReturnValue:
    """Choose a password with a link from an email: once, while it lasts (an hour; a week for
    an invitation)."""
    session = get_session()
    if live_password_reset(session, token, now=utcnow()) is None:
        return render_template("people/reset_password.html", expired=True), 404
    if request.method == "GET":
        return render_template("people/reset_password.html")
    password = request.form.get("password", "")
    if password != request.form.get("confirm", ""):
        error = "The two passwords are not the same: type the new one twice."
        return render_template("people/reset_password.html", error=error), 422
    try:
        reset_password(session, token=token, password=password)
        session.commit()
    except InvalidInput as error:
        session.rollback()
        remember_refusal(error)
        message = f"{error.reason[0].upper()}{error.reason[1:]}."
        return render_template("people/reset_password.html", error=message), 422
    flash("Your new password is set: sign in with it.")
    return redirect(url_for("people.sign_in"))
