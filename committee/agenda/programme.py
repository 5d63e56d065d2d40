"""The work programme as printed: on its page, in exports, and as the agenda's Work Programme item.

Laid out like the council's table: the date on the first row of each
meeting's entries, meetings with nothing planned as a row of their own, then
the entries with no date yet. Private detail shows only to readers who may
read it (committee.visibility).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from committee.committees.models import Committee
from committee.documents import render_document
from committee.fields import EXEMPT_INFORMATION
from committee.formatting import ordinal
from committee.meetings.queries import meetings_of
from committee.timeutil import municipal_year_label, to_london
from committee.visibility.queries import PUBLIC, Reader, of_entry
from committee.work_programme.models import TimingNote
from committee.work_programme.queries import work_programme

COLUMNS = ["Date", "Title", "Detail", "Cabinet Member/ Lead Officer", "Source"]
PRIVATE_COLUMN = "Exempt paragraph"
UNDATED = {
    None: "Date to be determined",
    TimingNote.TO_BE_DETERMINED.value: "Date to be determined",
    TimingNote.NEXT_MUNICIPAL_YEAR.value: "Next Municipal Year",
}


@dataclass(frozen=True)
class ProgrammeTable:
    heading: str
    columns: list[str]
    rows: list[list[str]]
    entry_ids: list[int]  # the entries it lists, in no particular order


def programme_table(
    session: Session, committee: Committee, year: int, *, reader: Reader
) -> ProgrammeTable:
    """The programme as table rows: private detail where the reader may read it, and the
    exempt paragraphs (so the file imports back whole) for the committee's governance officers."""
    show_paragraphs = reader.governs(committee.id)
    views = work_programme(session, committee, year)
    dated = {view.meeting.id for view in views if view.meeting is not None}
    empty_meetings = [
        meeting
        for meeting in meetings_of(session, committee, year=year)
        if meeting.id not in dated and not meeting.is_cancelled
    ]
    rows: list[tuple[tuple[int, str], list[str]]] = []  # (sort key, cells)
    last_label = None
    columns = COLUMNS + ([PRIVATE_COLUMN] if show_paragraphs else [])
    for view in views:
        entry = view.entry
        if view.meeting is not None:
            day = to_london(view.meeting.start).date()
            label, order = f"{ordinal(day.day)} {day:%B %Y}", (0, day.isoformat())
        else:
            label, order = UNDATED[entry.timing_note], (1, entry.timing_note or "")
        detail = entry.detail if reader.may_read(of_entry(entry)) else EXEMPT_INFORMATION
        cells = [
            label if label != last_label else "",
            entry.title,
            detail,
            entry.lead_text,
            entry.source,
        ]
        if show_paragraphs:
            cells.append(str(entry.exempt_paragraph or ""))
        rows.append((order, cells))
        last_label = label
    for meeting in empty_meetings:
        day = to_london(meeting.start).date()
        rows.append(
            ((0, day.isoformat()), [f"{ordinal(day.day)} {day:%B %Y}"] + [""] * (len(columns) - 1))
        )
    rows.sort(key=lambda pair: pair[0])  # stable: entries keep their order within a meeting
    return ProgrammeTable(
        heading=f"{committee.name}: work programme {municipal_year_label(year)}",
        columns=columns,
        rows=[cells for _, cells in rows],
        entry_ids=[view.entry.id for view in views],
    )


def public_programme(session: Session, committee: Committee, year: int) -> ProgrammeTable:
    """The programme as everyone may read it: private entries' detail left out."""
    return programme_table(session, committee, year, reader=PUBLIC)


def programme_html(
    table: ProgrammeTable, committee: Committee, year: int, *, as_at: datetime
) -> str:
    """The programme as the agenda pack prints it: the meetings and their items on a page,
    then the table."""
    return render_document(
        "committee.agenda",
        "agenda/programme_document.html",
        table=table,
        committee=committee,
        year_label=municipal_year_label(year),
        as_at=as_at,
        summary=summary_of(table),
    )


def summary_of(table: ProgrammeTable) -> list[tuple[str, list[str]]]:
    """Each date (or "Date to be determined") with the titles under it, in the table's order."""
    summary: list[tuple[str, list[str]]] = []
    for row in table.rows:
        label, title = row[0], row[1]
        if label or not summary:
            summary.append((label, []))
        if title:
            summary[-1][1].append(title)
    return summary
