"""Reminders: the sweep opens paper windows and queues each reminder and digest once, when due."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The sweep runs from the scheduler (`committee.scheduler`), which owns its commands."""
