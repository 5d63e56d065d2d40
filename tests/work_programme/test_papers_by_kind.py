"""Papers by kind: each item says which papers it needs, asking asks for those (a message at
once), a lead officer sends one of them and gets a receipt, and the item is ready when every
kind it needs is cleared."""

from datetime import datetime

import pytest
from sqlmodel import select

from committee.agenda.queries import items_missing_papers
from committee.notifications.models import OutboxMessage
from committee.timeutil import LONDON
from committee.work_programme.models import StateChange
from tests.conftest import bearer

MEETING_START = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)
LEAD = "kirston.nelson@council.test"
CLERK = "michelle.rose@council.test"


class Board:
    def __init__(self, make, session):
        self.session = session
        self.committee = make.committee("scrutiny-board-2", name="Scrutiny Board (2)")
        self.committee.papers_needed = "report"  # this board's items need a report unless told
        session.commit()
        self.clerk = make.clerk(self.committee, name="Michelle Rose", email=CLERK)
        self.lead = make.person(name="Kirston Nelson", email=LEAD)
        self.meeting = make.meeting(self.committee, MEETING_START)
        self.clerk_headers = bearer(make.token(self.clerk))
        self.lead_headers = bearer(make.token(self.lead))

    def entry(self, client, **fields):  # type: ignore[no-untyped-def]
        created = client.post(
            "/api/committees/scrutiny-board-2/work-programme",
            json={
                "title": "Primary Progress",
                "lead": "Kirston Nelson",
                "meeting_id": self.meeting.id,
                **fields,
            },
            headers=self.clerk_headers,
        )
        assert created.status_code == 201, created.json
        return created.json

    def fire(self, client, entry_id, event, headers=None, **body):  # type: ignore[no-untyped-def]
        return client.post(
            f"/api/entries/{entry_id}/events/{event}",
            json=body,
            headers=headers or self.clerk_headers,
        )


@pytest.fixture
def board(make, session, now):
    return Board(make, session)


def _sent_to(smtp, address):  # type: ignore[no-untyped-def]
    return [m for m in smtp.messages if address in (m["To"] or "")]


def test_an_item_needs_its_committees_kinds_unless_told_and_says_so(client, board):
    assert board.entry(client)["papers_needed"] == ["report"]
    both = board.entry(client, title="Baby F", papers_needed=["briefing_note", "report"])
    assert both["papers_needed"] == ["briefing_note", "report"]
    none = board.entry(client, title="Work Programme note", papers_needed=[])
    assert none["papers_needed"] == []
    bad = client.post(
        "/api/committees/scrutiny-board-2/work-programme",
        json={"title": "X", "papers_needed": ["minutes"]},
        headers=board.clerk_headers,
    )
    assert bad.status_code == 422
    assert "papers_needed" in bad.json["error"]


def test_asking_sends_the_request_at_once_and_twice_sends_one(client, board, smtp, session):
    entry = board.entry(client)
    assert board.fire(client, entry["id"], "open_briefing").status_code == 200
    (request,) = _sent_to(smtp, LEAD)  # delivered as the asking committed
    assert request["Subject"].strip().startswith("Report needed: Primary Progress")
    text = request.get_body(("plain",)).get_content()
    assert "Governance Services needs a report from you for the meeting below." in text
    assert "Draft to Governance Services: 10.00 am on Wednesday, 17th February, 2027" in text
    assert f"https://committees.test/entries/{entry['id']}" in text
    again = board.fire(client, entry["id"], "open_briefing")
    assert again.status_code == 409  # the window is open already: nothing more is sent
    assert len(_sent_to(smtp, LEAD)) == 1


def test_a_kind_not_needed_is_refused_naming_the_one_that_is(client, board, smtp, session):
    entry = board.entry(client)
    board.fire(client, entry["id"], "open_briefing")
    wrong = board.fire(
        client,
        entry["id"],
        "submit_paper",
        board.lead_headers,
        paper_kind="briefing_note",
        paper_url="https://docs.test/note.pdf",
    )
    assert wrong.status_code == 409
    assert "This item needs a report, not briefing note: send that." in wrong.json["error"]
    # Sent without saying which: the one kind it needs.
    sent = board.fire(
        client, entry["id"], "submit_paper", board.lead_headers, paper_url="https://docs.test/r.pdf"
    )
    assert sent.status_code == 200, sent.json
    receipt = next(m for m in _sent_to(smtp, LEAD) if "Received" in m["Subject"])
    assert receipt["Subject"].strip() == "Received: report for Primary Progress"
    assert receipt["Cc"] == CLERK  # copied to the clerk
    text = receipt.get_body(("plain",)).get_content()
    assert "received at 9.00 am on Monday, 16th November, 2026: on time" in text
    assert "What happens next: Governance Services read it and clear it for the agenda" in text


def test_the_item_is_ready_when_every_kind_it_needs_is_cleared(client, board, smtp, session):
    entry = board.entry(client, papers_needed=["briefing_note", "report"])
    board.fire(client, entry["id"], "open_briefing")
    for kind in ("briefing_note", "report"):
        board.fire(
            client,
            entry["id"],
            "submit_paper",
            board.lead_headers,
            paper_kind=kind,
            paper_url=f"https://docs.test/{kind}.pdf",
        )
    board.fire(client, entry["id"], "clear_paper", paper_kind="report")
    assert [gap.item.entry_id for gap in items_missing_papers(session, board.meeting)] == [
        entry["id"]
    ]
    cleared = next(m for m in _sent_to(smtp, LEAD) if "Cleared" in m["Subject"])
    assert (
        "The item still needs a briefing note from you."
        in cleared.get_body(("plain",)).get_content()
    )
    board.fire(client, entry["id"], "clear_paper", paper_kind="briefing_note")
    session.expire_all()
    assert items_missing_papers(session, board.meeting) == []


def test_governance_changes_the_papers_needed_with_a_reason_in_the_history(
    client, board, smtp, session
):
    entry = board.entry(client)
    board.fire(client, entry["id"], "open_briefing")
    no_reason = board.fire(client, entry["id"], "change_papers", papers_needed=["briefing_note"])
    assert no_reason.status_code == 422
    same = board.fire(
        client, entry["id"], "change_papers", papers_needed=["report"], reason="No change"
    )
    assert same.status_code == 409
    assert "already needs a report: nothing would change" in same.json["error"]
    by_lead = board.fire(
        client,
        entry["id"],
        "change_papers",
        board.lead_headers,
        papers_needed=["briefing_note"],
        reason="I would rather",
    )
    assert by_lead.status_code == 403

    changed = board.fire(
        client,
        entry["id"],
        "change_papers",
        papers_needed=["briefing_note"],
        reason="A briefing note will do: the report comes to the next meeting",
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["papers_needed"] == ["briefing_note"]
    # The lead officer is asked for the new kind at once.
    assert any(
        m["Subject"].strip().startswith("Briefing note needed") for m in _sent_to(smtp, LEAD)
    )
    change = session.exec(select(StateChange).where(StateChange.event == "change_papers")).one()
    assert change.reason == "A briefing note will do: the report comes to the next meeting"
    # Nothing needed at all: the item is ready with no paper.
    board.fire(client, entry["id"], "change_papers", papers_needed=[], reason="Verbal update")
    session.expire_all()
    assert items_missing_papers(session, board.meeting) == []
    assert session.exec(select(OutboxMessage)).all()  # every message went through the outbox
