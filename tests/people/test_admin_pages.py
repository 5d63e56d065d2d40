"""Administrators add people and give and take their roles, from the pages."""

import pytest
from sqlmodel import select

from committee.people.models import Membership, Person, Role, RoleGrant
from committee.people.operations import set_password
from tests.conftest import PASSWORD, csrf_token, sign_in


@pytest.fixture
def admin(now, make, session):
    person = make.person(Role.ADMIN, name="Ada Admin", email="admin@council.test")
    set_password(session, person=person, password=PASSWORD)
    session.commit()
    return person


def _roles(session, person) -> list[tuple[str, int | None]]:
    grants = session.exec(select(RoleGrant).where(RoleGrant.person_id == person.id)).all()
    return sorted((grant.role, grant.committee_id) for grant in grants)


def test_an_administrator_adds_a_governance_officer(client, make, admin, session):
    board = make.committee("scrutiny-board-2", name="Scrutiny Board (2)")
    sign_in(client, admin.email)
    added = client.post(
        "/admin/people",
        data={
            "csrf_token": csrf_token(client, "/admin/people"),
            "name": "Michelle Rose",
            "email": "Michelle.Rose@council.test",
            "job_title": "Governance Services Officer",
            "role": "governance",
            "committee": [str(board.id)],
        },
    )
    assert added.status_code == 302
    person = session.exec(select(Person).where(Person.email == "michelle.rose@council.test")).one()
    assert added.headers["Location"] == f"/admin/people/{person.id}"
    assert _roles(session, person) == [("governance", board.id)]
    page = client.get(added.headers["Location"]).get_data(as_text=True)
    assert (
        "Michelle Rose is added and sent an invitation to michelle.rose@council.test to choose a "
        "password: the link works once, for seven days."
    ) in page
    assert "Governance officer of Scrutiny Board (2)" in page


def test_a_member_given_a_committee_gets_a_seat(client, make, admin, session):
    board = make.committee("scrutiny-board-2")
    person = make.person(name="Cllr Kaur", email="kaur@council.test", role=Role.LEAD_OFFICER)
    sign_in(client, admin.email)
    path = f"/admin/people/{person.id}"
    given = client.post(
        f"{path}/roles",
        data={
            "csrf_token": csrf_token(client, path),
            "role": "member",
            "committee": [str(board.id)],
        },
    )
    assert given.status_code == 302
    assert ("member", None) in _roles(session, person)
    assert session.exec(select(Membership).where(Membership.person_id == person.id)).one()


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"name": "X", "email": "not-an-address", "role": "member"}, 422, "email"),
        ({"name": "", "email": "x@council.test", "role": "member"}, 422, "name"),
        ({"name": "X", "email": "x@council.test", "role": "emperor"}, 422, "is not a role"),
        ({"name": "X", "email": "x@council.test", "role": "governance"}, 422, "committee"),
        (
            {"name": "X", "email": "x@council.test", "role": "member", "committee": "999"},
            422,
            "no committee",
        ),
        (
            {"name": "X", "email": "admin@council.test", "role": "member"},
            409,
            "Someone already has the address admin@council.test",
        ),
    ],
)
def test_a_bad_person_is_refused_keeping_what_was_typed(
    client, admin, session, fields, status, message
):
    sign_in(client, admin.email)
    refused = client.post(
        "/admin/people", data={"csrf_token": csrf_token(client, "/admin/people"), **fields}
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == status
    assert message in page
    assert f'value="{fields["name"]}"' in page
    assert len(session.exec(select(Person)).all()) == 1


def test_taking_a_role_away_but_never_the_last_administrators(client, make, admin, session):
    officer = make.person(Role.LEAD_OFFICER, name="Kirston Nelson")
    sign_in(client, admin.email)
    (grant,) = session.exec(select(RoleGrant).where(RoleGrant.person_id == officer.id)).all()
    path = f"/admin/people/{officer.id}"
    taken = client.post(
        f"{path}/roles/{grant.id}/remove", data={"csrf_token": csrf_token(client, path)}
    )
    assert taken.status_code == 302
    assert _roles(session, officer) == []

    (own,) = session.exec(select(RoleGrant).where(RoleGrant.person_id == admin.id)).all()
    mine = f"/admin/people/{admin.id}"
    last = client.post(
        f"{mine}/roles/{own.id}/remove", data={"csrf_token": csrf_token(client, mine)}
    )
    assert last.status_code == 409
    assert "This is the last administrator" in last.get_data(as_text=True)
    assert _roles(session, admin) == [("admin", None)]

    elsewhere = client.post(
        f"{path}/roles/{own.id}/remove", data={"csrf_token": csrf_token(client, path)}
    )
    assert elsewhere.status_code in (404, 409)  # not this person's role
    assert _roles(session, admin) == [("admin", None)]


def test_only_administrators_manage_people(client, make, session):
    board = make.committee("scrutiny-board-2")
    clerk = make.clerk(board, email="clerk@council.test")
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    sign_in(client, clerk.email)
    assert client.get("/admin/people").status_code == 403
    refused = client.post(
        "/admin/people",
        data={
            "csrf_token": csrf_token(client, "/home"),
            "name": "Mallory",
            "email": "mallory@council.test",
            "role": "admin",
        },
    )
    assert refused.status_code == 403
    assert (
        session.exec(select(Person).where(Person.email == "mallory@council.test")).first() is None
    )
    assert client.get("/admin/people/1").status_code == 403
