"""Measure building an agenda pack: 12 items with 200 pages of papers, then 10 times that.

    .venv/bin/python benchmarks/agenda_pack.py [--pages 200,2000]

For each size, a meeting gets 12 items, each with a cleared PDF paper (the
papers share the pages out between them; made once, before timing, by
WeasyPrint, so they hold real text and fonts). Then it prints, each against a
floor measured in the same run on the same PDFs:

1. the pack built by the service (frontsheet rendered and laid out until its
   page numbers settle, papers read and checked, joined, every page numbered);
2. the floor: the same papers joined with pypdf alone and written out.

The ratio says what the frontsheet and the page numbers cost over the join.
Time per page at each size shows whether the cost grows linearly.
"""

import argparse
import io
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from sqlmodel import select

from committee import create_app
from committee.agenda.operations import record_agenda_event
from committee.agenda.pack import build_pack, render_pdf
from committee.committees.operations import create_committee
from committee.db import EXTENSION_KEY, Database
from committee.meetings.models import Meeting
from committee.meetings.operations import create_meeting
from committee.migrate import upgrade
from committee.papers.operations import mark_cleared, store_version
from committee.papers.schemas import UploadedFile
from committee.people.actors import SYSTEM
from committee.people.models import Role
from committee.people.operations import create_user
from committee.work_programme.operations import create_entry

ITEMS = 12
PARAGRAPH = (
    "The Board considered the briefing note, which set out progress against each of the "
    "recommendations, the risks that remain, and what the service will do next. "
) * 6


def papers_of(total_pages: int) -> list[bytes]:
    """Twelve PDFs of text sharing `total_pages` between them, rendered once."""
    pages = "".join(
        f'<section style="break-after: page"><h2>Page {n}</h2><p>{PARAGRAPH}</p></section>'
        for n in range(total_pages)
    )
    whole = PdfReader(io.BytesIO(render_pdf(f"<html><body>{pages}</body></html>")))
    assert len(whole.pages) == total_pages, len(whole.pages)
    sizes = [total_pages // ITEMS + (1 if n < total_pages % ITEMS else 0) for n in range(ITEMS)]
    papers, first = [], 0
    for size in sizes:
        writer = PdfWriter()
        for page in whole.pages[first : first + size]:
            writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        papers.append(out.getvalue())
        first += size
    return papers


def meeting_with(database: Database, papers: list[bytes], serial: int) -> int:
    """A committee whose coming meeting has one item per paper, each cleared and published."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=60)
    with database.transaction() as session:
        committee = create_committee(
            session, slug=f"board-{serial}", name=f"Scrutiny Board ({serial})", usual_venue="Room 3"
        )
        clerk = create_user(
            session,
            email=f"clerk{serial}@council.test",
            name="Clerk",
            role=Role.GOVERNANCE,
            committees=(committee,),
        )
        meeting = create_meeting(session, actor=SYSTEM, committee=committee, start=start)
        for number, content in enumerate(papers, 1):
            entry = create_entry(
                session,
                actor=clerk,
                committee=committee,
                title=f"Item {number}",
                meeting_id=meeting.id,
            )
            paper = store_version(
                session,
                entry_id=entry.id,  # type: ignore[arg-type]
                kind="briefing_note",
                title=f"Briefing note {number}",
                url=None,
                upload=UploadedFile(f"item-{number}.pdf", "application/pdf", content),
                submitted_by_id=None,
                at=start - timedelta(days=20),
            )
            mark_cleared(paper, at=start - timedelta(days=15))
        record_agenda_event(
            session, actor=SYSTEM, meeting=meeting, event="publish", at=start - timedelta(days=8)
        )
        return meeting.id  # type: ignore[return-value]


def join_alone(papers: list[bytes]) -> bytes:
    writer = PdfWriter()
    for content in papers:
        writer.append(io.BytesIO(content))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def best_of(runs: int, work):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="200,2000", help="total pages of papers, per size")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'pack.sqlite'}",
                "SECRET_KEY": "bench",
                "COMMITTEE_ENV": "testing",
            }
        )
        database: Database = app.extensions[EXTENSION_KEY]
        upgrade(database.url)
        print(
            f"{'pages':>6} {'pack s':>8} {'join s':>8} {'ratio':>6} {'ms/page':>8} {'peak MB':>8}"
        )
        for serial, total in enumerate(int(size) for size in options.pages.split(",")):
            papers = papers_of(total)
            meeting_id = meeting_with(database, papers, serial)

            def build(meeting_id: int = meeting_id) -> bytes:
                with database.transaction() as session:
                    meeting = session.exec(select(Meeting).where(Meeting.id == meeting_id)).one()
                    return build_pack(
                        session, meeting, private=False, base_url="https://committees.test"
                    ).content

            floor, joined = best_of(options.runs, lambda papers=papers: join_alone(papers))
            tracemalloc.start()
            pack_time, pack = best_of(options.runs, build)
            peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
            tracemalloc.stop()
            pack_pages = len(PdfReader(io.BytesIO(pack)).pages)
            assert pack_pages > total == len(PdfReader(io.BytesIO(joined)).pages)
            print(
                f"{total:>6} {pack_time:>8.2f} {floor:>8.2f} {pack_time / floor:>6.1f} "
                f"{1000 * pack_time / pack_pages:>8.1f} {peak:>8.0f}"
            )


if __name__ == "__main__":
    main()
