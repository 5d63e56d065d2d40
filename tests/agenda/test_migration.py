"""Upgrading gives every existing meeting an agenda that says what happened to it."""

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from committee.db import make_engine
from committee.migrate import upgrade
from tests.conftest import fresh_database_url

BEFORE_AGENDAS = "f7270e7484e8"
ROWS = [
    "INSERT INTO committees (id, slug, name, usual_venue, usual_start_time, usual_duration_minutes, "
    "draft_days, final_days, window_days, deadline_time, deadlines_changed_at, deadline_revision, "
    "created_at) VALUES (1, 'board', 'Board', '', '14:00:00', 150, 5, 2, 10, '10:00:00', "
    "'2018-05-24 09:00:00', 0, '2018-05-24 09:00:00')",
    # A past meeting, a cancelled one, and one to come.
    'INSERT INTO meetings (id, committee_id, start, "end", venue, status, revision, version, updated_at) '
    "VALUES (1, 1, '2018-09-06 13:00:00', '2018-09-06 15:30:00', '', 'scheduled', 0, 1, "
    "'2018-08-01 09:00:00')",
    'INSERT INTO meetings (id, committee_id, start, "end", venue, status, revision, version, updated_at) '
    "VALUES (2, 1, '2018-10-04 13:00:00', '2018-10-04 15:30:00', '', 'cancelled', 1, 2, "
    "'2018-08-01 09:00:00')",
    'INSERT INTO meetings (id, committee_id, start, "end", venue, status, revision, version, updated_at) '
    "VALUES (3, 1, '2999-01-07 14:00:00', '2999-01-07 16:30:00', '', 'scheduled', 0, 1, "
    "'2018-08-01 09:00:00')",
    "INSERT INTO work_programme_entries (id, committee_id, municipal_year, title, detail, "
    "lead_text, cabinet_member, source, state, version, created_at, updated_at, meeting_id, resolution) "
    "VALUES (1, 1, 2018, 'Fostering', '', '', '', '', 'resolved', 1, '2018-05-24 09:00:00', "
    "'2018-05-24 09:00:00', 1, '')",
    "INSERT INTO work_programme_entries (id, committee_id, municipal_year, title, detail, "
    "lead_text, cabinet_member, source, state, version, created_at, updated_at, meeting_id, resolution) "
    "VALUES (2, 1, 2018, 'Adoption', '', '', '', '', 'scheduled', 1, '2018-05-24 09:00:00', "
    "'2018-05-24 09:00:00', 3, '')",
    "INSERT INTO papers (id, entry_id, kind, status, created_at, updated_at) "
    "VALUES (1, 1, 'briefing_note', 'cleared', '2018-08-20 09:00:00', '2018-08-20 09:00:00')",
    "INSERT INTO papers (id, entry_id, kind, status, created_at, updated_at) "
    "VALUES (2, 2, 'briefing_note', 'cleared', '2018-08-20 09:00:00', '2018-08-20 09:00:00')",
    "INSERT INTO agenda_items (id, meeting_id, entry_id, kind, position, number, title, "
    "description, paper_title, paper_kind) VALUES "
    "(1, 1, NULL, 'apologies', 1, '1', 'Apologies', '', '', NULL), "
    "(2, 1, 1, 'business', 2, '2', 'Fostering', '', '', 'briefing_note'), "
    "(3, 3, 2, 'business', 1, '1', 'Adoption', '', '', 'briefing_note')",
]


@pytest.fixture
def empty_url(backend, tmp_path) -> Iterator[URL]:
    yield from fresh_database_url(backend, tmp_path, "agenda_migration")


def test_existing_meetings_get_the_agenda_their_history_implies(empty_url):
    upgrade(empty_url, BEFORE_AGENDAS)
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        for row in ROWS:
            connection.execute(text(row))

    upgrade(empty_url)

    with engine.connect() as connection:
        agendas = connection.execute(
            text(
                "SELECT meeting_id, state, published_at IS NOT NULL, supplements FROM agendas "
                "ORDER BY meeting_id"
            )
        ).all()
        items = connection.execute(
            text(
                "SELECT id, published_in, paper_published_in, to_follow FROM agenda_items ORDER BY id"
            )
        ).all()
    engine.dispose()
    assert [tuple(row) for row in agendas] == [
        (1, "held", True, 0),  # it took place: its agenda was public
        (2, "cancelled", False, 0),
        (3, "draft", False, 0),
    ]
    assert [tuple(row) for row in items] == [
        (1, 0, None, False),
        (2, 0, 0, False),  # the cleared paper of a held meeting is published
        (3, None, None, False),  # a coming meeting's paper waits for its agenda
    ]
