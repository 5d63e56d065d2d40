"""What the benchmarks share: an empty database to measure on, and the heap's peak."""

import tracemalloc
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import URL, text

from committee.db import Database, normalise_database_url
from committee.migrate import upgrade


def fresh_database_url(url: str | None, folder: Path, name: str) -> URL:
    """An empty, migrated database: a new SQLite file in `folder`, or the PostgreSQL database
    `url` names, emptied (so its name must contain "bench": it is dropped and made again)."""
    if url is None:
        (folder / f"{name}.sqlite").unlink(missing_ok=True)
    parsed = normalise_database_url(url or f"sqlite:///{folder / name}.sqlite")
    if parsed.get_backend_name() == "postgresql":
        if "bench" not in (parsed.database or ""):
            raise SystemExit("the benchmark empties the database: its name must contain 'bench'")
        engine = Database(parsed).engine
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade(parsed)
    return parsed


def peak_mib(run: Callable[[], object]) -> float:
    """The Python heap's peak while `run` runs, in MiB (a run of its own, untimed)."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()
