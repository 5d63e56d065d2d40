"""Editions: what went out stays as it went out, and what became private leaves public view."""

from datetime import datetime

import pytest
from sqlmodel import col, select

from committee.agenda.models import AgendaChange, AgendaEdition
from committee.timeutil import LONDON
from tests.agenda.helpers import board_with_a_meeting, pdf_text, send_paper
from tests.papers.hostile import plain_pdf

PUBLICATION_MORNING = datetime(2026, 11, 25, 9, 0, tzinfo=LONDON)


@pytest.fixture
def board(now, make, session):
    return board_with_a_meeting(make, session)


def _publish_all(client, board, session):
    for title in board.entries:
        words = title.upper().replace(" ", "").replace("-", "")
        send_paper(client, board, title, plain_pdf(words), f"{words.lower()}.pdf")
    published = client.post(
        f"/api/meetings/{board.meeting.id}/publish", json={}, headers=board.headers(board.clerk)
    )
    assert published.status_code == 200, published.json


def test_making_a_published_item_private_takes_it_out_of_every_public_place(client, board, session):
    _publish_all(client, board, session)
    meeting = board.meeting.id
    fostering = board.entries["Fostering"]
    version = board.version(session, "Fostering").id
    report = client.post(
        "/api/committees/scrutiny-board-2/recommendations",
        json={"entry_id": fostering, "to": "Cabinet Member", "text": "Recruit forty carers"},
        headers=board.headers(board.clerk),
    )
    assert report.status_code == 201
    assert "FOSTERING" in " ".join(pdf_text(client.get(f"/meetings/{meeting}/agenda.pdf").data))
    assert client.get(f"/papers/{version}").status_code == 200

    made_private = client.patch(
        f"/api/entries/{fostering}",
        json={"exempt_paragraph": 3},
        headers=board.headers(board.clerk),
    )
    assert made_private.status_code == 200, made_private.json

    # A corrected edition: the public pack, page, API and paper no longer carry it.
    public_pack = " ".join(pdf_text(client.get(f"/meetings/{meeting}/agenda.pdf").data))
    assert "FOSTERING" not in public_pack
    assert "Fostering (Paragraph 3 of Schedule 12A)" in " ".join(public_pack.split())
    assert client.get(f"/papers/{version}").status_code == 404
    page = client.get(f"/meetings/{meeting}").get_data(as_text=True)
    assert f"/papers/{version}" not in page
    agenda = client.get(f"/api/meetings/{meeting}/agenda").json
    fostering_item = next(item for item in agenda["items"] if item["title"] == "Fostering")
    assert (fostering_item["private"], fostering_item["papers"]) == (True, [])
    # The edition that carried it is withdrawn from the public, with the reason, and kept.
    first, corrected = agenda["editions"]
    assert (first["withdrawn"], first["pack"]) == (True, None)
    assert "paragraph 3 of Schedule 12A" in first["withdrawn_reason"]
    assert (corrected["kind"], corrected["withdrawn"]) == ("correction", False)
    assert client.get(f"/meetings/{meeting}/editions/0/agenda.pdf").status_code == 410
    # ...and its report's recommendation with it.
    listed = client.get("/api/committees/scrutiny-board-2/recommendations").json
    assert "Recruit forty carers" not in str(listed)
    assert client.get(f"/api/recommendations/{report.json['id']}").status_code == 404

    # The members and the clerk still read every edition, and the paper.
    members = client.get(
        f"/api/meetings/{meeting}/agenda", headers=board.headers(board.member)
    ).json
    assert members["editions"][0]["members_pack"] is not None
    history = session.exec(
        select(AgendaChange.event, AgendaChange.reason).order_by(col(AgendaChange.id))
    ).all()
    assert [event for event, _ in history] == ["publish", "correct"]
    assert "is exempt information under paragraph 3" in history[-1][1]
    stored = session.exec(select(AgendaEdition).order_by(col(AgendaEdition.number))).all()
    assert [edition.kind for edition in stored] == ["agenda", "correction"]


def test_making_a_private_item_public_again_corrects_without_withdrawing(client, board, session):
    _publish_all(client, board, session)
    child_h = board.entries["Serious Case Review - Child H"]
    made_public = client.patch(
        f"/api/entries/{child_h}",
        json={"exempt_paragraph": None},
        headers=board.headers(board.clerk),
    )
    assert made_public.status_code == 200
    agenda = client.get(f"/api/meetings/{board.meeting.id}/agenda").json
    assert [edition["withdrawn"] for edition in agenda["editions"]] == [False, False]
    item = next(i for i in agenda["items"] if i["title"] == "Serious Case Review - Child H")
    assert (item["private"], len(item["papers"])) == (False, 1)
    assert (
        client.get(
            f"/papers/{board.version(session, 'Serious Case Review - Child H').id}"
        ).status_code
        == 200
    )


def test_deferring_onto_a_published_agenda_waits_for_a_supplement(
    client, make, board, session, time_machine
):
    _publish_all(client, board, session)
    earlier = make.meeting(board.committee, datetime(2026, 12, 1, 14, 0, tzinfo=LONDON))
    entry = make.entry(board.committee, title="Youth justice", meeting=earlier, lead="Paul Smith")
    moved = client.post(
        f"/api/entries/{entry.id}/events/defer",
        json={"meeting_id": board.meeting.id, "reason": "The report is not ready."},
        headers=board.headers(board.clerk),
    )
    assert moved.status_code == 200, moved.json
    public = client.get(f"/api/meetings/{board.meeting.id}/agenda").json
    assert "Youth justice" not in str(public)  # not on the published agenda yet
    clerk = client.get(
        f"/api/meetings/{board.meeting.id}/agenda", headers=board.headers(board.clerk)
    ).json
    assert [(q["title"], q["why"]) for q in clerk["queued"]] == [("Youth justice", "a new item")]
