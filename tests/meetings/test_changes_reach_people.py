"""Moving a published meeting: the change page warns first, then everyone concerned hears once,
and the meeting page and the next edition say what changed."""

import html
import json
import re
from datetime import datetime

from sqlmodel import select

from committee.agenda.models import AgendaEdition
from committee.meetings.operations import add_substitute
from committee.notifications.models import MessageKind, OutboxMessage
from committee.people.models import Role
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.agenda.helpers import board_with_a_meeting
from tests.agenda.test_record import _publish, _supplement
from tests.conftest import PASSWORD, csrf_token, sign_in

PUBLICATION_MORNING = datetime(2026, 11, 25, 9, 0, tzinfo=LONDON)
THE_DAY_BEFORE = datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)


def text_of(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def changed_messages(session) -> list[OutboxMessage]:
    return list(
        session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.kind == MessageKind.MEETING_CHANGED.value)
            .order_by(OutboxMessage.id)
        )
    )


def test_moving_a_published_meeting_warns_then_tells_everyone_once(
    client, make, session, now, smtp, time_machine
):
    board = board_with_a_meeting(make, session)
    substitute = make.person(Role.MEMBER, name="Cllr Sub", email="cllr.sub@council.test")
    add_substitute(session, actor=board.clerk, meeting=board.meeting, person_id=substitute.id)
    set_password(session, person=board.clerk, password=PASSWORD)
    session.commit()
    time_machine.move_to(PUBLICATION_MORNING, tick=False)
    _publish(client, board)
    time_machine.move_to(THE_DAY_BEFORE, tick=False)
    before = len(smtp.messages)  # the requests, receipts and the agenda itself
    sign_in(client, board.clerk.email)
    path = f"/meetings/{board.meeting.id}/change"
    form = {"day": "2026-12-02", "time": "19:28", "venue": board.meeting.venue}

    # A day earlier: the five clear days and the paper deadlines would be broken. It asks first.
    asked = client.post(
        path,
        data=form | {"csrf_token": csrf_token(client, path), "version": board.meeting.version},
    )
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    words = text_of(page)
    assert (
        "The agenda went out on Wednesday, 25th November, 2026. For a meeting on Wednesday, "
        "2nd December, 2026 it had to go out by Tuesday, 24th November, 2026, five clear working "
        "days before: the meeting would not have its five clear days' notice."
    ) in words
    assert (
        "The draft paper deadline would move to 10.00 am on Tuesday, 17th November, 2026, which "
        "has passed: papers still to come would be late the moment the meeting moves."
    ) in words
    assert "The final paper deadline would move to 10.00 am on Friday, 20th November" in words
    assert 'name="confirmed" value="2026-12-02T19:28:00+00:00"' in page
    session.refresh(board.meeting)
    assert board.meeting.start == datetime(2026, 12, 3, 14, 0, tzinfo=LONDON)
    assert changed_messages(session) == []  # nothing was changed, nobody was told

    moved = client.post(
        path,
        data=form
        | {
            "csrf_token": csrf_token(client, path),
            "version": board.meeting.version,
            "confirmed": "2026-12-02T19:28:00+00:00",
        },
    )
    assert moved.status_code == 302
    session.refresh(board.meeting)
    assert board.meeting.start == datetime(2026, 12, 2, 19, 28, tzinfo=LONDON)

    # One message each to the member, the substitute and the three lead officers, at once.
    news = smtp.messages[before:]
    told = sorted(message["To"] for message in news)
    assert told == sorted(
        [board.member.email, substitute.email, *(lead.email for lead in board.leads.values())]
    )
    for message in news:
        assert message["Subject"] == "Moved: Education Scrutiny Board of 3 Dec 2026"
        body = message.get_body(("plain",)).get_content()
        assert (
            "Time: 7.28 pm on Wednesday, 2nd December, 2026 (was 2.00 pm on Thursday, 3rd "
            "December, 2026)"
        ) in body

    # The meeting page says so, and the next edition prints it; the first edition does not.
    meeting_page = text_of(client.get(f"/meetings/{board.meeting.id}").get_data(as_text=True))
    change = (
        "Moved on 1 December 2026 from 2.00 pm on Thursday, 3rd December, 2026 to 7.28 pm on "
        "Wednesday, 2nd December, 2026"
    )
    assert f"Changed since the agenda was published {change}" in meeting_page
    make.entry(board.committee, title="Youth justice", meeting=board.meeting, lead="Paul Smith")
    _supplement(client, board, "The youth justice inspection reported on 30 November.")
    sheets = [
        json.loads(edition.frontsheet)
        for edition in session.exec(
            select(AgendaEdition)
            .where(AgendaEdition.meeting_id == board.meeting.id)
            .order_by(AgendaEdition.number)
        )
    ]
    assert [sheet.get("changes", []) for sheet in sheets] == [[], [change]]

    # Saving it again as it is changes nothing and tells nobody.
    count = len(smtp.messages)
    again = client.post(
        path,
        data=form | {"csrf_token": csrf_token(client, path), "version": board.meeting.version},
    )
    assert again.status_code == 302
    assert "Nothing had changed." in client.get(path).get_data(as_text=True)
    assert len(smtp.messages) == count
    assert len(changed_messages(session)) == 5


def test_a_change_that_breaks_nothing_is_made_at_once(
    client, make, session, now, smtp, time_machine
):
    board = board_with_a_meeting(make, session)
    set_password(session, person=board.clerk, password=PASSWORD)
    session.commit()
    sign_in(client, board.clerk.email)
    path = f"/meetings/{board.meeting.id}/change"
    moved = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "version": board.meeting.version,
            "day": "2026-12-03",
            "time": "14:00",
            "venue": "Diamond Room 1",
        },
    )
    assert moved.status_code == 302  # no warning: the time and its deadlines are as they were
    changed = [m for m in smtp.messages if m["Subject"].startswith("Place changed")]
    assert sorted((m["To"], m["Subject"]) for m in changed) == sorted(
        (person.email, "Place changed: Education Scrutiny Board on 3 Dec 2026")
        for person in (board.member, *board.leads.values())
    )
    body = changed[0].get_body(("plain",)).get_content()
    assert "Place: Diamond Room 1 (was Committee Room 3 - Council House)" in body
