"""A Vice-Chair's seat, and members who are not councillors (co-optees, members by invitation)
listed as what they are: on the agenda's frontsheet and in the minutes' attendance."""

from datetime import date, datetime

import pytest
from sqlmodel import col, select

from committee.agenda.queries import recipients_names
from committee.minutes.models import AttendanceKind
from committee.minutes.queries import roll_of
from committee.people.models import Membership, MembershipRole, Person
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.conftest import PASSWORD, csrf_token, sign_in


@pytest.fixture
def board(now, make, session):
    committee = make.committee("scrutiny-board-2", name="Scrutiny Board (2)")
    clerk = make.clerk(committee, email="clerk@council.test")
    set_password(session, person=clerk, password=PASSWORD)
    for name, role in (
        ("L Bigham", MembershipRole.MEMBER),
        ("S Hanson", MembershipRole.CO_OPTED),
        ("K Jones", MembershipRole.BY_INVITATION),
        ("B Kaur", MembershipRole.MEMBER),
        ("M Mutton", MembershipRole.CHAIR),
        ("C Thomas", MembershipRole.MEMBER),
    ):
        person = make.person(name=name)
        session.add(
            Membership(
                committee_id=committee.id,
                person_id=person.id,
                role=role.value,
                starts_on=date(2026, 5, 21),
            )
        )
    session.commit()
    return committee


def test_a_member_becomes_vice_chair_from_today_and_the_frontsheet_says_so(
    client, make, board, session
):
    sign_in(client, "clerk@council.test")
    path = "/committees/scrutiny-board-2/members"
    page = client.get(path).get_data(as_text=True)
    assert '<option value="vice-chair">Vice-Chair</option>' in page
    seat = session.exec(
        select(Membership)
        .join(Person, col(Person.id) == Membership.person_id)
        .where(Person.name == "B Kaur")
    ).one()
    changed = client.post(
        f"{path}/{seat.id}/role",
        data={
            "csrf_token": csrf_token(client, path),
            "role": "vice-chair",
            "from_day": "2026-11-16",
        },
    )
    assert changed.status_code == 302
    assert "B Kaur is Vice-Chair from 16 November 2026" in client.get(path).get_data(as_text=True)
    meeting = make.meeting(board, datetime(2026, 12, 10, 14, 0, tzinfo=LONDON))
    assert recipients_names(session, meeting) == (
        "Councillors L Bigham, B Kaur (Vice-Chair), M Mutton (Chair) and C Thomas; "
        "Co-opted Member: S Hanson; By Invitation: K Jones"
    )


def test_the_frontsheet_lists_councillors_then_those_who_are_not(make, board, session):
    meeting = make.meeting(board, datetime(2026, 12, 10, 14, 0, tzinfo=LONDON))
    line = recipients_names(session, meeting)
    assert line.startswith("Councillors L Bigham, B Kaur, M Mutton (Chair) and C Thomas; ")
    assert line.endswith("; Co-opted Member: S Hanson; By Invitation: K Jones")
    # Neither co-optee nor member by invitation is called a councillor.
    assert "Councillors" not in line.split(";", 1)[1]


def test_the_roll_lists_co_optees_and_members_by_invitation_apart(make, board, session):
    meeting = make.meeting(board, datetime(2026, 12, 10, 14, 0, tzinfo=LONDON))
    roll = {line.name: (line.kind, line.note) for line in roll_of(session, meeting)}
    assert roll == {
        "Councillor L Bigham": (AttendanceKind.MEMBER, ""),
        "S Hanson": (AttendanceKind.CO_OPTED, ""),
        "K Jones": (AttendanceKind.OTHER, "By Invitation"),
        "Councillor B Kaur": (AttendanceKind.MEMBER, ""),
        "Councillor M Mutton": (AttendanceKind.MEMBER, "Chair"),
        "Councillor C Thomas": (AttendanceKind.MEMBER, ""),
    }
