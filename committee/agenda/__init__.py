"""The agenda: published to the members and the public as editions, supplemented and corrected,
held; its packs built off the request; and whether a meeting may be cancelled at all."""

from collections.abc import Hashable

from flask import Flask


def init_app(app: Flask) -> None:
    """Build each edition's packs after its commit, off the request that published it."""
    from committee.agenda import views
    from committee.agenda.editions import EDITIONS_PUBLISHED
    from committee.agenda.pack import build_pending_packs
    from committee.background import run_soon
    from committee.db import EXTENSION_KEY

    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
    database = app.extensions[EXTENSION_KEY]

    def build(edition_ids: set[Hashable]) -> None:
        run_soon(
            "build packs",
            lambda app: build_pending_packs(
                database.write_sessionmaker,
                base_url=app.config["BASE_URL"],
                edition_ids=sorted(noted for noted in edition_ids if isinstance(noted, int)),
            ),
        )

    database.after_commit(EDITIONS_PUBLISHED, build)
