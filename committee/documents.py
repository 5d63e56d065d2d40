"""PDFs the service makes: tagged for screen readers, in British English, fetching nothing.

Every document (the agenda pack's frontsheet, minutes, converted Word papers,
stand-in pages) is rendered by WeasyPrint as PDF/UA-1: a structure tree, the
language from the page's `lang` (en-GB), and its title. Its URL fetcher takes
data: URLs only (the images mammoth embeds), so no document makes the server
call out.
"""

import io
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from pypdf import PdfReader

from committee import formatting

#: The filters documents use, as the pages do (committee.web registers the same).
FILTERS = (
    "meeting_when",
    "long_date",
    "short_date",
    "clock_time",
    "ordinal",
    "text_blocks",
    "resolution_after",
    "upper_first",
    "signed_date",
)

#: The variant every PDF is made as: tagged (a structure tree), with a language and a title.
PDF_VARIANT = "pdf/ua-1"


@cache
def _fetcher() -> Any:
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


@cache
def _environment(package: str) -> Environment:
    environment = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",)),
        undefined=StrictUndefined,
    )
    for name in FILTERS:
        environment.filters[name] = getattr(formatting, name)
    return environment


def render_document(package: str, template: str, **context: object) -> str:
    """Render one of an area's templates (`package`: "committee.minutes") without a request:
    documents are made after the commit, by the scheduler and by commands too."""
    return _environment(package).get_template(template).render(**context)


def render_pdf(html: str) -> bytes:
    """Render a page of HTML (with `<html lang="en-GB">` and a `<title>`) as a tagged PDF."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_fetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)
