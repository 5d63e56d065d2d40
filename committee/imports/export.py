"""Export a municipal year's work programme as councils keep it: CSV or Word.

The table is the printed programme's (committee.agenda.programme). What is
exported imports back as the same programme.
"""

import csv
import io

from docx import Document
from docx.shared import Pt

from committee.agenda.programme import ProgrammeTable
from committee.fields import strip_control_characters

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
