"""The database itself refuses what the rules forbid, whatever code writes to it."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from committee.committees.models import Committee
from committee.meetings.models import AgendaItem, Meeting
from committee.people.models import Membership, Person, RoleGrant
from committee.timeutil import LONDON
from committee.work_programme.models import StateChange, WorkProgrammeEntry

START = datetime(2030, 1, 10, 14, 0, tzinfo=LONDON)


@pytest.fixture
def board(session):
    committee = Committee(slug="board", name="Board")
    session.add(committee)
    session.flush()
    return committee


@pytest.fixture
def meeting(session, board):
    meeting = Meeting(committee_id=board.id, start=START, end=START + timedelta(hours=2))
    session.add(meeting)
    session.flush()
    return meeting


def refused(session, row) -> bool:
    """Whether the database refuses the row (the test's transaction survives either way)."""
    savepoint = session.begin_nested()
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        savepoint.rollback()
        return True
    savepoint.rollback()
    return False


def test_a_scheduled_entry_must_have_a_meeting(session, board, meeting):
    for state in ("scheduled", "briefing_due", "considered", "resolved"):
        assert refused(
            session,
            WorkProgrammeEntry(committee_id=board.id, municipal_year=2029, title="x", state=state),
        )
        assert not refused(
            session,
            WorkProgrammeEntry(
                committee_id=board.id,
                municipal_year=2029,
                title="x",
                state=state,
                meeting_id=meeting.id,
            ),
        )
    assert not refused(
        session, WorkProgrammeEntry(committee_id=board.id, municipal_year=2029, title="x")
    )


@pytest.mark.parametrize("paragraph", [0, 8, -1])
def test_a_private_item_has_a_schedule_12a_paragraph(session, board, meeting, paragraph):
    assert refused(
        session,
        AgendaItem(meeting_id=meeting.id, position=9, title="x", exempt_paragraph=paragraph),
    )
    assert refused(
        session,
        WorkProgrammeEntry(
            committee_id=board.id, municipal_year=2029, title="x", exempt_paragraph=paragraph
        ),
    )


def test_paragraphs_one_to_seven_are_accepted(session, board, meeting):
    for paragraph in range(1, 8):
        assert not refused(
            session,
            AgendaItem(meeting_id=meeting.id, position=9, title="x", exempt_paragraph=paragraph),
        )


def test_unknown_states_and_kinds_are_refused(session, board, meeting):
    assert refused(
        session,
        WorkProgrammeEntry(committee_id=board.id, municipal_year=2029, title="x", state="deferred"),
    )
    assert refused(session, AgendaItem(meeting_id=meeting.id, position=9, title="x", kind="lunch"))
    assert refused(
        session,
        Meeting(
            committee_id=board.id, start=START, end=START + timedelta(hours=1), status="postponed"
        ),
    )


def test_a_meeting_ends_after_it_starts(session, board):
    assert refused(session, Meeting(committee_id=board.id, start=START, end=START))


def test_slugs_and_emails_are_unique(session, board):
    assert refused(session, Committee(slug="board", name="Another"))
    session.add(Person(name="A", email="a@council.test"))
    session.flush()
    assert refused(session, Person(name="B", email="a@council.test"))
    assert refused(session, Person(name="C", email="Upper@Council.test"))


def test_governance_grants_name_a_committee_and_others_do_not(session, board):
    person = Person(name="A", email="a@council.test")
    session.add(person)
    session.flush()
    assert refused(session, RoleGrant(person_id=person.id, role="governance"))
    assert refused(session, RoleGrant(person_id=person.id, role="admin", committee_id=board.id))
    assert refused(session, RoleGrant(person_id=person.id, role="mayor"))
    assert not refused(
        session, RoleGrant(person_id=person.id, role="governance", committee_id=board.id)
    )


def test_a_role_without_a_committee_is_held_once(session):
    person = Person(name="A", email="a@council.test")
    session.add(person)
    session.flush()
    session.add(RoleGrant(person_id=person.id, role="admin"))
    session.flush()
    assert refused(session, RoleGrant(person_id=person.id, role="admin"))


def test_memberships_end_after_they_start(session, board):
    person = Person(name="A")
    session.add(person)
    session.flush()
    assert refused(
        session,
        Membership(
            committee_id=board.id,
            person_id=person.id,
            role="member",
            starts_on=date(2030, 5, 1),
            ends_on=date(2030, 4, 1),
        ),
    )
    assert refused(
        session,
        Membership(
            committee_id=board.id, person_id=person.id, role="mayor", starts_on=date(2030, 5, 1)
        ),
    )


def test_foreign_keys_are_enforced(session):
    assert refused(session, StateChange(entry_id=999999, event="create", to_state="requested"))


def test_datetimes_come_back_aware_in_utc(session, meeting):
    session.expire_all()
    reloaded = session.get(Meeting, meeting.id)
    assert reloaded.start.utcoffset() == timedelta(0)
    assert reloaded.start == START


def test_naive_datetimes_are_refused(session, board):
    naive = datetime(2030, 1, 10, 14, 0)  # noqa: DTZ001 - the point of the test
    session.add(Meeting(committee_id=board.id, start=naive, end=naive + timedelta(hours=1)))
    with pytest.raises(Exception, match="naive datetime"):
        session.flush()
