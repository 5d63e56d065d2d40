"""An administrator signed in by the demo link invites a newcomer; the clerk makes a member
Chair and writes and publishes minutes past the confirmation: through the pages only, each
message read off a real SMTP server."""

import re
from datetime import date, datetime

from playwright.sync_api import Browser, Page, expect

from committee.people.models import Membership, MembershipRole, Role
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.browser.conftest import DESKTOP, LiveService, sign_in_as, sign_out
from tests.conftest import PASSWORD, MailSink

NEW_PASSWORD = "a long enough new password"
MEETING = datetime(2026, 11, 17, 14, 0, tzinfo=LONDON)  # the day after the tests' Monday
THE_DAY_AFTER = datetime(2026, 11, 18, 9, 0, tzinfo=LONDON)


def link_in(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"https?://\S+/reset-password/\S+", body).group(0)


def choose_password(page: Page, link: str) -> None:
    page.goto(link)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("The new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()


def banner(page: Page):
    return page.get_by_role("status").locator(".govuk-notification-banner__heading")


def test_an_invitation_a_new_chair_and_minutes_that_reach_the_owner(
    page: Page, browser: Browser, live: LiveService, council, inbox: MailSink, time_machine
):
    session, make = live.factory()
    with session:
        admin = make.person(Role.ADMIN, name="Lara Knight", email="lara.knight@coventry.example")
        kaur = make.person(name="B Kaur", email="b.kaur@council.test")
        session.add(
            Membership(
                committee_id=council["board"].id,
                person_id=kaur.id,
                role=MembershipRole.MEMBER,
                starts_on=date(2026, 5, 21),
            )
        )
        meeting = make.meeting(council["board"], MEETING)
        make.entry(council["board"], title="Fostering", lead="Kirston Nelson", meeting=meeting)
        set_password(session, person=admin, password=PASSWORD)
        session.commit()
        admin_email, meeting_id = admin.email, meeting.id

    # The administrator signs in by the demo's link, and adds a lead officer.
    printed = live.app.test_cli_runner().invoke(args=["demo-sign-in", admin_email])
    assert printed.exit_code == 0, printed.output
    choose_password(page, re.search(r"\S+/reset-password/\S+", printed.output).group(0))
    sign_in_as(page, admin_email, NEW_PASSWORD)
    page.goto("/admin/people")
    page.get_by_label("Name", exact=True).fill("Sonia Watson")
    page.get_by_label("Email address").fill("sonia.watson@council.test")
    page.get_by_label("Role").select_option(value="lead-officer")
    page.get_by_role("button", name=re.compile("^Add")).click()
    expect(banner(page)).to_contain_text("is added and sent an invitation")
    (invitation,) = [m for m in inbox.messages if m["To"] == "sonia.watson@council.test"]
    sign_out(page)

    # The newcomer chooses a password from the invitation, in a browser of their own.
    newcomer = browser.new_context(base_url=live.url, viewport=DESKTOP, bypass_csp=True)
    theirs = newcomer.new_page()
    choose_password(theirs, link_in(invitation))
    sign_in_as(theirs, "sonia.watson@council.test", NEW_PASSWORD)
    expect(theirs.locator("h1")).to_have_text("Your week")
    newcomer.close()

    # The day after the meeting, the clerk makes B Kaur Chair from today.
    time_machine.move_to(THE_DAY_AFTER, tick=False)
    sign_in_as(page, council["clerk"], PASSWORD)
    page.goto("/committees/scrutiny-board-2/members")
    row = page.locator("tr", has_text="B Kaur")
    row.get_by_label("B Kaur's new role").select_option(label="Chair")
    row.get_by_role("button", name="Change B Kaur's role").click()
    expect(banner(page)).to_contain_text("B Kaur is Chair from 18 November 2026")

    # Minutes with a declaration and a recommendation with its owner, published past the
    # confirmation.
    page.goto(f"/meetings/{meeting_id}/minutes/edit")
    page.get_by_label("Declarations of interest").fill(
        "Councillor M Mutton: item 4, a foster carer"
    )
    # Each part saves on its own and comes back to where the clerk was writing.
    page.get_by_role(
        "button", name=re.compile(r"^Save the draft\W+Declarations of interest$")
    ).click()
    expect(banner(page)).to_contain_text("The draft minutes are saved")
    assert page.url.endswith("/minutes/edit#part-declarations")
    expect(page.get_by_label("Declarations of interest")).to_have_value(
        "Councillor M Mutton: item 4, a foster carer"
    )
    fostering = page.locator("fieldset", has_text="Fostering")
    fostering.get_by_label("Minute", exact=True).fill("The Board considered a briefing note.")
    fostering.get_by_label("Resolutions, one a line").fill("The update be noted")
    fostering.locator("summary").click()
    fostering.get_by_label("Follow-up for the work programme").fill("Fostering: six months on")
    fostering.get_by_label("Recommendation to").fill("Cabinet Member for Children")
    fostering.get_by_label("Email of whoever owes the response (optional)").fill(council["lead"])
    page.get_by_role("button", name="Save the draft and read the minutes").click()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(banner(page)).to_contain_text(
        "The recommendation to Cabinet Member for Children is sent to Kirston Nelson"
    )
    expect(page.locator(".minutes-document")).to_contain_text(
        "Councillor M Mutton: item 4, a foster carer"
    )
    expect(page.locator(".minutes-document")).to_contain_text("RESOLVED that the update be noted")
    (recommendation,) = [
        m for m in inbox.messages if m["To"] == council["lead"] and "Recommendation" in m["Subject"]
    ]
    assert "The update be noted" in recommendation.get_body(("plain",)).get_content()

    # The follow-up is on this year's programme, with the minuted item's lead officer.
    page.goto("/committees/scrutiny-board-2/work-programme")
    follow_up = page.locator("tr", has_text="Fostering: six months on")
    expect(follow_up).to_contain_text("Kirston Nelson")
