"""The CLI: each command says what it did, and a bad argument exits non-zero with one line."""

import pytest
from sqlmodel import select

from committee.committees.models import Committee
from committee.people.models import ApiToken, Membership, Person, RoleGrant
from committee.people.queries import person_for_api_token


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(args=list(args))

    return invoke


def test_create_a_committee(run, session):
    result = run(
        "committees",
        "create",
        "scrutiny-board-2",
        "--name",
        "Scrutiny Board (2)",
        "--venue",
        "Committee Room 3 - Council House",
        "--start-time",
        "14:00",
    )
    assert result.exit_code == 0, result.output
    assert result.output == "Created committee scrutiny-board-2: Scrutiny Board (2).\n"
    committee = session.exec(select(Committee)).one()
    assert (committee.usual_venue, committee.usual_start_time.hour) == (
        "Committee Room 3 - Council House",
        14,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["committees", "create", "Scrutiny Board", "--name", "x"], "cannot be a short name"),
        (["committees", "create", "board", "--name", "  "], "needs a name"),
        (["committees", "create", "board", "--name", "x", "--start-time", "2pm"], "is not a time"),
    ],
)
def test_bad_committee_arguments(run, session, args, message):
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert session.exec(select(Committee)).all() == []


def test_a_duplicate_slug_is_refused(run, make, session):
    make.committee("scrutiny-board-2")
    result = run("committees", "create", "scrutiny-board-2", "--name", "Again")
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "Error: A committee with the short name 'scrutiny-board-2' already exists: choose "
        "another."
    )
    assert len(session.exec(select(Committee)).all()) == 1


def test_create_a_governance_officer_for_two_committees(run, make, session):
    make.committee("board-a")
    make.committee("board-b")
    result = run(
        "users",
        "create",
        "Michelle.Rose@Council.test",
        "--name",
        "Michelle Rose",
        "--role",
        "governance",
        "--committee",
        "board-a",
        "--committee",
        "board-b",
    )
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == "Created Michelle Rose <michelle.rose@council.test> as governance for board-a, board-b.\n"
    )
    person = session.exec(select(Person).where(Person.email == "michelle.rose@council.test")).one()
    grants = session.exec(select(RoleGrant).where(RoleGrant.person_id == person.id)).all()
    assert len(grants) == 2
    committees = session.exec(select(Committee).order_by(Committee.slug)).all()
    assert [c.governance_officer_id for c in committees] == [person.id, person.id]


def test_a_member_gets_a_seat_on_each_committee(run, make, session):
    board = make.committee("board-a")
    result = run(
        "users",
        "create",
        "m.mutton@council.test",
        "--name",
        "M Mutton",
        "--role",
        "member",
        "--committee",
        "board-a",
    )
    assert result.exit_code == 0, result.output
    seat = session.exec(select(Membership)).one()
    assert (seat.committee_id, seat.role, seat.ends_on) == (board.id, "member", None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["users", "create", "not-an-email", "--name", "X", "--role", "admin"],
            "is not an email address",
        ),
        (
            ["users", "create", "x@council.test", "--name", "X", "--role", "mayor"],
            "'mayor' is not one of",
        ),
        (
            ["users", "create", "x@council.test", "--name", "X", "--role", "governance"],
            "choose at least one committee for a governance officer",
        ),
        (
            [
                "users",
                "create",
                "x@council.test",
                "--name",
                "X",
                "--role",
                "governance",
                "--committee",
                "nope",
            ],
            "No committee has the address 'nope'",
        ),
        (
            [
                "users",
                "create",
                "x@council.test",
                "--name",
                "X",
                "--role",
                "admin",
                "--committee",
                "board-a",
            ],
            "not held per committee",
        ),
        (["users", "create", "x@council.test", "--role", "admin"], "Missing option '--name'"),
        (["users", "token", "nobody@council.test"], "Nobody has the email address"),
    ],
)
def test_bad_user_arguments_change_nothing(run, make, session, args, message):
    make.committee("board-a")
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert session.exec(select(Person)).all() == []


def test_an_existing_email_is_refused_with_what_to_do(run, make, session):
    make.person(email="x@council.test")
    result = run("users", "create", "X@council.test", "--name", "X", "--role", "admin")
    assert result.exit_code == 1
    assert "already has the address" in result.output


def test_grant_adds_a_role_once(run, make, session):
    board = make.committee("board-a")
    person = make.person(email="x@council.test")
    first = run(
        "users", "grant", "x@council.test", "--role", "governance", "--committee", "board-a"
    )
    again = run(
        "users", "grant", "x@council.test", "--role", "governance", "--committee", "board-a"
    )
    assert first.output == "Granted x@council.test: governance for board-a.\n"
    assert again.output == "x@council.test already had that; nothing changed.\n"
    grants = session.exec(
        select(RoleGrant).where(
            RoleGrant.person_id == person.id, RoleGrant.committee_id == board.id
        )
    ).all()
    assert len(grants) == 1


def test_token_prints_a_working_token_alone_on_its_last_line(run, make, session):
    person = make.person(email="x@council.test")
    result = run("users", "token", "x@council.test")
    assert result.exit_code == 0
    token = result.output.splitlines()[-1]
    assert token.startswith("cws_")
    assert " " not in token
    assert person_for_api_token(session, token).id == person.id
    assert session.exec(select(ApiToken.token_hash)).one() != token  # only a digest is kept


def test_revoked_tokens_stop_working(run, make, session, client):
    make.person(email="x@council.test")
    token = run("users", "token", "x@council.test").output.splitlines()[-1]
    result = run("users", "revoke-tokens", "x@council.test")
    assert result.output == "Revoked 1 token of x@council.test.\n"
    assert (
        client.get("/api/committees", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
