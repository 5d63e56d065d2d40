"""The WSGI entry point: `gunicorn wsgi:app`, and `flask --app wsgi <command>`."""

import sys

from committee import create_app
from committee.config import ConfigError
from committee.db import DatabaseUnavailable

try:
    app = create_app()
except (ConfigError, DatabaseUnavailable) as error:
    # One line naming the setting at fault, not a traceback.
    sys.exit(f"committee: {error}")
