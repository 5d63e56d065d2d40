"""Bad input, as a careless client or an attacker sends it: a clear 4xx, and nothing changes.

Every case here answered 500 once (or let bad data in that later made a page 500).
"""

import io
from datetime import datetime
from urllib.parse import unquote

import pytest
from sqlmodel import func, select

from committee.meetings.models import Meeting
from committee.people.models import Role
from committee.people.operations import set_password
from committee.timeutil import LONDON
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from tests.conftest import PASSWORD, bearer, csrf_token, sign_in

HUGE = str(2**70)
BEYOND_INT32 = str(2**31)


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2")


@pytest.fixture
def meeting(make, board):
    return make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))


@pytest.fixture
def clerk(make, board):
    return make.clerk(board)


@pytest.fixture
def headers(make, clerk):
    return bearer(make.token(clerk))


def counts(session) -> tuple[int, int, int]:
    return (
        session.exec(select(func.count()).select_from(Meeting)).one(),
        session.exec(select(func.count()).select_from(WorkProgrammeEntry)).one(),
        session.exec(select(func.count()).select_from(StateChange)).one(),
    )


@pytest.mark.parametrize("number", [HUGE, BEYOND_INT32])
@pytest.mark.parametrize(
    "path",
    [
        "/api/entries/{}",
        "/entries/{}",
        "/meetings/{}",
        "/api/meetings/{}",
        "/api/meetings/{}/deadlines",
        "/api/entries/{}/history",
        "/papers/{}",
    ],
)
def test_an_id_beyond_any_row_is_404(client, path, number):
    response = client.get(path.format(number))
    assert response.status_code == 404


def test_a_write_to_an_id_beyond_any_row_is_404_and_changes_nothing(client, headers, session):
    before = counts(session)
    assert (
        client.patch(f"/api/entries/{HUGE}", json={"title": "x"}, headers=headers).status_code
        == 404
    )
    assert (
        client.post(f"/api/entries/{HUGE}/events/withdraw", json={"reason": "x"}, headers=headers)
    ).status_code == 404
    assert counts(session) == before


def test_json_nested_too_deeply_is_400(client, board, headers, session):
    before = counts(session)
    body = "[" * 50_000 + "]" * 50_000
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings",
        data=body,
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert "not JSON" in response.json["error"]
    assert counts(session) == before


@pytest.mark.parametrize(
    "start", ["9999-12-31T23:00:00-12:00", "0001-01-01T00:00", "1066-10-14T09:00:00+00:00"]
)
def test_a_meeting_time_no_page_could_show_is_422_naming_it(
    client, board, meeting, headers, session, start
):
    before = counts(session)
    created = client.post(
        "/api/committees/scrutiny-board-2/meetings", json={"start": start}, headers=headers
    )
    moved = client.patch(f"/api/meetings/{meeting.id}", json={"start": start}, headers=headers)
    assert (created.status_code, moved.status_code) == (422, 422)
    assert set(created.json["fields"]) == set(moved.json["fields"]) == {"start"}
    assert counts(session) == before
    session.refresh(meeting)
    assert meeting.start == datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)
    assert client.get(f"/meetings/{meeting.id}").status_code == 200


def test_an_id_too_large_for_the_database_in_a_body_is_422_naming_it(
    client, make, board, headers, session
):
    entry = make.entry(board, title="Fostering")
    before = counts(session)
    created = client.post(
        "/api/committees/scrutiny-board-2/work-programme",
        json={"title": "Fostering", "meeting_id": 2**70},
        headers=headers,
    )
    scheduled = client.post(
        f"/api/entries/{entry.id}/events/schedule", json={"meeting_id": 2**70}, headers=headers
    )
    substitute = client.post(
        f"/api/meetings/{make.meeting(board).id}/substitutes",
        json={"person_id": 2**70},
        headers=headers,
    )
    assert [r.status_code for r in (created, scheduled, substitute)] == [422, 422, 422]
    assert set(created.json["fields"]) == set(scheduled.json["fields"]) == {"meeting_id"}
    assert set(substitute.json["fields"]) == {"person_id"}
    assert counts(session)[1:] == before[1:]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/api/committees/scrutiny-board-2/work-programme", {"title": "a\x00b"}, "title"),
        (
            "post",
            "/api/committees/scrutiny-board-2/work-programme",
            {"title": "x", "detail": "\x07"},
            "detail",
        ),
        (
            "post",
            "/api/committees/scrutiny-board-2/meetings",
            {"start": "2027-05-06T14:00", "venue": "Room\x001"},
            "venue",
        ),
        ("post", "/api/entries/{entry}/events/withdraw", {"reason": "no\x00"}, "reason"),
        ("post", "/api/closure-days", {"day": "2027-12-29", "reason": "closed\x00"}, "reason"),
    ],
)
def test_control_characters_in_text_are_422_naming_the_field(
    client, make, board, headers, session, method, path, body, field
):
    entry = make.entry(board, title="Fostering")
    before = counts(session)
    response = getattr(client, method)(path.format(entry=entry.id), json=body, headers=headers)
    assert response.status_code == 422
    assert set(response.json["fields"]) == {field}
    assert counts(session) == before


def test_non_ascii_and_quoted_text_is_kept(client, board, headers):
    title = "Children’s services — résumé of 文件"
    response = client.post(
        "/api/committees/scrutiny-board-2/work-programme", json={"title": title}, headers=headers
    )
    assert response.status_code == 201
    assert response.json["title"] == title


@pytest.mark.parametrize("path", ["/committees/a%00b", "/api/committees/a%00b", "/?year=20%0018"])
def test_a_nul_in_an_address_is_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)


def test_a_nul_in_a_form_is_400_and_signs_nobody_in(client, clerk):
    response = client.post(
        "/sign-in",
        data={"email": f"{clerk.email}\x00", "password": "x", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 400


@pytest.mark.parametrize(("field", "length"), [("detail", 20_001), ("title", 301), ("source", 201)])
def test_overlong_entry_text_is_422_naming_the_field(
    client, make, board, headers, session, field, length
):
    entry = make.entry(board, title="Fostering")
    response = client.patch(f"/api/entries/{entry.id}", json={field: "x" * length}, headers=headers)
    assert response.status_code == 422
    assert set(response.json["fields"]) == {field}
    session.refresh(entry)
    assert entry.title == "Fostering"


@pytest.mark.parametrize(("event", "field"), [("withdraw", "reason"), ("resolve", "resolution")])
def test_overlong_event_text_is_422_naming_the_field(
    client, make, board, headers, session, event, field
):
    entry = make.entry(board, title="Fostering")
    response = client.post(
        f"/api/entries/{entry.id}/events/{event}", json={field: "x" * 20_001}, headers=headers
    )
    assert response.status_code == 422
    assert set(response.json["fields"]) == {field}
    session.refresh(entry)
    assert entry.state == "requested"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/committees/scrutiny-board-2/meetings"),
        ("patch", "/api/meetings/{meeting}"),
        ("post", "/api/meetings/{meeting}/substitutes"),
        ("post", "/api/committees/scrutiny-board-2/work-programme"),
        ("patch", "/api/entries/{entry}"),
        ("post", "/api/entries/{entry}/events/withdraw"),
        ("patch", "/api/committees/scrutiny-board-2/deadline-settings"),
        ("post", "/api/closure-days"),
    ],
)
@pytest.mark.parametrize("body", [{"nonsense": [1, 2]}, "not json at all"])
def test_someone_without_the_role_learns_403_before_anything_about_their_body(
    client, make, board, meeting, session, method, path, body
):
    entry = make.entry(board, title="Fostering")
    member = make.person(Role.MEMBER, committees=(board,))
    before = counts(session)
    kwargs = {"json": body} if isinstance(body, dict) else {"data": body}
    response = getattr(client, method)(
        path.format(meeting=meeting.id, entry=entry.id),
        headers=bearer(make.token(member)),
        **kwargs,
    )
    assert response.status_code == 403
    assert "Only" in response.json["error"]
    assert counts(session) == before


def test_the_role_holder_still_gets_422_for_the_same_bad_body(client, board, headers):
    response = client.post(
        "/api/committees/scrutiny-board-2/meetings", json={"nonsense": [1, 2]}, headers=headers
    )
    assert response.status_code == 422


@pytest.mark.parametrize("filename", ["résumé—文件.pdf", "Director’s report.pdf"])
def test_a_paper_named_in_any_language_downloads_with_its_name(
    client, make, board, meeting, clerk, session, now, filename
):
    from committee.papers.models import PaperVersion

    entry = make.entry(board, title="Fostering", meeting=meeting)
    headers = bearer(make.token(clerk))
    client.post(f"/api/entries/{entry.id}/events/open_briefing", json={}, headers=headers)
    uploaded = client.post(
        f"/api/entries/{entry.id}/events/submit_paper",
        data={"paper_kind": "briefing_note", "paper_file": (io.BytesIO(b"%PDF-1.4 x"), filename)},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 200
    version = session.exec(select(PaperVersion)).one()
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    sign_in(client, clerk.email)
    response = client.get(f"/papers/{version.id}/original")  # as it was sent in
    assert response.status_code == 200
    assert response.data == b"%PDF-1.4 x"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == filename  # RFC 6266


def _signed_in_clerk(client, session, clerk) -> None:  # type: ignore[no-untyped-def]
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    sign_in(client, clerk.email)


@pytest.mark.parametrize("digit", ["²", "٣", "１"])
def test_a_number_in_other_digits_is_422_never_a_failure(
    client, make, board, meeting, clerk, session, digit
):
    """str.isdigit says yes to "²", and int() then fails: every number read is 0 to 9 only."""
    assert (
        client.get(f"/committees/scrutiny-board-2/work-programme?year={digit}").status_code == 422
    )
    assert (
        client.get(f"/api/committees/scrutiny-board-2/work-programme?year={digit}").status_code
        == 422
    )
    _signed_in_clerk(client, session, clerk)
    admin = make.person(Role.ADMIN, name="Admin", email="admin@council.test")
    set_password(session, person=admin, password=PASSWORD)
    session.commit()
    sign_in(client, admin.email)
    added = client.post(
        "/admin/people",
        data={
            "csrf_token": csrf_token(client, "/admin/people"),
            "name": "Lara Knight",
            "email": "lara.knight@council.test",
            "role": "governance",
            "committee": digit,
        },
    )
    assert added.status_code == 422
    assert "there is no committee" in added.get_data(as_text=True)


def test_a_minute_or_version_in_other_digits_is_422(
    client, make, board, clerk, session, time_machine
):
    past = make.meeting(board, datetime(2026, 10, 1, 14, 0, tzinfo=LONDON))
    headers = bearer(make.token(clerk))
    time_machine.move_to(datetime(2026, 10, 2, 9, 0, tzinfo=LONDON), tick=False)
    minutes = {"minutes": [{"title": "Apologies", "text": "None."}]}
    assert (
        client.put(f"/api/meetings/{past.id}/minutes", json=minutes, headers=headers).status_code
        == 200
    )
    _signed_in_clerk(client, session, clerk)
    page = f"/meetings/{past.id}/minutes"
    published = client.post(
        f"{page}/publish",
        data={"csrf_token": csrf_token(client, page), "version": "²", "confirmed": "yes"},
    )
    assert published.status_code == 422
    assert (
        client.post(
            f"/api/meetings/{past.id}/minutes/publish", json={}, headers=headers
        ).status_code
        == 200
    )
    assert client.get(f"{page}/correct?minute=²").status_code == 422


def test_correcting_draft_minutes_that_hold_no_minutes_is_refused(
    client, make, board, clerk, time_machine
):
    past = make.meeting(board, datetime(2026, 10, 1, 14, 0, tzinfo=LONDON))
    headers = bearer(make.token(clerk))
    time_machine.move_to(datetime(2026, 10, 2, 9, 0, tzinfo=LONDON), tick=False)
    assert (
        client.put(f"/api/meetings/{past.id}/minutes", json={}, headers=headers).status_code == 200
    )
    corrected = client.post(
        f"/api/meetings/{past.id}/minutes/corrections",
        json={"reason": "A typing error", "minute": {"number": 1, "title": "x", "text": "y"}},
        headers=headers,
    )
    assert corrected.status_code == 409
    assert "still a draft" in corrected.json["error"]


@pytest.fixture
def lead(make, board):
    return make.person(name="Sonia Watson", email="sonia.watson@council.test")


def _submit(client, entry_id, headers, **data):  # type: ignore[no-untyped-def]
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart({"paper_kind": "briefing_note", **data})
    return client.post(
        f"/api/entries/{entry_id}/events/submit_paper",
        data=body,
        headers=headers,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/paper\r\nSet-Cookie: x=1",
        "https://example.org/\npaper",
        "https://example.org/\x7f",
    ],
)
def test_a_paper_link_with_a_line_break_or_control_character_is_422(
    client, make, board, meeting, clerk, session, url
):
    entry = make.entry(board, title="Fostering", meeting=meeting)
    headers = bearer(make.token(clerk))
    client.post(f"/api/entries/{entry.id}/events/open_briefing", json={}, headers=headers)
    for sent in (
        client.post(
            f"/api/entries/{entry.id}/events/submit_paper",
            json={"paper_kind": "briefing_note", "paper_url": url},
            headers=headers,
        ),
        _submit(client, entry.id, headers, paper_url=url),
    ):
        assert sent.status_code == 422
        assert list(sent.json["fields"]) == ["paper_url"]
    assert client.get(f"/api/entries/{entry.id}").json["state"] == "briefing_due"


def test_a_file_name_too_long_is_422_and_a_long_content_type_is_not_kept(
    client, make, board, meeting, clerk, session
):
    from werkzeug.datastructures import FileStorage

    from committee.papers.models import PaperVersion

    entry = make.entry(board, title="Fostering", meeting=meeting)
    headers = bearer(make.token(clerk))
    client.post(f"/api/entries/{entry.id}/events/open_briefing", json={}, headers=headers)
    long_name = ("a" * 300) + ".pdf"
    refused = _submit(
        client, entry.id, headers, paper_file=FileStorage(io.BytesIO(b"%PDF-1.4 x"), long_name)
    )
    assert refused.status_code == 422
    assert "shorten it to at most 255" in refused.json["error"]
    odd_type = "application/" + "x" * 150
    kept = _submit(
        client,
        entry.id,
        headers,
        paper_file=FileStorage(io.BytesIO(b"%PDF-1.4 x"), "fostering.pdf", content_type=odd_type),
    )
    assert kept.status_code == 200, kept.json
    assert session.exec(select(PaperVersion.content_type)).one() == "application/pdf"
