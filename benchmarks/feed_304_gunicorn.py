"""Measure 304 answers to the all-committees feed under gunicorn, as a calendar client polls.

    .venv/bin/python benchmarks/feed_304_gunicorn.py [--seconds 10] [--connections 16]

Serves the service with gunicorn (two sync workers) over a SQLite council of
5,000 meetings, and drives it with wrk (Debian's package; `make bench` installs
it): every request carries the feed's ETag in If-None-Match, so each answer is
a 304 with no body. The floor, measured in the same run and served the same
way, is a hello-world Flask app. Aim: the feed's 304s at least half the floor's
requests per second. Each server is started, polled until it answers, measured
once to warm it, then measured.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from calendar_feeds import build_council

from committee.db import Database, normalise_database_url
from committee.migrate import upgrade

HELLO = """from flask import Flask

app = Flask("hello")


@app.get("/ping")
def ping():
    return "ok"
"""


def get(port: int, path: str) -> tuple[str, bytes]:
    """GET a path of the server on this port; return its ETag and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.headers.get("ETag", ""), response.read()
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(app: str, *, folder: Path, environment: dict[str, str], url: str):
    """Serve `app` with two workers until the block ends; yield its port once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            app,
        ],
        cwd=folder,
        env={**os.environ, **environment},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(port, url)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start {app}") from None
                time.sleep(0.2)  # a benchmark waiting for a server, not a test
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def wrk(url: str, *, seconds: int, connections: int, headers: dict[str, str]) -> float:
    """Requests per second wrk reached, after a warm-up run of its own."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    subprocess.run([*command[:3], "-d2s", *command[5:], url], check=True, capture_output=True)
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{non_2xx.group(1)} answers were errors:\n{output}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert found, output
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: `make bench` installs it (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'council.sqlite'}"
        upgrade(normalise_database_url(url))
        database = Database(normalise_database_url(url))
        build_council(database, 40, 125)
        database.engine.dispose()
        (folder / "hello.py").write_text(HELLO)
        environment = {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "BASE_URL": "https://committees.test",
            "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        }
        timing = {"seconds": args.seconds, "connections": args.connections}
        with gunicorn("hello:app", folder=folder, environment={}, url="/ping") as port:
            floor = wrk(f"http://127.0.0.1:{port}/ping", headers={}, **timing)
        with gunicorn(
            "wsgi:app", folder=folder, environment=environment, url="/calendar/all.ics"
        ) as port:
            etag, body = get(port, "/calendar/all.ics")
            feed = wrk(
                f"http://127.0.0.1:{port}/calendar/all.ics",
                headers={"If-None-Match": etag},
                **timing,
            )
    print(f"gunicorn, 2 workers; wrk, 2 threads, {args.connections} connections, {args.seconds} s")
    print(f"hello-world Flask app:            {floor:8,.0f} requests/s")
    print(
        f"304 for /calendar/all.ics ({len(body) / 1024 / 1024:.1f} MiB as a 200): {feed:8,.0f} "
        f"requests/s = {feed / floor:.2f} of the floor (aim >= 0.5)"
    )


if __name__ == "__main__":
    main()
