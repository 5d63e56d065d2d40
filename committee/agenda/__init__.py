"""The agenda: what a meeting takes, and what changing the meeting does to that business."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Nothing to register yet: the meeting pages and API (meetings area) call these operations."""
