"""The public pages: committees, meetings and agendas, never exempt business."""

import re
from datetime import datetime

import pytest

from committee import create_app
from committee.timeutil import LONDON
from tests.conftest import bearer


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
    assert b"No committee has the address &#39;nope&#39;." in page.data


def test_meeting_page_shows_the_published_agenda_and_private_titles_only(
    client, make, session, time_machine, now
):
    from committee.agenda.operations import publish_agenda
    from committee.meetings.queries import agenda_of

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
    before = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "The agenda will be published on Wednesday, 2nd December, 2026" in before
    assert "Fostering" not in before
    assert "Serious Case Review" not in before

    time_machine.move_to(datetime(2026, 12, 2, 9, 0, tzinfo=LONDON), tick=False)
    business = [item.id for item in agenda_of(session, meeting) if item.entry_id]
    publish_agenda(
        session, actor=make.clerk(board), meeting=meeting, to_follow=business, base_url=""
    )
    session.commit()
    text = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    public, private = text.split('<h2 class="frontsheet-heading">Private Business</h2>')
    assert "<strong>Fostering</strong>" in public
    assert "Serious Case Review" not in public
    assert "<strong>Serious Case Review</strong>" in private
    assert '<span class="number">7.</span>' in private
    assert "Paragraph 1 of Schedule 12A" in private
    assert "Child H" not in text


def test_pages_send_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_one_inline_script_runs_by_a_nonce_new_on_each_page(client):
    """The page template's inline script is allowed by its nonce alone, never 'unsafe-inline'."""
    nonces = []
    for _ in range(2):
        response = client.get("/")
        policy = response.headers["Content-Security-Policy"]
        (nonce,) = re.findall(r"script-src 'self' 'nonce-([^']+)'", policy)
        assert "unsafe-inline" not in policy
        scripts = re.findall(r"<script( nonce=\"[^\"]*\")?>", response.get_data(as_text=True))
        assert scripts == [f' nonce="{nonce}"']
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_pages_wear_the_govuk_design_system(client):
    """Every page is GOV.UK Frontend's template with its stylesheet, built into the static files."""
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en-GB" class="govuk-template">' in page
    assert 'class="govuk-service-navigation"' in page
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    stylesheet = client.get("/static/vendor/govuk/app.css")
    assert stylesheet.status_code == 200
    css = stylesheet.get_data(as_text=True)
    assert ".govuk-button{" in css
    assert ".govuk-table__cell{" in css
    assert "GDS Transport" not in css  # GOV.UK's typeface is licensed to GOV.UK services only
    stylesheet.close()


def test_a_signed_in_persons_pages_are_never_kept_by_a_shared_cache(client, make, session):
    from committee.people.operations import set_password
    from tests.conftest import PASSWORD, sign_in

    board = make.committee("scrutiny-board-2")
    clerk = make.clerk(board)
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    anonymous = client.get("/committees/scrutiny-board-2/work-programme")
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
    assert sign_in(client, clerk.email).status_code == 302
    signed_in = client.get("/committees/scrutiny-board-2/work-programme")
    assert signed_in.headers["Cache-Control"] == "private, no-store"
    token = make.token(clerk)
    api = client.get("/api/committees/scrutiny-board-2/work-programme", headers=bearer(token))
    assert api.headers["Cache-Control"] == "private, no-store"


def test_production_over_https_asks_browsers_to_keep_to_https(database, tmp_path):
    app = create_app(
        {
            "COMMITTEE_ENV": "production",
            "DATABASE_URL": database.url.render_as_string(hide_password=False),
            "SECRET_KEY": "x" * 64,
            "BASE_URL": "https://committees.example.gov.uk",
        }
    )
    response = app.test_client().get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    development = create_app(
        {"DATABASE_URL": database.url.render_as_string(hide_password=False), "SECRET_KEY": "x"}
    )
    assert "Strict-Transport-Security" not in development.test_client().get("/").headers
    for each in (app, development):
        each.extensions["committee.db"].engine.dispose()


def test_production_over_plain_http_warns_at_start(database, caplog):
    app = create_app(
        {
            "COMMITTEE_ENV": "production",
            "DATABASE_URL": database.url.render_as_string(hide_password=False),
            "SECRET_KEY": "x" * 64,
            "BASE_URL": "http://committees.example.gov.uk",
        }
    )
    app.extensions["committee.db"].engine.dispose()
    assert "BASE_URL http://committees.example.gov.uk is not https" in caplog.text
    assert app.config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("storage", "warned"),
    [("memory://", True), ("redis://127.0.0.1:6379", False)],
)
def test_production_counting_failed_sign_ins_per_process_warns_at_start(
    database, caplog, storage, warned
):
    app = create_app(
        {
            "COMMITTEE_ENV": "production",
            "DATABASE_URL": database.url.render_as_string(hide_password=False),
            "SECRET_KEY": "x" * 64,
            "BASE_URL": "https://committees.example.gov.uk",
            "RATELIMIT_STORAGE_URI": storage,
        }
    )
    app.extensions["committee.db"].engine.dispose()
    assert ("each web worker counts failed sign-ins on its own" in caplog.text) is warned
