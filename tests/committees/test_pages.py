"""Adding a committee, changing its settings and seating its members, from the pages."""

from datetime import date, time

import pytest
from sqlmodel import select

from committee.committees.models import Committee, Council
from committee.people.models import Membership, Role
from committee.people.operations import set_password
from tests.conftest import PASSWORD, csrf_token, sign_in


@pytest.fixture
def admin(now, make, session):
    person = make.person(Role.ADMIN, name="Ada Admin", email="admin@council.test")
    set_password(session, person=person, password=PASSWORD)
    session.commit()
    return person


@pytest.fixture
def board(now, make, session):
    committee = make.committee("scrutiny-board-2", name="Scrutiny Board (2)")
    clerk = make.clerk(committee, email="clerk@council.test")
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    return committee


def test_an_administrator_adds_a_committee(client, admin, session):
    sign_in(client, admin.email)
    assert 'href="/committees/new">Add a committee</a>' in client.get("/").get_data(as_text=True)
    added = client.post(
        "/committees/new",
        data={
            "csrf_token": csrf_token(client, "/committees/new"),
            "name": "Audit and Procurement Committee",
            "slug": "audit",
            "usual_venue": "Diamond Room 2",
            "usual_start_time": "10:00",
        },
    )
    assert (added.status_code, added.headers["Location"]) == (302, "/committees/audit/members")
    found = session.exec(select(Committee).where(Committee.slug == "audit")).one()
    assert (found.name, found.usual_venue, found.usual_start_time) == (
        "Audit and Procurement Committee",
        "Diamond Room 2",
        time(10, 0),
    )


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"name": "Audit", "slug": "Audit Committee"}, 422, "cannot be a short name"),
        ({"name": "Audit", "slug": "new"}, 422, "names a page"),
        ({"name": "", "slug": "audit"}, 422, "name"),
        ({"name": "Audit", "slug": "scrutiny-board-2"}, 409, "already exists: choose another"),
        ({"name": "Audit", "slug": "audit", "usual_start_time": "25:00"}, 422, "usual_start_time"),
        ({"name": "Audit", "slug": "a" * 81}, 422, "slug"),
    ],
)
def test_a_bad_committee_is_refused_keeping_what_was_typed(
    client, admin, board, session, fields, status, message
):
    sign_in(client, admin.email)
    refused = client.post(
        "/committees/new",
        data={
            "csrf_token": csrf_token(client, "/committees/new"),
            "usual_venue": "Typed",
            **fields,
        },
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == status
    assert message in page
    assert 'value="Typed"' in page
    assert [c.slug for c in session.exec(select(Committee)).all()] == ["scrutiny-board-2"]


def test_only_administrators_add_committees(client, board, session):
    sign_in(client, "clerk@council.test")
    assert "Add a committee" not in client.get("/").get_data(as_text=True)
    assert client.get("/committees/new").status_code == 403
    refused = client.post(
        "/committees/new",
        data={"csrf_token": csrf_token(client, "/home"), "name": "Audit", "slug": "audit"},
    )
    assert refused.status_code == 403
    assert len(session.exec(select(Committee)).all()) == 1


def test_governance_changes_the_committees_name_venue_and_time(client, board, session):
    sign_in(client, "clerk@council.test")
    path = "/committees/scrutiny-board-2/settings"
    form = client.get(path).get_data(as_text=True)
    assert 'value="Scrutiny Board (2)"' in form
    saved = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "name": "Education and Children's Services Scrutiny Board (2)",
            "usual_venue": "Diamond Room 1",
            "usual_start_time": "10:30",
        },
    )
    assert saved.status_code == 302
    session.refresh(board)
    assert (board.name, board.usual_venue, board.usual_start_time) == (
        "Education and Children's Services Scrutiny Board (2)",
        "Diamond Room 1",
        time(10, 30),
    )
    blank = client.post(path, data={"csrf_token": csrf_token(client, path), "name": " "})
    assert blank.status_code == 422
    session.refresh(board)
    assert board.name.startswith("Education")


def test_seating_and_unseating_members_with_their_dates(client, make, board, session):
    councillor = make.person(name="Cllr Kaur")
    sign_in(client, "clerk@council.test")
    path = "/committees/scrutiny-board-2/members"
    token = csrf_token(client, path)
    seated = client.post(
        path,
        data={
            "csrf_token": token,
            "person_id": str(councillor.id),
            "role": "chair",
            "starts_on": "2026-05-21",
        },
    )
    assert seated.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "Cllr Kaur has a seat on Scrutiny Board (2) from 21 May 2026." in page
    assert '<td class="govuk-table__cell">Chair</td>' in page

    twice = client.post(
        path,
        data={"csrf_token": token, "person_id": str(councillor.id), "starts_on": "2026-06-01"},
    )
    assert twice.status_code == 409
    assert "Cllr Kaur already has a seat on Scrutiny Board (2) from 21 May 2026" in twice.get_data(
        as_text=True
    )

    seat = session.exec(select(Membership).where(Membership.person_id == councillor.id)).one()
    early = client.post(
        f"{path}/{seat.id}/end",
        data={"csrf_token": token, "ends_on": "2026-01-01", "confirmed": "yes"},
    )
    assert early.status_code == 422
    ended = client.post(
        f"{path}/{seat.id}/end",
        data={"csrf_token": token, "ends_on": "2026-11-15", "confirmed": "yes"},
    )
    assert ended.status_code == 302
    session.refresh(seat)
    assert seat.ends_on == date(2026, 11, 15)
    page = client.get(path).get_data(as_text=True)
    assert page.index("Past members") < page.index(
        '<tr class="govuk-table__row"><td class="govuk-table__cell">Cllr Kaur</td>'
    )  # it ended yesterday


def _seats(session, person) -> list[tuple[str, date, date | None]]:
    session.expire_all()
    return [
        (seat.role, seat.starts_on, seat.ends_on)
        for seat in session.exec(
            select(Membership)
            .where(Membership.person_id == person.id)
            .order_by(Membership.starts_on)
        )
    ]


def test_a_seats_role_changes_from_a_day_and_ending_one_asks_first(client, make, board, session):
    councillor = make.person(name="Cllr Kaur")
    seat = Membership(
        committee_id=board.id, person_id=councillor.id, role="member", starts_on=date(2026, 5, 21)
    )
    session.add(seat)
    session.commit()
    sign_in(client, "clerk@council.test")
    path = "/committees/scrutiny-board-2/members"
    token = csrf_token(client, path)

    # Ending a seat asks first, saying what follows; nothing changes until confirmed.
    asked = client.post(
        f"{path}/{seat.id}/end", data={"csrf_token": token, "ends_on": "2026-11-16"}
    )
    question = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "End Cllr Kaur&#39;s seat on Scrutiny Board (2)" in question
    assert "they no longer read its private business" in question
    assert _seats(session, councillor) == [("member", date(2026, 5, 21), None)]
    ended = client.post(
        f"{path}/{seat.id}/end",
        data={"csrf_token": token, "ends_on": "2026-11-16", "confirmed": "yes"},
    )
    assert ended.status_code == 302

    # Ended today (Monday 16 November 2026) and seated again today: the new seat takes the day.
    again = client.post(
        path,
        data={
            "csrf_token": token,
            "person_id": str(councillor.id),
            "role": "member",
            "starts_on": "2026-11-16",
        },
    )
    assert again.status_code == 302, again.get_data(as_text=True)
    assert _seats(session, councillor) == [
        ("member", date(2026, 5, 21), date(2026, 11, 15)),
        ("member", date(2026, 11, 16), None),
    ]

    # Member to Chair from tomorrow, keeping the seat before it.
    current = session.exec(
        select(Membership).where(
            Membership.person_id == councillor.id, Membership.starts_on == date(2026, 11, 16)
        )
    ).one()
    changed = client.post(
        f"{path}/{current.id}/role",
        data={"csrf_token": token, "role": "chair", "from_day": "2026-11-17"},
    )
    assert changed.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "Cllr Kaur is Chair from 17 November 2026; the seat before is kept in the list." in page
    assert _seats(session, councillor) == [
        ("member", date(2026, 5, 21), date(2026, 11, 15)),
        ("member", date(2026, 11, 16), date(2026, 11, 16)),
        ("chair", date(2026, 11, 17), None),
    ]
    chair = session.exec(
        select(Membership).where(Membership.person_id == councillor.id, Membership.role == "chair")
    ).one()
    same = client.post(
        f"{path}/{chair.id}/role",
        data={"csrf_token": token, "role": "chair", "from_day": "2026-11-17"},
    )
    assert same.status_code == 422
    assert "that is the seat&#39;s role already: choose another" in same.get_data(as_text=True)
    before = client.post(
        f"{path}/{chair.id}/role",
        data={"csrf_token": token, "role": "member", "from_day": "2026-11-01"},
    )
    assert before.status_code == 422
    assert "the change cannot come before" in before.get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"person_id": "", "starts_on": "2026-05-21"}, "person_id"),
        ({"person_id": "99999999999999999999", "starts_on": "2026-05-21"}, "person_id"),
        ({"person_id": "PERSON", "starts_on": "2026-02-30"}, "starts_on"),
        ({"person_id": "PERSON", "starts_on": "2026-05-21", "ends_on": "2026-05-01"}, "ends_on"),
        ({"person_id": "PERSON", "starts_on": "2026-05-21", "role": "king"}, "role"),
    ],
)
def test_a_bad_seat_is_refused(client, make, board, session, fields, message):
    councillor = make.person(name="Cllr Kaur")
    sign_in(client, "clerk@council.test")
    path = "/committees/scrutiny-board-2/members"
    data = {k: v.replace("PERSON", str(councillor.id)) for k, v in fields.items()}
    refused = client.post(path, data={"csrf_token": csrf_token(client, path), **data})
    assert refused.status_code == 422
    assert message in refused.get_data(as_text=True)
    assert session.exec(select(Membership)).all() == []


def test_the_members_page_is_public_but_seating_is_for_governance(client, make, board, session):
    member = make.person(Role.MEMBER, committees=(board,), email="cllr@council.test")
    set_password(session, person=member, password=PASSWORD)
    session.commit()
    public = client.get("/committees/scrutiny-board-2/members").get_data(as_text=True)
    assert member.name in public
    assert "Seat someone" not in public
    sign_in(client, member.email)
    refused = client.post(
        "/committees/scrutiny-board-2/members",
        data={
            "csrf_token": csrf_token(client, "/home"),
            "person_id": str(member.id),
            "starts_on": "2026-01-01",
        },
    )
    assert refused.status_code == 403
    assert len(session.exec(select(Membership)).all()) == 1


def test_governance_sets_what_its_agendas_print(client, make, board, session):
    member = make.person(Role.MEMBER, committees=(board,), email="cllr@council.test")
    set_password(session, person=member, password=PASSWORD)
    session.commit()
    path = "/committees/scrutiny-board-2/settings/agenda"
    fields = {
        "contact_telephone": "(024) 7683 3111",
        "frontsheet_notes": "First note,\nover two lines.\n\nSecond note.",
        "minutes_in_pack": "on",  # programme_in_pack left unticked
        "late_item_numbering": "next",
    }
    sign_in(client, member.email)
    refused = client.post(path, data={"csrf_token": csrf_token(client, "/home"), **fields})
    assert refused.status_code == 403
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/home")})

    sign_in(client, "clerk@council.test")
    settings = "/committees/scrutiny-board-2/settings"
    assert client.post(path, data=fields).status_code == 400  # no CSRF token
    saved = client.post(path, data={"csrf_token": csrf_token(client, settings), **fields})
    assert (saved.status_code, saved.headers["Location"]) == (302, settings)
    session.expire_all()
    committee = session.exec(select(Committee)).one()
    assert (
        committee.contact_telephone,
        committee.frontsheet_notes,
        committee.minutes_in_pack,
        committee.programme_in_pack,
        committee.late_item_numbering,
    ) == ("(024) 7683 3111", "First note,\nover two lines.\n\nSecond note.", True, False, "next")
    page = client.get(settings).get_data(as_text=True)
    assert 'name="minutes_in_pack" value="on" checked' in page
    assert 'name="programme_in_pack" value="on" >' in page

    bad = client.post(
        path,
        data={"csrf_token": csrf_token(client, settings), **fields, "late_item_numbering": "roman"},
    )
    assert bad.status_code == 422
    assert "(024) 7683 3111" in bad.get_data(as_text=True)  # what was typed is kept
    session.expire_all()
    assert session.exec(select(Committee)).one().late_item_numbering == "next"


def test_only_an_administrator_sets_the_councils_details(client, admin, board, session):
    path = "/admin/council"
    sign_in(client, "clerk@council.test")
    assert client.get(path).status_code == 403
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/home")})

    sign_in(client, admin.email)
    fields = {
        "name": "Coventry City Council",
        "proper_officer": "Martin Yardley, Executive Director, Place, Council House Coventry",
        "address": "Council House, Coventry",
        "telephone": "(024) 7683 3111",
        "website": "http://moderngov.coventry.gov.uk",
        "accessibility_notice": "Please note: a hearing loop is available",
    }
    bad = client.post(
        path, data={"csrf_token": csrf_token(client, path), **fields, "website": "moderngov"}
    )
    assert bad.status_code == 422
    words = bad.get_data(as_text=True)
    assert "give the web address whole, starting https://" in words
    assert "Martin Yardley, Executive Director" in words  # kept
    assert session.get(Council, 1) is None
    saved = client.post(path, data={"csrf_token": csrf_token(client, path), **fields})
    assert (saved.status_code, saved.headers["Location"]) == (302, path)
    council = session.get(Council, 1)
    assert council is not None
    assert (council.name, council.website) == ("Coventry City Council", fields["website"])


def test_the_site_has_an_icon_and_each_public_page_a_description(client, make):
    make.committee("scrutiny-board-2", name="Education Scrutiny Board")
    home = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in home
    assert '<meta name="description" content="Agendas, minutes, work programmes' in home
    committee = client.get("/committees/scrutiny-board-2").get_data(as_text=True)
    assert (
        '<meta name="description" content="Meetings, agendas, minutes and work programme of '
        'Education Scrutiny Board.">'
    ) in committee
    icon = client.get("/favicon.ico")
    assert (icon.status_code, icon.headers["Location"]) == (301, "/static/favicon.svg")
    with client.get("/static/favicon.svg") as svg:
        assert (svg.status_code, svg.mimetype) == (200, "image/svg+xml")
