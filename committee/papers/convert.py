"""Turn an uploaded paper into the PDF members and the public read, in a process with limits.

Papers come from outside: a Word file of 16 MiB of whitespace, a PDF with a
gigabyte behind one Flate stream, one with no page size or an impossible
rotation, or JavaScript that runs on opening. Each is converted once, when it
is submitted, in a child process (`python -m committee.papers.convert`) held
to limits on CPU time, memory, wall-clock time and output: a paper that
breaks any of them, or cannot be read, gets a stand-in page in the pack and
never a failure of the page or request that asked for it.

What comes out is a PDF this code wrote: every page's content decoded within
the limits and compressed again, sized and turned as it should be; actions,
JavaScript, forms, attachments and links that are not http(s) or mailto taken
out. Word papers are converted with mammoth (images kept, links cleaned) and
rendered as tagged PDFs like every document the service makes.
"""

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PageObject

#: Link schemes a paper may keep; anything else (javascript:, file:, data:) is taken out.
SAFE_SCHEMES = ("http://", "https://", "mailto:")
#: A4, in points: the size given to a page that says none.
A4 = (595.28, 841.89)


@dataclass(frozen=True)
class Limits:
    """What one conversion may use before it is stopped and the paper stood in for."""

    seconds: float = 30.0  # wall clock, start-up included
    cpu_seconds: int = 15
    memory_bytes: int = 1024 * 1024 * 1024  # address space of the child
    output_bytes: int = 64 * 1024 * 1024  # the PDF it returns
    expanded_bytes: int = 64 * 1024 * 1024  # what a .docx may unzip to, images included
    document_bytes: int = 8 * 1024 * 1024  # its text and layout (word/document.xml), unzipped
    page_content_bytes: int = 16 * 1024 * 1024  # one page's drawing instructions, decoded


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Conversion:
    """A paper as the pack takes it: its PDF and pages, or why it could not be read."""

    pdf: bytes | None
    pages: int
    problem: str = ""

    @property
    def readable(self) -> bool:
        return self.pdf is not None


class Unreadable(Exception):
    """The paper cannot go in the pack; the message says why, in words for the stand-in page."""


def kind_of(filename: str, content: bytes) -> str | None:
    """Say what a paper is from its name and first bytes: "pdf", "docx", or None."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".pdf" or content.startswith(b"%PDF-"):
        return "pdf"
    if suffix == ".docx":
        return "docx"
    return None


def convert_paper(
    content: bytes, filename: str, *, title: str, limits: Limits = DEFAULT_LIMITS
) -> Conversion:
    """Convert an uploaded paper in a child process held to `limits`; never raises for bad input."""
    kind = kind_of(filename, content)
    if kind is None:
        return Conversion(None, 0, "it is neither a PDF nor a Word (.docx) file")
    request = json.dumps({"kind": kind, "title": title, "limits": limits.__dict__}).encode()
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "committee.papers.convert"],
            input=len(request).to_bytes(4, "big") + request + content,
            capture_output=True,
            timeout=limits.seconds,
            preexec_fn=_limited(limits),
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Conversion(None, 0, "it took too long to convert (it may be damaged or too large)")
    return _answer(finished.returncode, finished.stdout, limits)


def _answer(returncode: int, out: bytes, limits: Limits) -> Conversion:
    header, _, pdf = out.partition(b"\n")
    if returncode == 0 and header.startswith(b"OK "):
        if len(pdf) > limits.output_bytes:
            return Conversion(None, 0, "it is too large to put in the pack")
        return Conversion(pdf, int(header[3:]))
    if header.startswith(b"FAIL "):
        return Conversion(None, 0, header[5:].decode("utf-8", "replace"))
    # Killed for its CPU time or memory, or crashed: say what a person can act on.
    return Conversion(None, 0, "it could not be read within the limits (it may be damaged)")


def _limited(limits: Limits) -> Callable[[], None]:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        os.nice(5)  # conversion gives way to pages being served

    return apply


# The child: reads its request and the paper on standard input, writes "OK <pages>\n<pdf>"
# or "FAIL <reason>\n" on standard output.


def _main() -> int:
    from committee.documents import page_count

    stdin = sys.stdin.buffer.read()
    length = int.from_bytes(stdin[:4], "big")
    request = json.loads(stdin[4 : 4 + length])
    content = stdin[4 + length :]
    limits = Limits(**request["limits"])
    try:
        if request["kind"] == "pdf":
            pdf, pages = sanitise_pdf(content, limits)
        else:  # rendered here, tagged, from cleaned HTML: nothing in it to take out
            pdf = docx_to_pdf(content, request["title"], limits)
            pages = page_count(pdf)
    except Unreadable as problem:
        sys.stdout.buffer.write(b"FAIL " + str(problem).encode() + b"\n")
        return 1
    except MemoryError:
        sys.stdout.buffer.write(b"FAIL it is too large or complex to convert\n")
        return 1
    except Exception:
        sys.stdout.buffer.write(b"FAIL its file could not be read (it may be damaged)\n")
        return 1
    if len(pdf) > limits.output_bytes:
        sys.stdout.buffer.write(b"FAIL it is too large to put in the pack\n")
        return 1
    sys.stdout.buffer.write(f"OK {pages}\n".encode() + pdf)
    return 0


def docx_to_pdf(content: bytes, title: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Convert a Word paper to a tagged PDF: its text, tables and images; links made safe."""
    import mammoth

    _check_expansion(content, limits)
    clean_links = mammoth.transforms.element_of_type(
        mammoth.documents.Hyperlink,
        # An unsafe link keeps its words, without the link.
        lambda link: (
            link
            if link.href is None or _safe_link(link.href)
            else mammoth.documents.run(children=link.children)
        ),
    )
    try:
        converted = mammoth.convert_to_html(
            io.BytesIO(content), transform_document=clean_links, external_file_access=False
        )
    except (zipfile.BadZipFile, KeyError) as error:
        raise Unreadable("it is not a Word document that can be read") from error
    # Runs of whitespace print as one space anyway; laid out as they are, megabytes of them
    # take WeasyPrint longer than any limit (mammoth writes no <pre> whose spaces would count).
    return render_paper(title, _RUNS_OF_WHITESPACE.sub(" ", converted.value))


_RUNS_OF_WHITESPACE = re.compile(r"[ \t\r\n]{2,}")


def render_paper(title: str, body: str) -> bytes:
    """Render a paper's body, as HTML, on A4 pages as a tagged PDF (the demo's papers too)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from committee.documents import render_pdf

    environment = Environment(
        loader=PackageLoader("committee.papers", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",)),
    )
    page = environment.get_template("papers/converted.html").render(title=title, body=body)
    return render_pdf(page)


def _safe_link(href: str | None) -> bool:
    return href is not None and href.strip().lower().startswith(SAFE_SCHEMES)


def _check_expansion(content: bytes, limits: Limits) -> None:
    """Refuse a .docx that would unzip to more than a paper could be (zipfile trusts the sizes
    its directory declares, so those are the ones to check)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise Unreadable("it is not a Word document that can be read") from error
    document = sum(m.file_size for m in members if m.filename == "word/document.xml")
    if (
        sum(member.file_size for member in members) > limits.expanded_bytes
        or document > limits.document_bytes
    ):
        raise Unreadable("it is too large to convert (it unpacks to more than a paper could be)")


def sanitise_pdf(content: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes, int]:
    """Write the PDF again, pages only: each sized, turned a right angle, its content decoded
    within the limits; no actions, scripts, forms, attachments or unsafe links."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import NameObject, NumberObject, RectangleObject

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("it is protected by a password")
        pages = list(reader.pages)
    except PdfReadError as error:
        raise Unreadable("its file could not be read (it may be damaged)") from error
    if not pages:
        raise Unreadable("it has no pages")
    writer = PdfWriter()
    for page in pages:
        box = page.get("/MediaBox")
        if not isinstance(box, list) or len(box) != 4:
            page[NameObject("/MediaBox")] = RectangleObject((0, 0, *A4))
        rotation = page.get("/Rotate", 0)
        if not isinstance(rotation, int) or rotation % 90:
            page[NameObject("/Rotate")] = NumberObject(0)
        for key in ("/AA", "/Thumb", "/PieceInfo"):
            page.pop(key, None)
        _clean_annotations(page)
        contents = page.get_contents()
        if contents is not None and len(contents.get_data()) > limits.page_content_bytes:
            raise Unreadable("a page of it is too complex to print")
        added = writer.add_page(page)
        added.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(pages)


_ALLOWED_LINK_ACTIONS = {"/URI", "/GoTo"}


def _clean_annotations(page: "PageObject") -> None:
    """Keep only links to http(s), mailto or a place in the paper; drop every other annotation."""
    from pypdf.generic import ArrayObject, NameObject

    kept = ArrayObject()
    for reference in page.get("/Annots", None) or []:
        annotation = reference.get_object()
        if annotation.get("/Subtype") != "/Link":
            continue
        action = annotation.get("/A")
        if action is not None:
            action = action.get_object()
            if action.get("/S") not in _ALLOWED_LINK_ACTIONS:
                continue
            if action.get("/S") == "/URI" and not _safe_link(str(action.get("/URI", ""))):
                continue
            action.pop("/Next", None)  # a chain of further actions
        annotation.pop("/AA", None)
        kept.append(reference)
    if kept:
        page[NameObject("/Annots")] = kept
    else:
        page.pop("/Annots", None)


if __name__ == "__main__":
    sys.exit(_main())
