"""Measure publishing an agenda: the request, then its pack, at 10, 100 and 1,000 pages.

    .venv/bin/python benchmarks/agenda_pack.py [--pages 10,100,1000] [--runs 3]

For each size, a meeting gets 12 items, each with a cleared PDF paper (the
papers share the pages out between them; rendered once by WeasyPrint, so they
hold real text and fonts, and converted for the pack as papers are when they
are sent in). Then it prints, each against a floor measured in the same run on
the same PDFs:

1. `publish s`: the publishing request itself (POST /api/meetings/<id>/publish,
   as a governance officer): the edition taken and committed, the members told;
   its packs are built after the response, in a thread, as in production;
2. `ready s`: from the request until both packs (public and members') are built;
3. `pack s`: one pack built from the stored edition (the frontsheet rendered and
   laid out until its page numbers settle, the work programme written, the
   papers joined, every page numbered), best of the runs;
4. the floor, `join s`: the same papers joined with pypdf alone and written out.

`ratio` is pack over join: what the frontsheet, the written papers and the page
numbers cost over the bare join. `ms/page` shows whether the cost grows
linearly; `peak MB` is the Python heap at its highest while one pack is built (in a
run of its own, untimed).
"""

import argparse
import io
import json
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from committee import create_app
from committee.agenda.frontsheet import read_frontsheet
from committee.agenda.models import AgendaEdition, EditionPack, PackAudience, PackState
from committee.agenda.pack import build_pack
from committee.committees.operations import create_committee
from committee.db import EXTENSION_KEY, Database
from committee.documents import render_pdf
from committee.meetings.operations import create_meeting
from committee.migrate import upgrade
from committee.papers.models import PaperRendition
from committee.papers.operations import mark_cleared, store_version
from committee.papers.renditions import convert_pending
from committee.papers.schemas import UploadedFile
from committee.people.actors import SYSTEM
from committee.people.models import Role
from committee.people.operations import create_user, issue_api_token
from committee.work_programme.operations import create_entry

ITEMS = 12
PARAGRAPH = (
    "The Board considered the briefing note, which set out progress against each of the "
    "recommendations, the risks that remain, and what the service will do next. "
) * 6
BASE_URL = "https://committees.test"


def papers_of(total_pages: int) -> list[bytes]:
    """Twelve PDFs of text sharing `total_pages` between them (some may have none)."""
    pages = "".join(
        f'<section style="break-after: page"><h2>Page {n}</h2><p>{PARAGRAPH}</p></section>'
        for n in range(total_pages)
    )
    html = f'<html lang="en-GB"><head><title>Papers</title></head><body>{pages}</body></html>'
    whole = PdfReader(io.BytesIO(render_pdf(html)))
    assert len(whole.pages) == total_pages, len(whole.pages)
    sizes = [total_pages // ITEMS + (1 if n < total_pages % ITEMS else 0) for n in range(ITEMS)]
    papers, first = [], 0
    for size in sizes:
        if not size:
            continue
        writer = PdfWriter()
        for page in whole.pages[first : first + size]:
            writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        papers.append(out.getvalue())
        first += size
    return papers


def meeting_with(database: Database, papers: list[bytes], serial: int) -> tuple[int, str]:
    """A committee whose coming meeting has one item per paper, each cleared and converted;
    return the meeting's id and its governance officer's API token."""
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
                entry_id=entry.id,
                kind="briefing_note",
                title=f"Briefing note {number}",
                url=None,
                upload=UploadedFile(f"item-{number}.pdf", "application/pdf", content),
                submitted_by_id=None,
                at=start - timedelta(days=20),
            )
            mark_cleared(paper, at=start - timedelta(days=15))
        token = issue_api_token(session, person=clerk)
        meeting_id = meeting.id
    convert_pending(database.sessionmaker)  # as when each paper was sent in
    return meeting_id, token


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


def packs_ready(sessions: sessionmaker[Session], meeting_id: int) -> bool:
    with sessions() as session:
        states = session.exec(
            select(EditionPack.state)
            .join(AgendaEdition, col(AgendaEdition.id) == EditionPack.edition_id)
            .where(AgendaEdition.meeting_id == meeting_id)
        ).all()
    if PackState.FAILED.value in states:
        raise SystemExit(f"The pack of meeting {meeting_id} failed to build.")
    return len(states) == len(PackAudience) and set(states) == {PackState.READY.value}


def stored_edition(sessions: sessionmaker[Session], meeting_id: int):  # type: ignore[no-untyped-def]
    with sessions() as session:
        edition = session.exec(
            select(AgendaEdition).where(AgendaEdition.meeting_id == meeting_id)
        ).one()
        sheet = read_frontsheet(edition.frontsheet)
        renditions = {
            r.version_id: r
            for r in session.exec(
                select(PaperRendition).where(col(PaperRendition.version_id).in_(sheet.versions()))
            )
        }
        session.expunge_all()
        return sheet, renditions, json.loads(edition.generated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="10,100,1000", help="total pages of papers, per size")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'pack.sqlite'}",
                "SECRET_KEY": "bench",
                "COMMITTEE_ENV": "testing",
                "BACKGROUND_WORK": "thread",  # as in production: the pack after the response
                "BASE_URL": BASE_URL,
            }
        )
        database: Database = app.extensions[EXTENSION_KEY]
        upgrade(database.url)
        client = app.test_client()
        print(
            f"{'pages':>6} {'publish s':>10} {'ready s':>8} {'pack s':>8} {'join s':>8} "
            f"{'ratio':>6} {'ms/page':>8} {'peak MB':>8}"
        )
        for serial, total in enumerate(int(size) for size in options.pages.split(",")):
            papers = papers_of(total)
            with app.app_context():  # the work after each commit runs as a command's does
                meeting_id, token = meeting_with(database, papers, serial)

            started = time.perf_counter()
            published = client.post(
                f"/api/meetings/{meeting_id}/publish",
                json={},
                headers={"Authorization": f"Bearer {token}"},
            )
            request_time = time.perf_counter() - started
            assert published.status_code == 200, published.get_json()
            while not packs_ready(database.sessionmaker, meeting_id):
                time.sleep(0.02)  # a benchmark polls; tests never sleep
            ready_time = time.perf_counter() - started

            sheet, renditions, generated = stored_edition(database.sessionmaker, meeting_id)

            def build(sheet=sheet, renditions=renditions, generated=generated) -> bytes:  # type: ignore[no-untyped-def]
                return build_pack(
                    sheet, PackAudience.PUBLIC, renditions, base_url=BASE_URL, generated=generated
                ).content

            floor, joined = best_of(options.runs, lambda papers=papers: join_alone(papers))
            pack_time, pack = best_of(options.runs, build)
            tracemalloc.start()  # a run of its own: tracing slows what it traces
            build()
            peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
            tracemalloc.stop()
            pack_pages = len(PdfReader(io.BytesIO(pack)).pages)
            assert pack_pages > total == len(PdfReader(io.BytesIO(joined)).pages)
            print(
                f"{total:>6} {request_time:>10.3f} {ready_time:>8.2f} {pack_time:>8.2f} "
                f"{floor:>8.2f} {pack_time / floor:>6.1f} {1000 * pack_time / pack_pages:>8.1f} "
                f"{peak:>8.0f}"
            )


if __name__ == "__main__":
    main()
