"""The sweep and delivery: windows open, reminders go once, and nothing goes twice.

The board's meeting is on Thursday 4 March 2027 at 2.00 pm. Counted by hand:
publication Wednesday 24 February; draft due 10.00 on Wednesday 17 February;
final 10.00 on Monday 22 February; the paper window opens Wednesday 3 February.
Reminders: 3 Feb 09:00, 12 Feb 09:00, 17 Feb 09:00, overdue 18 Feb 09:00.
"""

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from committee.deadlines.operations import add_closure_day
from committee.meetings.operations import update_meeting
from committee.notifications.delivery import message_key
from committee.notifications.models import MessageStatus, OutboxMessage
from committee.people.operations import set_password
from committee.scheduler import deliver, run_sweep
from committee.timeutil import LONDON
from committee.work_programme.lifecycle import fire_event
from committee.work_programme.models import StateChange
from committee.work_programme.schemas import EventInput
from tests.conftest import PASSWORD, bearer, sign_in

MEETING = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=LONDON)


class Board:
    def __init__(self, make, session):
        self.make = make
        self.session = session
        self.committee = make.committee(
            "scrutiny-board-2", name="Education and Children's Services Scrutiny Board (2)"
        )
        self.clerk = make.clerk(
            self.committee, name="Michelle Rose", email="michelle.rose@council.test"
        )
        self.lead = make.person(name="Kirston Nelson", email="kirston.nelson@council.test")
        self.meeting = make.meeting(self.committee, MEETING)
        self.entry = make.entry(
            self.committee,
            title="Primary Progress",
            lead="Kirston Nelson Cllr Maton",
            detail="Members requested a report of the unvalidated data",
            meeting=self.meeting,
        )

    def outbox(self) -> list[OutboxMessage]:
        self.session.expire_all()
        return list(self.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))

    def statuses(self) -> list[tuple[str, str]]:
        return [(message.kind, message.status) for message in self.outbox()]


@pytest.fixture
def board(make, session, now):
    return Board(make, session)


LEAD = "kirston.nelson@council.test"


def to_lead(smtp) -> list:
    """The messages that reached the lead officer (governance officers get digests too)."""
    return [message for message in smtp.messages if LEAD in message["To"]]


def lead_subjects(smtp) -> list[str]:
    # A long subject is folded before its first word: the space unfolding leaves is not its own.
    return [message["Subject"].strip() for message in to_lead(smtp)]


def sweep(app, time_machine, moment):
    time_machine.move_to(moment, tick=False)
    return run_sweep(app)


def test_the_window_opens_on_its_day_and_the_lead_officer_is_asked_once(
    app, board, smtp, session, time_machine
):
    report, _ = sweep(app, time_machine, at(2, 3, 0, 5))
    assert report.windows_opened == 1
    session.refresh(board.entry)
    assert board.entry.state == "briefing_due"
    opened = session.exec(select(StateChange).where(StateChange.event == "open_briefing")).one()
    assert opened.actor_id is None  # the system
    assert to_lead(smtp) == []  # the message itself goes at 09:00

    sweep(app, time_machine, at(2, 3, 9, 5))
    sweep(app, time_machine, at(2, 3, 9, 10))
    sweep(app, time_machine, at(2, 3, 14, 0))

    assert lead_subjects(smtp) == [
        "Briefing note needed: Primary Progress, Education and Children's Services Scrutiny Board (2) on 4 Mar 2027"
    ]
    message = to_lead(smtp)[0]
    assert message["To"] == LEAD
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Draft to Governance Services: 10.00 am on Wednesday, 17th February, 2027" in text
    assert "Final cleared paper:          10.00 am on Monday, 22nd February, 2027" in text
    assert f"https://committees.test/entries/{board.entry.id}" in text
    assert "<strong>10.00 am on Wednesday, 17th February, 2027</strong>" in html
    assert [status for status in board.statuses() if status[0] != "digest"] == [
        ("window_opened", "sent")
    ]


def test_each_reminder_goes_once_and_the_overdue_notice_copies_governance(
    app, board, smtp, time_machine
):
    for moment in (
        at(2, 3, 9, 5),
        at(2, 12, 9, 5),
        at(2, 12, 16, 0),
        at(2, 17, 9, 5),
        at(2, 17, 9, 30),
        at(2, 18, 9, 5),
        at(2, 18, 12, 0),
        at(2, 19, 9, 5),
    ):
        sweep(app, time_machine, moment)

    assert lead_subjects(smtp) == [
        "Briefing note needed: Primary Progress, Education and Children's Services Scrutiny Board (2) on 4 Mar 2027",
        "Reminder: draft of Primary Progress due 17 Feb 2027",
        "Due today at 10.00 am: draft of Primary Progress",
        "Overdue: draft of Primary Progress (was due 17 Feb 2027)",
    ]
    overdue = to_lead(smtp)[-1]
    assert overdue["Cc"] == "michelle.rose@council.test"
    envelope = next(e for e in smtp.envelopes if b"Subject: Overdue" in e.content)
    assert envelope.rcpt_tos == [LEAD, "michelle.rose@council.test"]


def test_a_received_paper_stops_the_reminders(app, board, smtp, session, time_machine):
    sweep(app, time_machine, at(2, 3, 9, 5))
    time_machine.move_to(at(2, 8, 11, 0), tick=False)
    fire_event(
        session,
        actor=board.lead,
        entry_id=board.entry.id,
        event="submit_paper",
        data=EventInput(paper_kind="briefing_note", paper_url="https://docs.test/primary.pdf"),
    )
    session.commit()

    for moment in (at(2, 12, 9, 5), at(2, 17, 9, 5), at(2, 18, 9, 5)):
        sweep(app, time_machine, moment)

    # The request, then the receipt for the paper (copied to the clerk); no reminder after it.
    assert lead_subjects(smtp) == [
        "Briefing note needed: Primary Progress, Education and Children's Services Scrutiny "
        "Board (2) on 4 Mar 2027",
        "Received: briefing note for Primary Progress",
    ]
    receipt = to_lead(smtp)[1]
    assert receipt["Cc"] == "michelle.rose@council.test"
    assert "received at 11.00 am on Monday, 8th February, 2027: on time" in (
        receipt.get_body(("plain",)).get_content()
    )
    skipped = [
        (m.kind, m.last_error)
        for m in board.outbox()
        if m.status == "skipped" and m.kind != "digest"
    ]
    assert skipped[-1] == ("draft_overdue", "the paper had been received")


def test_after_downtime_the_latest_useful_message_goes_and_the_rest_are_recorded(
    app, board, smtp, time_machine
):
    # Down from before the window opened until 09:30 on the deadline day.
    report, _ = sweep(app, time_machine, at(2, 17, 9, 30))

    assert report.windows_opened == 1
    assert lead_subjects(smtp) == ["Due today at 10.00 am: draft of Primary Progress"]
    assert [(m.kind, m.status, m.last_error) for m in board.outbox() if m.kind != "digest"] == [
        ("window_opened", "skipped", "superseded by the draft due today message"),
        ("draft_reminder", "skipped", "superseded by the draft due today message"),
        ("draft_due_today", "sent", ""),
    ]


def test_a_reminder_too_late_to_help_is_skipped_not_sent(app, board, smtp, time_machine):
    sweep(app, time_machine, at(2, 3, 9, 5))
    # Down from then until 10.30 on the deadline day: the deadline-day message is no use now.
    sweep(app, time_machine, at(2, 17, 10, 30))
    assert len(to_lead(smtp)) == 1
    due_today = next(m for m in board.outbox() if m.kind == "draft_due_today")
    assert due_today.last_error == "too late to be useful: it was due at 09:00 on 17 February 2027"
    sweep(app, time_machine, at(2, 18, 9, 5))
    assert lead_subjects(smtp)[-1] == "Overdue: draft of Primary Progress (was due 17 Feb 2027)"


def test_smtp_down_then_up(app, board, smtp, session, time_machine):
    smtp.stop()
    _, delivery = sweep(app, time_machine, at(2, 3, 9, 5))
    assert delivery.sent == 0
    message = next(m for m in board.outbox() if m.kind == "window_opened")
    assert (message.status, message.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at == at(2, 3, 9, 6)  # one minute later

    assert deliver(app).sent == 0  # not due again yet
    smtp.start()
    time_machine.move_to(at(2, 3, 9, 6), tick=False)
    assert deliver(app).sent >= 1
    assert deliver(app).sent == 0
    assert len(to_lead(smtp)) == 1
    assert next(m for m in board.outbox() if m.kind == "window_opened").status == "sent"


def test_delivery_backs_off_and_gives_up_after_the_last_attempt(app, board, smtp, time_machine):
    smtp.stop()
    sweep(app, time_machine, at(2, 3, 9, 5))

    def paper_message():
        return next(m for m in board.outbox() if m.kind == "window_opened")

    waits = []
    for _ in range(10):
        message = paper_message()
        if message.status != "pending":
            break
        waits.append(message.next_attempt_at - at(2, 3, 9, 5))
        time_machine.move_to(message.next_attempt_at, tick=False)
        deliver(app)
    message = paper_message()
    assert message.status == "failed"
    assert message.attempts == 8
    assert message.last_error.startswith("Gave up after 8 attempts")
    assert waits[:3] == [
        timedelta(minutes=1),
        timedelta(minutes=1 + 5),
        timedelta(minutes=1 + 5 + 15),
    ]


def test_a_message_interrupted_mid_delivery_is_sent_again_with_its_message_id(
    app, board, smtp, session, time_machine
):
    smtp.stop()
    sweep(app, time_machine, at(2, 3, 9, 5))
    message = next(m for m in board.outbox() if m.kind == "window_opened")
    # The sender died after claiming it: it may or may not have reached the mail server.
    message.status, message.claimed_at = MessageStatus.SENDING, at(2, 3, 9, 6)
    session.commit()
    smtp.start()

    time_machine.move_to(at(2, 3, 9, 10), tick=False)
    deliver(app)
    assert to_lead(smtp) == []  # its sender may still be at work on it

    time_machine.move_to(at(2, 3, 9, 30), tick=False)
    deliver(app)
    (arrived,) = to_lead(smtp)
    assert arrived["Message-ID"] == f"<{message_key(message)}@localhost>"
    message = next(m for m in board.outbox() if m.kind == "window_opened")
    assert message.status == "sent"


def test_a_message_the_server_took_after_the_client_gave_up_repeats_its_message_id(
    app, board, smtp, time_machine
):
    app.config["SMTP_TIMEOUT_SECONDS"] = 0.3  # a real client waits this long for the "250"
    smtp.hold_replies()
    try:
        _, first = sweep(app, time_machine, at(2, 3, 9, 5))
    finally:
        smtp.release_replies()
        app.config["SMTP_TIMEOUT_SECONDS"] = 30
    assert smtp.received.wait(5)
    assert first.sent == 0
    assert len(to_lead(smtp)) == 1  # the server has it, though the client heard no answer
    time_machine.move_to(at(2, 3, 9, 6), tick=False)
    deliver(app)  # the retry, a minute later
    first_copy, repeat = to_lead(smtp)
    assert first_copy["Message-ID"] == repeat["Message-ID"]  # a server can drop the repeat


def test_a_restart_mid_day_sends_nothing_twice(app, board, smtp, time_machine):
    sweep(app, time_machine, at(2, 17, 9, 5))
    # The scheduler restarts at noon: its first sweep finds everything done.
    sent_before = len(smtp.messages)
    report, delivery = sweep(app, time_machine, at(2, 17, 12, 0))
    assert (report.windows_opened, report.queued, report.skipped, delivery.sent) == (0, 0, 0, 0)
    assert len(smtp.messages) == sent_before
    assert lead_subjects(smtp) == ["Due today at 10.00 am: draft of Primary Progress"]


def test_a_moved_meeting_moves_its_reminders(app, board, smtp, session, time_machine):
    smtp.stop()
    sweep(app, time_machine, at(2, 3, 9, 5))  # queued, but the mail server is down
    update_meeting(
        session,
        actor=board.clerk,
        meeting=board.meeting,
        start=datetime(2027, 3, 11, 14, 0, tzinfo=LONDON),
    )
    session.commit()
    smtp.start()

    time_machine.move_to(at(2, 3, 9, 6), tick=False)
    deliver(app)
    assert (
        next(m for m in board.outbox() if m.kind == "window_opened").last_error
        == "the deadline moved"
    )

    # The lead officer heard of the move at once; the request follows the new deadline.
    # Meeting 11 Mar: publication 3 Mar, draft 24 Feb; the window opened on 10 Feb.
    sweep(app, time_machine, at(2, 10, 9, 5))
    assert lead_subjects(smtp) == [
        "Moved: Education and Children's Services Scrutiny Board (2) of 4 Mar 2027",
        "Briefing note needed: Primary Progress, Education and Children's Services Scrutiny Board (2) on 11 Mar 2027",
    ]
    moved = to_lead(smtp)[0].get_body(("plain",)).get_content()
    assert (
        "Time: 2.00 pm on Thursday, 11th March, 2027 (was 2.00 pm on Thursday, 4th March, 2027)"
        in moved
    )
    assert (
        "10.00 am on Wednesday, 24th February, 2027"
        in to_lead(smtp)[1].get_body(("plain",)).get_content()
    )


def test_a_cancelled_meeting_stops_its_reminders(app, board, smtp, session, time_machine):
    smtp.stop()
    sweep(app, time_machine, at(2, 3, 9, 5))
    update_meeting(session, actor=board.clerk, meeting=board.meeting, status="cancelled")
    session.commit()
    smtp.start()

    for moment in (at(2, 3, 9, 6), at(2, 12, 9, 5), at(2, 17, 9, 5), at(2, 18, 9, 5)):
        sweep(app, time_machine, moment)

    # Only the cancellation, naming what goes back to the programme; no reminder after it.
    assert lead_subjects(smtp) == [
        "Cancelled: Education and Children's Services Scrutiny Board (2) on 4 Mar 2027"
    ]
    cancelled = to_lead(smtp)[0].get_body(("plain",)).get_content()
    assert "Its items go back to the work programme" in cancelled
    assert "- Primary Progress" in cancelled
    assert [
        (m.kind, m.status, m.last_error)
        for m in board.outbox()
        if m.kind not in ("digest", "meeting_changed")
    ] == [("window_opened", "skipped", "the item is now awaiting a date")]


def test_a_closure_day_moves_the_deadlines_and_their_reminders(
    app, board, smtp, session, time_machine
):
    add_closure_day(session, actor=board.clerk, day=date(2027, 2, 22), reason="Staff training")
    session.commit()
    # Without Mon 22 Feb: draft five working days before 24 Feb is Tue 16 Feb; the window opens
    # ten working days before that, Tue 2 Feb.
    sweep(app, time_machine, at(2, 2, 9, 5))
    text = to_lead(smtp)[0].get_body(("plain",)).get_content()
    assert "Draft to Governance Services: 10.00 am on Tuesday, 16th February, 2027" in text


def test_publication_day_reminds_governance_once(app, board, smtp, time_machine):
    sweep(app, time_machine, at(2, 24, 7, 55))
    assert [s for s in smtp.subjects() if s.startswith("Publish today")] == []
    sweep(app, time_machine, at(2, 24, 8, 5))
    sweep(app, time_machine, at(2, 24, 15, 0))
    publication = [m for m in smtp.messages if m["Subject"].startswith("Publish today")]
    assert [m["Subject"] for m in publication] == [
        "Publish today: agenda for Education and Children's Services Scrutiny Board (2) on 4 Mar 2027"
    ]
    assert publication[0]["To"] == "michelle.rose@council.test"
    assert (
        "Primary Progress: briefing note awaited"
        in publication[0].get_body(("plain",)).get_content()
    )


def test_the_morning_digest(app, board, make, smtp, time_machine):
    make.entry(
        board.committee,
        title="Secure Provision",
        timing_note="to_be_determined",
        municipal_year=2026,
    )
    sweep(app, time_machine, at(2, 19, 8, 5))  # Friday: publication (24 Feb) is 3 working days on
    sweep(app, time_machine, at(2, 19, 11, 0))

    digests = [m for m in smtp.messages if m["Subject"].startswith("Committee business")]
    assert [m["Subject"] for m in digests] == ["Committee business for Friday, 19th February, 2027"]
    text = digests[0].get_body(("plain",)).get_content()
    assert (
        "Wednesday, 24th February, 2027: Education and Children's Services Scrutiny Board (2)"
        in text
    )
    assert (
        "Primary Progress (Education and Children's Services Scrutiny Board (2), 4 Mar 2027): overdue; "
        "due 10.00 am on 17 Feb 2027" in text
    )
    assert "- Secure Provision (Education and Children's Services Scrutiny Board (2))" in text


def test_no_digest_at_weekends_or_with_nothing_to_report(
    app, make, smtp, session, now, time_machine
):
    board = make.committee("quiet")
    make.governance_officer(board, email="clerk@council.test")
    sweep(app, time_machine, datetime(2026, 11, 21, 9, 0, tzinfo=LONDON))  # a Saturday
    sweep(app, time_machine, datetime(2026, 11, 23, 9, 0, tzinfo=LONDON))  # Monday, nothing to say
    assert smtp.messages == []
    outbox = session.exec(select(OutboxMessage)).all()
    assert [(m.kind, m.status, m.last_error) for m in outbox] == [
        ("digest", "skipped", "nothing to report")
    ]


def test_an_item_with_no_lead_officer_address_is_recorded_not_lost(
    app, make, smtp, session, now, time_machine
):
    committee = make.committee("board")
    make.governance_officer(committee, email="clerk@council.test")
    meeting = make.meeting(committee, MEETING)
    make.entry(committee, title="Secure Provision", lead="Someone Unknown", meeting=meeting)
    sweep(app, time_machine, at(2, 3, 9, 5))
    paper = [m for m in session.exec(select(OutboxMessage)) if m.kind == "window_opened"]
    assert [(m.status, m.last_error) for m in paper] == [
        ("skipped", "no lead officer with an email address is linked to the item")
    ]


def test_closure_days_by_api(client, board, make, session):
    token = bearer(make.token(board.clerk))
    response = client.post(
        "/api/closure-days", json={"day": "2027-02-22", "reason": "Staff training"}, headers=token
    )
    assert response.status_code == 201
    deadlines = client.get(f"/api/meetings/{board.meeting.id}/deadlines").json
    assert (deadlines["draft"], deadlines["briefing_opens"]) == ("2027-02-16", "2027-02-02")
    assert (
        client.post(
            "/api/closure-days", json={"day": "2027-02-22", "reason": "x"}, headers=token
        ).status_code
        == 409
    )
    assert (
        client.post(
            "/api/closure-days", json={"day": "22/02/2027", "reason": "x"}, headers=token
        ).status_code
        == 422
    )
    member = bearer(make.token(make.person(email="member@council.test")))
    assert (
        client.post(
            "/api/closure-days", json={"day": "2027-02-23", "reason": "x"}, headers=member
        ).status_code
        == 403
    )
    assert client.delete("/api/closure-days/2027-02-22", headers=token).status_code == 204
    assert client.delete("/api/closure-days/2027-02-22", headers=token).status_code == 404


def test_deadline_settings_by_api(client, board, make):
    token = bearer(make.token(board.clerk))
    url = "/api/committees/scrutiny-board-2/deadline-settings"
    assert client.get(url).json == {
        "draft_days": 5,
        "final_days": 2,
        "window_days": 10,
        "deadline_time": "10:00:00",
    }
    bad = client.patch(url, json={"final_days": 6}, headers=token)
    assert bad.status_code == 422
    assert "final_days" in bad.json["fields"]
    assert client.patch(url, json={"draft_days": -1}, headers=token).status_code == 422
    good = client.patch(url, json={"draft_days": 8, "deadline_time": "12:00"}, headers=token)
    assert good.json == {
        "draft_days": 8,
        "final_days": 2,
        "window_days": 10,
        "deadline_time": "12:00:00",
    }
    # Eight working days before publication on 24 Feb: 23, 22, 19, 18, 17, 16, 15, 12.
    assert (
        client.get(f"/api/meetings/{board.meeting.id}/deadlines").json["draft_due_at"]
        == "2027-02-12T12:00:00+00:00"
    )


def test_the_lead_officers_view_shows_what_they_owe(client, board, session):
    set_password(session, person=board.lead, password=PASSWORD)
    session.commit()
    sign_in(client, board.lead.email)
    mine = client.get("/my/papers").get_data(as_text=True)
    meeting_page = client.get(f"/meetings/{board.meeting.id}").get_data(as_text=True)
    for page in (mine, meeting_page):
        assert "10.00 am on Wednesday, 17th February, 2027" in page
        assert "10.00 am on Monday, 22nd February, 2027" in page
    assert "Primary Progress" in mine
    assert "Agenda published</dt><dd>Wednesday, 24th February, 2027" in meeting_page


def test_the_sweep_counts_what_it_did(app, board, smtp, time_machine):
    first, _ = sweep(app, time_machine, at(2, 17, 9, 30))
    again, _ = sweep(app, time_machine, at(2, 17, 9, 35))
    # The window opened; the deadline-day message queued; two earlier ones recorded as superseded;
    # the governance officer's digest queued (it is past 08:00 on a working day).
    assert (first.windows_opened, first.queued, first.skipped) == (1, 2, 2)
    assert (again.windows_opened, again.queued, again.skipped) == (0, 0, 0)


def test_an_item_scheduled_into_an_open_window_is_asked_for_at_once(committed_app, time_machine):
    """No waiting for the next sweep: the commit that moved the item sweeps its meeting."""
    from committee.db import EXTENSION_KEY
    from tests.factories import Factory

    database = committed_app.extensions[EXTENSION_KEY]
    time_machine.move_to(at(2, 10, 11, 0), tick=False)  # the window opened on 3 February
    with database.write_sessionmaker() as session:
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        clerk = make.clerk(board, email="michelle.rose@council.test")
        make.person(name="Kirston Nelson", email=LEAD)
        meeting = make.meeting(board, MEETING)
        entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson")
        token = bearer(make.token(clerk))
        entry_id, meeting_id = entry.id, meeting.id

    response = committed_app.test_client().post(
        f"/api/entries/{entry_id}/events/schedule", json={"meeting_id": meeting_id}, headers=token
    )

    assert response.status_code == 200
    assert response.json["state"] == "briefing_due"
    with database.sessionmaker() as session:
        queued = session.exec(
            select(OutboxMessage.kind, OutboxMessage.status, OutboxMessage.to_addresses).where(
                OutboxMessage.entry_id == entry_id
            )
        ).all()
    assert queued == [("window_opened", "sent", LEAD)]  # sent as the change committed


def test_the_sweep_interval_is_a_setting(committed_app):
    from committee.scheduler import add_standing_jobs, build_scheduler

    scheduler = build_scheduler(committed_app)
    add_standing_jobs(scheduler, sweep_every=timedelta(seconds=45))
    assert scheduler.get_job("sweep").trigger.interval == timedelta(seconds=45)
    from committee import create_app

    configured = create_app(
        {
            "DATABASE_URL": committed_app.config["DATABASE_URL"],
            "SECRET_KEY": "x",
            "SWEEP_INTERVAL_SECONDS": "45",
        }
    )
    assert configured.config["SWEEP_INTERVAL_SECONDS"] == 45
    configured.extensions["committee.db"].engine.dispose()
