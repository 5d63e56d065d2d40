"""The minutes' history, and corrections of published minutes: who changed what, when and why;
the public reads a correction where it reads the minute, but never one of private business."""

import io
import json
import re
from datetime import datetime

import pytest
from pypdf import PdfReader
from sqlmodel import func, select

from committee.minutes.models import MinutesChange, Resolution
from committee.minutes.operations import _MinutesTransition
from committee.recommendations.models import Recommendation
from committee.timeutil import LONDON
from committee.work_programme.models import WorkProgrammeEntry
from tests.conftest import csrf_token, sign_in
from tests.minutes.conftest import put_minutes, seed_minutes
from workflows.minutes import CALLBACKS, GUARDS, events_from, minutes_machine

AGREED = datetime(2018, 9, 6, 15, 0, tzinfo=LONDON)  # the next meeting agreed them
REASON = "Agreed as a correct record on 6 September 2018, subject to the correction made"
MINUTE_12_TEXT = "The Scrutiny Board considered a Briefing Note of the Director of Children's"


@pytest.fixture
def published(client, july, time_machine):  # type: ignore[no-untyped-def]
    """The seed's minutes, written on 20 July, rewritten on the 23rd, published on the 26th."""
    put_minutes(client, july, seed_minutes(client, july))
    time_machine.move_to(datetime(2018, 7, 23, 11, 0, tzinfo=LONDON), tick=False)
    put_minutes(client, july, seed_minutes(client, july))
    time_machine.move_to(datetime(2018, 7, 26, 10, 0, tzinfo=LONDON), tick=False)
    done = client.post(
        f"/api/meetings/{july.meeting.id}/minutes/publish", json={}, headers=july.clerk_headers
    )
    assert done.status_code == 200, done.json
    time_machine.move_to(AGREED, tick=False)
    return july


def correct(client, july, body: dict, headers=None):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/meetings/{july.meeting.id}/minutes/corrections",
        json=body,
        headers=headers or july.clerk_headers,
    )


def minute_12(text: str = "Corrected wording of minute 12.") -> dict:
    return {"number": 12, "title": "Improvement Board - 4th July, 2018 Update Report", "text": text}


def test_the_table_is_complete_and_publication_is_final():
    missing = [
        name for name in GUARDS | CALLBACKS if not callable(getattr(_MinutesTransition, name, None))
    ]
    assert missing == []
    assert events_from("draft") == ["write", "publish"]
    assert events_from("published") == ["correct"]
    assert minutes_machine().models == []


def test_every_change_of_the_minutes_is_recorded_with_who_and_when(client, published, session):
    july = published
    assert correct(client, july, {"reason": REASON, "minute": minute_12()}).status_code == 200

    history = client.get(
        f"/api/meetings/{july.meeting.id}/minutes", headers=july.clerk_headers
    ).json["history"]
    assert [(h["event"], h["from_state"], h["to_state"]) for h in history] == [
        ("write", None, "draft"),
        ("write", "draft", "draft"),
        ("publish", "draft", "published"),
        ("correct", "published", "published"),
    ]
    assert [h["at"][:16] for h in history] == [
        "2018-07-20T10:00",
        "2018-07-23T11:00",
        "2018-07-26T10:00",
        "2018-09-06T15:00",
    ]
    assert {h["by"] for h in history} == {"Michelle Rose"}
    assert history[-1]["subject"] == "Minute 12/18"
    assert history[-1]["reason"] == REASON

    # Only governance officers read the history; the record's readers get none of it.
    for headers in (None, july.member_headers):
        seen = client.get(f"/api/meetings/{july.meeting.id}/minutes", headers=headers).json
        assert seen["history"] is None
        assert [c["by"] for c in seen["corrections"]] == [None]

    sign_in(client, july.clerk.email, "correct horse battery staple")
    page = client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True)
    table = page[page.index("The minutes' history") :]
    assert table.count('<tr class="govuk-table__row">') == 5  # the header and four changes
    assert "26 Jul 2018 10.00 am" in table
    assert "Corrected: Minute 12/18" in table
    assert "The words it replaced" in table
    assert MINUTE_12_TEXT.replace("'", "&#39;") in table  # the words before the correction


def test_a_correction_changes_the_words_and_the_minutes_say_so(client, published, session):
    july = published
    resolutions_before = session.exec(select(Resolution.text).order_by(Resolution.id)).all()
    entries_before = session.exec(select(func.count()).select_from(WorkProgrammeEntry)).one()

    read = client.get(f"/api/meetings/{july.meeting.id}/minutes", headers=july.clerk_headers)
    version = read.json["version"]
    done = correct(client, july, {"reason": REASON, "minute": minute_12(), "version": version})
    assert done.status_code == 200, done.json
    minute = next(m for m in done.json["minutes"] if m["number"] == 12)
    assert minute["text"] == "Corrected wording of minute 12."
    assert done.json["version"] > version
    assert [(c["subject"], c["reason"]) for c in done.json["corrections"]] == [
        ("Minute 12/18", REASON)
    ]

    public = client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True)
    section = public[public.index('id="minute-12"') : public.index('id="minute-13"')]
    assert "Corrected wording of minute 12." in section
    assert MINUTE_12_TEXT.replace("'", "&#39;") not in public  # nor the history, to the public
    assert f"Corrected Thursday, 6th September, 2018: {REASON}" in section
    pdf = client.get(f"/meetings/{july.meeting.id}/minutes.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Corrected wording of minute 12." in text
    assert "Corrected Thursday, 6th September, 2018" in text

    # What was resolved, and what it set going, stands.
    session.expire_all()
    assert session.exec(select(Resolution.text).order_by(Resolution.id)).all() == (
        resolutions_before
    )
    assert session.exec(select(func.count()).select_from(WorkProgrammeEntry)).one() == (
        entries_before
    )
    assert len(session.exec(select(Recommendation)).all()) == 2


def test_the_attendance_and_declarations_are_corrected_whole(client, published):
    july = published
    before = client.get(f"/api/meetings/{july.meeting.id}/minutes").json
    attendance = [*before["attendance"], {"kind": "apology", "name": "Councillor A Lapsa"}]
    declared = [{"member": "Councillor B Kaur", "interest": "Minute 13: a family member interns"}]
    done = correct(
        client,
        july,
        {"reason": REASON, "attendance": attendance, "declarations": declared},
    )
    assert done.status_code == 200, done.json
    assert done.json["attendance"][-1] == {
        "kind": "apology",
        "name": "Councillor A Lapsa",
        "note": "",
    }
    assert done.json["corrections"][0]["subject"] == "Attendance, Declarations"
    public = client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True)
    assert "Councillor J Clifford, K Jones, Councillor A Lapsa</p>" in public
    assert "Councillor B Kaur: Minute 13: a family member interns" in public
    assert f"Corrected Thursday, 6th September, 2018 (attendance, declarations): {REASON}" in public

    # Giving the same lists again corrects nothing, and says so.
    again = correct(
        client, july, {"reason": REASON, "attendance": attendance, "declarations": declared}
    )
    assert again.status_code == 409
    assert "That correction changes nothing" in again.json["error"]


def test_a_correction_of_private_business_stays_private(client, published):
    july = published
    secret = "The review's panel named the family concerned."
    title = "Serious Case Review"
    done = correct(
        client,
        july,
        {
            "reason": "Wording of the exempt minute",
            "minute": {"number": 18, "title": title, "text": secret},
        },
    )
    assert done.status_code == 200, done.json

    for headers in (None,):
        seen = client.get(f"/api/meetings/{july.meeting.id}/minutes", headers=headers)
        assert seen.json["corrections"] == []
        assert secret not in seen.get_data(as_text=True)
    public = client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True)
    assert "Wording of the exempt minute" not in public
    assert "family concerned" not in public
    pdf = client.get(f"/meetings/{july.meeting.id}/minutes.pdf")
    assert "Wording of the exempt minute" not in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages
    )
    # Positive control: the board's members read the private minute and its correction.
    member = client.get(
        f"/api/meetings/{july.meeting.id}/minutes", headers=july.member_headers
    ).json
    assert member["minutes"][9]["text"] == secret
    assert [c["reason"] for c in member["corrections"]] == ["Wording of the exempt minute"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"minute": minute_12()}, 422, "reason"),
        ({"reason": "   ", "minute": minute_12()}, 422, "reason"),
        ({"reason": "Bad\u0000reason", "minute": minute_12()}, 422, "reason"),
        ({"reason": REASON, "minute": {**minute_12(), "number": 99}}, 422, "run from 9 to 19"),
        ({"reason": REASON, "minute": {**minute_12(), "number": 2**63}}, 422, "number"),
        ({"reason": REASON, "minute": {**minute_12(), "title": ""}}, 422, "title"),
        ({"reason": REASON, "minute": {**minute_12(), "resolutions": ["x"]}}, 422, "resolutions"),
        ({"reason": REASON}, 409, "changes nothing"),
        ({"reason": REASON, "minute": minute_12(MINUTE_12_TEXT)}, 409, "changes nothing"),
        ({"reason": REASON, "minute": minute_12(), "version": 1}, 409, "Someone else"),
        ({"reason": REASON, "minute": minute_12(), "version": 0}, 422, "version"),
        ({"reason": REASON, "attendance": [{"kind": "guest", "name": "X"}]}, 422, "kind"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(
    client, published, session, body, status, words
):
    july = published
    if body.get("minute", {}).get("text") == MINUTE_12_TEXT:
        body["minute"]["text"] = _minute_text(client, july, 12)  # the very words it has
    before = client.get(f"/api/meetings/{july.meeting.id}/minutes", headers=july.clerk_headers)
    refused = correct(client, july, body)
    assert refused.status_code == status, refused.json
    assert words in json.dumps(refused.json)
    after = client.get(f"/api/meetings/{july.meeting.id}/minutes", headers=july.clerk_headers)
    assert after.json == before.json
    assert session.exec(select(MinutesChange).where(MinutesChange.event == "correct")).all() == []


def _minute_text(client, july, number: int) -> str:  # type: ignore[no-untyped-def]
    minutes = client.get(f"/api/meetings/{july.meeting.id}/minutes").json["minutes"]
    return next(m["text"] for m in minutes if m["number"] == number)


def test_only_published_minutes_are_corrected_and_only_by_governance(client, july, published):
    refused = correct(client, july, {"reason": REASON, "minute": minute_12()}, july.member_headers)
    assert refused.status_code == 403
    assert correct(client, july, {"reason": REASON, "minute": minute_12()}).status_code == 200
    missing = client.post(
        "/api/meetings/99999999999/minutes/corrections",
        json={"reason": REASON},
        headers=july.clerk_headers,
    )
    assert missing.status_code == 404


def test_a_draft_is_edited_not_corrected(client, july):
    put_minutes(client, july, seed_minutes(client, july))
    refused = correct(client, july, {"reason": REASON, "minute": minute_12()})
    assert refused.status_code == 409
    assert refused.json["error"] == (
        "The minutes of Thursday, 19th July, 2018 are still a draft: edit the draft instead."
    )
    none_yet = client.post(
        f"/api/meetings/{july.october.id}/minutes/corrections",
        json={"reason": REASON, "minute": minute_12()},
        headers=july.clerk_headers,
    )
    assert none_yet.status_code == 404


def test_a_governance_officer_corrects_the_minutes_from_the_pages(client, published):
    july = published
    sign_in(client, july.clerk.email, "correct horse battery staple")
    minutes = f"/meetings/{july.meeting.id}/minutes"
    page = client.get(minutes).get_data(as_text=True)
    assert '<option value="12">Minute 12/18: Improvement Board' in page
    form_path = f"{minutes}/correct?minute=12"
    form = client.get(form_path).get_data(as_text=True)
    assert MINUTE_12_TEXT.replace("'", "&#39;") in form  # the words as they stand, to edit
    token = csrf_token(client, form_path)
    version = re.search(r'name="version" value="(\d+)"', form)[1]  # type: ignore[index]
    fields = {
        "csrf_token": token,
        "minute": "12",
        "version": version,
        "title": "Improvement Board - 4th July, 2018 Update Report",
        "text": "Corrected from the page.",
        "reason": "",
    }
    unexplained = client.post(f"{minutes}/correct", data=fields)
    assert unexplained.status_code == 422
    shown = unexplained.get_data(as_text=True)
    assert "The correction was not made" in shown
    assert "The reason:" in shown
    assert "Corrected from the page." in shown  # nothing typed is lost
    assert client.post(f"{minutes}/correct", data={**fields, "csrf_token": ""}).status_code == 400

    done = client.post(f"{minutes}/correct", data={**fields, "reason": REASON})
    assert done.status_code == 302
    after = client.get(minutes).get_data(as_text=True)
    assert "Corrected (Minute 12/18)." in after
    assert f"Corrected Thursday, 6th September, 2018: {REASON}" in after

    # The attendance form, and what the pages refuse.
    attendance = client.get(f"{minutes}/correct").get_data(as_text=True)
    assert "Councillor M Mutton (Chair)" in attendance
    assert client.get(f"{minutes}/correct?minute=99").status_code == 404
    assert (
        client.get(f"{minutes}/correct?minute=%00").status_code == 400
    )  # NUL: refused at the door
    stale = client.post(f"{minutes}/correct", data={**fields, "reason": REASON, "text": "Again."})
    assert stale.status_code == 409
    assert "Someone else has changed these minutes" in stale.get_data(as_text=True)


def test_a_member_has_no_correction_form(client, published, make, session):
    july = published
    sign_in(client, july.member.email, "correct horse battery staple")
    minutes = f"/meetings/{july.meeting.id}/minutes"
    assert "Correct these minutes" not in client.get(minutes).get_data(as_text=True)
    assert client.get(f"{minutes}/correct?minute=12").status_code == 403


def test_the_minutes_pdf_is_rendered_once_per_version(client, published, monkeypatch):
    """A burst of anonymous requests renders the PDF once; a correction renders it again."""
    import committee.minutes.views as minutes_views

    july = published
    renders = []
    real = minutes_views.render_pdf

    def counting(html: str) -> bytes:
        renders.append(html)
        return real(html)

    monkeypatch.setattr(minutes_views, "render_pdf", counting)
    path = f"/meetings/{july.meeting.id}/minutes.pdf"
    first, second = client.get(path), client.get(path)
    assert first.data == second.data
    assert len(renders) == 1
    read = client.get(f"/api/meetings/{july.meeting.id}/minutes", headers=july.clerk_headers)
    corrected = correct(
        client, july, {"reason": REASON, "minute": minute_12(), "version": read.json["version"]}
    )
    assert corrected.status_code == 200
    third = client.get(path)
    assert len(renders) == 2
    assert "Corrected wording of minute 12." in " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(third.data)).pages
    )
