"""The scheduler process: `flask --app wsgi scheduler` (and `sweep`, `deliver` to do its jobs by hand).

APScheduler 3 runs the jobs, keeping them in the service's database (its
SQLAlchemy job store). It runs as one process of its own, never inside web
workers. More than one may be started (on several machines): an exclusive
lock (a PostgreSQL advisory lock, or a lock file beside a SQLite database)
makes one of them the active one; the others stand by and take over when it
stops.

Every job is the same idempotent sweep ("what should have happened by now?")
followed by delivery, so a job that runs late, twice, or after downtime does
each thing once. Besides a sweep every few minutes and one at 08:00 on
weekdays, each upcoming meeting gets exact-time jobs at the moments its
messages fall due. The scheduler's own loop recomputes them as often as it
sweeps, so a moved meeting's jobs move and a cancelled meeting's go.

Jobs never touch the scheduler itself: APScheduler 3's shutdown(wait=True)
holds the job-store lock while it waits for running jobs, so a job that
added or removed jobs could deadlock a stopping scheduler.
"""

import contextlib
import fcntl
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import click
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask.logging import default_handler
from sqlalchemy import Connection, text

from committee.agenda.operations import backfill_editions
from committee.agenda.pack import build_pending_packs
from committee.db import EXTENSION_KEY, Database, make_engine
from committee.notifications.delivery import DeliveryReport, deliver_due, requeue_interrupted
from committee.notifications.mailer import mailer_for
from committee.papers.renditions import convert_pending
from committee.reminders.sweep import SweepReport, still_relevant, sweep, upcoming_reminder_times
from committee.timeutil import LONDON, utcnow

logger = logging.getLogger(__name__)

DELIVER_EVERY = timedelta(minutes=1)
MEETING_JOB_PREFIX = "meeting-"
ADVISORY_LOCK_KEY = 0x636F6D6D  # "comm": one number every scheduler of this service agrees on
JOB_TABLE = "apscheduler_jobs"

_running: dict[str, Any] = {}  # the app the jobs run in, the lock, whether it was lost


def _this_app() -> Flask:
    """The app behind current_app, to hand to what runs outside this context."""
    return current_app._get_current_object()  # type: ignore[attr-defined]  # LocalProxy's own


def _database(app: Flask) -> Database:
    return app.extensions[EXTENSION_KEY]


def deliver(app: Flask) -> DeliveryReport:
    """Send what the outbox holds (after the sweep's commit)."""
    database = _database(app)
    requeue_interrupted(database.write_sessionmaker, utcnow())
    return deliver_due(
        database.write_sessionmaker, mailer_for(app.config), still_relevant=still_relevant
    )


def run_sweep(app: Flask) -> tuple[SweepReport, DeliveryReport]:
    """Sweep in one transaction, then deliver: mail only ever leaves after the commit. Then do
    what a request left to do after its commit and did not finish (a process stopped midway):
    convert papers, build packs."""
    database = _database(app)
    with app.app_context(), database.transaction() as session:
        report = sweep(session, base_url=app.config["BASE_URL"])
        backfill_editions(session, now=utcnow())
    delivered = deliver(app)
    convert_pending(database.write_sessionmaker)
    build_pending_packs(database.write_sessionmaker, base_url=app.config["BASE_URL"])
    return report, delivered


def _still_active() -> bool:
    """Whether this scheduler still holds the lock: checked before each job, so that a
    scheduler cut off from the database never works beside the one that took over."""
    lock = _running.get("lock")
    if lock is not None and lock.held():
        return True
    lost = _running.get("lost")
    if isinstance(lost, threading.Event):
        lost.set()
    logger.warning("Not running the job: this scheduler no longer holds the lock.")
    return False


def run_sweep_job() -> None:
    """The job every trigger runs (APScheduler stores it by this module path)."""
    app = _running["app"]
    assert isinstance(app, Flask)
    if not _still_active():
        return
    report, delivery = run_sweep(app)
    logger.info(
        "Sweep: %d meetings held, %d windows opened, %d messages queued, %d skipped; "
        "%d sent, %d failed",
        report.meetings_held,
        report.windows_opened,
        report.queued,
        report.skipped,
        delivery.sent,
        delivery.failed,
    )


def run_delivery_job() -> None:
    app = _running["app"]
    assert isinstance(app, Flask)
    if _still_active():
        deliver(app)


def sync_meeting_jobs(scheduler: BackgroundScheduler, app: Flask) -> tuple[int, int]:
    """Make the exact-time jobs match the meetings as they are now; return (added, removed)."""
    now = utcnow()
    with _database(app).sessionmaker() as session:
        times = upcoming_reminder_times(session, now)
    wanted = {
        f"{MEETING_JOB_PREFIX}{meeting_id}-{moment:%Y%m%dT%H%M}": moment
        for meeting_id, moments in times.items()
        for moment in moments
    }
    present = {job.id for job in scheduler.get_jobs() if job.id.startswith(MEETING_JOB_PREFIX)}
    for job_id in present - wanted.keys():
        scheduler.remove_job(job_id)
    for job_id in wanted.keys() - present:
        scheduler.add_job(
            "committee.scheduler:run_sweep_job",
            "date",
            run_date=wanted[job_id],
            id=job_id,
            replace_existing=True,
            misfire_grace_time=3600,
        )
    return len(wanted.keys() - present), len(present - wanted.keys())


def build_scheduler(app: Flask) -> BackgroundScheduler:
    """Return a scheduler with the service's jobs, kept in the service's database."""
    scheduler = BackgroundScheduler(
        # An engine of its own, without a pool: APScheduler disposes of the job
        # store's engine on shutdown before its main thread has finished with
        # it, which must neither close the service's connections nor strand one.
        jobstores={
            "default": SQLAlchemyJobStore(
                engine=make_engine(_database(app).url, pooled=False), tablename=JOB_TABLE
            )
        },
        executors={"default": ThreadPoolExecutor(max_workers=1)},  # one job at a time
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        timezone=LONDON,
    )
    _running["app"] = app
    return scheduler


def add_standing_jobs(scheduler: BackgroundScheduler, *, sweep_every: timedelta) -> None:
    scheduler.add_job(
        "committee.scheduler:run_sweep_job",
        "interval",
        seconds=sweep_every.total_seconds(),
        id="sweep",
        replace_existing=True,
        next_run_time=datetime.now(LONDON),
    )
    scheduler.add_job(
        "committee.scheduler:run_sweep_job",
        "cron",
        day_of_week="mon-fri",
        hour=8,
        minute=0,
        id="morning",
        replace_existing=True,
    )
    scheduler.add_job(
        "committee.scheduler:run_delivery_job",
        "interval",
        seconds=DELIVER_EVERY.total_seconds(),
        id="deliver",
        replace_existing=True,
    )


class SchedulerLock(Protocol):
    def acquire(self) -> bool: ...
    def held(self) -> bool: ...
    def release(self) -> None: ...


class PostgresAdvisoryLock:
    """Held for as long as its connection lives: if the process dies, the lock goes with it.

    The jobs' thread and the main loop both ask whether it is still held; a
    mutex keeps them off the one connection at the same time. A connection cut
    from outside (pg_terminate_backend, a network failure) reads as not held,
    and is thrown away rather than closed, which could itself fail.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self.connection: Connection | None = None
        self._mutex = threading.Lock()

    def acquire(self) -> bool:
        connection = self.database.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            got = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
            ).scalar()
        except Exception:
            _discard(connection)
            raise
        if got:
            self.connection = connection
            return True
        connection.close()
        return False

    def held(self) -> bool:
        with self._mutex:
            if self.connection is None:
                return False
            try:
                self.connection.execute(text("SELECT 1"))
            except Exception:
                _discard(self.connection)
                self.connection = None
                return False
            return True

    def release(self) -> None:
        with self._mutex:
            if self.connection is None:
                return
            connection, self.connection = self.connection, None
            try:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY}
                )
                connection.close()
            except Exception:  # its backend is gone, and the lock with it
                _discard(connection)


def _discard(connection: Connection) -> None:
    """Throw a broken connection away: never reuse it, never let closing it raise."""
    with contextlib.suppress(Exception):
        connection.invalidate()
    with contextlib.suppress(Exception):
        connection.close()


class FileLock:
    """For SQLite, whose schedulers share one machine: a lock file beside the database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.descriptor: int | None = None

    def acquire(self) -> bool:
        descriptor = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        self.descriptor = descriptor
        return True

    def held(self) -> bool:
        if self.descriptor is None:
            return False
        try:
            os.fstat(self.descriptor)  # the file closed behind our back holds no lock
        except OSError:
            self.descriptor = None
            return False
        return True

    def release(self) -> None:
        if self.descriptor is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self.descriptor, fcntl.LOCK_UN)
                os.close(self.descriptor)
            self.descriptor = None


def lock_for(database: Database) -> SchedulerLock:
    if database.url.get_backend_name() == "postgresql":
        return PostgresAdvisoryLock(database)
    return FileLock(Path(f"{database.url.database}.scheduler-lock"))


@dataclass(frozen=True)
class Pace:
    """How often a standing-by scheduler tries for the lock, and the active one checks it."""

    standby_seconds: float = 15.0
    heartbeat_seconds: float = 2.0  # each job checks the lock too, just before it runs


def _sync_safely(scheduler: BackgroundScheduler, app: Flask) -> None:
    """Re-sync the meeting jobs; a failure is logged and tried again next time, not fatal."""
    try:
        sync_meeting_jobs(scheduler, app)
    except Exception:
        logger.exception("Could not recompute the meetings' jobs; trying again at the next sweep.")


def run_scheduler(
    app: Flask,
    *,
    stop: threading.Event,
    pace: Pace = Pace(),
    on_active: Callable[[BackgroundScheduler], None] | None = None,
    on_standby: Callable[[], None] | None = None,
    lock: SchedulerLock | None = None,
) -> None:
    """Run until `stop` is set: stand by until this process holds the lock, then run the jobs.

    Whatever goes wrong while active (the lock lost, the database gone) ends in
    standing by again, never in a crash. `on_active` and `on_standby` let a
    caller (a test, a health check) see the changes; `lock` is the database's
    unless given.
    """
    lock = lock or lock_for(_database(app))
    sweep_every = timedelta(seconds=app.config["SWEEP_INTERVAL_SECONDS"])
    waiting_said = False
    while not stop.is_set():
        try:
            acquired = lock.acquire()
        except Exception:
            logger.exception("Could not reach the database for the scheduler lock; trying again.")
            acquired = False
        if not acquired:
            if not waiting_said:
                logger.info("Another scheduler is active; standing by to take over.")
                waiting_said = True
                if on_standby is not None:
                    on_standby()
            stop.wait(pace.standby_seconds)
            continue
        waiting_said = False
        _run_while_active(
            app, lock, stop=stop, pace=pace, sweep_every=sweep_every, on_active=on_active
        )


def _run_while_active(
    app: Flask,
    lock: SchedulerLock,
    *,
    stop: threading.Event,
    pace: Pace,
    sweep_every: timedelta,
    on_active: Callable[[BackgroundScheduler], None] | None,
) -> None:
    logger.info("This scheduler is now the active one.")
    lost = threading.Event()
    scheduler = build_scheduler(app)
    _running.update(lock=lock, lost=lost)
    try:
        # The sender that claimed messages before us is gone: send them again.
        requeue_interrupted(_database(app).write_sessionmaker, utcnow(), taking_over=True)
        scheduler.start()
        if on_active is not None:
            on_active(scheduler)  # before any job, so a listener misses nothing
        add_standing_jobs(scheduler, sweep_every=sweep_every)
        _sync_safely(scheduler, app)
        next_sync = time.monotonic() + sweep_every.total_seconds()
        while not stop.wait(pace.heartbeat_seconds):
            if lost.is_set() or not lock.held():
                logger.error("Lost the scheduler lock (database connection gone); standing by.")
                break
            if time.monotonic() >= next_sync:
                _sync_safely(scheduler, app)
                next_sync = time.monotonic() + sweep_every.total_seconds()
    except Exception:
        logger.exception("The active scheduler failed; standing by to start again.")
    finally:
        with contextlib.suppress(Exception):
            scheduler.shutdown(wait=True)
        _running.clear()
        lock.release()


# Commands: run the scheduler, or do by hand what its jobs do.


@click.command("sweep")
@with_appcontext
def sweep_command() -> None:
    """Do now what should have happened by now (open windows, queue and send messages), once."""
    report, delivery = run_sweep(_this_app())
    click.echo(
        f"Opened {report.windows_opened} paper windows; queued {report.queued} messages, "
        f"skipped {report.skipped}; sent {delivery.sent}, failed {delivery.failed}, "
        f"gave up on {delivery.given_up}."
    )


@click.command("deliver")
@with_appcontext
def deliver_command() -> None:
    """Send the messages waiting in the outbox."""
    delivery = deliver(_this_app())
    click.echo(f"Sent {delivery.sent}, failed {delivery.failed}, gave up on {delivery.given_up}.")


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the scheduler until stopped (Ctrl-C or SIGTERM). Run one per deployment, not per worker."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # One handler for everything: Flask's own would print each line of ours again.
    current_app.logger.removeHandler(default_handler)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    click.echo("Scheduler starting; Ctrl-C to stop.")
    run_scheduler(_this_app(), stop=stop)
    click.echo("Scheduler stopped.")


def init_app(app: Flask) -> None:
    for command in (scheduler_command, sweep_command, deliver_command):
        app.cli.add_command(command)
