"""Two officers acting on one item at the same moment: one wins, the other gets 409.

These tests commit for real (each request in its own connection and
transaction), so they use a database of their own rather than the rolled-back
test transaction.
"""

import threading
from datetime import datetime

from flask import Flask
from sqlmodel import func, select

from committee.db import EXTENSION_KEY, Database
from committee.meetings.models import Meeting
from committee.minutes.models import MinutesChange
from committee.people.operations import set_password
from committee.scheduler import run_sweep
from committee.timeutil import LONDON
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from tests.conftest import PASSWORD, MailSink, bearer, csrf_token, sign_in
from tests.factories import Factory

ROUNDS = 6


def race(app: Flask, requests: list[tuple[str, dict, dict]], method: str = "post") -> list:
    """Send the requests from separate threads, released together; return the responses."""
    barrier = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)

    def send(index: int, path: str, body: dict, headers: dict) -> None:
        client = app.test_client()
        barrier.wait()
        responses[index] = client.open(path, method=method.upper(), json=body, headers=headers)

    threads = [
        threading.Thread(target=send, args=(index, *request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def test_two_officers_withdrawing_at_once_one_wins(committed_app, now):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:  # the factory commits as it goes
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        first = bearer(make.token(make.governance_officer(board, name="Michelle Rose")))
        second = bearer(make.token(make.governance_officer(board, name="Lara Knight")))
        meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
        entry_ids = [
            make.entry(board, title=f"Item {n}", meeting=meeting).id for n in range(ROUNDS)
        ]

    for entry_id in entry_ids:
        responses = race(
            committed_app,
            [
                (f"/api/entries/{entry_id}/events/withdraw", {"reason": "Rose's reason"}, first),
                (f"/api/entries/{entry_id}/events/withdraw", {"reason": "Knight's reason"}, second),
            ],
        )
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200, 409], [response.json for response in responses]
        loser = next(response for response in responses if response.status_code == 409)
        assert loser.json["state"] == "withdrawn"
        assert loser.json["allowed_events"] == []

    with database.transaction() as session:
        withdrawals = session.exec(
            select(func.count()).select_from(StateChange).where(StateChange.event == "withdraw")
        ).one()
    assert withdrawals == ROUNDS


def test_scheduling_one_item_onto_two_meetings_at_once_one_wins(committed_app, now):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:  # the factory commits as it goes
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        token = bearer(make.token(make.governance_officer(board)))
        march = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
        april = make.meeting(board, datetime(2027, 4, 8, 14, 0, tzinfo=LONDON))
        entry_ids = [make.entry(board, title=f"Item {n}").id for n in range(ROUNDS)]

    for entry_id in entry_ids:
        responses = race(
            committed_app,
            [
                (f"/api/entries/{entry_id}/events/schedule", {"meeting_id": march.id}, token),
                (f"/api/entries/{entry_id}/events/schedule", {"meeting_id": april.id}, token),
            ],
        )
        assert sorted(response.status_code for response in responses) == [200, 409]
        winner = next(response for response in responses if response.status_code == 200)
        loser = next(response for response in responses if response.status_code == 409)
        assert loser.json["state"] == "scheduled"
        assert winner.json["meeting"]["id"] in {march.id, april.id}

    with database.transaction() as session:
        schedules = session.exec(
            select(func.count()).select_from(StateChange).where(StateChange.event == "schedule")
        ).one()
    assert schedules == ROUNDS


def _signed_in_client(app: Flask, email: str, entry_id: int):
    client = app.test_client()
    sign_in(client, email)
    return client, csrf_token(client, f"/entries/{entry_id}")


def test_two_officers_on_the_entry_page_at_once_one_wins(committed_app, now):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        officers = [
            make.governance_officer(board, email=f"officer{n}@council.test") for n in range(2)
        ]
        for officer in officers:
            set_password(session, person=officer, password=PASSWORD)
        session.commit()
        meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
        entry_id = make.entry(board, title="Fostering", meeting=meeting).id
        emails = [officer.email for officer in officers]

    signed_in = [_signed_in_client(committed_app, email, entry_id) for email in emails]
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def post(client, token) -> None:
        barrier.wait()
        response = client.post(
            f"/entries/{entry_id}/events/withdraw",
            data={"reason": "Covered elsewhere", "csrf_token": token},
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=pair) for pair in signed_in]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [302, 409]  # one redirected after success, one told why not


def test_two_sweeps_at_once_send_each_message_once(committed_app, time_machine):
    sink = MailSink()
    sink.start()
    committed_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port)
    database: Database = committed_app.extensions[EXTENSION_KEY]
    time_machine.move_to(datetime(2026, 11, 16, 9, 0, tzinfo=LONDON), tick=False)
    with database.write_sessionmaker() as session:
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        make.clerk(board, email="clerk@council.test")
        meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
        for n in range(ROUNDS):
            lead = make.person(email=f"lead{n}@council.test", name=f"Lead Officer {n}")
            make.entry(board, title=f"Item {n}", lead=lead.name, meeting=meeting)
    time_machine.move_to(datetime(2027, 2, 17, 9, 5, tzinfo=LONDON), tick=False)

    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def sweep_now() -> None:
        barrier.wait()
        try:
            run_sweep(committed_app)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=sweep_now) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    sink.stop()

    assert errors == []
    to_leads = sorted(
        envelope.rcpt_tos[0]
        for envelope in sink.envelopes
        if envelope.rcpt_tos[0].startswith("lead")
    )
    assert to_leads == sorted(f"lead{n}@council.test" for n in range(ROUNDS))
    with database.sessionmaker() as session:
        opened = session.exec(
            select(func.count())
            .select_from(StateChange)
            .where(StateChange.event == "open_briefing")
        ).one()
    assert opened == ROUNDS


CLIENTS = 20


def test_twenty_clients_editing_one_entry_at_once_get_200_or_409_never_500(committed_app, now):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        token = bearer(make.token(make.governance_officer(board)))
        entry_id = make.entry(board, title="Fostering").id

    responses = race(
        committed_app,
        [(f"/api/entries/{entry_id}", {"detail": f"Version {n}"}, token) for n in range(CLIENTS)],
        method="patch",
    )

    statuses = [response.status_code for response in responses]
    assert set(statuses) <= {200, 409}, [r.get_data(as_text=True)[:200] for r in responses]
    assert 200 in statuses
    with database.transaction() as session:
        entry = session.get(WorkProgrammeEntry, entry_id)
        winners = [r.json["detail"] for r in responses if r.status_code == 200]
        assert entry.detail in winners  # the stored detail is one that was answered 200


def test_twenty_clients_changing_one_meeting_at_once_get_200_or_409_never_500(committed_app, now):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        token = bearer(make.token(make.governance_officer(board)))
        meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
        meeting_id, revision = meeting.id, meeting.revision

    responses = race(
        committed_app,
        [(f"/api/meetings/{meeting_id}", {"venue": f"Room {n}"}, token) for n in range(CLIENTS)],
        method="patch",
    )

    statuses = [response.status_code for response in responses]
    assert set(statuses) <= {200, 409}, [r.get_data(as_text=True)[:200] for r in responses]
    with database.transaction() as session:
        stored = session.get(Meeting, meeting_id)
        # Every change that was answered 200 raised the revision once: none was lost.
        assert stored.revision == revision + statuses.count(200)


def test_twenty_clients_writing_then_correcting_one_meetings_minutes_never_get_500(
    committed_app, now
):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        token = bearer(make.token(make.governance_officer(board)))
        meeting_id = make.meeting(board, datetime(2026, 11, 5, 14, 0, tzinfo=LONDON)).id
    path = f"/api/meetings/{meeting_id}/minutes"

    # Twenty first drafts at once: the minutes are made once, and every answer is 200 or 409.
    written = race(
        committed_app,
        [
            (path, {"minutes": [{"title": "Work Programme", "text": f"Draft {n}."}]}, token)
            for n in range(CLIENTS)
        ],
        method="put",
    )
    statuses = [response.status_code for response in written]
    assert set(statuses) <= {200, 409}, [r.get_data(as_text=True)[:200] for r in written]
    assert 200 in statuses
    with database.transaction() as session:
        saves = session.exec(
            select(func.count()).select_from(MinutesChange).where(MinutesChange.event == "write")
        ).one()
    assert saves == statuses.count(200)  # each save answered 200 is in the history, once

    published = committed_app.test_client().post(f"{path}/publish", json={}, headers=token)
    assert published.status_code == 200, published.json
    version = published.json["version"]

    # Twenty corrections of the same version at once: one is made, the others are told why not.
    corrected = race(
        committed_app,
        [
            (
                f"{path}/corrections",
                {
                    "reason": f"Correction {n}",
                    "minute": {"number": 1, "title": "Work Programme", "text": f"Final {n}."},
                    "version": version,
                },
                token,
            )
            for n in range(CLIENTS)
        ],
    )
    statuses = [response.status_code for response in corrected]
    assert sorted(set(statuses)) == [200, 409], [r.get_data(as_text=True)[:200] for r in corrected]
    assert statuses.count(200) == 1
    winner = next(r for r in corrected if r.status_code == 200)
    stored = committed_app.test_client().get(path).json
    assert stored["minutes"][0]["text"] == winner.json["minutes"][0]["text"]
    assert [c["reason"] for c in stored["corrections"]] == [
        c["reason"] for c in winner.json["corrections"]
    ]


TWENTY = 20


def test_twenty_identical_changes_at_once_give_one_change_and_refusals_never_a_failure(
    committed_app, now
):
    """The same publication, substitute or closure day sent twenty times at the same moment:
    one is made; the others are told someone made it (409), never a 500."""
    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        token = bearer(make.token(make.governance_officer(board)))
        meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
        substitute = make.person(name="Councillor Substitute")
        substitute_id, meeting_id = substitute.id, meeting.id

    cases = {
        "publish": (f"/api/meetings/{meeting_id}/publish", {"to_follow": []}),
        "substitute": (f"/api/meetings/{meeting_id}/substitutes", {"person_id": substitute_id}),
        "closure day": ("/api/closure-days", {"day": "2027-02-01", "reason": "Council closed"}),
    }
    for name, (path, body) in cases.items():
        responses = race(committed_app, [(path, body, token)] * TWENTY)
        statuses = [response.status_code for response in responses]
        assert 500 not in statuses, (name, [r.json for r in responses if r.status_code == 500])
        made = [status for status in statuses if status in (200, 201)]
        assert len(made) == 1, (name, statuses)
        assert set(statuses) - {200, 201} <= {409}, (name, statuses)


def test_one_reset_link_used_ten_times_at_once_changes_the_password_once(committed_app, now):
    from committee.people.operations import issue_password_reset
    from committee.people.queries import person_for_credentials

    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:
        person = Factory(session).person(name="Michelle Rose", email="michelle.rose@council.test")
        token = issue_password_reset(session, person=person)
        session.commit()
    link = f"/reset-password/{token}"
    clients = []
    for number in range(10):
        client = committed_app.test_client()
        clients.append((client, csrf_token(client, link), f"new password number {number}"))
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def use(client, csrf: str, password: str) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        form = {"csrf_token": csrf, "password": password, "confirm": password}
        statuses.append(client.post(link, data=form).status_code)

    threads = [threading.Thread(target=use, args=args) for args in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses).count(302) == 1, statuses
    assert set(statuses) - {302} <= {404, 422}, statuses
    with database.transaction() as session:
        working = [
            password
            for _, _, password in clients
            if person_for_credentials(session, "michelle.rose@council.test", password)
        ]
    assert len(working) == 1
