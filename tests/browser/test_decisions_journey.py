"""A key decision from its notice to the board's resolution on its call-in, through the pages.

Dates, worked by hand: the notice goes out on Monday 16 November 2026, so its 28 clear days
run to 14 December and Cabinet may decide from Tuesday 15 December. The decision notice goes
out that day; the call-in period is five working days, 16 to 22 December. Two members call
it in on Wednesday 16 December; ten working days from then (Christmas Day and the Boxing Day
holiday on Monday 28th, and New Year's Day, skipped) end on Monday 4 January 2027, so the
board's meeting of Tuesday 22 December is in time.
"""

import io
import re
from datetime import date, datetime

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from committee.decisions.models import MakerKind
from committee.decisions.operations import add_decision_maker, set_call_in_rules
from committee.people.models import Membership, MembershipRole, Role
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.browser.conftest import LiveService, sign_in_as, sign_out
from tests.conftest import PASSWORD, MailSink

MATTER = "Community hubs: moving three libraries"
SECRET = "the hubs' lease terms"
BOARD_MEETING = datetime(2026, 12, 22, 14, 0, tzinfo=LONDON)


def banner(page: Page):
    return page.get_by_role("status").locator(".govuk-notification-banner__heading")


def at(time_machine, moment: datetime) -> None:
    time_machine.move_to(moment, tick=False)


def test_a_notice_a_lawful_decision_a_call_in_and_the_boards_resolution(
    page: Page, live: LiveService, council, inbox: MailSink, time_machine
):
    session, make = live.factory()
    with session:
        admin = make.person(Role.ADMIN, name="Lara Knight", email="lara.knight@council.test")
        cabinet = make.committee("cabinet", name="Cabinet")
        cabinet_clerk = make.clerk(
            cabinet, name="Cabinet Clerk", email="cabinet.clerk@council.test"
        )
        kaur = make.person(Role.MEMBER, name="B Kaur", email="b.kaur@council.test")
        bigham = make.person(Role.MEMBER, name="L Bigham", email="l.bigham@council.test")
        for person in (kaur, bigham):
            session.add(
                Membership(
                    committee_id=council["board"].id,
                    person_id=person.id,
                    role=MembershipRole.MEMBER,
                    starts_on=date(2026, 5, 21),
                )
            )
        add_decision_maker(
            session, actor=admin, name="Cabinet", kind=MakerKind.EXECUTIVE, committee=cabinet
        )
        set_call_in_rules(
            session,
            actor=admin,
            call_in_working_days=5,
            call_in_members_needed=2,
            call_in_meeting_working_days=10,
            call_in_committee=council["board"],
        )
        make.meeting(council["board"], BOARD_MEETING)
        for person in (cabinet_clerk, kaur, bigham):
            set_password(session, person=person, password=PASSWORD)
        session.commit()

    # Monday 16 November: the Cabinet's clerk drafts the notice and publishes it.
    sign_in_as(page, "cabinet.clerk@council.test", PASSWORD)
    page.goto("/forward-plan")
    page.get_by_role("link", name="Draft a key decision notice").click()
    page.get_by_label("The matter to be decided").fill(MATTER)
    page.get_by_label("The date (or the first day of the period)").fill("2026-12-15")
    page.get_by_label("What is proposed").fill("Moving three branch libraries into hubs.")
    page.get_by_role("button", name="Draft the notice").click()
    expect(banner(page)).to_contain_text("The notice is drafted")
    page.get_by_role("button", name="Publish the notice").click()
    page.get_by_role("button", name="Publish the notice").click()  # past the confirmation
    expect(banner(page)).to_contain_text("The notice is on the forward plan")
    expect(page.locator("dl")).to_contain_text("Tuesday, 15th December, 2026")
    notice_url = page.url
    sign_out(page)

    # The public reads it on the plan and in the feed.
    page.goto("/forward-plan")
    expect(page.get_by_role("link", name=MATTER)).to_be_visible()
    feed = page.request.get("/forward-plan.atom").text()
    assert MATTER in feed
    assert f"SUMMARY:Key decision: {MATTER}" in page.request.get("/forward-plan.ics").text()
    printed = PdfReader(io.BytesIO(page.request.get("/forward-plan.pdf").body()))
    assert MATTER in " ".join(p.extract_text() for p in printed.pages).replace("\n", " ")

    # Monday 14 December, a day early: refused, naming the day and the routes.
    at(time_machine, datetime(2026, 12, 14, 16, 0, tzinfo=LONDON))
    sign_in_as(page, "cabinet.clerk@council.test", PASSWORD)
    page.goto(notice_url)
    page.get_by_label("Decided on").fill("2026-12-14")
    page.get_by_label("The decision", exact=True).fill("Approved the hubs.")
    page.get_by_role("button", name="Record the decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("may not be taken before Tuesday, 15th December, 2026")
    expect(summary).to_contain_text("general exception")

    sign_out(page)

    # Tuesday 15 December: decided on its lawful day, and its decision notice published.
    at(time_machine, datetime(2026, 12, 15, 17, 0, tzinfo=LONDON))
    sign_in_as(page, "cabinet.clerk@council.test", PASSWORD)
    page.goto(notice_url)
    page.get_by_label("Decided on").fill("2026-12-15")
    page.get_by_label("The decision", exact=True).fill("Approved the hubs.")
    page.get_by_label("The reasons").fill("To keep a library in every community.")
    page.get_by_role("button", name="Record the decision").click()
    expect(banner(page)).to_contain_text("The decision is recorded")
    decision_url = page.url
    page.get_by_role("button", name="Publish the decision notice").click()
    page.get_by_role("button", name="Publish the decision notice").click()
    expect(page.locator("dl")).to_contain_text("Tuesday, 22nd December, 2026")
    sign_out(page)

    # Wednesday 16 December: two members of the board call it in from its page.
    at(time_machine, datetime(2026, 12, 16, 10, 0, tzinfo=LONDON))
    sign_in_as(page, "b.kaur@council.test", PASSWORD)
    page.goto(decision_url)
    page.get_by_label("Your reasons").fill("The consultation missed the north of the city.")
    page.get_by_role("button", name="Call it in").click()
    expect(banner(page)).to_contain_text("1 more member of the board must ask")
    sign_out(page)
    sign_in_as(page, "l.bigham@council.test", PASSWORD)
    page.goto(decision_url)
    page.get_by_label("Your reasons").fill("The equality impact was not assessed.")
    page.get_by_role("button", name="Call it in").click()
    expect(banner(page)).to_contain_text("The decision is called in")
    expect(page.locator("dl")).to_contain_text("Monday, 4th January, 2027")
    sign_out(page)

    # It is on the board's meeting of 22 December, in time; the members were told.
    page.goto("/committees/scrutiny-board-2")
    called = [m for m in inbox.messages if m["Subject"].startswith("Called in:")]
    assert called, [m["Subject"] for m in inbox.messages]
    assert "l.bigham@council.test" in called[0]["To"]

    # After the meeting the board's clerk records its resolution: referred back.
    at(time_machine, datetime(2026, 12, 22, 17, 0, tzinfo=LONDON))
    sign_in_as(page, council["clerk"], PASSWORD)
    page.goto(decision_url)
    page.get_by_label(re.compile("Refer it back")).check()
    page.get_by_label("The resolution, in its words").fill(
        "RESOLVED that the decision be referred back with the Board's recommendations."
    )
    page.get_by_role("button", name="Record the resolution").click()
    expect(banner(page)).to_contain_text("The board's resolution is recorded")
    sign_out(page)

    # The decision maker reconsiders; the Cabinet's clerk records the outcome.
    at(time_machine, datetime(2027, 1, 12, 17, 0, tzinfo=LONDON))
    sign_in_as(page, "cabinet.clerk@council.test", PASSWORD)
    page.goto(decision_url)
    page.get_by_label("What was decided").fill("Two libraries move into hubs; the third stays.")
    page.get_by_role("button", name="Record it").click()
    expect(banner(page)).to_contain_text("What was decided in the end is recorded")
    sign_out(page)

    # The public page tells the whole story, in the council's words.
    page.goto(decision_url)
    story = page.locator("main")
    expect(story).to_contain_text("May be carried out")
    expect(story).to_contain_text("The consultation missed the north of the city.")
    expect(story).to_contain_text("RESOLVED that the decision be referred back")
    expect(story).to_contain_text("Two libraries move into hubs; the third stays.")
    expect(story).not_to_contain_text("call_in")
    assert SECRET not in page.content()
