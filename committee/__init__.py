"""The committee workflow service: a council's committee business, from work programme to resolution.

Importing the package imports nothing else: a child process that converts an
uploaded paper (`committee.papers.convert`) starts without the web application.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> "Flask":
    """Build the application from the environment, with `config` overriding it (tests do).

    Raises ConfigError or DatabaseUnavailable, each naming the setting at fault,
    rather than starting with a configuration that cannot work.
    """
    from flask import Flask

    from committee import api, db, extensions, logs, migrate, scheduler, web
    from committee.areas import AREAS, area_package
    from committee.config import load_settings
    from committee.resources import shipped

    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or None,
        template_folder=str(shipped("templates")),
    )
    app.config.from_mapping(load_settings(Path(app.instance_path), config))
    logs.init_app(app)
    if app.config["COMMITTEE_ENV"] == "production" and not app.config["SESSION_COOKIE_SECURE"]:
        app.logger.warning(
            "BASE_URL %s is not https: sign-in cookies go without Secure, so they cross the "
            "network in the clear. Serve over TLS and set BASE_URL=https://...",
            app.config["BASE_URL"],
        )
    db.init_app(app)
    if app.config.get("DATABASE_CHECK_ON_START", True):
        app.extensions[db.EXTENSION_KEY].check_connection()
    migrate.init_app(app)
    extensions.init_app(app)
    web.init_app(app)
    for name in AREAS:
        area_package(name).init_app(app)
    api.init_app(app)
    web.exempt_api_from_csrf(app)
    scheduler.init_app(app)
    return app


__all__ = ["create_app"]
