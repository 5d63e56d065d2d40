"""Export a municipal year's work programme as councils keep it: CSV, Word, or a printable table.

Laid out like the agenda pack's table: the date on the first row of each
meeting's entries, meetings with nothing planned as a row of their own, then
the entries with no date yet. What is exported imports back as the same
programme.
"""

import csv
import io
from dataclasses import dataclass

from docx import Document
from docx.shared import Pt
from sqlmodel import Session

from committee.committees.models import Committee
from committee.fields import EXEMPT_INFORMATION, strip_control_characters
from committee.formatting import ordinal
from committee.meetings.queries import meetings_of
from committee.timeutil import municipal_year_label, to_london
from committee.visibility.queries import Reader, of_entry
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
    )


#: What a spreadsheet reads as the start of a formula: a cell starting so is run, not shown.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """Keep a cell a spreadsheet would run as a formula as text, by a leading apostrophe
    (OWASP's advice for CSV injection); the importer takes the apostrophe off again."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def to_csv(table: ProgrammeTable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read it as UTF-8


def to_docx(table: ProgrammeTable) -> bytes:
    document = Document()
    document.add_heading(table.heading, level=1)
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, name in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = name
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(10)
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = strip_control_characters(text)  # XML has no place for them
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
