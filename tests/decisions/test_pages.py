"""The forward plan and decisions as people meet them: pages, CSV, Atom, the API.

Private business: a notice or decision taken in private shows only its matter and
paragraph to the public and to a signed-in reader who may not read it (a member of the
scrutiny board, not of the Cabinet); the Cabinet's clerk reads it all (the positive
control). The clock is Monday 16 November 2026 (the `now` fixture).
"""

import csv
import io
from datetime import date, datetime
from xml.etree import ElementTree

from pypdf import PdfReader
from sqlmodel import select

from committee.calendars.operations import regenerate_calendar_token
from committee.decisions.clocks import Route
from committee.decisions.models import CallIn
from committee.decisions.operations import defer_notice
from committee.people.models import Membership
from committee.timeutil import LONDON
from tests.calendars.test_feeds import SECRET as TOKEN_SECRET
from tests.calendars.test_feeds import by_uid, icaljs
from tests.conftest import bearer, csrf_token, sign_in

SECRET = "the branch staffing figures"
PRIVATE_MATTER = "Library staffing restructure"


def private_notice(council):
    return council.notice(
        date(2026, 11, 10),
        matter=PRIVATE_MATTER,
        summary=SECRET,
        documents=SECRET,
        exempt_paragraph=1,
        private_reason="It concerns named employees.",
        decision_due=date(2027, 1, 12),
    )


def test_the_plan_lists_published_notices_with_their_lawful_day_and_marks_the_new(client, council):
    older = council.notice(date(2026, 10, 1), matter="Mobile library service")
    fresh = council.notice(date(2026, 11, 10), matter="Library opening hours")
    council.notice(None, matter="A draft nobody may see yet")
    page = client.get("/forward-plan").get_data(as_text=True)
    assert "Mobile library service" in page
    assert "Library opening hours" in page
    assert "A draft nobody may see yet" not in page
    # Published 10 November: clear days 11 November to 8 December; lawful Wednesday 9 December.
    assert fresh.lawful_from == date(2026, 12, 9)
    assert "Wednesday, 9th December, 2026" in page
    # New: first published in the last fortnight; the October one is not.
    row_of = {line.split("</a>")[0].rsplit(">", 1)[-1]: line for line in page.split("<tr")}
    assert "New" in row_of["Library opening hours"]
    assert "New" not in row_of["Mobile library service"]
    assert client.get(f"/notices/{older.id}").status_code == 200


def test_a_draft_notice_is_for_the_plans_keepers_alone(client, council):
    draft = council.notice(None, matter="A draft nobody may see yet")
    assert client.get(f"/notices/{draft.id}").status_code == 404
    council.can_sign_in(council.first, council.clerk)
    sign_in(client, council.first.email)
    assert client.get(f"/notices/{draft.id}").status_code == 404
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/forward-plan")})
    sign_in(client, council.clerk.email)  # positive control
    assert "A draft nobody may see yet" in client.get(f"/notices/{draft.id}").get_data(as_text=True)


def test_a_private_notice_shows_only_its_matter_and_paragraph(client, council):
    notice = private_notice(council)
    council.can_sign_in(council.first, council.clerk)
    for where in ("/forward-plan", f"/notices/{notice.id}", "/forward-plan.csv"):
        body = client.get(where).get_data(as_text=True)
        assert PRIVATE_MATTER in body
        assert SECRET not in body, where
    assert "paragraph 1" in client.get("/forward-plan").get_data(as_text=True)
    atom = client.get("/forward-plan.atom")
    assert atom.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(atom.data)  # noqa: S314  (the service's own feed)
    summaries = [
        element.text or "" for element in feed.iter("{http://www.w3.org/2005/Atom}summary")
    ]
    assert any("paragraph 1 of Schedule 12A" in text for text in summaries)
    assert SECRET not in atom.get_data(as_text=True)
    api = client.get("/api/forward-plan").get_json()["notices"][0]
    assert (api["matter"], api["summary"], api["documents"]) == (PRIVATE_MATTER, None, None)

    # A signed-in member of the scrutiny board is not a member of the Cabinet: no words.
    sign_in(client, council.first.email)
    assert SECRET not in client.get(f"/notices/{notice.id}").get_data(as_text=True)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/forward-plan")})
    # Positive control: the Cabinet's clerk reads it all.
    sign_in(client, council.clerk.email)
    assert SECRET in client.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert SECRET in client.get("/forward-plan.csv").get_data(as_text=True)


def test_the_csv_holds_each_published_notice(client, council):
    council.notice(date(2026, 10, 1), matter="Mobile library service", documents="Cabinet report")
    rows = list(csv.DictReader(io.StringIO(client.get("/forward-plan.csv").get_data(as_text=True))))
    assert [(row["Matter"], row["May be decided from"], row["Documents"]) for row in rows] == [
        ("Mobile library service", "2026-10-30", "Cabinet report")
    ]


def test_a_clerk_drafts_publishes_and_records_through_the_pages(client, council, session):
    council.can_sign_in(council.clerk)
    sign_in(client, council.clerk.email)
    token = csrf_token(client, "/forward-plan/notices/new")
    drafted = client.post(
        "/forward-plan/notices",
        data={
            "csrf_token": token,
            "matter": "Community hubs",
            "decision_maker_id": str(council.executive.id),
            "decision_due": "2027-01-12",
            "summary": "Move three libraries into community hubs.",
            "route": "forward_plan",
        },
    )
    assert drafted.status_code == 302
    notice_path = drafted.headers["Location"]
    asked = client.post(f"{notice_path}/publish", data={"csrf_token": token})
    assert "Publish the notice" in asked.get_data(as_text=True)  # it asks first
    published = client.post(
        f"{notice_path}/publish", data={"csrf_token": token, "confirmed": "yes"}
    )
    assert published.status_code == 302
    page = client.get(notice_path).get_data(as_text=True)
    # Published today, Monday 16 November: lawful from Tuesday 15 December.
    assert "Tuesday, 15th December, 2026" in page

    refused = client.post(
        f"{notice_path}/decide",
        data={"csrf_token": token, "decided_on": "2026-11-16", "decision": "Approved"},
    )
    assert refused.status_code == 409
    words = refused.get_data(as_text=True)
    assert "The decision may not be taken before Tuesday, 15th December, 2026" in words
    assert "general exception" in words


def test_an_empty_notice_form_is_refused_in_words(client, council):
    council.can_sign_in(council.clerk)
    sign_in(client, council.clerk.email)
    token = csrf_token(client, "/forward-plan/notices/new")
    refused = client.post(
        "/forward-plan/notices",
        data={"csrf_token": token, "decision_maker_id": str(council.executive.id)},
    )
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    summary = body.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert '<a href="#matter">Matter: it is needed.</a>' in summary
    assert 'id="matter-error"' in body  # the same words beside the field


def test_two_members_call_in_through_the_decision_page(client, council, make, session):
    make.meeting(council.board, datetime(2026, 11, 26, 14, 0, tzinfo=LONDON))
    decision = council.decision(date(2026, 11, 13))
    council.can_sign_in(council.first, council.second, council.clerk)
    path = f"/decisions/{decision.id}"
    assert "Call this decision in" not in client.get(path).get_data(as_text=True)  # public
    sign_in(client, council.first.email)
    page = client.get(path).get_data(as_text=True)
    assert "Call this decision in" in page
    assert "Friday, 20th November, 2026" in page
    token = csrf_token(client, path)
    first = client.post(f"{path}/call-in", data={"csrf_token": token, "reasons": "Consultation"})
    assert first.status_code == 302
    assert "1 more member of the board must ask" in client.get(path).get_data(as_text=True)
    client.post("/sign-out", data={"csrf_token": token})
    sign_in(client, council.second.email)
    token = csrf_token(client, path)
    client.post(f"{path}/call-in", data={"csrf_token": token, "reasons": "Equality impact"})
    page = client.get(path).get_data(as_text=True)
    assert "Called in: waiting for the scrutiny board" in page
    # Its item on the board's programme links back to the decision.
    entry_id = session.exec(select(CallIn.entry_id)).one()
    entry_page = client.get(f"/entries/{entry_id}").get_data(as_text=True)
    assert f"/decisions/{decision.id}" in entry_page
    assert "the board must meet on it by Monday, 30th November, 2026" in entry_page
    assert "Consultation" in page
    assert "Equality impact" in page
    # The clerk of the Cabinet is no member of the board: no form for them.
    client.post("/sign-out", data={"csrf_token": token})
    sign_in(client, council.clerk.email)
    assert "Call this decision in" not in client.get(path).get_data(as_text=True)


def test_the_api_records_a_decision_only_from_its_lawful_day(client, council, make):
    notice = council.notice(date(2026, 11, 10))
    token = make.token(council.clerk)
    early = client.post(
        f"/api/notices/{notice.id}/decision",
        json={"decided_on": "2026-11-16", "decision": "Approved"},
        headers=bearer(token),
    )
    assert early.status_code == 409
    assert "Wednesday, 9th December, 2026" in early.get_json()["error"]
    member = make.token(council.first)
    refused = client.post(
        f"/api/notices/{notice.id}/decision",
        json={"decided_on": "2026-11-16", "decision": "Approved"},
        headers=bearer(member),
    )
    assert refused.status_code == 403
    notice_json = client.get(f"/api/notices/{notice.id}").get_json()
    assert notice_json["lawful_from"] == "2026-12-09"
    assert notice_json["route"] == Route.FORWARD_PLAN.value


def test_the_openapi_document_describes_the_decisions(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path in (
        "/api/forward-plan",
        "/api/notices",
        "/api/notices/{notice_id}/decision",
        "/api/decisions/{decision_id}/call-in",
        "/api/decisions/{decision_id}/resolution",
    ):
        assert path in paths, path


def test_home_shows_the_clerk_every_clock_and_the_member_what_they_may_call_in(
    client, council, make
):
    council.notice(None, matter="Community hubs", decision_due=date(2027, 1, 12))
    council.notice(date(2026, 11, 10), matter="Library opening hours")
    running = council.decision(date(2026, 11, 13), title="Mobile library")
    council.can_sign_in(council.clerk, council.first, council.board_clerk)

    sign_in(client, council.clerk.email)
    home = client.get("/home").get_data(as_text=True)
    # Expected Tuesday 12 January 2027: the 28 clear days are 15 to 31 December (17) and 1
    # to 11 January (11), so the notice must go out by Monday 14 December.
    assert "Community hubs" in home
    assert "publish it by Monday, 14th December, 2026" in home
    # Published 10 November: lawful from Wednesday 9 December.
    assert "lawful from Wednesday, 9th December, 2026" in home
    assert "Mobile library" in home
    assert "may be called in until Friday, 20th November, 2026" in home
    assert "Decisions you may call in" not in home  # no seat on the board
    token = csrf_token(client, "/home")
    client.post("/sign-out", data={"csrf_token": token})

    sign_in(client, council.first.email)
    home = client.get("/home").get_data(as_text=True)
    assert "Decisions you may call in" in home
    assert f"/decisions/{running.id}" in home
    assert "Community hubs" not in home  # the keepers' drafts are theirs alone
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/home")})

    sign_in(client, council.board_clerk.email)  # the board's clerk keeps no plan
    home = client.get("/home").get_data(as_text=True)
    assert "The forward plan and the executive's decisions" not in home


def test_a_boards_clerk_puts_a_key_decision_on_its_programme_linked_both_ways(
    client, council, session
):
    notice = council.notice(date(2026, 11, 10), matter="Library opening hours")
    council.can_sign_in(council.board_clerk, council.first)
    sign_in(client, council.first.email)  # a member clerks nothing: no form
    assert "Scrutinise it before it is taken" not in client.get(f"/notices/{notice.id}").get_data(
        as_text=True
    )
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/forward-plan")})
    sign_in(client, council.board_clerk.email)
    path = f"/notices/{notice.id}"
    token = csrf_token(client, path)
    added = client.post(
        f"{path}/scrutiny", data={"csrf_token": token, "committee": council.board.slug}
    )
    assert added.status_code == 302
    entry_page = client.get(added.headers["Location"]).get_data(as_text=True)
    assert "Forward Plan: the key decision expected on Tuesday, 10th November, 2026" in entry_page
    assert f"/notices/{notice.id}" in entry_page
    notice_page = client.get(path).get_data(as_text=True)
    assert "On the work programme of Scrutiny Board (4)" in notice_page
    again = client.post(
        f"{path}/scrutiny", data={"csrf_token": token, "committee": council.board.slug}
    )
    assert again.status_code == 409
    assert "already" in again.get_data(as_text=True)
    # A board it does not clerk is refused.
    other = client.post(f"{path}/scrutiny", data={"csrf_token": token, "committee": "cabinet"})
    assert other.status_code == 403


def test_the_plan_prints_as_a_pdf_with_the_publics_words(client, council):
    private_notice(council)
    council.notice(date(2026, 10, 1), matter="Mobile library service", documents="Cabinet report")
    answer = client.get("/forward-plan.pdf")
    assert answer.mimetype == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(answer.data)).pages
    ).replace("\n", " ")
    assert "Mobile library service" in text
    assert "Friday, 30th October, 2026" in text
    assert PRIVATE_MATTER in text
    assert "Paragraph 1 of Schedule 12A" in text
    assert SECRET not in text


def test_the_plans_calendar_puts_each_key_decision_on_its_day_and_a_deferral_moves_it(
    client, council, session
):
    notice = council.notice(date(2026, 11, 10), matter="Library opening hours")
    private_notice(council)
    feed = by_uid(icaljs(client.get("/forward-plan.ics").data))
    event = feed[f"key-decision-{notice.id}@committees.test"]
    assert event["summary"] == "Key decision: Library opening hours"
    assert event["start"] == "2026-11-10"
    assert "It may be decided from Wednesday, 9th December, 2026." in event["description"]
    assert not any(SECRET in e["description"] for e in feed.values())
    assert any("paragraph 1" in e["description"] for e in feed.values())
    defer_notice(
        session,
        actor=council.clerk,
        notice=notice,
        new_date=date(2026, 12, 15),
        reason="Awaiting the consultation",
    )
    session.commit()
    moved = by_uid(icaljs(client.get("/forward-plan.ics").data))[
        f"key-decision-{notice.id}@committees.test"
    ]
    assert moved["start"] == "2026-12-15"
    assert moved["sequence"] > event["sequence"]


def test_the_api_defers_and_withdraws_a_notice(client, council, make):
    notice = council.notice(date(2026, 11, 10))
    token = make.token(council.clerk)
    deferred = client.post(
        f"/api/notices/{notice.id}/defer",
        json={"new_date": "2027-01-12", "reason": "Awaiting the consultation"},
        headers=bearer(token),
    )
    assert deferred.status_code == 200, deferred.get_json()
    body = deferred.get_json()
    assert (body["decision_due"], body["first_published_on"]) == ("2027-01-12", "2026-11-10")
    earlier = client.post(
        f"/api/notices/{notice.id}/defer",
        json={"new_date": "2026-12-01", "reason": "Sooner"},
        headers=bearer(token),
    )
    assert earlier.status_code == 409
    assert "Give a new date after Tuesday, 12th January, 2027" in earlier.get_json()["error"]
    no_reason = client.post(
        f"/api/notices/{notice.id}/withdraw", json={"reason": ""}, headers=bearer(token)
    )
    assert no_reason.status_code == 422
    withdrawn = client.post(
        f"/api/notices/{notice.id}/withdraw", json={"reason": "Dropped"}, headers=bearer(token)
    )
    assert withdrawn.get_json()["state"] == "withdrawn"
    assert client.get(f"/api/notices/{notice.id}").get_json()["state"] == "withdrawn"


def test_special_urgency_decisions_are_counted_for_the_report_to_council(client, council):
    urgent = council.notice(
        date(2026, 11, 13),
        matter="Emergency accommodation contract",
        route=Route.SPECIAL_URGENCY,
        exception_reason="The current contract ends on 20 November.",
        urgency_agreed_on=date(2026, 11, 13),
        urgency_agreed_by="Cllr Chair",
    )
    council.decision(
        date(2026, 11, 16),
        notice=urgent,
        title="Emergency accommodation contract",
        decided_on=date(2026, 11, 13),
    )
    ordinary = council.notice(date(2026, 10, 1), matter="Mobile library service")
    council.decision(
        date(2026, 11, 2),
        notice=ordinary,
        title="Mobile library service",
        decided_on=date(2026, 10, 30),
    )
    page = client.get("/decisions").get_data(as_text=True)
    section = page.split("Special urgency, 2026/27")[1]
    assert "This municipal year: 1." in section
    assert "Emergency accommodation contract" in section
    assert "Mobile library service" not in section


def test_a_private_notice_says_when_the_meetings_two_notices_are_due(client, council):
    notice = private_notice(council)  # expected Tuesday 12 January 2027
    page = client.get(f"/notices/{notice.id}").get_data(as_text=True)
    # 28 clear days: 15 December to 11 January, so by Monday 14 December; five clear days:
    # 7 to 11 January, so the further notice by Wednesday 6 January.
    assert "intention to hold it in private by Monday, 14th December, 2026" in page
    assert "by Wednesday, 6th January, 2027" in page


def test_key_decisions_are_in_the_councils_feed_and_the_cabinets_own_calendars(
    client, council, make, session
):
    notice = council.notice(date(2026, 11, 10), matter="Library opening hours")
    first = client.get("/calendar/all.ics")
    uid = f"key-decision-{notice.id}@committees.test"
    assert by_uid(icaljs(first.data))[uid]["summary"] == "Key decision: Library opening hours"
    # A deferral changes the feed's validators, so a poll with the old ETag gets the new feed.
    defer_notice(
        session, actor=council.clerk, notice=notice, new_date=date(2026, 12, 15), reason="Later"
    )
    session.commit()
    again = client.get("/calendar/all.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert by_uid(icaljs(again.data))[uid]["start"] == "2026-12-15"
    # A member of the Cabinet has it in their own calendar; a member of the board does not.
    leader = make.person(name="Cllr Leader", email="leader@council.test")
    session.add(
        Membership(
            committee_id=council.cabinet.id,
            person_id=leader.id,
            role="chair",
            starts_on=date(2026, 5, 21),
        )
    )
    session.commit()
    for person, expected in ((leader, True), (council.first, False)):
        token = regenerate_calendar_token(session, person=person, secret_key=TOKEN_SECRET)
        session.commit()
        feed = by_uid(icaljs(client.get(f"/calendar/u/{token}.ics").data))
        assert (uid in feed) is expected, person.name
