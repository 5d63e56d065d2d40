"""The scheduler process: one active at a time, its jobs kept in the database, recomputed."""

import os
import queue
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from apscheduler.events import EVENT_JOB_EXECUTED
from sqlalchemy import inspect, text
from sqlmodel import SQLModel, select

from committee.db import EXTENSION_KEY, Database
from committee.deadlines.queries import working_calendar
from committee.meetings.models import Meeting
from committee.meetings.operations import update_meeting
from committee.meetings.queries import meeting_deadlines
from committee.migrate import include_object, upgrade
from committee.people.models import Person
from committee.reminders.chain import morning_of, paper_chain
from committee.scheduler import (
    ADVISORY_LOCK_KEY,
    JOB_TABLE,
    Pace,
    build_scheduler,
    lock_for,
    run_scheduler,
    sync_meeting_jobs,
)
from committee.timeutil import LONDON
from tests.conftest import fresh_database_url
from tests.factories import Factory

ROOT = Path(__file__).resolve().parent.parent
FAST = Pace(standby_seconds=0.05, heartbeat_seconds=0.05)


def test_the_lock_admits_one_scheduler_at_a_time(committed_app):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    first, second = lock_for(database), lock_for(database)
    assert first.acquire()
    assert first.held()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def _meeting_soon(database: Database) -> int:
    """A board with an item on a meeting 40 days ahead of the real clock (the scheduler runs on it)."""
    with database.write_sessionmaker() as session:
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        start = (
            (datetime.now(UTC) + timedelta(days=40))
            .astimezone(LONDON)
            .replace(hour=14, minute=0, second=0, microsecond=0)
        )
        meeting = make.meeting(board, start)
        make.entry(board, title="Fostering", meeting=meeting)
        return meeting.id


def _job_ids(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(connection.execute(text(f"SELECT id FROM {JOB_TABLE}")).scalars())  # noqa: S608 - a constant


def _run_in_thread(app, **hooks) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(
        target=run_scheduler, args=(app,), kwargs={"stop": stop, "pace": FAST, **hooks}
    )
    thread.start()
    return thread, stop


def test_the_active_scheduler_sweeps_and_keeps_its_jobs_in_the_database(committed_app):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    meeting_id = _meeting_soon(database)
    swept = threading.Event()

    def watch(scheduler) -> None:
        scheduler.add_listener(
            lambda event: event.job_id == "sweep" and swept.set(), EVENT_JOB_EXECUTED
        )

    thread, stop = _run_in_thread(committed_app, on_active=watch)
    try:
        assert swept.wait(30), "the sweep job did not run"
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()

    jobs = _job_ids(database)
    assert {"sweep", "morning", "deliver"} <= jobs
    meeting_jobs = {job for job in jobs if job.startswith(f"meeting-{meeting_id}-")}
    assert len(meeting_jobs) == 5  # window, reminder, due today, overdue, publication day

    # A restart finds the same jobs, and adds none twice.
    swept.clear()
    thread, stop = _run_in_thread(committed_app, on_active=watch)
    try:
        assert swept.wait(30)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert _job_ids(database) == jobs


def test_a_standing_by_scheduler_takes_over_when_the_active_one_stops(committed_app):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    active_elsewhere = lock_for(database)
    assert active_elsewhere.acquire()
    standing_by, active = threading.Event(), threading.Event()

    thread, stop = _run_in_thread(
        committed_app, on_standby=standing_by.set, on_active=lambda _s: active.set()
    )
    try:
        assert standing_by.wait(30)
        assert not active.is_set()
        active_elsewhere.release()  # the other scheduler stops
        assert active.wait(30)
    finally:
        stop.set()
        thread.join(timeout=30)
        active_elsewhere.release()


def _expected_job_times(database: Database, meeting_id: int) -> list[datetime]:
    """The meeting's message times by the rules themselves: the paper chain and publication morning."""
    with database.sessionmaker() as session:
        meeting = session.get(Meeting, meeting_id)
        schedule = meeting_deadlines(session, meeting)
        chain = paper_chain(schedule, working_calendar(session), meeting.start)
    return sorted([reminder.due_at for reminder in chain] + [morning_of(schedule.publication)])


def test_moving_a_meeting_moves_its_jobs_and_cancelling_removes_them(committed_app, time_machine):
    # Exact-time jobs are kept for meetings within the sweep's horizon (about seven weeks).
    time_machine.move_to(
        datetime(2027, 1, 25, 9, 0, tzinfo=LONDON)
    )  # ticking: the scheduler thread needs time to pass
    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        clerk = make.clerk(board)
        meeting_id = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)).id
        make.entry(board, title="Fostering", meeting=session.get(Meeting, meeting_id))
    scheduler = build_scheduler(committed_app)
    scheduler.start(paused=True)

    def meeting_jobs() -> list[datetime]:
        return sorted(
            job.next_run_time for job in scheduler.get_jobs() if job.id.startswith("meeting-")
        )

    try:
        sync_meeting_jobs(scheduler, committed_app)
        assert meeting_jobs() == _expected_job_times(database, meeting_id)
        # Counted by hand for 4 Mar 2027: window 3 Feb, reminder 12 Feb, due 17 Feb, overdue 18 Feb,
        # all at 09:00, and publication morning 24 Feb at 08:00.
        assert meeting_jobs()[0] == datetime(2027, 2, 3, 9, 0, tzinfo=LONDON)
        assert meeting_jobs()[-1] == datetime(2027, 2, 24, 8, 0, tzinfo=LONDON)

        with database.write_sessionmaker() as session:
            update_meeting(
                session,
                actor=session.get(Person, clerk.id),
                meeting=session.get(Meeting, meeting_id),
                start=datetime(2027, 3, 11, 14, 0, tzinfo=LONDON),
            )
            session.commit()
        sync_meeting_jobs(scheduler, committed_app)
        assert meeting_jobs() == _expected_job_times(database, meeting_id)
        assert meeting_jobs()[0] == datetime(2027, 2, 10, 9, 0, tzinfo=LONDON)

        with database.write_sessionmaker() as session:
            update_meeting(
                session,
                actor=session.get(Person, clerk.id),
                meeting=session.get(Meeting, meeting_id),
                status="cancelled",
            )
            session.commit()
        sync_meeting_jobs(scheduler, committed_app)
        assert meeting_jobs() == []
    finally:
        scheduler.shutdown(wait=False)


def test_the_job_table_is_not_mistaken_for_a_stray_table(committed_app):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    scheduler = build_scheduler(committed_app)
    scheduler.start(paused=True)
    scheduler.shutdown(wait=False)
    assert JOB_TABLE in inspect(database.engine).get_table_names()
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_the_scheduler_command_starts_and_stops_cleanly(tmp_path):
    url = next(fresh_database_url("sqlite", tmp_path, "command"))
    upgrade(url)
    env = {
        **os.environ,
        "DATABASE_URL": url.render_as_string(hide_password=False),
        "INSTANCE_PATH": str(tmp_path),
    }
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"]
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as process:
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(
            target=lambda: [lines.put(line) for line in process.stderr], daemon=True
        )
        reader.start()
        seen: list[str] = []
        try:
            while not any("Sweep:" in line for line in seen):
                try:
                    seen.append(lines.get(timeout=60))
                except queue.Empty:
                    raise AssertionError(
                        f"no sweep within a minute; the scheduler said: {seen}"
                    ) from None
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) == 0
            assert "Scheduler stopped." in process.stdout.read()
        finally:
            if process.poll() is None:
                process.kill()
            reader.join(timeout=10)
    assert any("now the active one" in line for line in seen)


def _cut(database: Database, lock) -> None:
    """Take the lock away from under a scheduler, as a lost database connection would."""
    if database.url.get_backend_name() == "postgresql":
        with database.engine.connect() as connection:
            holder = connection.execute(
                text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = :key AND granted"
                ),
                {"key": ADVISORY_LOCK_KEY},
            ).scalar_one()
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": holder})
            # Termination is asynchronous: wait until the lock is gone with its backend.
            gone = False
            for _ in range(1000):
                gone = not connection.execute(
                    text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = :pid"
                    ),
                    {"pid": holder},
                ).scalar_one()
                if gone:
                    break
            assert gone, "the terminated backend still holds the lock"
    else:
        lock.release()  # SQLite's lock dies only with its process: take it away by hand


def test_a_scheduler_cut_off_from_its_lock_stands_by_and_never_crashes(committed_app, caplog):
    database: Database = committed_app.extensions[EXTENSION_KEY]
    lock = lock_for(database)
    actives: queue.Queue[object] = queue.Queue()
    standbys: queue.Queue[object] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=run_scheduler,
        args=(committed_app,),
        kwargs={
            "stop": stop,
            # A slower heartbeat than the others: the stand-in below takes the lock the
            # moment it is free, as another machine's scheduler would, before this one looks.
            "pace": Pace(standby_seconds=0.05, heartbeat_seconds=0.5),
            "lock": lock,
            "on_active": actives.put,
            "on_standby": lambda: standbys.put(True),
        },
    )
    thread.start()
    other = lock_for(database)
    try:
        actives.get(timeout=30)
        _cut(database, lock)
        assert other.acquire()  # another scheduler can take over at once...
        assert standbys.get(timeout=30)  # ...and this one notices and stands by
        assert thread.is_alive()
        other.release()  # the other one stops: this one becomes active again
        actives.get(timeout=30)
    finally:
        stop.set()
        thread.join(timeout=30)
        other.release()
    assert not thread.is_alive()
    assert "Lost the scheduler lock" in caplog.text
    assert "The active scheduler failed" not in caplog.text
    assert "Traceback" not in caplog.text


def test_a_scheduler_taking_over_sends_again_what_was_left_in_flight(committed_app, time_machine):
    from committee.notifications.models import MessageKind, MessageStatus, OutboxMessage

    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:
        session.add(
            OutboxMessage(
                key="digest:person-1:test",
                kind=MessageKind.DIGEST,
                to_addresses="michelle.rose@council.test",
                subject="Committee business for today",
                body_text="Good morning.",
                status=MessageStatus.SENDING,  # claimed by a scheduler that was then killed
                due_at=datetime.now(UTC),
                claimed_at=datetime.now(UTC),
                attempts=1,
            )
        )
        session.commit()
    executed = threading.Event()

    def listen(scheduler) -> None:
        scheduler.add_listener(lambda _event: executed.set(), EVENT_JOB_EXECUTED)

    thread, stop = _run_in_thread(committed_app, on_active=listen)
    try:
        assert executed.wait(60)
    finally:
        stop.set()
        thread.join(timeout=30)
    with database.sessionmaker() as session:
        message = session.exec(select(OutboxMessage)).one()
    assert message.status == MessageStatus.SENT  # not failed, not stuck: sent again
    assert message.attempts == 2
