"""Two schedulers, faults on purpose: is every message delivered, and how many twice?

    .venv/bin/python benchmarks/scheduler_faults.py [--messages 300] [--postgres URL]

On a throwaway PostgreSQL database (created and dropped here; PostgreSQL at
127.0.0.1:5432 unless --postgres names another server) with a real SMTP
server (aiosmtpd, in this process), two scheduler processes share the outbox:

1. the active scheduler is killed (kill -9) while a message is in flight: the
   SMTP server has it and holds back its answer;
2. a new scheduler starts, and the active one's database connection is cut
   (pg_terminate_backend of its lock connection);
3. the SMTP server stops, then starts again a little later.

Then it prints the messages expected, those received (by Message-ID), those
received more than once (a mail server drops these: the Message-ID is the
same), and those lost. Lost must be 0. The floor, measured in the same run, is
one scheduler delivering the same number of messages with no faults.
"""

import argparse
import asyncio
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Sink:
    """A real SMTP server that counts what arrives, and can hold back one answer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.message_ids: list[str] = []
        self.controller = None
        self.hold_next = False
        self.holding = threading.Event()
        self._gate: asyncio.Event | None = None

    async def handle_DATA(self, server, session, envelope):
        self.message_ids.append(
            str(message_from_bytes(envelope.content, policy=default)["Message-ID"])
        )
        if self.hold_next:
            self.hold_next = False
            self._gate = asyncio.Event()
            self.holding.set()
            await self._gate.wait()  # the message is kept; its sender hears nothing yet
        return "250 Message accepted for delivery"

    def release(self) -> None:
        gate, self._gate = self._gate, None
        if gate is not None and self.controller is not None:
            self.controller.loop.call_soon_threadsafe(gate.set)

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.release()
            self.controller.stop()
            self.controller = None


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Scheduler:
    """A scheduler process of its own, this script in --run-scheduler mode."""

    def __init__(self, name: str, url: str, smtp_port: int) -> None:
        self.name = name
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--run-scheduler", url, str(smtp_port)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def wait_for(self, words: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not any(words in line for line in self.seen):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{self.name} never said {words!r}: {self.seen[-5:]}")
            try:
                self.seen.append(self.lines.get(timeout=remaining))
            except queue.Empty:
                continue

    def said(self, words: str) -> bool:
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return any(words in line for line in self.seen)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def run_scheduler_here(url: str, smtp_port: int) -> None:
    """--run-scheduler: one scheduler, quick to notice and take over, sweeping every second."""
    import logging

    from committee import create_app
    from committee.scheduler import Pace, run_scheduler

    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s", stream=sys.stderr)
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "benchmark",
            "COMMITTEE_ENV": "testing",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": smtp_port,
            "SMTP_TIMEOUT_SECONDS": 2,
            "SWEEP_INTERVAL_SECONDS": 1,
        }
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    run_scheduler(app, stop=stop, pace=Pace(standby_seconds=0.2, heartbeat_seconds=0.2))


def fill_outbox(database, count: int) -> None:
    """Queue `count` messages, due now, as a sweep would."""
    from committee.notifications.models import MessageKind, OutboxMessage

    now = datetime.now(UTC)
    with database.transaction() as session:
        for number in range(count):
            session.add(
                OutboxMessage(
                    key=f"digest:person-{number}:benchmark",
                    kind=MessageKind.DIGEST,
                    to_addresses=f"officer{number}@council.test",
                    subject=f"Committee business, message {number}",
                    body_text="Good morning.",
                    body_html="<p>Good morning.</p>",
                    due_at=now,
                    next_attempt_at=now,
                )
            )


def sent_count(database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(
            text("SELECT count(*) FROM outbox WHERE status = 'sent'")
        ).scalar()


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.1)  # a benchmark watching other processes, not a test


def cut_lock_connection(database) -> None:
    from committee.scheduler import ADVISORY_LOCK_KEY

    with database.engine.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks "
                "WHERE locktype = 'advisory' AND objid = :key AND granted"
            ),
            {"key": ADVISORY_LOCK_KEY},
        )
        connection.commit()


def fresh_database(server: URL, name: str):
    from committee.db import Database, make_engine
    from committee.migrate import upgrade

    admin = make_engine(server.set(database="postgres")).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name)
    upgrade(url)
    return Database(url), admin


def run(server: URL, messages: int, *, faults: bool) -> dict[str, float]:
    name = f"committee_bench_faults_{os.getpid()}_{'faults' if faults else 'floor'}"
    database, admin = fresh_database(server, name)
    sink = Sink(free_port())
    sink.start()
    fill_outbox(database, messages)
    url = database.url.render_as_string(hide_password=False)
    schedulers: list[Scheduler] = []
    started = time.monotonic()
    try:
        first = Scheduler("A", url, sink.port)
        schedulers.append(first)
        first.wait_for("now the active one")
        if faults:
            second = Scheduler("B", url, sink.port)
            schedulers.append(second)
            second.wait_for("standing by")
            # 1. Kill the active scheduler with a message in flight.
            wait_until(lambda: sent_count(database) >= messages // 4, 120, "a quarter sent")
            sink.hold_next = True
            assert sink.holding.wait(60), "no message went out to hold"
            first.kill()
            sink.release()  # the server answers a sender that is gone
            second.wait_for("now the active one")
            # 2. A new scheduler stands by; the active one's connection is cut.
            third = Scheduler("C", url, sink.port)
            schedulers.append(third)
            third.wait_for("standing by")
            wait_until(lambda: sent_count(database) >= messages // 2, 120, "half sent")
            cut_lock_connection(database)
            wait_until(
                lambda: third.said("now the active one") or second.said("Lost the scheduler lock"),
                60,
                "the cut to be noticed",
            )
            # 3. The mail server stops, and starts again.
            wait_until(lambda: sent_count(database) >= 3 * messages // 4, 120, "three quarters")
            sink.stop()
            time.sleep(3)  # down long enough for attempts to fail
            sink.start()
        wait_until(lambda: sent_count(database) == messages, 600, "every message to be sent")
        seconds = time.monotonic() - started
    finally:
        exits = [scheduler.stop() for scheduler in schedulers if scheduler.process.poll() is None]
        sink.stop()
        database.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    copies = Counter(sink.message_ids)
    crashed = [s.name for s in schedulers if "Traceback" in "".join(s.seen)]
    return {
        "expected": messages,
        "received": len(copies),
        "duplicated": sum(count - 1 for count in copies.values()),
        "lost": messages - len(copies),
        "seconds": seconds,
        "clean_exits": sum(1 for code in exits if code == 0),
        "stopped": len(exits),
        "crashed": len(crashed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--run-scheduler", nargs=2, metavar=("URL", "SMTP_PORT"))
    args = parser.parse_args()
    if args.run_scheduler:
        run_scheduler_here(args.run_scheduler[0], int(args.run_scheduler[1]))
        return
    from committee.db import normalise_database_url

    server = normalise_database_url(args.postgres)
    floor = run(server, args.messages, faults=False)
    faulty = run(server, args.messages, faults=True)
    print(f"{args.messages} messages; two schedulers on PostgreSQL; a real SMTP server")
    print(
        f"Faults: expected {faulty['expected']}, received {faulty['received']}, "
        f"duplicated {faulty['duplicated']} (same Message-ID), lost {faulty['lost']}"
    )
    print(
        f"        schedulers stopped cleanly {faulty['clean_exits']} of {faulty['stopped']} "
        f"still running; {faulty['crashed']} crashed"
    )
    print(
        f"Time:   {faulty['seconds']:.1f} s with faults, {floor['seconds']:.1f} s without "
        f"(floor, same run): {faulty['seconds'] / floor['seconds']:.1f}x"
    )
    print(
        f"Floor:  received {floor['received']}, duplicated {floor['duplicated']}, lost {floor['lost']}"
    )
    if faulty["lost"] or floor["lost"] or faulty["crashed"]:
        sys.exit("Messages were lost or a scheduler crashed.")


if __name__ == "__main__":
    main()
