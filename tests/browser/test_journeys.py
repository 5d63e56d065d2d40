"""Each role's week, through the pages only, in a real browser."""

from datetime import datetime

from playwright.sync_api import Page, expect
from sqlmodel import select

from committee.notifications.models import MessageKind, MessageStatus, OutboxMessage
from committee.timeutil import LONDON
from committee.work_programme.models import WorkProgrammeEntry
from tests.agenda.helpers import pdf_of
from tests.browser.conftest import (
    MONDAY,
    LiveService,
    serious_violations,
    sideways_overflow,
    sign_in_as,
    sign_out,
)
from tests.conftest import PASSWORD

#: The meeting of 10 December 2026: drafts are due at 10.00 on 25 November.
MEETING = datetime(2026, 12, 10, 14, 0, tzinfo=LONDON)
AFTER_THE_DRAFT_DEADLINE = datetime(2026, 11, 26, 9, 0, tzinfo=LONDON)
THE_DAY_AFTER = datetime(2026, 12, 11, 9, 0, tzinfo=LONDON)
THE_NEXT_MEETING = datetime(2027, 1, 14, 16, 0, tzinfo=LONDON)
MEETING_LABEL = "2.00 pm on Thursday, 10th December, 2026"


def _with_a_meeting_and_entries(live: LiveService, council) -> dict[str, int]:
    """The meeting of 10 December, with Fostering (Kirston Nelson's) and Libraries (Paul Smith's)."""
    session, make = live.factory()
    with session:
        meeting = make.meeting(council["board"], MEETING)
        ids = {"meeting": meeting.id}
        for title, lead in (("Fostering", "Kirston Nelson"), ("Libraries", "Paul Smith")):
            ids[title] = make.entry(council["board"], title=title, lead=lead, meeting=meeting).id
        return ids


def test_a_governance_officer_arranges_plans_chases_and_resends(
    page: Page, live: LiveService, council, time_machine
):
    session, _ = live.factory()
    with session:
        session.add(
            OutboxMessage(
                key="test:failed",
                kind=MessageKind.DRAFT_REMINDER.value,
                committee_id=council["board"].id,
                to_addresses="kirston.nelson@council.test",
                subject="Draft due: Fostering",
                status=MessageStatus.FAILED.value,
                due_at=MONDAY,
                attempts=5,
                last_error="550 mailbox unavailable",
            )
        )
        session.commit()
    sign_in_as(page, council["clerk"], PASSWORD)

    page.goto("/")
    page.get_by_role("link", name="Education Scrutiny Board").first.click()
    page.get_by_role("link", name="Arrange a meeting").click()
    page.get_by_label("Date").fill("2026-12-10")
    page.get_by_label("Start time").fill("14:00")
    page.get_by_role("button", name="Arrange the meeting").click()
    expect(page.locator("h1")).to_contain_text("Education Scrutiny Board")
    expect(page.locator("h1")).to_contain_text(MEETING_LABEL)

    page.goto("/committees/scrutiny-board-2/work-programme")
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Title").fill("Fostering")
    page.get_by_label("Cabinet Member / Lead Officer").fill("Kirston Nelson Cllr Maton")
    page.get_by_role("button", name="Add the entry").click()
    expect(page.get_by_role("status").locator(".govuk-notification-banner__heading")).to_have_text(
        "“Fostering” is on the work programme: awaiting a date."
    )

    page.locator("summary", has_text="Schedule").click()  # the action's summary opens its form
    page.locator("#schedule-meeting_id").select_option(label=MEETING_LABEL)
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_role("status").locator(".govuk-notification-banner__heading")).to_have_text(
        "Schedule: done. It is now on an agenda, its papers being prepared."
    )

    time_machine.move_to(AFTER_THE_DRAFT_DEADLINE, tick=False)
    page.goto("/home")
    expect(page).to_have_url(f"{live.url}/sign-in?next=/home")  # ten days on: signed out
    sign_in_as(page, council["clerk"], PASSWORD)
    due = page.locator("article.card", has_text="Education Scrutiny Board")
    expect(due).to_contain_text(MEETING_LABEL)
    expect(due.locator("tr", has_text="Fostering")).to_contain_text("Overdue")

    failed = page.locator("tr", has_text="Draft due: Fostering")
    expect(failed).to_contain_text("550 mailbox unavailable")
    failed.get_by_role("button", name="Send again").click()
    expect(page.get_by_role("status").locator(".govuk-notification-banner__heading")).to_have_text(
        "“Draft due: Fostering” will be sent again within a minute."
    )
    expect(page.get_by_text("Every message has gone.")).to_be_visible()


def test_a_lead_officer_submits_their_paper_and_cannot_touch_anothers(
    page: Page, live: LiveService, council
):
    ids = _with_a_meeting_and_entries(live, council)
    sign_in_as(page, council["lead"], PASSWORD)
    owed = page.locator("section", has_text="Papers you owe")
    expect(owed.locator("tr", has_text="Fostering")).to_contain_text(MEETING_LABEL)
    expect(owed).not_to_contain_text("Libraries")

    owed.get_by_role("link", name="Fostering").click()
    page.locator("summary", has_text="Submit paper").click()
    expect(page.get_by_text("The item needs a briefing note.")).to_be_visible()  # the one kind
    page.get_by_label("The paper (PDF or Word, up to 10 MB)").set_input_files(
        {
            "name": "Fostering – briefing note.pdf",
            "mimeType": "application/pdf",
            "buffer": pdf_of(2),
        }
    )
    page.get_by_role("button", name="Submit paper").click()
    expect(page.get_by_role("status").locator(".govuk-notification-banner__heading")).to_have_text(
        "Received: the briefing note for “Fostering”. A receipt is on its way to you, copied to "
        "the clerk, who clears it for the agenda."
    )
    expect(page.locator("table", has_text="Versions")).to_contain_text("Version 1")

    page.goto(f"/entries/{ids['Libraries']}")
    expect(page.get_by_role("heading", name="What you can do")).to_have_count(0)
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    refused = page.request.post(
        f"/entries/{ids['Libraries']}/events/submit_paper",
        multipart={
            "csrf_token": token,
            "paper_kind": "briefing_note",
            "paper_url": "https://example.org/not-mine",
        },
    )
    assert refused.status == 403


def test_a_member_finds_the_next_agenda_and_their_calendar_address(
    page: Page, live: LiveService, council
):
    _with_a_meeting_and_entries(live, council)
    sign_in_as(page, council["member"], PASSWORD)
    page.get_by_role("link", name=f"Education Scrutiny Board, {MEETING_LABEL}").click()
    expect(page.locator("h1")).to_contain_text("Education Scrutiny Board")
    expect(page.locator("h1")).to_contain_text(MEETING_LABEL)
    expect(page.get_by_text("The agenda will be published on")).to_be_visible()

    page.goto("/home")
    page.get_by_role("link", name="your calendar address").click()
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.locator("code").first.inner_text()
    assert "/calendar/u/" in address
    assert address.endswith(".ics")
    feed = page.request.get(address.replace(live.url, ""))
    assert feed.status == 200
    assert "Education Scrutiny Board" in feed.text()


def test_a_governance_officer_writes_publishes_and_corrects_the_minutes(
    page: Page, live: LiveService, council, time_machine
):
    ids = _with_a_meeting_and_entries(live, council)
    time_machine.move_to(THE_DAY_AFTER, tick=False)
    sign_in_as(page, council["clerk"], PASSWORD)
    page.goto(f"/meetings/{ids['meeting']}")
    page.get_by_role("link", name="Write the minutes").click()
    expect(page.locator("h1")).to_contain_text("Write the minutes")

    page.get_by_label("Members", exact=True).fill(
        "Councillor M Mutton (Chair)\nCouncillor L Bigham"
    )
    page.locator("#attendance-apology").fill("Councillor J Clifford")
    fostering = page.locator("fieldset", has_text="Fostering")
    fostering.get_by_label("Minute").fill("The Board considered a Briefing Note on fostering.")
    fostering.get_by_label("Resolutions, one a line").fill(
        "The Briefing Note be noted\nA further report come to the Board in six months"
    )
    fostering.locator("summary", has_text="Asks for an update").click()
    fostering.get_by_label("Follow-up for the work programme").fill("Fostering: progress report")
    fostering.get_by_label("In how many months").fill("6")
    page.get_by_label("The meeting closed at").fill("16:30")
    page.get_by_role("button", name="Save the draft and read the minutes").click()
    expect(
        page.get_by_role("heading", name="Draft: only governance officers see these minutes")
    ).to_be_visible()
    expect(page.locator(".minute", has_text="Fostering")).to_contain_text(
        "A further report come to the Board in six months"
    )

    page.get_by_role("button", name="Publish the minutes").click()
    # It cannot be undone: the page says what will follow, and asks again.
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    expect(page.get_by_text("Each recommendation is sent to the person named")).to_be_visible()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(
        page.get_by_role("status").locator(".govuk-notification-banner__heading")
    ).to_contain_text("The minutes are published")
    number = page.locator(".minute", has_text="Fostering").locator(".number").inner_text()

    # The next meeting agrees them, subject to an apology left out.
    time_machine.move_to(THE_NEXT_MEETING, tick=False)
    sign_in_as(page, council["clerk"], PASSWORD)  # a month on, signed out meanwhile
    page.goto(f"/meetings/{ids['meeting']}/minutes")
    page.get_by_label("What needs correcting").select_option(
        label="Present, apologies and declarations"
    )
    page.get_by_role("button", name="Correct", exact=True).click()
    page.locator("#attendance-apology").fill("Councillor J Clifford\nCouncillor A Lapsa")
    page.get_by_label("Why it is corrected").fill(
        "Agreed as a correct record, subject to Councillor Lapsa's apologies"
    )
    page.get_by_role("button", name="Correct the minutes").click()
    expect(page.get_by_role("status").locator(".govuk-notification-banner__heading")).to_have_text(
        "Corrected (Attendance). The minutes show the correction and its reason."
    )
    history = page.locator("table", has_text="Who")
    expect(history.locator("tbody tr")).to_have_count(3)
    expect(history.locator("tbody tr").nth(2)).to_contain_text("Corrected: Attendance")

    sign_out(page)
    page.goto(f"/meetings/{ids['meeting']}/minutes")
    expect(page.locator(".minutes-apologies")).to_have_text(
        "Apologies: Councillor J Clifford, Councillor A Lapsa"
    )
    expect(page.locator(".minutes-correction")).to_contain_text(
        "subject to Councillor Lapsa's apologies"
    )
    expect(page.locator(".minute", has_text="Fostering")).to_contain_text(
        "The Board considered a Briefing Note on fostering."
    )
    expect(page.get_by_text("Correct these minutes")).to_have_count(0)
    expect(page.get_by_text("The minutes' history")).to_have_count(0)

    session, _ = live.factory()
    with session:
        entries = {e.title: e for e in session.exec(select(WorkProgrammeEntry)).all()}
    assert entries["Fostering"].state == "resolved"
    assert entries["Fostering"].resolution.startswith(f"Minute {number.rstrip('.')}/26: 1) The")
    follow_up = entries["Fostering: progress report"]
    assert follow_up.source == f"Meeting 10 December 2026 (Minute {number.rstrip('.')}/26)"


def test_a_form_posted_without_its_csrf_token_is_refused(page: Page, live: LiveService, council):
    ids = _with_a_meeting_and_entries(live, council)
    sign_in_as(page, council["clerk"], PASSWORD)
    refused = page.request.post(
        f"/entries/{ids['Fostering']}/events/withdraw", form={"reason": "No token"}
    )
    assert refused.status == 400
    page.goto(f"/entries/{ids['Fostering']}")
    expect(page.locator(".state")).to_have_text(
        f"On the agenda for {MEETING_LABEL}"
    )  # not withdrawn
    sign_out(page)
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_the_checks_find_faults_when_there_are_some(page: Page, live: LiveService, council):
    """Positive controls: the accessibility and width checks do see a fault put there."""
    page.goto("/")
    assert serious_violations(page) == []
    assert sideways_overflow(page) == 0
    page.evaluate(
        """() => {
            const image = document.createElement('img');
            image.src = '/static/vendor/govuk/app.css';
            document.querySelector('main').append(image);
            const wide = document.createElement('div');
            wide.style.width = '3000px';
            wide.textContent = 'wide';
            document.querySelector('main').append(wide);
        }"""
    )
    assert any(fault.startswith("image-alt") for fault in serious_violations(page))
    assert sideways_overflow(page) > 0


def test_the_lifecycle_diagram_draws_in_words(page: Page, live: LiveService):
    page.goto("/lifecycle")
    drawing = page.locator("pre.mermaid svg")
    expect(drawing).to_contain_text("Briefing due")
    expect(drawing).to_contain_text("Defer (back to the programme)")
    expect(drawing).not_to_contain_text("Syntax error")
