"""The board of the seed's minutes, before its meeting of 19 July 2018, and those minutes."""

import json
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources

import pytest
from sqlmodel import Session

from committee.meetings.models import Meeting
from committee.people.models import Membership, MembershipRole, Person
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.conftest import bearer
from tests.factories import Factory

JULY = datetime(2018, 7, 19, 14, 0, tzinfo=LONDON)
OCTOBER = datetime(2018, 10, 18, 14, 0, tzinfo=LONDON)
#: The items of 19 July 2018 its minutes record: (title, exempt paragraph).
ITEMS = [
    ("The Virtual School for Looked After Children", None),
    ("Improvement Board 4 th July Update Report", None),
    ("Supported Internships", None),
    ("Co-option of Parent Representative to the Board", None),
    ("Serious Case Review", None),
    ("Serious Case Review", 1),
]
OWNER = "kirston.nelson@council.test"


@dataclass
class July:
    meeting: Meeting
    october: Meeting
    clerk: Person
    member: Person
    owner: Person
    clerk_headers: dict[str, str]
    member_headers: dict[str, str]


@pytest.fixture
def july(make: Factory, session: Session, time_machine) -> July:  # type: ignore[no-untyped-def]
    """The board as it stood before 19 July 2018, with that meeting's items on its agenda."""
    return july_board(make, session, time_machine)


def july_board(make: Factory, session: Session, time_machine) -> July:  # type: ignore[no-untyped-def]
    """The board as it stood before 19 July 2018 (the `july` fixture; other areas' tests too)."""
    time_machine.move_to(datetime(2018, 6, 25, 9, 0, tzinfo=LONDON), tick=False)
    board = make.committee(
        "scrutiny-board-2", name="Education and Children's Services Scrutiny Board (2)"
    )
    clerk = make.clerk(board, name="Michelle Rose", email="michelle.rose@council.test")
    member = make.person(name="M Mutton", email="m.mutton@council.test")
    owner = make.person(name="Kirston Nelson", email=OWNER)
    session.add(
        Membership(
            committee_id=board.id,
            person_id=member.id,
            role=MembershipRole.CHAIR,
            starts_on=date(2018, 5, 21),
        )
    )
    session.commit()
    meeting = make.meeting(board, JULY)
    october = make.meeting(board, OCTOBER)
    for title, paragraph in ITEMS:
        make.entry(board, title=title, meeting=meeting, exempt_paragraph=paragraph)
    for person in (clerk, member):
        set_password(session, person=person, password="correct horse battery staple")
    session.commit()
    time_machine.move_to(datetime(2018, 7, 20, 10, 0, tzinfo=LONDON), tick=False)
    return July(
        meeting, october, clerk, member, owner,
        bearer(make.token(clerk)), bearer(make.token(member)),
    )  # fmt: skip


def seed_minutes(client, july: July) -> dict:  # type: ignore[no-untyped-def]
    """The seed's minutes, as the demo data holds them, with items named by this agenda's ids."""
    record = json.loads(
        resources.files("committee.demo").joinpath("data", "minutes-2018-07-19.json").read_text()
    )
    record.pop("_source")
    agenda = client.get(f"/api/meetings/{july.meeting.id}/agenda", headers=july.clerk_headers).json
    ids = {(item["title"], item["private"]): item["id"] for item in agenda["items"]}
    for minute in record["minutes"]:
        if "item" in minute:
            minute["agenda_item_id"] = ids[(minute.pop("item"), minute.pop("item_private", False))]
        for resolution in minute.get("resolutions", []):
            if "Cabinet Members for Education" in (resolution.get("recommendation") or {}).get(
                "to", ""
            ):
                resolution["recommendation"]["owner_email"] = OWNER
    return record


def put_minutes(client, july: July, record: dict):  # type: ignore[no-untyped-def]
    return client.put(
        f"/api/meetings/{july.meeting.id}/minutes", json=record, headers=july.clerk_headers
    )
