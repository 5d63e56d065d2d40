"""The read API: committees, meetings and work programmes, and what the public may not see."""

from datetime import datetime

from committee.people.models import Role
from committee.timeutil import LONDON
from tests.conftest import bearer


def test_committees_lists_each_with_slug_and_name(client, make):
    make.committee("scrutiny-board-2", name="Education and Children's Services Scrutiny Board (2)")
    make.committee("audit", name="Audit and Procurement Committee")

    response = client.get("/api/committees")

    assert response.status_code == 200
    assert response.json["committees"] == [
        {
            "slug": "audit",
            "name": "Audit and Procurement Committee",
            "usual_venue": "Committee Room 3 - Council House",
            "usual_start_time": "14:00:00",
        },
        {
            "slug": "scrutiny-board-2",
            "name": "Education and Children's Services Scrutiny Board (2)",
            "usual_venue": "Committee Room 3 - Council House",
            "usual_start_time": "14:00:00",
        },
    ]


def test_meetings_give_london_times_with_their_offset(client, make):
    board = make.committee("scrutiny-board-2")
    summer = make.meeting(board, datetime(2030, 9, 5, 14, 0, tzinfo=LONDON))
    winter = make.meeting(
        board, datetime(2030, 12, 5, 14, 0, tzinfo=LONDON), venue="Central Library"
    )

    response = client.get("/api/committees/scrutiny-board-2/meetings")

    assert response.status_code == 200
    assert response.json["meetings"] == [
        {
            "id": summer.id,
            "committee": "scrutiny-board-2",
            "start": "2030-09-05T14:00:00+01:00",
            "end": "2030-09-05T16:30:00+01:00",
            "venue": "Committee Room 3 - Council House",
            "status": "scheduled",
        },
        {
            "id": winter.id,
            "committee": "scrutiny-board-2",
            "start": "2030-12-05T14:00:00+00:00",
            "end": "2030-12-05T16:30:00+00:00",
            "venue": "Central Library",
            "status": "scheduled",
        },
    ]


def test_meetings_filter_by_municipal_year(client, make):
    board = make.committee("scrutiny-board-2")
    make.meeting(board, datetime(2030, 4, 25, 14, 0, tzinfo=LONDON))  # 2029/30
    may = make.meeting(board, datetime(2030, 5, 30, 14, 0, tzinfo=LONDON))  # 2030/31

    response = client.get("/api/committees/scrutiny-board-2/meetings?year=2030")

    assert [meeting["id"] for meeting in response.json["meetings"]] == [may.id]


def test_unknown_committee_is_a_json_404(client):
    for path in (
        "/api/committees/nope",
        "/api/committees/nope/meetings",
        "/api/committees/nope/work-programme",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json == {"error": "No committee has the address 'nope'."}


def test_unknown_api_route_is_a_json_404(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert "error" in response.json


def test_work_programme_entry_shape(client, make, now):
    board = make.committee("scrutiny-board-2")
    officer = make.person(name="Kirston Nelson")
    meeting = make.meeting(board, datetime(2027, 2, 4, 14, 0, tzinfo=LONDON))
    entry = make.entry(
        board,
        title="School Performance Information – validated data",
        detail="A report on school performance data using validated data",
        lead="Sara Mills Kirston Nelson Cllr Maton",
        source="Meeting 23 April 15",
        meeting=meeting,
    )

    response = client.get("/api/committees/scrutiny-board-2/work-programme?year=2026")

    assert response.status_code == 200
    assert response.json == {
        "entries": [
            {
                "id": entry.id,
                "committee": "scrutiny-board-2",
                "municipal_year": 2026,
                "title": "School Performance Information – validated data",
                "detail": "A report on school performance data using validated data",
                "lead": "Sara Mills Kirston Nelson Cllr Maton",
                "cabinet_member": "Cllr Maton",
                "lead_officers": [{"id": officer.id, "name": "Kirston Nelson", "job_title": ""}],
                "source": "Meeting 23 April 15",
                "state": "scheduled",
                "meeting": {"id": meeting.id, "start": "2027-02-04T14:00:00+00:00"},
                "timing_note": None,
                "private": False,
                "exempt_paragraph": None,
                "papers_needed": ["briefing_note"],
            }
        ]
    }


def test_work_programme_defaults_to_the_current_municipal_year(client, make, now):
    board = make.committee("scrutiny-board-2")
    make.entry(board, title="Last year", municipal_year=2025)
    this_year = make.entry(board, title="This year")  # now is November 2026: 2026/27

    response = client.get("/api/committees/scrutiny-board-2/work-programme")

    assert [entry["id"] for entry in response.json["entries"]] == [this_year.id]


def test_work_programme_orders_by_meeting_then_undated(client, make, now):
    board = make.committee("scrutiny-board-2")
    later = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    sooner = make.meeting(board, datetime(2027, 1, 7, 14, 0, tzinfo=LONDON))
    undated = make.entry(board, title="Secure Provision", timing_note="to_be_determined")
    on_later = make.entry(board, title="Adoption", meeting=later)
    on_sooner = make.entry(board, title="Exclusions", meeting=sooner)

    response = client.get("/api/committees/scrutiny-board-2/work-programme?year=2026")

    entries = response.json["entries"]
    assert [entry["id"] for entry in entries] == [on_sooner.id, on_later.id, undated.id]
    assert entries[2]["meeting"] is None
    assert entries[2]["timing_note"] == "to_be_determined"


def test_bad_year_is_422_naming_the_field(client, make):
    make.committee("scrutiny-board-2")
    for bad in ("abc", "18", "2018.5"):
        response = client.get(f"/api/committees/scrutiny-board-2/work-programme?year={bad}")
        assert response.status_code == 422, bad
        assert "year" in response.json["fields"]


def test_private_detail_is_never_in_an_anonymous_answer(client, make, now):
    board = make.committee("scrutiny-board-2")
    make.entry(
        board, title="Serious Case Review", detail="Relating to Child H, aged 4", exempt_paragraph=1
    )

    listing = client.get("/api/committees/scrutiny-board-2/work-programme")
    entry_id = listing.json["entries"][0]["id"]
    single = client.get(f"/api/entries/{entry_id}")

    for answer in (listing.json["entries"][0], single.json):
        assert answer["title"] == "Serious Case Review"  # a private item's title may be public
        assert answer["detail"] is None
        assert answer["private"] is True
        assert answer["exempt_paragraph"] == 1
    assert b"Child H" not in listing.data + single.data


def test_private_detail_is_shown_to_governance_members_and_its_lead_officers_only(
    client, make, now
):
    board = make.committee("scrutiny-board-2")
    other_board = make.committee("audit")
    lead = make.person(name="Rebekah Eaves")
    entry = make.entry(
        board,
        title="Serious Case Review",
        detail="Relating to Child H",
        lead="Rebekah Eaves Cllr Seaman",
        exempt_paragraph=1,
    )
    readers = {
        "governance": make.governance_officer(board),
        "lead": lead,
        "admin": make.person(Role.ADMIN),
        "member": make.person(Role.MEMBER, committees=(board,)),
    }
    outsiders = {
        "other governance": make.governance_officer(other_board),
        "other lead officer": make.person(name="Paul Smith"),
        "member of another committee": make.person(Role.MEMBER, committees=(other_board,)),
    }

    for who, person in readers.items():
        answer = client.get(f"/api/entries/{entry.id}", headers=bearer(make.token(person)))
        assert answer.json["detail"] == "Relating to Child H", who
    for who, person in outsiders.items():
        answer = client.get(f"/api/entries/{entry.id}", headers=bearer(make.token(person)))
        assert answer.json["detail"] is None, who


def test_an_unknown_token_is_refused_even_for_reading(client, make):
    make.committee("scrutiny-board-2")
    response = client.get("/api/committees", headers=bearer("cws_not-a-real-token"))
    assert response.status_code == 401
    assert "unknown or revoked" in response.json["error"]


def test_openapi_document_describes_the_api(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert set(paths) >= {
        "/api/committees",
        "/api/committees/{slug}/meetings",
        "/api/committees/{slug}/work-programme",
        "/api/meetings/{meeting_id}",
        "/api/entries/{entry_id}",
    }
    assert set(paths["/api/committees/{slug}/meetings"]) == {"get", "post"}
    assert paths["/api/meetings/{meeting_id}"]["patch"]["security"] == [{"bearer": []}]
    assert "EntryPublic" in document["components"]["schemas"]
