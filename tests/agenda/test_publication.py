"""The agenda from draft to supplement, through the API and the pages, on every backend."""

import io
import json
from datetime import datetime

import pytest
from sqlmodel import col, func, select

from committee.agenda.models import Agenda, AgendaChange, EditionPack
from committee.agenda.queries import items_missing_papers
from committee.meetings.models import AgendaItem, MeetingStatus
from committee.meetings.operations import update_meeting
from committee.notifications.models import MessageKind, OutboxMessage
from committee.papers.models import Paper
from committee.people.operations import set_password
from committee.reminders.sweep import sweep
from committee.timeutil import LONDON
from tests.agenda.helpers import (
    PUBLICATION_DAY,
    board_with_a_meeting,
    docx_of,
    pages_named,
    pdf_of,
    pdf_text,
    send_paper,
)
from tests.conftest import PASSWORD, csrf_token, sign_in

PUBLICATION_MORNING = datetime(2026, 11, 25, 9, 0, tzinfo=LONDON)


@pytest.fixture
def board(now, make, session):
    return board_with_a_meeting(make, session)


def agenda_messages(session) -> list[tuple[int, str]]:
    """(person, key) of every agenda message queued."""
    return [
        (message.person_id, message.key)
        for message in session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.kind == MessageKind.AGENDA_PUBLISHED.value)
            .order_by(col(OutboxMessage.id))
        )
    ]


def test_the_whole_path_through_the_api(client, board, session, time_machine):
    meeting_id = board.meeting.id
    clerk = board.headers(board.clerk)
    adoption = board.item(session, "Adoption Central England")

    # The draft: the public sees when it will be out, and nothing of its items.
    draft = client.get(f"/api/meetings/{meeting_id}/agenda").get_json()
    assert (draft["state"], draft["items"], draft["pack"]) == ("draft", None, None)
    assert draft["publication_day"] == PUBLICATION_DAY.isoformat()
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "The agenda will be published on Wednesday, 25th November, 2026" in page
    assert "Fostering" not in page
    assert "Child H" not in page
    assert client.get(f"/meetings/{meeting_id}/agenda.pdf").status_code == 404

    send_paper(client, board, "Fostering", pdf_of(3), "fostering.pdf")
    send_paper(client, board, "Serious Case Review - Child H", pdf_of(2), "child-h.pdf")

    # Before its day, with a paper still missing: refused, even with it marked to follow.
    early = client.post(
        f"/api/meetings/{meeting_id}/publish", json={"to_follow": [adoption.id]}, headers=clerk
    )
    assert early.status_code == 409
    assert "only when every paper is cleared" in early.get_json()["error"]
    session.expire_all()
    assert board.item(session, "Adoption Central England").to_follow is False  # nothing kept

    # On its day, the missing paper is named, with who owes it.
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    refused = client.post(f"/api/meetings/{meeting_id}/publish", json={}, headers=clerk)
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["state"] == "draft"
    assert body["missing_papers"] == [
        {
            "item_id": adoption.id,
            "number": adoption.number,
            "title": "Adoption Central England",
            "lead_officers": ["Paul Smith"],
        }
    ]
    assert session.exec(select(func.count()).select_from(AgendaChange)).one() == 0

    published = client.post(
        f"/api/meetings/{meeting_id}/publish", json={"to_follow": [adoption.id]}, headers=clerk
    )
    assert published.status_code == 200, published.get_json()
    agenda = published.get_json()
    assert (agenda["state"], agenda["status"]) == ("published", "Agenda published")
    assert agenda["pack"] == f"https://committees.test/meetings/{meeting_id}/agenda.pdf"

    # Anyone may read the public paper; the private one is not there for them.
    fostering = board.version(session, "Fostering")
    child_h = board.version(session, "Serious Case Review - Child H")
    anonymous = client.get(f"/papers/{fostering.id}")
    assert (anonymous.status_code, anonymous.content_type) == (200, "application/pdf")
    assert len(pdf_text(anonymous.data)) == 3
    assert client.get(f"/papers/{child_h.id}").status_code == 404
    public = client.get(f"/api/meetings/{meeting_id}/agenda").get_json()
    by_title = {item["title"]: item for item in public["items"]}
    assert by_title["Serious Case Review - Child H"]["papers"] == []
    assert by_title["Serious Case Review - Child H"]["exempt_paragraph"] == 1
    assert by_title["Adoption Central England"]["to_follow"] is True
    assert "Foleshill" not in str(public)

    # The pack: the frontsheet, then the public papers, numbered throughout.
    pack = client.get(f"/meetings/{meeting_id}/agenda.pdf")
    assert (pack.status_code, pack.content_type) == (200, "application/pdf")
    pages = pdf_text(pack.data)
    front = len(pages) - 3
    assert front >= 1
    sheet = "\n".join(pages[:front])
    assert pages_named(sheet, "Fostering") == (front + 1, front + 3)
    assert by_title["Fostering"]["papers"][0]["pages"] == [front + 1, front + 3]
    assert "Adoption Central England (Paper to follow)" in sheet.replace("\n", " ")
    assert "(Paragraph 1 of Schedule 12A)" in sheet
    assert pages_named(sheet, "Serious Case Review - Child H") is None
    assert [page.strip().endswith(f"Page {number}") for number, page in enumerate(pages, 1)] == [
        True
    ] * len(pages)
    assert client.get(f"/meetings/{meeting_id}/agenda-private.pdf").status_code == 404

    # The member reads the private paper and has the members' pack with it.
    set_password(session, person=board.member, password=PASSWORD)
    session.commit()
    sign_in(client, board.member.email)
    assert len(pdf_text(client.get(f"/papers/{child_h.id}").data)) == 2
    members_pack = client.get(f"/meetings/{meeting_id}/agenda-private.pdf")
    assert members_pack.headers["Cache-Control"] == "private, no-store"
    private_pages = pdf_text(members_pack.data)
    assert len(private_pages) == front + 3 + 2
    assert pages_named("\n".join(private_pages[:front]), "Serious Case Review - Child H") == (
        front + 4,
        front + 5,
    )
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})

    # Publishing twice is refused.
    again = client.post(f"/api/meetings/{meeting_id}/publish", json={}, headers=clerk)
    assert again.status_code == 409
    assert again.get_json()["allowed_events"] == ["supplement"]

    # The paper to follow arrives as a Word document: a supplement, with why it is late.
    send_paper(
        client,
        board,
        "Adoption Central England",
        docx_of("Adoption Central England", "Facts and figures on adoption."),
        "adoption.docx",
    )
    no_reason = client.post(f"/api/meetings/{meeting_id}/supplement", json={}, headers=clerk)
    assert no_reason.status_code == 422
    supplement = client.post(
        f"/api/meetings/{meeting_id}/supplement",
        json={"reason": "The figures for October came from the agency on 26 November."},
        headers=clerk,
    )
    assert supplement.status_code == 200, supplement.get_json()
    assert supplement.get_json()["state"] == "supplementary"
    repack = pdf_text(client.get(f"/meetings/{meeting_id}/agenda.pdf").data)
    front = len(repack) - 3 - 1
    sheet = " ".join("\n".join(repack[:front]).split())
    assert "Supplementary Agenda: The figures for October came from the agency" in sheet
    assert pages_named(sheet, "Adoption Central England") == (front + 4, front + 4)
    assert "Facts and figures on adoption." in repack[front + 3]
    nothing_new = client.post(
        f"/api/meetings/{meeting_id}/supplement", json={"reason": "Again"}, headers=clerk
    )
    assert nothing_new.status_code == 409
    assert "Nothing has been added" in nothing_new.get_json()["error"]

    # The members were sent each edition once: the agenda, then the supplement.
    assert agenda_messages(session) == [
        (
            board.member.id,
            f"agenda_published:meeting-{meeting_id}:edition-0:person-{board.member.id}",
        ),
        (
            board.member.id,
            f"agenda_published:meeting-{meeting_id}:edition-1:person-{board.member.id}",
        ),
    ]
    history = session.exec(
        select(AgendaChange.event, AgendaChange.to_state, AgendaChange.reason).order_by(
            col(AgendaChange.id)
        )
    ).all()
    assert [tuple(row) for row in history] == [
        ("publish", "published", ""),
        (
            "supplement",
            "supplementary",
            "The figures for October came from the agency on 26 November.",
        ),
    ]


def test_the_governance_officer_publishes_from_the_meeting_page(
    client, board, session, time_machine
):
    set_password(session, person=board.clerk, password=PASSWORD)
    session.commit()
    send_paper(client, board, "Fostering", pdf_of(1), "fostering.pdf")
    send_paper(client, board, "Serious Case Review - Child H", pdf_of(1), "child-h.pdf")
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    sign_in(client, board.clerk.email)
    path = f"/meetings/{board.meeting.id}"
    adoption = board.item(session, "Adoption Central England")

    page = client.get(path).get_data(as_text=True)
    assert "Publish the agenda" in page
    assert f'name="to_follow" value="{adoption.id}"' in page
    assert "Adoption Central England (Paul Smith) — to follow" in page

    without_token = client.post(f"{path}/publish", data={})
    assert without_token.status_code == 400
    refused = client.post(
        f"{path}/publish", data={"csrf_token": csrf_token(client, path), "confirmed": "yes"}
    )
    assert refused.status_code == 409
    assert (
        f"These items have no cleared paper: {adoption.number}. Adoption Central England "
        "(Paul Smith). Chase them, or mark them to follow."
    ) in refused.get_data(as_text=True)
    assert session.exec(select(Agenda)).first() is None

    # Publishing cannot be undone: the page says what will follow and asks again.
    asked = client.post(
        f"{path}/publish",
        data={"csrf_token": csrf_token(client, path), "to_follow": str(adoption.id)},
    )
    question = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "This cannot be undone." in question
    assert "1 item(s) go out with their papers to follow." in question
    assert f'<input type="hidden" name="to_follow" value="{adoption.id}">' in question
    assert '<input type="hidden" name="confirmed" value="yes">' in question
    assert session.exec(select(Agenda)).first() is None
    done = client.post(
        f"{path}/publish",
        data={
            "csrf_token": csrf_token(client, path),
            "to_follow": str(adoption.id),
            "confirmed": "yes",
        },
    )
    assert (done.status_code, done.headers["Location"]) == (302, path)
    page = client.get(path).get_data(as_text=True)
    assert "Agenda published" in page
    assert "(Paper to follow)" in page
    assert "Publish the agenda" not in page  # only what the agenda's state allows is offered
    committee_page = client.get("/committees/scrutiny-board-2").get_data(as_text=True)
    assert '<td class="govuk-table__cell">Agenda published</td>' in committee_page


def test_a_lead_officer_or_member_cannot_publish(client, board, time_machine):
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    for person in (board.member, board.leads["Sonia Watson"]):
        response = client.post(
            f"/api/meetings/{board.meeting.id}/publish",
            json={"to_follow": []},
            headers=board.headers(person),
        )
        assert response.status_code == 403
    assert client.get(f"/api/meetings/{board.meeting.id}/agenda").get_json()["state"] == "draft"


def test_publishing_late_needs_a_reason_which_governance_sees(client, board, session, time_machine):
    time_machine.move_to(datetime(2026, 11, 27, 9, 0, tzinfo=LONDON), tick=False)
    clerk = board.headers(board.clerk)
    items = [board.item(session, title).id for title in board.entries]
    path = f"/api/meetings/{board.meeting.id}/publish"

    silent = client.post(path, json={"to_follow": items}, headers=clerk)
    assert silent.status_code == 422
    assert "the agenda was due on Wednesday, 25th November, 2026" in str(silent.get_json())

    late = client.post(
        path,
        json={"to_follow": items, "late_reason": "The venue was not confirmed."},
        headers=clerk,
    )
    assert late.status_code == 200
    assert "The venue was not confirmed." not in client.get(
        f"/meetings/{board.meeting.id}"
    ).get_data(as_text=True)
    set_password(session, person=board.clerk, password=PASSWORD)
    session.commit()
    sign_in(client, board.clerk.email)
    page = client.get(f"/meetings/{board.meeting.id}").get_data(as_text=True)
    assert "Published late: The venue was not confirmed." in page


def test_a_cancelled_meetings_agenda_cannot_be_published(client, board, session, time_machine):
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    update_meeting(
        session, actor=board.clerk, meeting=board.meeting, status=MeetingStatus.CANCELLED
    )
    session.commit()
    response = client.post(
        f"/api/meetings/{board.meeting.id}/publish", json={}, headers=board.headers(board.clerk)
    )
    assert response.status_code == 409
    assert response.get_json()["state"] == "cancelled"
    assert response.get_json()["error"] == "The meeting is cancelled."


@pytest.mark.parametrize(
    ("filename", "content"),
    [("notes.txt", b"plain text"), ("paper.odt", b"PK\x03\x04"), ("paper.pdf", b"<html>")],
)
def test_a_paper_that_is_not_a_pdf_or_word_document_is_refused(
    client, board, session, filename, content
):
    entry_id = board.entries["Fostering"]
    client.post(
        f"/api/entries/{entry_id}/events/open_briefing",
        json={},
        headers=board.headers(board.clerk),
    )
    response = client.post(
        f"/api/entries/{entry_id}/events/submit_paper",
        data={"paper_kind": "briefing_note", "paper_file": (io.BytesIO(content), filename)},
        headers=board.headers(board.leads["Sonia Watson"]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert filename in str(response.get_json())
    assert board.version(session, "Fostering") is None


def test_a_damaged_paper_is_named_in_the_pack_not_dropped(client, board, session, time_machine):
    send_paper(client, board, "Fostering", b"%PDF-1.4\nthis is not a PDF at all", "fostering.pdf")
    send_paper(client, board, "Serious Case Review - Child H", pdf_of(1), "child-h.pdf")
    send_paper(client, board, "Adoption Central England", pdf_of(2), "adoption.pdf")
    # Every paper is cleared: it may go out before its day.
    published = client.post(
        f"/api/meetings/{board.meeting.id}/publish", json={}, headers=board.headers(board.clerk)
    )
    assert published.status_code == 200, published.get_json()

    pages = pdf_text(client.get(f"/meetings/{board.meeting.id}/agenda.pdf").data)
    stand_in = [page for page in pages if "This paper is not in the pack because" in page]
    assert len(stand_in) == 1
    assert "Fostering" in stand_in[0]
    assert f"https://committees.test/papers/{board.version(session, 'Fostering').id}" in (
        stand_in[0].replace("\n", "")
    )
    assert "Adoption Central England" in "\n".join(pages)
    stored = session.exec(select(EditionPack).where(EditionPack.audience == "public")).one()
    assert json.loads(stored.left_out) == {
        str(
            board.version(session, "Fostering").id
        ): "its file could not be read (it may be damaged)"
    }
    page = client.get(f"/meetings/{board.meeting.id}").get_data(as_text=True)
    assert "(not in the pack: its file could not be read (it may be damaged))" in page


def test_a_private_item_added_after_publication_shows_its_title_only(
    client, make, board, session, time_machine
):
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    items = [board.item(session, title).id for title in board.entries]
    client.post(
        f"/api/meetings/{board.meeting.id}/publish",
        json={"to_follow": items},
        headers=board.headers(board.clerk),
    )
    late = make.entry(
        board.committee,
        title="Exclusion of pupil K",
        detail="Pupil K, aged 9, of Tile Hill",
        lead="Sonia Watson",
        meeting=board.meeting,
        exempt_paragraph=2,
    )
    path = f"/meetings/{board.meeting.id}"
    assert "Exclusion of pupil K" not in client.get(path).get_data(as_text=True)  # not yet out
    for feed in ("/calendar/committees/scrutiny-board-2.ics", "/calendar/all.ics"):
        assert b"Exclusion of pupil K" not in client.get(feed).data.replace(b"\r\n ", b"")
    api = client.get(f"/api/meetings/{board.meeting.id}/agenda").get_json()
    assert "Exclusion of pupil K" not in str(api)

    supplement = client.post(
        f"/api/meetings/{board.meeting.id}/supplement",
        json={"reason": "A decision is needed before the next meeting."},
        headers=board.headers(board.clerk),
    )
    assert supplement.status_code == 200
    page = client.get(path).get_data(as_text=True)
    assert "Exclusion of pupil K" in page
    assert "(Paragraph 2 of Schedule 12A)" in page
    assert "Tile Hill" not in page
    item = session.exec(select(AgendaItem).where(AgendaItem.entry_id == late.id)).one()
    assert item.published_in == 1
    feed = client.get("/calendar/committees/scrutiny-board-2.ics").data.replace(b"\r\n ", b"")
    assert b"Exclusion of pupil K (exempt: paragraph 2)" in feed
    assert b"Tile Hill" not in feed


def test_the_sweep_marks_a_started_meeting_held(client, board, session, time_machine):
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    items = [board.item(session, title).id for title in board.entries]
    client.post(
        f"/api/meetings/{board.meeting.id}/publish",
        json={"to_follow": items},
        headers=board.headers(board.clerk),
    )
    before = sweep(session, base_url="https://committees.test")
    session.commit()
    assert before.meetings_held == 0

    time_machine.move_to(datetime(2026, 12, 3, 14, 5, tzinfo=LONDON), tick=False)
    report = sweep(session, base_url="https://committees.test")
    session.commit()
    assert report.meetings_held == 1
    assert client.get(f"/api/meetings/{board.meeting.id}/agenda").get_json()["status"] == "Held"
    assert '<td class="govuk-table__cell">Held</td>' in client.get(
        "/committees/scrutiny-board-2"
    ).get_data(as_text=True)
    assert sweep(session, base_url="https://committees.test").meetings_held == 0


def test_an_item_with_no_paper_at_all_is_not_ready(board, make, session):
    """Nothing asked for yet, nothing sent in: the item still lacks its paper."""
    spring = make.meeting(board.committee, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    entry = make.entry(board.committee, title="Youth services", meeting=spring)
    assert session.exec(select(Paper).where(Paper.entry_id == entry.id)).first() is None
    missing = items_missing_papers(session, spring)
    assert [gap.item.title for gap in missing] == ["Youth services"]
