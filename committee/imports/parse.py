"""Turn the rows of a work programme table into meetings and entries.

Pure functions over lists of cells: the readers (TSV, CSV, .docx) produce the
rows, and nothing here touches the database. Row numbers are 1-based, as a
person counts lines in the file, so problems can be found and fixed.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from committee.fields import (
    DETAIL_MAX,
    EXEMPT_PARAGRAPHS,
    TITLE_MAX,
    strip_control_characters,
    whole_number,
)
from committee.formatting import long_date
from committee.timeutil import municipal_year_label
from committee.work_programme.models import TimingNote

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
    "exempt paragraph": "exempt_paragraph",
    "exempt": "exempt_paragraph",
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
    """Collapse runs of whitespace (tables copied from PDFs are full of them); drop control characters."""
    return " ".join(strip_control_characters(cell).replace("\u00a0", " ").split())


@dataclass
class ParsedEntry:
    row: int
    title: str
    detail: str = ""
    lead: str = ""
    source: str = ""
    exempt_paragraph: int | None = None
    fragments: list[int] = field(default_factory=list)  # rows a page break split off it

    def continue_with(self, row: int, title: str, detail: str, lead: str, source: str) -> None:
        """Join the fragment of this row that a page break carried onto the next row."""
        self.fragments.append(row)
        self.title = _join(self.title, title)
        self.detail = _join(self.detail, detail)
        self.lead = _join(self.lead, lead)
        self.source = _join(self.source, source)


#: The most each cell of an entry holds, as its column in the database does.
CELL_LIMITS = {"title": TITLE_MAX, "detail": DETAIL_MAX, "lead": 500, "source": 200}
CELL_NAMES = {
    "title": "Title",
    "detail": "Detail",
    "lead": "Cabinet Member/ Lead Officer",
    "source": "Source",
}


def _refuse_overlong(programme: "ParsedProgramme") -> None:
    """Take out, as a problem row, every entry with a cell longer than it may be (a row and the
    fragments a page break carried on are measured together)."""
    for group in programme.groups:
        for entry in list(group.entries):
            for name, limit in CELL_LIMITS.items():
                length = len(getattr(entry, name))
                if length > limit:
                    programme.problems.append(
                        RowProblem(
                            entry.row,
                            f"its {CELL_NAMES[name]} is {length} characters long; at most "
                            f"{limit} fit: shorten it",
                        )
                    )
                    group.entries.remove(entry)
                    break


def _join(first: str, second: str) -> str:
    return f"{first} {second}".strip() if second else first


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
    columns: set[str] = field(default_factory=set)  # which of COLUMN_NAMES' columns the table has

    @property
    def entries(self) -> list[ParsedEntry]:
        return [entry for group in self.groups for entry in group.entries]


class NotAWorkProgramme(ValueError):
    """The table cannot be read as a work programme at all; nothing in it is usable."""


class TooManyRows(NotAWorkProgramme):
    """The table has more rows than one import takes."""


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


def parse_rows(
    rows: list[list[str]], municipal_year: int, *, max_rows: int | None = None
) -> ParsedProgramme:
    """Read a work programme table; every row is either used or reported with a reason.

    A row's empty date cell means the date above. A row with only its first
    cell filled (or one text across merged cells) that is not a date is a
    heading, such as "Performance Monitoring". A row with neither date nor
    title, or whose title starts in lower case, is the rest of the row above,
    carried over by a page break. A date outside the municipal year named is
    refused with the rows under it: a programme imported under the wrong year
    would put its items on the wrong meetings. TooManyRows refuses a table of
    more than `max_rows` rows with anything in them.
    """
    if max_rows is not None:
        filled_rows = sum(1 for row in rows if any(cell.strip() for cell in row))
        if filled_rows > max_rows:
            raise TooManyRows(
                f"the table has {filled_rows:,} rows; one import takes at most {max_rows:,} "
                "(the IMPORT_MAX_ROWS setting): split it into smaller files"
            )
    programme = ParsedProgramme()
    columns: dict[str, int] | None = None
    group: ParsedGroup | None = None
    last: ParsedEntry | None = None
    refused: str | None = None  # why the rows under the date above cannot be imported
    first_day, next_first_day = date(municipal_year, 5, 1), date(municipal_year + 1, 5, 1)

    for number, raw in enumerate(rows, start=1):
        cells = [normalise_cell(cell) for cell in raw]
        if not any(cells):
            continue
        header = column_map(cells)
        if header is not None:
            columns = header  # the header again where a page broke: nothing to import
            programme.columns |= set(header)
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
        detail, lead, source = cell("detail"), cell("lead"), cell("source")
        filled = {text for text in cells if text}
        if date_text:
            parsed = parse_date_cell(date_text, municipal_year)
            if isinstance(parsed, str):
                if filled == {date_text}:
                    programme.headings.append((number, date_text))  # a heading, not an entry
                    continue
                programme.problems.append(RowProblem(number, parsed))
                group, last, refused = None, None, None
                continue
            parsed.row = number
            if parsed.day is not None and not first_day <= parsed.day < next_first_day:
                refused = (
                    f"its meeting, {long_date(parsed.day)}, is not in the municipal year "
                    f"{municipal_year_label(municipal_year)}: import it under its own year"
                )
                programme.problems.append(RowProblem(number, refused))
                group, last = None, None
                continue
            refused = None
            group, last = parsed, None
            programme.groups.append(group)
            if not title:
                if detail or lead or source:
                    programme.problems.append(RowProblem(number, "the row has no title"))
                continue  # a date with nothing planned yet: the meeting alone
        elif last is not None and (not title or title[0].islower()):
            last.continue_with(number, title, detail, lead, source)
            continue
        elif not title:
            programme.problems.append(RowProblem(number, "the row has no title"))
            continue
        if group is None:
            programme.problems.append(
                RowProblem(number, refused or "no date above this row says which meeting it is for")
            )
            continue
        paragraph_text = cell("exempt_paragraph")
        paragraph = None
        if paragraph_text:
            if whole_number(paragraph_text) not in EXEMPT_PARAGRAPHS:
                programme.problems.append(
                    RowProblem(
                        number,
                        f"{paragraph_text!r} is not a paragraph of Schedule 12A "
                        f"({EXEMPT_PARAGRAPHS[0]} to {EXEMPT_PARAGRAPHS[-1]})",
                    )
                )
                continue
            paragraph = whole_number(paragraph_text)
        last = ParsedEntry(
            row=number,
            title=title,
            detail=detail,
            lead=lead,
            source=source,
            exempt_paragraph=paragraph,
        )
        group.entries.append(last)
    _refuse_overlong(programme)
    if columns is None:
        raise NotAWorkProgramme(
            "no header row found: the table needs columns named Date and Title "
            "(and Detail, Cabinet Member/ Lead Officer, Source)"
        )
    return programme
