"""What the public reads of an entry: its story in plain words, not the workflow's events or
the staff who took them; those who work on it still see the whole history."""

import html
import re

from committee.people.operations import set_password
from tests.agenda.helpers import board_with_a_meeting, pdf_of, send_paper
from tests.conftest import PASSWORD, sign_in


def text_of(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def test_the_public_reads_an_entrys_story_and_governance_its_history(client, make, session, now):
    board = board_with_a_meeting(make, session)
    waiting = make.entry(board.committee, title="Review of Libraries")
    set_password(session, person=board.clerk, password=PASSWORD)
    session.commit()
    send_paper(client, board, "Adoption Central England", pdf_of(1), "adoption.pdf")
    path = f"/entries/{board.entries['Adoption Central England']}"

    public = text_of(client.get(path).get_data(as_text=True))
    assert "On the agenda for 2.00 pm on Thursday, 3rd December, 2026" in public
    assert "Its story so far" in public
    assert "Asked for." in public
    assert "Put on the agenda for 2.00 pm on Thursday, 3rd December, 2026." in public
    for inside in (
        "Submit paper",
        "submit paper",
        "Clear paper",
        "Michelle Rose",
        "briefing due",
        "briefing_due",
        "the system",
    ):
        assert inside not in public, inside
    story = public[public.index("Its story so far") :]
    assert "Paul Smith" not in story  # the programme names its lead officer; no step does

    programme = text_of(
        client.get("/committees/scrutiny-board-2/work-programme").get_data(as_text=True)
    )
    assert "Review of Libraries" in programme
    assert "Awaiting a date" in programme
    assert "requested" not in programme

    # Positive control: the clerk sees every step, by whom, in the events' own words.
    sign_in(client, board.clerk.email)
    clerk = text_of(client.get(path).get_data(as_text=True))
    assert "History" in clerk
    assert (
        "Submit paper (briefing note): now on an agenda, its papers being prepared Paul Smith"
        in clerk
    )
    assert "Clear paper (briefing note)" in clerk
    assert "Its story so far" not in clerk
    assert waiting.state == "requested"
