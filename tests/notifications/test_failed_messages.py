"""Messages that failed to send: visible with why, to those whose business they are; sent again."""

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from committee.notifications.models import MessageStatus, OutboxMessage
from committee.people.models import Role
from committee.scheduler import deliver, run_sweep
from committee.timeutil import LONDON
from tests.conftest import bearer

MEETING = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)
WINDOW_OPENS = datetime(2027, 2, 3, 9, 5, tzinfo=LONDON)


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2", name="Scrutiny Board (2)")


@pytest.fixture
def clerk(make, board):
    return make.clerk(board, name="Michelle Rose", email="michelle.rose@council.test")


@pytest.fixture
def failed(app, make, board, clerk, smtp, session, time_machine):
    """The lead officer's 'paper needed' message, given up on after eight attempts."""
    make.person(name="Kirston Nelson", email="kirston.nelson@council.test")
    make.entry(
        board, title="Primary Progress", lead="Kirston Nelson", meeting=make.meeting(board, MEETING)
    )
    smtp.stop()
    time_machine.move_to(WINDOW_OPENS, tick=False)
    run_sweep(app)
    for _ in range(8):
        session.expire_all()
        message = session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == "window_opened")
        ).one()
        if message.status == MessageStatus.FAILED:
            break
        time_machine.move_to(message.next_attempt_at, tick=False)
        deliver(app)
    assert message.status == MessageStatus.FAILED
    smtp.start()
    return message


def test_a_clerk_sees_their_committees_failed_messages_with_why(client, make, clerk, failed):
    response = client.get("/api/outbox/failed", headers=bearer(make.token(clerk)))
    assert response.status_code == 200
    shown = next(m for m in response.json["messages"] if m["id"] == failed.id)
    # The clerk's own digest failed too (the server was down): theirs to see as well.
    assert {m["kind"] for m in response.json["messages"]} == {"window_opened", "digest"}
    assert shown["subject"].startswith("Briefing note needed: Primary Progress")
    assert shown["to"] == ["kirston.nelson@council.test"]
    assert shown["reason"].startswith("Gave up after 8 attempts: ConnectionRefusedError")


def test_others_see_none_of_them(client, make, failed):
    other_board = make.committee("audit")
    other_clerk = make.clerk(other_board)
    member = make.person(Role.MEMBER)
    assert client.get("/api/outbox/failed", headers=bearer(make.token(other_clerk))).json == {
        "messages": []
    }
    assert client.get("/api/outbox/failed", headers=bearer(make.token(member))).json == {
        "messages": []
    }
    assert client.get("/api/outbox/failed").status_code == 401
    resent = client.post(f"/api/outbox/{failed.id}/resend", headers=bearer(make.token(other_clerk)))
    assert resent.status_code == 404


def test_sending_again_delivers_it_and_only_a_failed_message_can_be(
    app, client, make, clerk, failed, smtp, session
):
    headers = bearer(make.token(clerk))
    response = client.post(f"/api/outbox/{failed.id}/resend", headers=headers)
    assert response.status_code == 200
    assert (response.json["status"], response.json["attempts"]) == ("pending", 0)
    assert "Sent again by Michelle Rose" in response.json["reason"]
    assert deliver(app).sent >= 1
    assert any("kirston.nelson@council.test" in m["To"] for m in smtp.messages)
    session.refresh(failed)
    assert failed.status == MessageStatus.SENT
    again = client.post(f"/api/outbox/{failed.id}/resend", headers=headers)
    assert again.status_code == 409
    assert again.json["error"] == "Only a message that failed can be sent again; this one is sent."


def test_the_governance_digest_lists_failed_messages_worth_sending(
    app, failed, smtp, session, time_machine
):
    time_machine.move_to(WINDOW_OPENS + timedelta(days=1), tick=False)  # Thursday morning
    run_sweep(app)
    digest = next(m for m in smtp.messages if m["To"] == "michelle.rose@council.test")
    text = digest.get_body(("plain",)).get_content()
    assert "Messages that failed to send" in text
    assert "Briefing note needed: Primary Progress" in text
    assert "Gave up after 8 attempts: ConnectionRefusedError" in text


def test_the_outbox_command_prints_why(app, failed):
    result = app.test_cli_runner().invoke(args=["outbox", "--status", "failed"])
    assert result.exit_code == 0
    line = next(row for row in result.output.splitlines() if row.startswith(f"{failed.id}\t"))
    assert line.startswith(
        f"{failed.id}\tfailed\twindow_opened\tkirston.nelson@council.test\tBriefing note needed"
    )
    assert line.endswith(failed.last_error)
