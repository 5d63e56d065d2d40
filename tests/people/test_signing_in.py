"""Signing in and out: sessions that end on the server, expire, lock out guessing, and reset links."""

import re
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from committee.notifications.models import MessageKind, OutboxMessage
from committee.people.models import PasswordReset, WebSession
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.conftest import PASSWORD, csrf_token, sign_in

START = datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)


@pytest.fixture
def officer(now, make, session):
    person = make.person(name="Michelle Rose", email="michelle.rose@council.test")
    set_password(session, person=person, password=PASSWORD)
    session.commit()
    return person


def signed_in(client) -> bool:
    return client.get("/my/papers").status_code == 200


def attempt(client, email: str, password: str, address: str = "192.0.2.1"):
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/sign-in", data=data, environ_base={"REMOTE_ADDR": address})


def test_signing_out_ends_the_session_so_a_copied_cookie_no_longer_works(app, client, officer):
    sign_in(client, officer.email)
    copied = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert signed_in(thief)  # positive control: the copy works while the session lives

    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert not signed_in(client)
    assert not signed_in(thief)


def test_a_session_ends_after_two_idle_hours(client, officer, time_machine):
    sign_in(client, officer.email)
    for _ in range(3):  # in use: each request keeps it going
        time_machine.move_to(datetime.now(LONDON) + timedelta(minutes=119), tick=False)
        assert signed_in(client)
    time_machine.move_to(datetime.now(LONDON) + timedelta(minutes=121), tick=False)
    assert not signed_in(client)


def test_a_session_ends_after_twelve_hours_however_busy(client, officer, time_machine):
    sign_in(client, officer.email)
    for hour in range(1, 12):
        time_machine.move_to(START + timedelta(hours=hour), tick=False)
        assert signed_in(client), f"signed out after {hour} hours"
    time_machine.move_to(START + timedelta(hours=12, minutes=1), tick=False)
    assert not signed_in(client)


def test_a_new_password_ends_every_session(client, officer, session):
    sign_in(client, officer.email)
    set_password(session, person=officer, password="another long password")
    session.commit()
    assert not signed_in(client)
    live = session.exec(select(WebSession).where(WebSession.ended_at.is_(None))).all()
    assert live == []


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(
    client, make, officer, session, time_machine
):
    other = make.person(name="Lara Knight", email="lara.knight@council.test")
    set_password(session, person=other, password=PASSWORD)
    session.commit()
    for _ in range(5):
        assert attempt(client, officer.email, "wrong password!").status_code == 401
    locked = attempt(client, officer.email, PASSWORD)  # even the right one, now
    assert locked.status_code == 429
    assert "Too many failed attempts to sign in: wait 15 minutes" in locked.get_data(as_text=True)
    assert not signed_in(client)

    assert attempt(client, other.email, PASSWORD).status_code == 302  # another account is not
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    time_machine.move_to(START + timedelta(minutes=16), tick=False)
    assert attempt(client, officer.email, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lockout_counts_an_address_however_it_is_capitalised(client, officer):
    """Guesses spread across capitalisations are guesses at one account."""
    for spelling in (
        "Michelle.Rose@council.test",
        "MICHELLE.ROSE@COUNCIL.TEST",
        "michelle.rose@Council.Test",
        " michelle.rose@council.test ",
        "Michelle.rose@council.test",
    ):
        assert attempt(client, spelling, "wrong password!").status_code == 401
    assert attempt(client, officer.email, PASSWORD).status_code == 429


def test_an_unknown_address_is_locked_out_alike(client, officer):
    """The lockout must not tell an account that exists from one that does not."""
    for email in ("michelle.rose@council.test", "nobody@council.test"):
        for _ in range(5):
            attempt(client, email, "wrong password!")
    known = attempt(client, "michelle.rose@council.test", "wrong password!")
    unknown = attempt(client, "nobody@council.test", "wrong password!")
    assert (known.status_code, unknown.status_code) == (429, 429)
    # Each page has its own script nonce; everything else is the same.
    known_page, unknown_page = (
        re.sub(r'nonce="[^"]+"', 'nonce=""', answer.get_data(as_text=True))
        for answer in (known, unknown)
    )
    assert known_page == unknown_page.replace("nobody@council.test", "michelle.rose@council.test")


def test_one_address_guessing_many_accounts_is_stopped(client, officer):
    for number in range(20):
        attempt(client, f"guess{number}@council.test", "wrong password!", address="198.51.100.7")
    assert attempt(client, officer.email, PASSWORD, address="198.51.100.7").status_code == 429
    assert attempt(client, officer.email, PASSWORD, address="192.0.2.44").status_code == 302


def _reset_link(session) -> str:
    message = session.exec(
        select(OutboxMessage).where(OutboxMessage.kind == MessageKind.PASSWORD_RESET.value)
    ).one()
    found = re.search(r"https://committees\.test(/reset-password/\S+)", message.body_text)
    assert found is not None, message.body_text
    return found.group(1)


def test_a_forgotten_password_is_reset_by_an_emailed_link_once(client, officer, session):
    sign_in(client, officer.email)
    other_browser = client.get_cookie("session").value
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert "Forgotten your password" in client.get("/sign-in").get_data(as_text=True)

    asked = client.post(
        "/forgot-password",
        data={
            "email": "Michelle.Rose@council.test ",
            "csrf_token": csrf_token(client, "/forgot-password"),
        },
    )
    assert asked.status_code == 200
    assert (
        "If michelle.rose@council.test has an account, we are sending it a link"
        in asked.get_data(as_text=True)
    )
    link = _reset_link(session)
    stored = session.exec(select(PasswordReset)).one()
    assert link.rsplit("/", 1)[1] not in (stored.token_hash, "")  # only its digest is kept

    token = csrf_token(client, link)
    mismatch = client.post(
        link, data={"csrf_token": token, "password": "a new long password", "confirm": "another"}
    )
    assert mismatch.status_code == 422
    short = client.post(link, data={"csrf_token": token, "password": "short", "confirm": "short"})
    assert short.status_code == 422
    assert "Use at least 12 characters." in short.get_data(as_text=True)

    done = client.post(
        link,
        data={
            "csrf_token": token,
            "password": "a new long password",
            "confirm": "a new long password",
        },
    )
    assert (done.status_code, done.headers["Location"]) == (302, "/sign-in")
    sign_in(client, officer.email, password="a new long password")
    client.set_cookie("session", other_browser)
    assert not signed_in(client)  # the browser signed in before the reset is signed out

    again = client.get(link)
    assert again.status_code == 404
    assert "This link has been used, or has expired." in again.get_data(as_text=True)


def test_a_reset_link_dies_after_an_hour(client, officer, session, time_machine):
    client.post(
        "/forgot-password",
        data={"email": officer.email, "csrf_token": csrf_token(client, "/forgot-password")},
    )
    link = _reset_link(session)
    assert client.get(link).status_code == 200
    time_machine.move_to(START + timedelta(minutes=61), tick=False)
    assert client.get(link).status_code == 404


def test_asking_for_an_unknown_address_looks_the_same_and_sends_nothing(client, officer, session):
    page = client.post(
        "/forgot-password",
        data={"email": "nobody@council.test", "csrf_token": csrf_token(client, "/forgot-password")},
    )
    assert page.status_code == 200
    assert "If nobody@council.test has an account, we are sending it a link" in page.get_data(
        as_text=True
    )
    assert session.exec(select(OutboxMessage)).all() == []


@pytest.mark.parametrize("email", ["", "not an address", "a@b", "x" * 300 + "@council.test"])
def test_asking_with_something_not_an_address_is_a_clear_refusal(client, officer, session, email):
    page = client.post(
        "/forgot-password",
        data={"email": email, "csrf_token": csrf_token(client, "/forgot-password")},
    )
    assert page.status_code == 422
    assert "Enter your email address" in page.get_data(as_text=True)
    assert session.exec(select(OutboxMessage)).all() == []


@pytest.mark.parametrize("token", ["nonsense", "x" * 500, "%00", "é"])
def test_an_unknown_reset_link_is_refused(client, officer, token):
    page = client.get(f"/reset-password/{token}")
    assert page.status_code in (400, 404)
