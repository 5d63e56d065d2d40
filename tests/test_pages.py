"""The public pages: committees, meetings and agendas, never exempt business."""

from datetime import datetime

from committee.timeutil import LONDON


def test_home_lists_committees(client, make):
    make.committee("scrutiny-board-2", name="Education and Children's Services Scrutiny Board (2)")
    page = client.get("/")
    assert page.status_code == 200
    assert b'href="/committees/scrutiny-board-2"' in page.data
    assert b"Education and Children&#39;s Services Scrutiny Board (2)" in page.data


def test_committee_page_lists_coming_and_past_meetings(client, make, now):
    board = make.committee("scrutiny-board-2")
    make.meeting(board, datetime(2026, 12, 10, 14, 0, tzinfo=LONDON))
    make.meeting(board, datetime(2026, 11, 5, 14, 0, tzinfo=LONDON))

    text = client.get("/committees/scrutiny-board-2").get_data(as_text=True)

    coming, past = text.split("Past meetings")
    assert "2.00 pm on Thursday, 10th December, 2026" in coming
    assert "2.00 pm on Thursday, 5th November, 2026" in past


def test_unknown_committee_page_is_404(client):
    page = client.get("/committees/nope")
    assert page.status_code == 404
    assert b"No committee has the slug &#39;nope&#39;." in page.data


def test_meeting_page_shows_the_agenda_and_private_titles_only(client, make, now):
    board = make.committee("scrutiny-board-2")
    meeting = make.meeting(board, datetime(2026, 12, 10, 14, 0, tzinfo=LONDON))
    make.entry(board, title="Fostering", meeting=meeting)
    make.entry(
        board,
        title="Serious Case Review",
        detail="Child H details",
        meeting=meeting,
        exempt_paragraph=1,
    )

    text = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    public, private = text.split("<h2>Private business</h2>")
    assert "<strong>Fostering</strong>" in public
    assert "Serious Case Review" not in public
    assert '<span class="number">7.</span> <strong>Serious Case Review</strong>' in private
    assert "Exempt: paragraph 1" in private
    assert "Child H" not in text


def test_pages_send_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
