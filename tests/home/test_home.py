"""Each role's home: the governance dashboard, the lead officer's papers, the member's meetings."""

import re
from datetime import datetime

import pytest
from sqlmodel import select

from committee.minutes.operations import publish_minutes, save_minutes
from committee.minutes.schemas import MinutesInput
from committee.notifications.models import MessageKind, MessageStatus, OutboxMessage
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.agenda.helpers import board_with_a_meeting, pdf_of, send_paper
from tests.conftest import PASSWORD, csrf_token, sign_in

# The meeting of 3 December 2026: drafts due at 10.00 on 18 November, finals on 23 November.
AFTER_THE_DRAFT_DEADLINE = datetime(2026, 11, 19, 9, 0, tzinfo=LONDON)


@pytest.fixture
def board(now, make, session):
    board = board_with_a_meeting(make, session)
    for person in (board.clerk, board.member, *board.leads.values()):
        set_password(session, person=person, password=PASSWORD)
    session.commit()
    return board


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def failed_message(session, board, subject: str) -> OutboxMessage:
    message = OutboxMessage(
        key=f"test:{subject}",
        kind=MessageKind.DRAFT_REMINDER.value,
        committee_id=board.committee.id,
        to_addresses="sonia.watson@council.test",
        subject=subject,
        status=MessageStatus.FAILED.value,
        due_at=datetime(2026, 11, 16, 9, 0, tzinfo=LONDON),
        attempts=5,
        last_error="550 mailbox unavailable",
    )
    session.add(message)
    session.commit()
    return message


def test_signing_in_without_a_next_page_goes_home_and_home_needs_signing_in(client, board):
    assert client.get("/home").status_code == 302
    data = {
        "email": board.clerk.email,
        "password": PASSWORD,
        "csrf_token": csrf_token(client),
    }
    assert client.post("/sign-in", data=data).headers["Location"] == "/home"


def test_the_governance_dashboard_puts_overdue_papers_first(client, board, session, time_machine):
    send_paper(client, board, "Adoption Central England", pdf_of(1), "adoption.pdf")
    time_machine.move_to(AFTER_THE_DRAFT_DEADLINE, tick=False)
    unscheduled = board.committee
    from tests.factories import Factory

    Factory(session).entry(unscheduled, title="Review of Libraries")
    sign_in(client, board.clerk.email)

    page = text_of(client.get("/home"))
    page = page[page.index("Agendas to publish") :]
    assert (
        "Education Scrutiny Board, 2.00 pm on Thursday, 3rd December, 2026 Due Wednesday, "
        "25th November, 2026: 4 working days away. 2 papers overdue."
    ) in page
    rows = re.findall(r"(\d+\. [A-Z][^<]*?) (?:Sonia|Rebekah|Paul) \w+ (\w[\w ]*?) 10\.00 am", page)
    numbers = {title: board.item(session, title).number for title in board.entries}
    assert rows == [
        (f"{numbers['Fostering']}. Fostering", "Overdue"),
        (f"{numbers['Serious Case Review - Child H']}. Serious Case Review - Child H", "Overdue"),
        (f"{numbers['Adoption Central England']}. Adoption Central England", "Cleared"),
    ]
    assert "Entries waiting for a meeting Review of Libraries (Education Scrutiny Board)" in page
    assert (
        "Clear paper: now on an agenda, its papers being prepared Michelle Rose" in page
    )  # recent changes, newest first


def test_a_failed_message_is_shown_with_why_and_sent_again_from_the_dashboard(
    client, make, board, session
):
    message = failed_message(session, board, "Draft due: Fostering")
    sign_in(client, board.clerk.email)
    page = text_of(client.get("/home"))
    assert (
        "Draft due: Fostering sonia.watson@council.test 550 mailbox unavailable Send again" in page
    )

    path = f"/home/messages/{message.id}/resend"
    assert client.post(path, data={}).status_code == 400  # no CSRF token
    session.refresh(message)
    assert message.status == MessageStatus.FAILED.value
    sent = client.post(path, data={"csrf_token": csrf_token(client, "/home")})
    assert (sent.status_code, sent.headers["Location"]) == (302, "/home")
    session.refresh(message)
    assert (message.status, message.attempts) == (MessageStatus.PENDING.value, 0)
    assert "Every message has gone." in text_of(client.get("/home"))


def test_another_committees_clerk_cannot_resend_a_message(client, make, board, session):
    message = failed_message(session, board, "Draft due: Fostering")
    other = make.clerk(make.committee("audit"), email="audit.clerk@council.test")
    set_password(session, person=other, password=PASSWORD)
    session.commit()
    sign_in(client, other.email)
    assert "Draft due: Fostering" not in text_of(client.get("/home"))
    client.post(
        f"/home/messages/{message.id}/resend", data={"csrf_token": csrf_token(client, "/home")}
    )
    page = text_of(client.get("/home"))
    assert f"No message of yours has the number {message.id}." in page
    session.refresh(message)
    assert message.status == MessageStatus.FAILED.value


def test_a_lead_officers_home_lists_their_papers_overdue_first_with_the_time_left(
    client, make, board, session, time_machine
):
    sonia = board.leads["Sonia Watson"]
    second = make.entry(board.committee, title="Fostering panels", lead="Sonia Watson")
    client.post(
        f"/api/entries/{second.id}/events/schedule",
        json={
            "meeting_id": make.meeting(
                board.committee, datetime(2027, 1, 7, 14, 0, tzinfo=LONDON)
            ).id
        },
        headers=board.headers(board.clerk),
    )
    client.post(
        f"/api/entries/{board.entries['Fostering']}/events/open_briefing",
        json={},
        headers=board.headers(board.clerk),
    )
    time_machine.move_to(AFTER_THE_DRAFT_DEADLINE, tick=False)
    sign_in(client, sonia.email)
    page = text_of(client.get("/home"))
    assert (
        "Papers you owe Item Meeting Paper Due Time left Fostering Education Scrutiny Board" in page
    )
    assert "Overdue Briefing note 10.00 am on 18 Nov 2026 23 hours late" in page
    assert page.index("Fostering Education") < page.index("Fostering panels")
    assert "Not asked for yet" in page
    assert "Agendas to publish" not in page  # not a governance officer


def test_a_members_home_has_the_next_agenda_and_the_calendar_address(
    client, board, session, time_machine
):
    sign_in(client, board.member.email)
    page = text_of(client.get("/home"))
    assert (
        "Your next meetings Education Scrutiny Board, 2.00 pm on Thursday, 3rd December, 2026 : "
        "the agenda will be published on Wednesday, 25th November, 2026."
    ) in page
    assert "Education Scrutiny Board (chair)" in page
    html = client.get("/home").get_data(as_text=True)
    assert 'href="/my/calendar">your calendar address</a>' in html

    time_machine.move_to(datetime(2026, 11, 25, 9, 0, tzinfo=LONDON), tick=False)
    sign_in(client, board.member.email)  # days on: that session has expired
    items = [board.item(session, title).id for title in board.entries]
    client.post(
        f"/api/meetings/{board.meeting.id}/publish",
        json={"to_follow": items},
        headers=board.headers(board.clerk),
    )
    html = client.get("/home").get_data(as_text=True)
    assert f'href="/meetings/{board.meeting.id}/agenda-private.pdf">members\' pack</a>' in html
    assert "Messages that could not be sent" not in html
    assert session.exec(select(OutboxMessage)).first() is not None  # the member was sent it


def test_the_dashboard_lists_minutes_owed_and_responses_overdue(client, board, make, session):
    """Meetings of the last three months without published minutes, and late responses."""
    committee = board.committee
    make.meeting(committee, datetime(2026, 8, 6, 14, 0, tzinfo=LONDON))  # 14 weeks ago
    unwritten = make.meeting(committee, datetime(2026, 10, 15, 14, 0, tzinfo=LONDON))
    drafted = make.meeting(committee, datetime(2026, 11, 5, 14, 0, tzinfo=LONDON))
    published = make.meeting(committee, datetime(2026, 9, 10, 14, 0, tzinfo=LONDON))
    record = {
        "minutes": [
            {
                "title": "Supported Internship",
                "resolutions": [
                    {"text": "Extend it", "recommendation": {"to": "Cabinet Member for Skills"}}
                ],
            }
        ]
    }
    for meeting in (published, drafted):  # in the order they were held: numbered on
        save_minutes(
            session,
            actor=board.clerk,
            meeting=meeting,
            data=MinutesInput.model_validate(record),
        )
    publish_minutes(
        session,
        actor=board.clerk,
        meeting=published,
        response_months=2,
        now=datetime(2026, 9, 14, 10, 0, tzinfo=LONDON),  # its response was due 14 November
    )
    session.commit()
    sign_in(client, board.clerk.email)

    page = text_of(client.get("/home"))
    after = page[page.index("After the meetings") : page.index("Recent changes")]
    assert (
        "Education Scrutiny Board, Thursday, 15th October, 2026: write the minutes "
        "Education Scrutiny Board, Thursday, 5th November, 2026: publish the draft minutes"
    ) in after
    assert "6th August" not in after  # before the dashboard looks back
    assert "10th September" not in after  # published
    assert (
        "Responses to recommendations overdue Cabinet Member for Skills "
        "(Education Scrutiny Board): due Saturday, 14th November, 2026"
    ) in after
    html = client.get("/home").get_data(as_text=True)
    assert f'href="/meetings/{unwritten.id}/minutes/edit">write the minutes</a>' in html
    assert f'href="/meetings/{drafted.id}/minutes">publish the draft minutes</a>' in html

    # A member's home has none of it.
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/home")})
    sign_in(client, board.member.email)
    assert "After the meetings" not in text_of(client.get("/home"))
