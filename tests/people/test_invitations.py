"""A newcomer is invited to choose a password; the demo has an administrator, and a link to
sign in as anyone in it."""

import re
from datetime import timedelta

from sqlmodel import select

from committee.demo.seed import seed_demo
from committee.notifications.models import MessageKind, OutboxMessage
from committee.people.models import Person, Role, RoleGrant
from committee.people.operations import set_password
from tests.conftest import PASSWORD, csrf_token, sign_in

NEW_PASSWORD = "a long enough new password"


def choose_password(client, link: str):
    path = link.split("committees.test", 1)[-1]
    return client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )


def test_a_person_added_is_invited_once_for_a_week(client, make, session, now, time_machine):
    admin = make.person(Role.ADMIN, name="Ada Admin", email="admin@council.test")
    set_password(session, person=admin, password=PASSWORD)
    session.commit()
    sign_in(client, admin.email)
    added = client.post(
        "/admin/people",
        data={
            "csrf_token": csrf_token(client, "/admin/people"),
            "name": "Sonia Watson",
            "email": "sonia.watson@council.test",
            "job_title": "Head of Fostering",
            "role": "lead-officer",
        },
    )
    assert added.status_code == 302
    (invitation,) = session.exec(
        select(OutboxMessage).where(OutboxMessage.kind == MessageKind.INVITATION.value)
    ).all()
    assert invitation.to_addresses == "sonia.watson@council.test"
    assert "Ada Admin has added you to the committee service" in invitation.body_text
    assert "open this link by Monday, 23rd November, 2026" in invitation.body_text
    link = re.search(r"https?://\S+/reset-password/\S+", invitation.body_text).group(0)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})

    time_machine.move_to(now + timedelta(days=6), tick=False)
    chosen = choose_password(client, link)
    assert chosen.status_code in (302, 303), chosen.get_data(as_text=True)
    sign_in(client, "sonia.watson@council.test", NEW_PASSWORD)
    assert client.get("/home").status_code == 200
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert client.get(link.split("committees.test", 1)[-1]).status_code == 404  # once only


def test_an_invitation_expires_after_a_week(client, make, session, now, time_machine):
    from committee.notifications.operations import send_invitation

    person = make.person(name="Paul Smith", email="paul.smith@council.test")
    send_invitation(session, person=person, invited_by="Ada Admin", base_url="https://x.test")
    session.commit()
    (invitation,) = session.exec(
        select(OutboxMessage).where(OutboxMessage.kind == MessageKind.INVITATION.value)
    ).all()
    link = re.search(r"https?://\S+/reset-password/\S+", invitation.body_text).group(0)
    time_machine.move_to(now + timedelta(days=7, minutes=1), tick=False)
    path = "/reset-password/" + link.rsplit("/", 1)[1]
    expired = client.get(path)
    assert expired.status_code == 404
    assert "This link has been used, or has expired." in expired.get_data(as_text=True)


def test_the_demo_has_an_administrator_and_a_sign_in_link_for_anyone(app, client, session, now):
    seed_demo(session)
    session.commit()
    (admin,) = session.exec(
        select(Person)
        .join(RoleGrant, RoleGrant.person_id == Person.id)
        .where(RoleGrant.role == Role.ADMIN.value)
    ).all()
    assert admin.name == "Lara Knight"
    runner = app.test_cli_runner()
    printed = runner.invoke(args=["demo-sign-in", admin.email])
    assert printed.exit_code == 0, printed.output
    assert f"choose a password for Lara Knight, then sign in as {admin.email}" in printed.output
    link = re.search(r"\S+/reset-password/\S+", printed.output).group(0)
    assert choose_password(client, link).status_code in (302, 303)
    sign_in(client, admin.email, NEW_PASSWORD)
    assert client.get("/admin/people").status_code == 200

    unknown = runner.invoke(args=["demo-sign-in", "nobody@coventry.example"])
    assert unknown.exit_code == 1
    assert "No one in the database has the address nobody@coventry.example" in unknown.output
