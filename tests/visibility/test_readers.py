"""One rule for private business, held on every surface by readers who may not see it.

Each reader is signed in (pages) and holds a token (API): a lead officer not on
the entry, a member of another committee, a former member, a substitute for
another meeting, and the public. Each surface is asked by each of them; each
surface also has a reader who does see (the positive control), so a surface
that shows nothing to anyone cannot pass.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlmodel import Session, select

from committee.calendars.operations import regenerate_calendar_token
from committee.meetings.models import AgendaItem, Meeting, Substitution
from committee.people.models import Membership, MembershipRole, Person, Role
from committee.people.operations import set_password
from committee.recommendations.models import Recommendation
from committee.timeutil import LONDON
from tests.agenda.helpers import Board, board_with_a_meeting, send_paper
from tests.conftest import PASSWORD, bearer, sign_in
from tests.factories import Factory
from tests.papers.hostile import plain_pdf

BEFORE = datetime(2026, 9, 1, 9, 0, tzinfo=LONDON)
LAST_MEETING = datetime(2026, 10, 1, 14, 0, tzinfo=LONDON)
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)

#: What only entitled readers may ever read, each written once, where it belongs.
CHILD_H_DETAIL = "Detail of Serious Case Review - Child H, in Foleshill"
CHILD_H_PAPER = "CHILDHPAPERWORDS"
BABY_F_MINUTE = "BABYFMINUTEWORDS"
BABY_F_RECOMMENDATION = "BABYFRECOMMENDATION to review the placements"
CHILD_H_RECOMMENDATION = "CHILDHREPORTRECOMMENDATION on neglect training"


@dataclass
class Scene:
    board: Board
    last_meeting: Meeting
    later_meeting: Meeting
    child_h_version: int
    child_h_entry: int
    baby_f_recommendation: int
    child_h_recommendation: int
    readers: dict[str, Person]


@pytest.fixture
def scene(client: FlaskClient, make: Factory, session: Session, time_machine) -> Scene:  # type: ignore[no-untyped-def]
    time_machine.move_to(BEFORE, tick=False)
    board = board_with_a_meeting(make, session)
    clerk = board.headers(board.clerk)
    last = make.meeting(board.committee, LAST_MEETING)
    baby_f = make.entry(
        board.committee,
        title="Serious Case Review - Baby F",
        meeting=last,
        exempt_paragraph=1,
        lead="Rebekah Eaves",
    )
    later = make.meeting(board.committee, datetime(2027, 1, 7, 14, 0, tzinfo=LONDON))

    # The last meeting's minutes: a private minute, and a recommendation made in it.
    time_machine.move_to(datetime(2026, 10, 2, 9, 0, tzinfo=LONDON), tick=False)
    item = session.exec(select(AgendaItem).where(AgendaItem.entry_id == baby_f.id)).one()
    minutes = {
        "minutes": [
            {"title": "Apologies", "text": "There were no apologies."},
            {
                "title": "Serious Case Review - Baby F",
                "agenda_item_id": item.id,
                "exempt_paragraph": 1,
                "text": BABY_F_MINUTE,
                "resolutions": [
                    {
                        "text": BABY_F_RECOMMENDATION,
                        "recommendation": {"to": "Cabinet Member for Children"},
                    }
                ],
            },
        ]
    }
    assert (
        client.put(f"/api/meetings/{last.id}/minutes", json=minutes, headers=clerk).status_code
        == 200
    )
    published = client.post(f"/api/meetings/{last.id}/minutes/publish", json={}, headers=clerk)
    assert published.status_code == 200, published.json

    # This meeting's agenda, published with a private paper; a report's own recommendation.
    time_machine.move_to(NOW, tick=False)
    send_paper(client, board, "Fostering", plain_pdf("FOSTERINGPAPER"), "fostering.pdf")
    send_paper(
        client, board, "Serious Case Review - Child H", plain_pdf(CHILD_H_PAPER), "child-h.pdf"
    )
    send_paper(client, board, "Adoption Central England", plain_pdf("ADOPTION"), "adoption.pdf")
    assert (
        client.post(f"/api/meetings/{board.meeting.id}/publish", json={}, headers=clerk).status_code
        == 200
    )
    report = client.post(
        "/api/committees/scrutiny-board-2/recommendations",
        json={
            "entry_id": board.entries["Serious Case Review - Child H"],
            "to": "Local Safeguarding Children Board",
            "text": CHILD_H_RECOMMENDATION,
        },
        headers=clerk,
    )
    assert report.status_code == 201, report.json
    baby_f_recommendation = session.exec(
        select(Recommendation.id).where(Recommendation.resolution_id.is_not(None))  # type: ignore[union-attr]
    ).one()

    other = make.committee("audit", name="Audit and Procurement Committee")
    readers = {
        # Who may not see.
        "a lead officer not on the entry": board.leads["Sonia Watson"],
        "a member of another committee": make.person(Role.MEMBER, committees=(other,)),
        "a former member": make.person(name="Former Member"),
        "a substitute for another meeting": make.person(name="Substitute Elsewhere"),
        # Who may: the positive controls.
        "a member": board.member,
        "a substitute at the meeting": make.person(name="Substitute Here"),
        "the entry's lead officer": board.leads["Rebekah Eaves"],
        "the clerk": board.clerk,
        "an administrator": make.person(Role.ADMIN, name="Admin"),
    }
    session.add(
        Membership(
            committee_id=board.committee.id,
            person_id=readers["a former member"].id,
            role=MembershipRole.MEMBER,
            starts_on=date(2026, 5, 21),
            ends_on=date(2026, 11, 15),  # yesterday
        )
    )
    session.add(
        Substitution(meeting_id=later.id, person_id=readers["a substitute for another meeting"].id)
    )
    session.add(
        Substitution(
            meeting_id=board.meeting.id, person_id=readers["a substitute at the meeting"].id
        )
    )
    for person in readers.values():
        set_password(session, person=person, password=PASSWORD)
    session.commit()
    return Scene(
        board=board,
        last_meeting=last,
        later_meeting=later,
        child_h_version=board.version(session, "Serious Case Review - Child H").id,  # type: ignore[arg-type]
        child_h_entry=board.entries["Serious Case Review - Child H"],
        baby_f_recommendation=baby_f_recommendation,  # type: ignore[arg-type]
        child_h_recommendation=report.json["id"],
        readers=readers,
    )


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _text(response) -> str:  # type: ignore[no-untyped-def]
    if response.status_code != 200:
        return ""
    if response.mimetype == "application/pdf":
        return _pdf_text(response.data)
    return response.get_data(as_text=True)


def what_they_see(client: FlaskClient, scene: Scene, headers: dict[str, str]) -> dict[str, bool]:
    """For each surface, whether its private words reached this reader."""
    meeting = scene.board.meeting.id
    last = scene.last_meeting.id
    slug = "scrutiny-board-2"
    paper = f"/papers/{scene.child_h_version}"
    get = client.get

    def api(path: str) -> str:
        return str(get(path, headers=headers).json)

    agenda = get(f"/api/meetings/{meeting}/agenda", headers=headers).json
    child_h = next(item for item in agenda["items"] if item["title"].endswith("Child H"))
    return {
        "the meeting page links the private paper": paper in _text(get(f"/meetings/{meeting}")),
        "the agenda API lists the private paper": bool(child_h["papers"]),
        "the members' pack": CHILD_H_PAPER in _text(get(f"/meetings/{meeting}/agenda-private.pdf")),
        "the members' pack of the edition": CHILD_H_PAPER
        in _text(get(f"/meetings/{meeting}/editions/0/agenda-private.pdf")),
        "the public pack": CHILD_H_PAPER in _text(get(f"/meetings/{meeting}/agenda.pdf")),
        "the private paper": CHILD_H_PAPER in _text(get(paper)),
        "the entry page": CHILD_H_DETAIL in _text(get(f"/entries/{scene.child_h_entry}")),
        "the entry API": CHILD_H_DETAIL in api(f"/api/entries/{scene.child_h_entry}"),
        "the work programme page": CHILD_H_DETAIL
        in _text(get(f"/committees/{slug}/work-programme?year=2026")),
        "the work programme API": CHILD_H_DETAIL
        in api(f"/api/committees/{slug}/work-programme?year=2026"),
        "the CSV export": CHILD_H_DETAIL
        in _text(get(f"/committees/{slug}/work-programme.csv?year=2026")),
        "the Word export": CHILD_H_DETAIL.encode()
        in _docx_text(get(f"/committees/{slug}/work-programme.docx?year=2026").data),
        "the printable programme": CHILD_H_DETAIL
        in _text(get(f"/committees/{slug}/work-programme/print?year=2026")),
        "the minutes page": BABY_F_MINUTE in _text(get(f"/meetings/{last}/minutes")),
        "the minutes PDF": BABY_F_MINUTE in _text(get(f"/meetings/{last}/minutes.pdf")),
        "the minutes API": BABY_F_MINUTE in api(f"/api/meetings/{last}/minutes"),
        "the recommendations page": BABY_F_RECOMMENDATION
        in _text(get(f"/committees/{slug}/recommendations")),
        "the recommendations API": BABY_F_RECOMMENDATION
        in api(f"/api/committees/{slug}/recommendations"),
        "the recommendation's page": BABY_F_RECOMMENDATION
        in _text(get(f"/recommendations/{scene.baby_f_recommendation}")),
        "the recommendation API": BABY_F_RECOMMENDATION
        in api(f"/api/recommendations/{scene.baby_f_recommendation}"),
        "the report's recommendation page": CHILD_H_RECOMMENDATION
        in _text(get(f"/recommendations/{scene.child_h_recommendation}")),
        "the report's recommendation API": CHILD_H_RECOMMENDATION
        in api(f"/api/recommendations/{scene.child_h_recommendation}"),
        "the report's recommendation listed": CHILD_H_RECOMMENDATION
        in api(f"/api/committees/{slug}/recommendations"),
        "the public feeds": any(
            secret.encode() in get(path).data
            for path in ("/calendar/all.ics", f"/calendar/committees/{slug}.ics")
            for secret in ("Foleshill", BABY_F_MINUTE, CHILD_H_PAPER)
        ),
    }


def _docx_text(content: bytes) -> bytes:
    import zipfile

    try:
        return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml")
    except zipfile.BadZipFile:
        return b""


NOBODY = frozenset[str]()
#: What each entitled reader reads; everything else stays hidden from them too.
EVERY_SURFACE_BUT_PUBLIC = frozenset(
    {
        "the meeting page links the private paper",
        "the agenda API lists the private paper",
        "the members' pack",
        "the members' pack of the edition",
        "the private paper",
        "the entry page",
        "the entry API",
        "the work programme page",
        "the work programme API",
        "the CSV export",
        "the Word export",
        "the printable programme",
        "the minutes page",
        "the minutes PDF",
        "the minutes API",
        "the recommendations page",
        "the recommendations API",
        "the recommendation's page",
        "the recommendation API",
        "the report's recommendation page",
        "the report's recommendation API",
        "the report's recommendation listed",
    }
)
ENTITLED = {
    "a member": EVERY_SURFACE_BUT_PUBLIC,
    "the clerk": EVERY_SURFACE_BUT_PUBLIC,
    "an administrator": EVERY_SURFACE_BUT_PUBLIC,
    # Only this meeting's private business (its items' papers and detail): not the last
    # meeting's minutes, nor a report's recommendation tracked apart from any meeting.
    "a substitute at the meeting": frozenset(
        {
            "the meeting page links the private paper",
            "the agenda API lists the private paper",
            "the members' pack",
            "the members' pack of the edition",
            "the private paper",
            "the entry page",
            "the entry API",
            "the work programme page",
            "the work programme API",
            "the CSV export",
            "the Word export",
            "the printable programme",
        }
    ),
    # Only their own entry's business: its paper, its detail, its report's recommendation.
    "the entry's lead officer": frozenset(
        {
            "the meeting page links the private paper",
            "the agenda API lists the private paper",
            "the private paper",
            "the entry page",
            "the entry API",
            "the work programme page",
            "the work programme API",
            "the CSV export",
            "the Word export",
            "the printable programme",
            "the report's recommendation page",
            "the report's recommendation API",
            "the report's recommendation listed",
            # The Baby F minute and its recommendation are of their entry too.
            "the minutes page",
            "the minutes PDF",
            "the minutes API",
            "the recommendations page",
            "the recommendations API",
            "the recommendation's page",
            "the recommendation API",
        }
    ),
}
NOT_ENTITLED = (
    "a lead officer not on the entry",
    "a member of another committee",
    "a former member",
    "a substitute for another meeting",
)


def _signed_in(client: FlaskClient, make: Factory, person: Person) -> dict[str, str]:
    sign_in(client, person.email)  # type: ignore[arg-type]
    return bearer(make.token(person))


def test_the_public_sees_no_private_business_anywhere(client, scene):
    seen = what_they_see(client, scene, {})
    assert [surface for surface, shown in seen.items() if shown] == []
    # The controls of the two surfaces no one reads private words on: they do carry the rest.
    meeting = scene.board.meeting.id
    assert "FOSTERINGPAPER" in _pdf_text(client.get(f"/meetings/{meeting}/agenda.pdf").data)
    feed = client.get("/calendar/committees/scrutiny-board-2.ics").data.replace(b"\r\n ", b"")
    assert b"Serious Case Review - Child H (exempt: paragraph 1)" in feed


@pytest.mark.parametrize("who", NOT_ENTITLED)
def test_a_signed_in_reader_who_may_not_see_sees_nothing(client, make, scene, who):
    headers = _signed_in(client, make, scene.readers[who])
    seen = what_they_see(client, scene, headers)
    assert [surface for surface, shown in seen.items() if shown] == [], who


@pytest.mark.parametrize("who", sorted(ENTITLED))
def test_each_entitled_reader_sees_exactly_what_is_theirs(client, make, scene, who):
    headers = _signed_in(client, make, scene.readers[who])
    seen = what_they_see(client, scene, headers)
    assert {surface for surface, shown in seen.items() if shown} == ENTITLED[who], who


def test_a_personal_feed_carries_no_private_words(client, make, session, scene):
    for person in scene.readers.values():
        token = regenerate_calendar_token(session, person=person, secret_key="test-secret-key")
        session.commit()
        body = client.get(f"/calendar/u/{token}.ics").data
        assert body.startswith(b"BEGIN:VCALENDAR"), person.name
        for secret in ("Foleshill", BABY_F_MINUTE, CHILD_H_PAPER, BABY_F_RECOMMENDATION):
            assert secret.encode() not in body, person.name
