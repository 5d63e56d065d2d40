"""Two officers acting on one item at the same moment: one wins, the other gets 409.

These tests commit for real (each request in its own connection and
transaction), so they use a database of their own rather than the rolled-back
test transaction.
"""

import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
from flask import Flask
from sqlmodel import func, select

from committee import create_app
from committee.db import EXTENSION_KEY, Database
from committee.models import StateChange
from committee.schema import upgrade
from committee.timeutil import LONDON
from tests.conftest import bearer, fresh_database_url
from tests.factories import Factory

ROUNDS = 6


@pytest.fixture
def committed_app(backend, tmp_path) -> Iterator[Flask]:
    for url in fresh_database_url(backend, tmp_path, "concurrency"):
        upgrade(url)
        app = create_app(
            {
                "COMMITTEE_ENV": "testing",
                "DATABASE_URL": url.render_as_string(hide_password=False),
                "SECRET_KEY": "x",
            }
        )
        yield app
        app.extensions[EXTENSION_KEY].engine.dispose()


def race(app: Flask, requests: list[tuple[str, dict, dict]]) -> list:
    """Send the requests from separate threads, released together; return the responses."""
    barrier = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)

    def send(index: int, path: str, body: dict, headers: dict) -> None:
        client = app.test_client()
        barrier.wait()
        responses[index] = client.post(path, json=body, headers=headers)

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
