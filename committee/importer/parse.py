"""Turn the rows of a work programme table into meetings and entries.

Pure functions over lists of cells: the readers (TSV, CSV, .docx) produce the
rows, and nothing here touches the database. Row numbers are 1-based, as a
person counts lines in the file, so problems can be found and fixed.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from committee.models.work_programme import TimingNote

COLUMN_NAMES = {
    "date": "date",
    "meeting date": "date",
    "title": "title",
    "item": "title",
    "detail": "detail",
    "details": "detail",
    "description": "detail",
    "cabinet member/ lead officer": "lead",
    "cabinet member / lead officer": "lead",
    "cabinet member/lead officer": "lead",
    "lead officer": "lead",
    "lead": "lead",
    "source": "source",
}
REQUIRED_COLUMNS = ("date", "title")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# "21st June 2018", "18 June 2015", "4 th July", "6th September, 2018"
_DATE = re.compile(
    r"^(?P<day>\d{1,2})\s*(?:st|nd|rd|th)?\s+(?P<month>[A-Za-z]+)\.?,?(?:\s+(?P<year>\d{4}))?(?P<rest>.*)$",
    flags=re.IGNORECASE,
)
# "– to take place at the Central Library", "- to be held at ..."
_VENUE_NOTE = re.compile(
    r"^\s*[-–—,(]*\s*(?:to\s+(?:take\s+place|be\s+held)\s+at|at|venue:?)\s+(?P<venue>.+?)\s*\)?\s*$",
    flags=re.IGNORECASE,
)
_TO_BE_DETERMINED = re.compile(
    r"^(?:date\s+)?to\s+be\s+(?:determined|decided|confirmed|agreed)$|^tbc$|^tbd$", re.I
)
_NEXT_YEAR = re.compile(r"^next\s+municipal\s+year\b", re.IGNORECASE)


def normalise_cell(cell: str) -> str:
    """Collapse runs of whitespace (tables copied from PDFs are full of them)."""
    return " ".join(cell.replace("\u00a0", " ").split())


@dataclass
class ParsedEntry:
    row: int
    title: str
    detail: str = ""
    lead: str = ""
    source: str = ""


@dataclass
class ParsedGroup:
    """A date cell and the entries under it: a meeting, or entries with no meeting yet."""

    row: int
    heading: str
    day: date | None = None
    venue: str | None = None
    timing: TimingNote | None = None
    entries: list[ParsedEntry] = field(default_factory=list)


@dataclass
class RowProblem:
    row: int
    reason: str


@dataclass
class ParsedProgramme:
    groups: list[ParsedGroup] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def entries(self) -> list[ParsedEntry]:
        return [entry for group in self.groups for entry in group.entries]


class NotAWorkProgramme(ValueError):
    """The table cannot be read as a work programme at all; nothing in it is usable."""


def column_map(cells: list[str]) -> dict[str, int] | None:
    """Return which column holds what, if these cells are a header row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = COLUMN_NAMES.get(normalise_cell(cell).lower())
        if name and name not in found:
            found[name] = index
    return found if all(column in found for column in REQUIRED_COLUMNS) else None


def parse_date_cell(text: str, municipal_year: int) -> ParsedGroup | str:
    """Read a date cell; return the group it starts, or why it could not be read."""
    text = normalise_cell(text)
    if _TO_BE_DETERMINED.match(text):
        return ParsedGroup(row=0, heading=text, timing=TimingNote.TO_BE_DETERMINED)
    if _NEXT_YEAR.match(text):
        return ParsedGroup(row=0, heading=text, timing=TimingNote.NEXT_MUNICIPAL_YEAR)
    match = _DATE.match(text)
    if not match:
        return f"{text!r} is not a date (such as 21st June 2018) or 'Date to be determined'"
    month = MONTHS.get(match["month"].lower())
    if month is None:
        return f"{match['month']!r} in {text!r} is not a month"
    # Without a year, the municipal year says which: May to December is its
    # first calendar year, January to April its second.
    year = (
        int(match["year"])
        if match["year"]
        else (municipal_year if month >= 5 else municipal_year + 1)
    )
    try:
        day = date(year, month, int(match["day"]))
    except ValueError:
        return f"{text!r} is not a real date"
    venue = None
    rest = match["rest"].strip()
    if rest:
        venue_match = _VENUE_NOTE.match(rest)
        venue = venue_match["venue"].strip() if venue_match else None
        if venue is None:
            return f"{text!r}: cannot read {rest!r} after the date"
    return ParsedGroup(row=0, heading=text, day=day, venue=venue)


def parse_rows(rows: list[list[str]], municipal_year: int) -> ParsedProgramme:
    """Read a work programme table; every row is either used or reported with a reason."""
    programme = ParsedProgramme()
    columns: dict[str, int] | None = None
    group: ParsedGroup | None = None

    for number, raw in enumerate(rows, start=1):
        cells = [normalise_cell(cell) for cell in raw]
        if not any(cells):
            continue
        header = column_map(cells)
        if header is not None:
            columns = header  # the header again where a page broke: nothing to import
            continue
        if columns is None:
            raise NotAWorkProgramme(
                f"row {number}: expected a header row naming the columns Date and Title "
                "(and Detail, Cabinet Member/ Lead Officer, Source) before any data"
            )

        def cell(name: str, cells: list[str] = cells, columns: dict[str, int] = columns) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        date_text, title = cell("date"), cell("title")
        if date_text:
            parsed = parse_date_cell(date_text, municipal_year)
            if isinstance(parsed, str):
                programme.problems.append(RowProblem(number, parsed))
                group = None
                continue
            parsed.row = number
            group = parsed
            programme.groups.append(group)
        if not title:
            if not date_text:
                programme.problems.append(RowProblem(number, "the row has no title"))
            continue  # a date with nothing planned yet: the meeting alone
        if group is None:
            programme.problems.append(
                RowProblem(number, "no date above this row says which meeting it is for")
            )
            continue
        group.entries.append(
            ParsedEntry(
                row=number,
                title=title,
                detail=cell("detail"),
                lead=cell("lead"),
                source=cell("source"),
            )
        )
    if columns is None:
        raise NotAWorkProgramme(
            "no header row found: the table needs columns named Date and Title "
            "(and Detail, Cabinet Member/ Lead Officer, Source)"
        )
    return programme


def read_tsv(text: str) -> list[list[str]]:
    """Split tab-separated text into rows of cells."""
    return [line.split("\t") for line in text.splitlines()]
