"""Who may read private business: the one rule, asked by every page, answer, feed, pack and export."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Nothing to register: the rule is read, never served on its own."""
