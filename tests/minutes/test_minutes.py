"""After the meeting: the seed's minutes of 19 July 2018 entered through the API, numbered,
published, and what they set going (resolved items, follow-ups, recommendations)."""

import io
import json
import re
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlmodel import col, select

from committee.committees.models import Committee
from committee.minutes.queries import matters_arising
from committee.notifications.models import MessageKind, OutboxMessage
from committee.recommendations.models import Recommendation
from committee.recommendations.queries import recommendation_view
from committee.reminders.sweep import sweep
from committee.timeutil import LONDON
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from tests.conftest import csrf_token, sign_in
from tests.minutes.conftest import ITEMS, OWNER, put_minutes, seed_minutes


def test_the_seeds_minutes_are_numbered_on_and_stay_draft_until_published(client, july, session):
    written = put_minutes(client, july, seed_minutes(client, july))
    assert written.status_code == 200, written.json
    minutes = written.json["minutes"]
    assert [m["number"] for m in minutes] == list(range(9, 20))
    assert [m["citation"] for m in minutes][3] == "Minute 12/18"
    assert minutes[2]["title"] == "The Virtual School for Looked After Children"
    assert minutes[3]["resolutions"][0]["text"] == "Notes the progress to date"
    assert written.json["state"] == "draft"

    # A draft is nobody's but the governance officers': not the public's, not a member's.
    path = f"/api/meetings/{july.meeting.id}/minutes"
    assert client.get(path).status_code == 404
    assert client.get(path, headers=july.member_headers).status_code == 404
    assert client.get(f"/meetings/{july.meeting.id}/minutes").status_code == 404
    assert client.get(f"/meetings/{july.meeting.id}/minutes.pdf").status_code == 404
    assert client.get(path, headers=july.clerk_headers).status_code == 200
    # Nothing has happened yet to the items, the programme or recommendations.
    assert session.exec(select(Recommendation)).all() == []
    states = {e.title: e.state for e in session.exec(select(WorkProgrammeEntry)).all()}
    assert set(states.values()) == {"briefing_due"}  # as scheduling left them


def test_publishing_resolves_the_items_and_sets_the_follow_ups_and_recommendations_going(
    client, july, session
):
    assert put_minutes(client, july, seed_minutes(client, july)).status_code == 200
    published = client.post(
        f"/api/meetings/{july.meeting.id}/minutes/publish", json={}, headers=july.clerk_headers
    )
    assert published.status_code == 200, published.json
    assert published.json["state"] == "published"

    every = session.exec(select(WorkProgrammeEntry)).all()
    assert {(e.title, e.exempt_paragraph) for e in every if e.state == "resolved"} >= set(ITEMS)
    entries = {e.title: e for e in every}
    assert entries["Supported Internships"].resolution.startswith("Minute 13/18: 1) Record their")
    events = session.exec(
        select(StateChange.event).where(StateChange.entry_id == entries["Supported Internships"].id)
    ).all()
    assert events[-2:] == ["consider", "resolve"]

    follow_up = entries["Children's Services Improvement Board: update"]
    assert follow_up.source == "Meeting 19 July 2018 (Minute 12/18)"
    assert follow_up.meeting_id == july.october.id  # three months on: the October meeting
    assert follow_up.state in {"scheduled", "briefing_due"}  # on the agenda of October
    assert "Minute 12/18: Continues to receive regular updates" in follow_up.detail
    page = client.get(f"/entries/{follow_up.id}").get_data(as_text=True)
    assert (
        f'<a class="govuk-link" href="/meetings/{july.meeting.id}/minutes#minute-12">'
        "Meeting 19 July 2018 (Minute 12/18)</a>"
    ) in page

    internship, co_option = session.exec(select(Recommendation).order_by(Recommendation.id)).all()
    assert internship.to_whom.startswith("Cabinet Members for Education and Skills")
    assert internship.owner_id == july.owner.id
    assert (internship.sent_on, internship.response_due) == (date(2018, 7, 20), date(2018, 9, 20))
    assert internship.source == "Meeting 19 July 2018 (Minute 13/18)"
    assert co_option.to_whom == "Council"

    again = client.put(
        f"/api/meetings/{july.meeting.id}/minutes", json={"minutes": []}, headers=july.clerk_headers
    )
    assert again.status_code == 409
    assert "published" in again.json["error"]


PRIVATE_WORDS = "The review heard PRIVATEDETAIL about the child's family."


def test_the_published_minutes_read_as_the_seeds_and_keep_private_business_private(
    client, july, session
):
    record = seed_minutes(client, july)
    private = next(m for m in record["minutes"] if m.get("exempt_paragraph"))
    private["text"] += "\n\n" + PRIVATE_WORDS  # what members read; the public reads its wording
    put_minutes(client, july, record)
    client.post(
        f"/api/meetings/{july.meeting.id}/minutes/publish", json={}, headers=july.clerk_headers
    )

    public = client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True)
    assert (
        "Minutes of the Meeting of Education and Children&#39;s Services Scrutiny Board (2)"
        in public
    )
    assert "held at 2.00 pm on Thursday, 19th July, 2018" in public
    assert "<li>Councillor M Mutton (Chair)</li>" in public
    assert "<li>Councillor K Maton, Cabinet Member for Education and Skills</li>" in public
    assert "<strong>Apologies:</strong> Councillor J Clifford, K Jones" in public
    assert (
        '<span class="number">12.</span> Improvement Board - 4th July, 2018 Update Report' in public
    )
    assert "<strong>RESOLVED that the Scrutiny Board:-</strong>" in public
    assert "<strong>1) Notes the progress to date</strong>" in public
    assert "<strong>RESOLVED that Kellie Jones be recommended as a non-voting co-optee" in public
    assert (
        public.index("Public Business")
        < public.index("Private Business")
        < public.index('<span class="number">18.</span>')
        < public.index('<span class="number">19.</span>')
    )
    assert "(Meeting closed at 4.30 pm)" in public
    # Minute 18 was taken in private: the public read it as the council published it...
    assert "Further to Minute 16 above, the Scrutiny Board were provided with information" in public
    assert (
        "<strong>RESOLVED that the Scrutiny Board note the progress in implementing the "
        "recommendations arising from the Serious Case Review.</strong>" in public
    )
    # ...and never what only members read. Minute 19 is public: nothing in it is exempt.
    assert "PRIVATEDETAIL" not in public
    assert "There were no other items of urgent private business." in public
    api = client.get(f"/api/meetings/{july.meeting.id}/minutes").json
    by_number = {minute["number"]: minute for minute in api["minutes"]}
    assert by_number[18]["text"] is None
    assert by_number[18]["resolutions"] is None
    assert (by_number[18]["private"], by_number[18]["withheld"]) == (True, False)
    assert by_number[18]["public_wording"].startswith("Further to Minute 16 above")
    assert (by_number[19]["private"], by_number[19]["text"]) == (
        False,
        "There were no other items of urgent private business.",
    )
    pdf = client.get(f"/meetings/{july.meeting.id}/minutes.pdf")
    assert pdf.mimetype == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages]
    text = " ".join(pages)
    assert "RESOLVED that the Scrutiny Board" in text
    assert "PRIVATEDETAIL" not in text
    assert [f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, 1)] == [True] * len(
        pages
    )

    # The board's members read the private minute whole (positive control for the checks above).
    member = client.get(
        f"/api/meetings/{july.meeting.id}/minutes", headers=july.member_headers
    ).json
    assert PRIVATE_WORDS in {m["number"]: m for m in member["minutes"]}[18]["text"]
    sign_in(client, july.member.email, "correct horse battery staple")
    signed_in = client.get(f"/meetings/{july.meeting.id}/minutes.pdf")
    assert "PRIVATEDETAIL" in " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(signed_in.data)).pages
    )

    # The meeting's page links to them by name.
    page = client.get(f"/meetings/{july.meeting.id}").get_data(as_text=True)
    assert f'href="/meetings/{july.meeting.id}/minutes">Minutes</a>' in page


def _private_minute(client, july, **minute):  # type: ignore[no-untyped-def]
    """Save minutes of one minute recording the private Serious Case Review item."""
    agenda = client.get(f"/api/meetings/{july.meeting.id}/agenda", headers=july.clerk_headers).json
    item = next(i for i in agenda["items"] if i["private"])
    body = {"minutes": [{"agenda_item_id": item["id"], "title": "Serious Case Review", **minute}]}
    return put_minutes(client, july, body)


def test_a_private_minute_with_no_public_wording_is_withheld(client, july):
    saved = _private_minute(client, july, text=PRIVATE_WORDS)
    assert saved.status_code == 200, saved.json
    client.post(
        f"/api/meetings/{july.meeting.id}/minutes/publish", json={}, headers=july.clerk_headers
    )
    public = client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True)
    assert "PRIVATEDETAIL" not in public
    assert "exempt information under paragraph 1 of Schedule 12A" in public
    minute = client.get(f"/api/meetings/{july.meeting.id}/minutes").json["minutes"][0]
    assert (minute["private"], minute["withheld"], minute["text"]) == (True, True, None)
    member = client.get(f"/api/meetings/{july.meeting.id}/minutes", headers=july.member_headers)
    assert member.json["minutes"][0]["text"] == PRIVATE_WORDS


def test_a_minute_is_exempt_only_when_the_clerk_says_so(client, july):
    # Said nothing: a private item's minute takes the item's paragraph, so nothing slips out.
    assert _private_minute(client, july, text=PRIVATE_WORDS).status_code == 200
    saved = client.get(f"/api/meetings/{july.meeting.id}/minutes", headers=july.clerk_headers)
    assert saved.json["minutes"][0]["exempt_paragraph"] == 1
    # Said it is public (null): it is, though its item was private.
    version = saved.json["version"]
    public = _private_minute(
        client, july, text="No other business.", exempt_paragraph=None
    )  # fmt: skip
    assert public.status_code == 200, public.json
    assert public.json["version"] > version
    assert public.json["minutes"][0]["exempt_paragraph"] is None
    # A public wording is for a private minute only.
    refused = _private_minute(
        client, july, text="No other business.", exempt_paragraph=None, public_wording="Words."
    )
    assert refused.status_code == 422
    assert "not taken in private" in refused.json["error"]


def test_the_next_agenda_lists_the_matters_arising(client, july, make, session):
    put_minutes(client, july, seed_minutes(client, july))
    assert matters_arising(session, july.october) == []  # a draft sets nothing going
    client.post(
        f"/api/meetings/{july.meeting.id}/minutes/publish", json={}, headers=july.clerk_headers
    )
    make.publish(july.october)
    shown = client.get(f"/meetings/{july.october.id}").get_data(as_text=True)
    arising = shown[shown.index('class="item-line matters-arising"') :]
    arising = arising[: arising.index("</ul>")]
    assert "Minute 12/18: Children&#39;s Services Improvement Board: update" in arising
    assert (
        "Recommendation to Council: waiting for a response, response due 20 September 2018"
        in arising
    )
    pack = client.get(f"/meetings/{july.october.id}/agenda.pdf")
    text = PdfReader(io.BytesIO(pack.data)).pages[0].extract_text()
    assert "b) Matters Arising" in text
    assert "Minute 12/18: Children's Services Improvement Board: update" in text


def test_a_recommendation_passes_through_every_status_with_its_reminders(
    client, july, session, time_machine
):
    put_minutes(client, july, seed_minutes(client, july))
    client.post(
        f"/api/meetings/{july.meeting.id}/minutes/publish", json={}, headers=july.clerk_headers
    )
    internship = session.exec(select(Recommendation).order_by(Recommendation.id)).first()
    path = f"/api/recommendations/{internship.id}"

    def reminders() -> list[OutboxMessage]:
        return session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == MessageKind.RECOMMENDATION_DUE)
        ).all()

    time_machine.move_to(datetime(2018, 9, 19, 9, 0, tzinfo=LONDON), tick=False)
    sweep(session, base_url="http://service.test")
    assert reminders() == []  # not due until tomorrow
    time_machine.move_to(datetime(2018, 9, 20, 9, 0, tzinfo=LONDON), tick=False)
    sweep(session, base_url="http://service.test")
    sweep(session, base_url="http://service.test")  # once only
    (due, to_council) = sorted(reminders(), key=lambda m: m.to_addresses)
    assert due.to_addresses == OWNER
    assert due.cc_addresses == "michelle.rose@council.test"
    assert "Its response was due today" in due.body_text
    assert f"http://service.test/recommendations/{internship.id}" in due.body_text
    assert to_council.to_addresses == "michelle.rose@council.test"  # nobody named: governance
    session.commit()
    assert client.get(path).json["status"] == "Waiting for a response"
    time_machine.move_to(datetime(2018, 9, 21, 9, 0, tzinfo=LONDON), tick=False)
    assert client.get(path).json["status"] == "Response overdue (due 20 September 2018)"

    early = client.post(f"{path}/implemented", json={}, headers=july.clerk_headers)
    assert early.status_code == 409
    assert (
        client.post(
            f"{path}/answer", json={"answer": "accepted"}, headers=july.member_headers
        ).status_code
        == 403
    )
    future = client.post(
        f"{path}/answer",
        json={"answer": "accepted", "answered_on": "2018-10-01"},
        headers=july.clerk_headers,
    )
    assert future.status_code == 422
    answered = client.post(
        f"{path}/answer",
        json={
            "answer": "partly_accepted",
            "response": "From September 2019.",
            "answered_on": "2018-09-20",
        },
        headers=july.clerk_headers,
    )
    assert answered.status_code == 200, answered.json
    assert (answered.json["state"], answered.json["answer"]) == ("answered", "partly_accepted")
    assert (
        client.post(
            f"{path}/answer", json={"answer": "rejected"}, headers=july.clerk_headers
        ).status_code
        == 409
    )
    done = client.post(
        f"{path}/implemented", json={"implemented_on": "2018-09-21"}, headers=july.clerk_headers
    )
    assert done.status_code == 200
    assert (done.json["state"], done.json["implemented_on"]) == ("implemented", "2018-09-21")
    # Answered and done: no more reminders, whatever the sweep.
    time_machine.move_to(datetime(2018, 11, 20, 9, 0, tzinfo=LONDON), tick=False)
    sweep(session, base_url="http://service.test")
    assert len(reminders()) == 2
    history = client.get(f"/recommendations/{internship.id}").get_data(as_text=True)
    assert "Response recorded by Michelle Rose: “From September 2019.”" in history
    assert "Recorded as implemented by Michelle Rose" in history


def test_a_rejected_recommendation_has_nothing_to_implement(client, july, session):
    put_minutes(client, july, seed_minutes(client, july))
    client.post(
        f"/api/meetings/{july.meeting.id}/minutes/publish", json={}, headers=july.clerk_headers
    )
    co_option = session.exec(select(Recommendation).order_by(Recommendation.id.desc())).first()  # type: ignore[union-attr]
    path = f"/api/recommendations/{co_option.id}"
    assert (
        client.post(
            f"{path}/answer", json={"answer": "rejected"}, headers=july.clerk_headers
        ).status_code
        == 200
    )
    refused = client.post(f"{path}/implemented", json={}, headers=july.clerk_headers)
    assert refused.status_code == 409
    assert refused.json["error"] == "It was rejected: there is nothing to implement."


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"first_number": 0}, 422, "first_number"),
        ({"closed_at": "13:00"}, 422, "closed before it began"),
        ({"minutes": [{"title": "X", "agenda_item_id": 2147483647}]}, 422, "is not on the agenda"),
        ({"minutes": [{"title": "Bad\u0000title"}]}, 422, "title"),
        ({"minutes": [{"title": "X", "exempt_paragraph": 8}]}, 422, "exempt_paragraph"),
        ({"attendance": [{"kind": "visitor", "name": "J Smith"}]}, 422, "kind"),
        ({"unknown": 1}, 422, "unknown"),
    ],
)
def test_bad_minutes_are_refused_and_change_nothing(client, july, session, change, status, words):
    record = {"minutes": [{"title": "Work Programme", "text": "Noted."}], **change}
    refused = put_minutes(client, july, record)
    assert refused.status_code == status
    assert words in json.dumps(refused.json)
    assert (
        client.get(
            f"/api/meetings/{july.meeting.id}/minutes", headers=july.clerk_headers
        ).status_code
        == 404
    )


def test_minutes_cannot_be_written_before_the_meeting_or_by_a_member(client, july):
    early = client.put(
        f"/api/meetings/{july.october.id}/minutes", json={}, headers=july.clerk_headers
    )
    assert early.status_code == 409
    assert "has not taken place yet" in early.json["error"]
    assert put_minutes(client, july, {}).status_code == 200  # positive control: the clerk may
    member = client.put(
        f"/api/meetings/{july.meeting.id}/minutes", json={}, headers=july.member_headers
    )
    assert member.status_code == 403
    assert (
        client.put(
            "/api/meetings/99999999999/minutes", json={}, headers=july.clerk_headers
        ).status_code
        == 404
    )


def test_the_next_meeting_numbers_on_and_an_overlap_is_refused(client, july, session, time_machine):
    put_minutes(client, july, seed_minutes(client, july))
    time_machine.move_to(datetime(2018, 10, 19, 9, 0, tzinfo=LONDON), tick=False)
    october = client.put(
        f"/api/meetings/{july.october.id}/minutes",
        json={"minutes": [{"title": "Declarations of Interests", "text": "None."}]},
        headers=july.clerk_headers,
    )
    assert october.json["minutes"][0]["citation"] == "Minute 20/18"
    # July's draft growing past 19 would run into October's 20.
    grown = seed_minutes(client, july)
    grown["minutes"].append({"title": "Another", "text": "More."})
    refused = put_minutes(client, july, grown)
    assert refused.status_code == 409
    assert "A later meeting's minutes start at 20" in refused.json["error"]


def test_minutes_are_numbered_by_municipal_year_not_calendar_year(
    client, july, make, session, time_machine
):
    """January 2019 is still 2018/19: its minutes number on from July's; June 2019 starts again."""
    board = session.get(Committee, july.meeting.committee_id)
    january = make.meeting(board, datetime(2019, 1, 17, 14, 0, tzinfo=LONDON))
    june = make.meeting(board, datetime(2019, 6, 20, 14, 0, tzinfo=LONDON))
    put_minutes(client, july, seed_minutes(client, july))
    one_minute = {"minutes": [{"title": "Declarations of Interests", "text": "None."}]}
    time_machine.move_to(datetime(2019, 6, 21, 9, 0, tzinfo=LONDON), tick=False)
    for meeting, citation in ((january, "Minute 20/18"), (june, "Minute 1/19")):
        written = client.put(
            f"/api/meetings/{meeting.id}/minutes", json=one_minute, headers=july.clerk_headers
        )
        assert written.status_code == 200, written.json
        assert written.json["minutes"][0]["citation"] == citation


def test_a_governance_officer_writes_and_publishes_minutes_from_the_pages(client, july, session):
    sign_in(client, july.clerk.email, "correct horse battery staple")
    edit = f"/meetings/{july.meeting.id}/minutes/edit"
    form = client.get(edit).get_data(as_text=True)
    assert "Item 4: The Virtual School for Looked After Children" in form
    token = csrf_token(client, edit)
    fields = {
        "csrf_token": token,
        "attendance-member": "Councillor M Mutton (Chair)\nCouncillor L Bigham",
        "attendance-apology": "Councillor J Clifford",
        "closed_at": "16:30",
        "first_number": "9",
    }
    # The form's rows follow the agenda, one fieldset each.
    legends = [
        legend
        for legend in re.findall(r"<legend[^>]*>(.*?)</legend>", form)
        if legend.startswith(("Item ", "Other business"))  # one a minute, in the form's order
    ]
    row = next(i for i, legend in enumerate(legends) if "The Virtual School" in legend)
    fields[f"minutes-{row}-title"] = "The Virtual School for Looked After Children"
    fields[f"minutes-{row}-text"] = "The Scrutiny Board considered a Briefing Note."
    fields[f"minutes-{row}-resolutions"] = "The contents of the Briefing Note be noted"
    fields[f"minutes-{row}-follow_up_title"] = "Virtual School: annual report"
    fields[f"minutes-{row}-follow_up_months"] = "3"
    fields.update({k: v for k, v in _hidden_fields(form).items() if k.startswith("minutes-")})
    untitled = client.post(edit, data={**fields, f"minutes-{row}-title": ""})
    assert untitled.status_code == 422
    assert (
        "The minute beginning “The Scrutiny Board considered a Briefing Note.” needs a heading"
        in untitled.get_data(as_text=True)
    )
    without_token = client.post(edit, data={k: v for k, v in fields.items() if k != "csrf_token"})
    assert without_token.status_code == 400
    saved = client.post(edit, data=fields)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    page = client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True)
    assert "Draft: only governance officers see these minutes" in page
    assert '<span class="number">9.</span> The Virtual School for Looked After Children' in page
    published = client.post(
        f"/meetings/{july.meeting.id}/minutes/publish",
        data={
            "csrf_token": csrf_token(client, f"/meetings/{july.meeting.id}/minutes"),
            "confirmed": "yes",
        },
    )
    assert published.status_code == 302
    follow_up = session.exec(
        select(WorkProgrammeEntry).where(
            WorkProgrammeEntry.title == "Virtual School: annual report"
        )
    ).one()
    assert (follow_up.meeting_id, follow_up.source) == (
        july.october.id,
        "Meeting 19 July 2018 (Minute 9/18)",
    )


def _hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def test_a_reports_own_recommendations_are_tracked_from_the_page(client, july, session):
    """A serious case review's "Implementation Assurance" table: tracked like the board's."""
    review = session.exec(
        select(WorkProgrammeEntry).where(
            WorkProgrammeEntry.title == "Serious Case Review",
            col(WorkProgrammeEntry.exempt_paragraph).is_not(None),
        )
    ).one()
    sign_in(client, july.clerk.email, "correct horse battery staple")
    listing = "/committees/scrutiny-board-2/recommendations"
    added = client.post(
        listing,
        data={
            "csrf_token": csrf_token(client, listing),
            "entry_id": str(review.id),
            "to": "Local Safeguarding Children Board",
            "text": "Multi-agency training on recognising neglect",
            "response_due": "2018-10-01",
        },
    )
    assert added.status_code == 302
    tracked = session.exec(select(Recommendation)).one()
    assert (
        tracked.source,
        recommendation_view(session, tracked.id).is_private,
        tracked.response_due,
    ) == (
        "Report: Serious Case Review",
        True,  # the report is private business: so is what it recommends
        date(2018, 10, 1),
    )
    page = f"/recommendations/{tracked.id}"
    answered = client.post(
        f"{page}/answer",
        data={
            "csrf_token": csrf_token(client, page),
            "answer": "accepted",
            "response": "Done by March.",
        },
    )
    assert answered.status_code == 302
    assert "Accepted, Friday, 20th July, 2018" in client.get(page).get_data(as_text=True)
    assert (
        client.post(f"{page}/implement", data={"csrf_token": csrf_token(client, page)}).status_code
        == 302
    )
    session.refresh(tracked)
    assert (tracked.state, tracked.implemented_on) == ("implemented", date(2018, 7, 20))
    # The public never learn of a private report's recommendation.
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert "Multi-agency training" not in client.get(listing).get_data(as_text=True)
    assert client.get(page).status_code == 404
    assert client.get(f"/api/recommendations/{tracked.id}").status_code == 404
    assert client.get("/api/committees/scrutiny-board-2/recommendations").json == {
        "recommendations": []
    }


def test_tracking_a_recommendation_needs_an_entry_of_the_committee(client, july):
    refused = client.post(
        "/api/committees/scrutiny-board-2/recommendations",
        json={"entry_id": 2147483647, "to": "Council", "text": "Do it"},
        headers=july.clerk_headers,
    )
    assert refused.status_code == 422
    assert refused.json["fields"] == {
        "entry_id": "that entry is not on the work programme of Education and Children's Services Scrutiny Board (2)"
    }
    member = client.post(
        "/api/committees/scrutiny-board-2/recommendations",
        json={"entry_id": 1, "to": "Council", "text": "Do it"},
        headers=july.member_headers,
    )
    assert member.status_code == 403
