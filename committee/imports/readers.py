"""Read a work programme file into rows of cells: tab-separated text, CSV, or Word tables.

Whatever comes in, either rows come out or UnreadableFile says, in one
sentence a person can act on, what is wrong with the file.
"""

import csv
import io
import logging
import zipfile
from pathlib import PurePath

from docx import Document
from docx.opc.exceptions import PackageNotFoundError

MAX_BYTES = 5 * 1024 * 1024
# A .docx is a zip: what it expands to is checked before any of it is parsed.
MAX_EXPANDED_BYTES = 50 * 1024 * 1024
MAX_EXPANSION_RATIO = 100
CONTROL_SHARE_LIMIT = 0.05  # text with more control characters than this is not text


logger = logging.getLogger(__name__)


class UnreadableFile(ValueError):
    """The file cannot be read as a table at all; nothing was imported."""


def read_table(content: bytes, filename: str = "") -> list[list[str]]:
    """Return the rows of the file's table(s), whatever its kind."""
    suffix = PurePath(filename).suffix.lower()
    if not content.strip():
        raise UnreadableFile("The file is empty.")
    if len(content) > MAX_BYTES:
        raise UnreadableFile(
            f"The file is {len(content) / 1024 / 1024:.1f} MB; a work programme is at most "
            f"{MAX_BYTES // 1024 // 1024} MB. Is it the right file?"
        )
    if suffix == ".doc":
        raise UnreadableFile(
            "Old Word (.doc) files cannot be read: save it as .docx, or copy the table and paste it."
        )
    if suffix in {".xls", ".xlsx", ".ods"}:
        raise UnreadableFile(
            "Spreadsheets cannot be read directly: save the sheet as CSV, or copy the table and paste it."
        )
    if suffix == ".docx" or content.startswith(b"PK\x03\x04"):
        return read_docx(content)
    return read_text_table(_decode(content))


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        raise UnreadableFile(
            "The file is not text (it holds binary data): send a .docx, a CSV or tab-separated text."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # what Word and Excel save on Windows
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\r\n")
    if controls > len(text) * CONTROL_SHARE_LIMIT:
        raise UnreadableFile(
            "The file is not text (it holds binary data): send a .docx, a CSV or tab-separated text."
        )
    return text


def read_text_table(text: str) -> list[list[str]]:
    """Rows of tab-separated text (a table copied from Word or a web page), or of CSV."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" in first:
        return [line.split("\t") for line in text.splitlines()]
    return [[_as_typed(cell) for cell in row] for row in csv.reader(io.StringIO(text))]


def _as_typed(cell: str) -> str:
    """Take off the apostrophe an export put before a cell a spreadsheet would run as a formula."""
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


def _check_expansion(content: bytes) -> None:
    """Refuse a zip that would expand to far more than a work programme could be (a zip bomb).

    zipfile never inflates a member past the size its directory declares, so
    the declared sizes are the ones to check.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise UnreadableFile(
            "The file is not a Word document that can be opened: save it again as .docx."
        ) from None
    members = archive.infolist()
    expanded = sum(member.file_size for member in members)
    if expanded > MAX_EXPANDED_BYTES:
        raise UnreadableFile(
            f"The Word document would expand to {expanded / 1024 / 1024:.0f} MB; a work programme "
            f"is far smaller (at most {MAX_EXPANDED_BYTES // 1024 // 1024} MB). Is it the right file?"
        )
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_EXPANSION_RATIO * max(
            member.compress_size, 1
        ):
            raise UnreadableFile(
                f"The Word document holds {member.filename}, compressed more than "
                f"{MAX_EXPANSION_RATIO} times: it is not an ordinary document, so it is not opened."
            )


def read_docx(content: bytes) -> list[list[str]]:
    """Every row of every table in a Word document, in order (a table broken by pages is one)."""
    _check_expansion(content)
    try:
        return _docx_rows(content)
    except UnreadableFile:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds on a damaged file
        logger.info("Could not read a .docx (%s: %s)", type(error).__name__, error)
        raise UnreadableFile(
            "The file is not a Word document that can be opened: save it again as .docx."
        ) from None


def _docx_rows(content: bytes) -> list[list[str]]:
    try:
        document = Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise UnreadableFile(
            "The file is not a Word document that can be opened: save it again as .docx."
        ) from None
    rows: list[list[str]] = []
    for table in document.tables:
        for row in table.rows:
            cells, previous = [], None
            for cell in row.cells:
                # A merged cell is returned once per column it spans: keep it once.
                if previous is not None and cell._tc is previous:
                    cells.append("")
                    continue
                previous = cell._tc
                cells.append(" ".join(paragraph.text for paragraph in cell.paragraphs))
            rows.append(cells)
    if not rows:
        raise UnreadableFile("The Word document has no table: the work programme must be a table.")
    return rows
