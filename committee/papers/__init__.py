"""Papers: the briefing notes and reports an entry needs, every version submitted, and each
version converted (off the request) into the PDF members and the public read."""

from collections.abc import Hashable

from flask import Flask


def init_app(app: Flask) -> None:
    """Convert each submitted paper after its commit, off the request that sent it."""
    from committee.background import run_soon
    from committee.db import EXTENSION_KEY
    from committee.papers.models import paper_label
    from committee.papers.operations import PAPERS_SUBMITTED
    from committee.papers.renditions import convert_pending

    app.add_template_filter(paper_label, "paper_label")
    database = app.extensions[EXTENSION_KEY]

    def convert(version_ids: set[Hashable]) -> None:
        run_soon(
            "convert papers",
            lambda _app: convert_pending(
                database.write_sessionmaker,
                version_ids=sorted(noted for noted in version_ids if isinstance(noted, int)),
            ),
        )

    database.after_commit(PAPERS_SUBMITTED, convert)
