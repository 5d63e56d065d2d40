"""A report asked for, sent, cleared and published, then the meeting moved: through the pages
only, in a real browser, with each message read off a real SMTP server as it arrives."""

from datetime import date

from playwright.sync_api import Page, expect

from committee.people.models import Membership, MembershipRole
from committee.people.operations import set_password
from tests.agenda.helpers import pdf_of
from tests.browser.conftest import MONDAY, LiveService, sign_in_as, sign_out
from tests.conftest import PASSWORD, MailSink

JANUARY = "2.00 pm on Thursday, 14th January, 2027"
MOVED_TO = "7.28 pm on Friday, 20th November, 2026"


def mail_to(inbox: MailSink, address: str) -> list:
    return [message for message in inbox.messages if address in message["To"]]


def subject(message) -> str:
    # A long subject is folded before its first word: the space unfolding leaves is not its own.
    return message["Subject"].strip()


def banner(page: Page):
    return page.get_by_role("status").locator(".govuk-notification-banner__heading")


def test_a_report_asked_for_sent_cleared_published_and_the_meeting_moved(
    page: Page,
    live: LiveService,
    council,
    inbox: MailSink,
):
    session, make = live.factory()
    with session:
        meeting = make.meeting(
            council["board"], MONDAY.replace(year=2027, month=1, day=14, hour=14)
        )
        substitute = make.person(name="Cllr Sub", email="cllr.sub@council.test")
        session.add(
            Membership(
                committee_id=council["board"].id,
                person_id=substitute.id,
                role=MembershipRole.SUBSTITUTE,
                starts_on=date(2026, 5, 21),
            )
        )
        set_password(session, person=substitute, password=PASSWORD)
        session.commit()
        meeting_id = meeting.id
    lead, clerk = council["lead"], council["clerk"]

    # The clerk adds the item, choosing its lead officer from the people and a report for it.
    sign_in_as(page, clerk, PASSWORD)
    page.goto("/committees/scrutiny-board-2/work-programme/new")
    page.get_by_label("Title").fill("Fostering")
    page.get_by_label("Lead officer 1").fill("Kirston Nelson")
    page.get_by_label("Briefing note", exact=True).uncheck()
    page.get_by_label("Report", exact=True).check()
    page.get_by_label("Meeting", exact=True).select_option(label=JANUARY)
    page.get_by_role("button", name="Add the entry").click()
    expect(banner(page)).to_have_text("“Fostering” is on the work programme: on an agenda.")
    expect(page.locator("dd", has_text="Report")).to_be_visible()
    assert mail_to(inbox, lead) == []  # its window opens in December: nothing is asked yet

    # Asking sends the request at once: it is in the inbox when the page comes back.
    page.locator("summary", has_text="Ask for the paper").click()
    page.get_by_role("button", name="Ask for the paper").click()
    expect(banner(page)).to_have_text(
        "Asked for a report: Kirston Nelson will have the request by email now."
    )
    (request,) = mail_to(inbox, lead)
    assert subject(request) == ("Report needed: Fostering, Education Scrutiny Board on 14 Jan 2027")
    expect(page.locator("summary", has_text="Ask for the paper")).to_have_count(0)
    sign_out(page)

    # The lead officer sends the report from their week, and has a receipt copied to the clerk.
    sign_in_as(page, lead, PASSWORD)
    owed = page.locator("section", has_text="Papers you owe")
    expect(owed.locator("tr", has_text="Fostering")).to_contain_text("Report")
    owed.get_by_role("link", name="Fostering").click()
    page.locator("summary", has_text="Submit paper").click()
    expect(page.get_by_text("The item needs a report.")).to_be_visible()
    page.get_by_label("The paper (PDF or Word, up to 10 MB)").set_input_files(
        {"name": "Fostering report.pdf", "mimeType": "application/pdf", "buffer": pdf_of(2)}
    )
    page.get_by_role("button", name="Submit paper").click()
    expect(banner(page)).to_have_text(
        "Received: the report for “Fostering”. A receipt is on its way to you, copied to the "
        "clerk, who clears it for the agenda."
    )
    receipt = mail_to(inbox, lead)[-1]
    assert subject(receipt) == "Received: report for Fostering"
    assert receipt["Cc"] == clerk
    sign_out(page)

    # The clerk sees it waiting on her week, clears it, and publishes with nothing to follow.
    sign_in_as(page, clerk, PASSWORD)
    waiting = page.locator("section", has_text="Papers received, waiting to be cleared")
    waiting.get_by_role("link", name="Fostering").click()
    page.locator("summary", has_text="Clear paper").click()
    page.get_by_role("button", name="Clear paper").click()
    expect(banner(page)).to_have_text(
        "Cleared: the report goes on the agenda. Kirston Nelson is told."
    )
    assert subject(mail_to(inbox, lead)[-1]) == "Cleared for the agenda: report for Fostering"

    page.goto(f"/meetings/{meeting_id}")
    expect(page.get_by_text("to follow")).to_have_count(0)
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".frontsheet")).to_contain_text("Fostering")
    expect(page.locator(".frontsheet")).not_to_contain_text("to follow")

    # A substitute is recorded; then the meeting moves to a week from now. The page warns first.
    page.goto(f"/meetings/{meeting_id}/change")
    page.get_by_label("Substitute", exact=True).select_option(label="Cllr Sub")
    page.get_by_label("For (optional)").select_option(label="M Mutton")
    page.get_by_role("button", name="Record the substitute").click()
    before = len(inbox.messages)
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Start time").fill("19:28")
    page.get_by_role("button", name="Save the time and place").click()
    warning = page.locator("#confirm-move")
    expect(warning).to_contain_text("the meeting would not have its five clear days' notice")
    expect(warning).to_contain_text("The draft paper deadline would move to")
    assert len(inbox.messages) == before  # nothing moved, nobody told
    warning.get_by_role("button", name="Move the meeting anyway").click()
    expect(banner(page)).to_contain_text(f"Saved: the meeting is at {MOVED_TO}")

    moved = inbox.messages[before:]
    assert sorted(message["To"] for message in moved) == sorted(
        [council["member"], "cllr.sub@council.test", lead]
    )
    for message in moved:
        assert subject(message) == "Moved: Education Scrutiny Board of 14 Jan 2027"
        assert f"Time: {MOVED_TO} (was {JANUARY})" in message.get_body(("plain",)).get_content()
    page.goto(f"/meetings/{meeting_id}")
    expect(page.get_by_role("note")).to_contain_text(
        f"Moved on 16 November 2026 from {JANUARY} to {MOVED_TO}"
    )
