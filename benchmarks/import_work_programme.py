"""Import work programmes of 1,000, 10,000 and 100,000 rows; print rows per second at each size.

    .venv/bin/python benchmarks/import_work_programme.py [--sizes 1000 10000 100000]
        [--database-url URL]

Cost must grow linearly with the rows: the rows per second must stay flat
from the smallest size to the largest. Each size imports into a fresh database (a SQLite file, or the
PostgreSQL database named, emptied first: its name must contain "bench")
a CSV spread over ten coming meetings (so every row is scheduled through
the lifecycle) and some undated rows, through the same path the import page
and command take: read, parse, plan, apply, commit. The floor, measured in
the same run on a fresh database, is a bare SQLAlchemy Core INSERT of the
same number of entries in one transaction: what any importer must at least do.
The per-file row cap is raised for the run (the service refuses more than
IMPORT_MAX_ROWS, 2,000 by default).
"""

import argparse
import csv
import io
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _support import fresh_database_url
from sqlalchemy import insert

from committee.committees.operations import create_committee
from committee.db import Database
from committee.imports.operations import import_work_programme
from committee.imports.parse import parse_rows
from committee.imports.readers import read_text_table
from committee.people.models import Person, RoleGrant
from committee.timeutil import municipal_year_of, today_in_london
from committee.work_programme.models import WorkProgrammeEntry

MEETINGS = 10


def programme_csv(rows: int, year: int) -> bytes:
    """A CSV of `rows` entries over ten meetings of the municipal year, one in ten undated."""
    first = date(year, 6, 4)
    days = [first + timedelta(weeks=4 * n) for n in range(MEETINGS)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Date", "Title", "Detail", "Cabinet Member/ Lead Officer", "Source"])
    for n in range(rows):
        undated = n % 10 == 9
        day = days[n % MEETINGS]
        writer.writerow(
            [
                "Date to be determined" if undated else f"{day.day} {day:%B %Y}",
                f"Item {n}: progress report",
                f"Members asked for a report on item {n}.",
                "Kirston Nelson Cllr Maton",
                "Chair",
            ]
        )
    return out.getvalue().encode()


def fresh_database(database_url: str | None, folder: Path, name: str) -> Database:
    return Database(fresh_database_url(database_url, folder, name))


def setup(database: Database) -> tuple[int, int]:
    """Create a committee and its governance officer; return their ids."""
    with database.transaction() as session:
        board = create_committee(session, slug="board", name="Scrutiny Board (2)")
        officer = Person(name="Michelle Rose", email="michelle.rose@council.test")
        nelson = Person(name="Kirston Nelson", email="kirston.nelson@council.test")
        session.add_all([officer, nelson])
        session.flush()
        session.add(RoleGrant(person_id=officer.id, role="governance", committee_id=board.id))
        return board.id, officer.id  # type: ignore[return-value]


def import_seconds(database_url: str | None, folder: Path, rows: int, year: int) -> float:
    database = fresh_database(database_url, folder, f"import-{rows}")
    board_id, officer_id = setup(database)
    content = programme_csv(rows, year)
    started = time.perf_counter()
    # The CSV reader read_table uses, without its 5 MB limit on a file (100,000 rows is 11 MB).
    programme = parse_rows(read_text_table(content.decode()), year, max_rows=rows + 1)
    with database.transaction() as session:
        from committee.committees.models import Committee

        committee = session.get(Committee, board_id)
        officer = session.get(Person, officer_id)
        result = import_work_programme(
            session,
            actor=officer,  # type: ignore[arg-type]
            committee=committee,  # type: ignore[arg-type]
            year=year,
            programme=programme,
            source_name="programme.csv",
        )
    elapsed = time.perf_counter() - started
    assert result.plan.count("create") == rows, result.plan.summary()
    database.engine.dispose()
    return elapsed


def floor_seconds(database_url: str | None, folder: Path, rows: int, year: int) -> float:
    database = fresh_database(database_url, folder, f"floor-{rows}")
    board_id, _ = setup(database)
    values = [
        {
            "committee_id": board_id,
            "municipal_year": year,
            "title": f"Item {n}: progress report",
            "detail": f"Members asked for a report on item {n}.",
            "lead_text": "Kirston Nelson Cllr Maton",
            "state": "requested",
        }
        for n in range(rows)
    ]
    started = time.perf_counter()
    with database.transaction() as session:
        session.execute(insert(WorkProgrammeEntry), values)
    elapsed = time.perf_counter() - started
    database.engine.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument(
        "--database-url", help="PostgreSQL to measure on (its name must contain 'bench')"
    )
    args = parser.parse_args()
    year = municipal_year_of(today_in_london()) + 1  # every meeting is still to come
    print(f"Importing work programmes of {', '.join(f'{n:,}' for n in args.sizes)} rows")
    with tempfile.TemporaryDirectory() as folder:
        first_rate = None
        for rows in args.sizes:
            seconds = import_seconds(args.database_url, Path(folder), rows, year)
            # The floor is short and so the noisier: the median of three.
            floor = statistics.median(
                floor_seconds(args.database_url, Path(folder), rows, year) for _ in range(3)
            )
            rate = rows / seconds
            first_rate = first_rate or rate
            print(
                f"{rows:>8,} rows: {seconds:8.2f} s, {rate:8.0f} rows/s "
                f"({rate / first_rate:.2f} of the rate at {args.sizes[0]:,}); "
                f"floor {floor:.3f} s, import = {seconds / floor:.0f}x the floor"
            )
    print("Linear when the rows/s stay flat (a ratio near 1.00 at every size).")


if __name__ == "__main__":
    main()
