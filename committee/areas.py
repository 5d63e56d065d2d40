"""The areas of the service, lowest first: the one list the app, Alembic and the layering test read.

Each area is a package under `committee/` holding its models, queries,
operations, views and commands. An area's models, queries and operations
import only areas before it here; views and commands, which nothing imports,
may call any area's operations (a page brings areas together).
"""

import importlib
from types import ModuleType

AREAS = (
    "people",  # people, their roles and seats, sign-in, API tokens
    "committees",  # committees and their pages
    "deadlines",  # working days, closure days, each committee's paper deadlines
    "notifications",  # the outbox and its delivery
    "papers",  # briefing notes and reports, every version
    "meetings",  # meetings, their agenda items in order, substitutes
    "work_programme",  # entries and their lifecycle
    "visibility",  # who may read private business: the one rule
    "recommendations",  # the board's recommendations, and reports' own, tracked to implementation
    "minutes",  # attendance, minutes and resolutions, follow-ups
    "agenda",  # agendas published as editions, their packs; what changing a meeting does
    "decisions",  # the executive's forward plan, decision records and call-ins
    "reminders",  # the sweep: paper windows, reminders, digests
    "calendars",  # calendar feeds
    "home",  # each person's week: the governance dashboard, members' and lead officers' homes
    "imports",  # work programmes in and out as councils keep them
    "demo",  # the demo data
)


def area_package(name: str) -> ModuleType:
    return importlib.import_module(f"committee.{name}")


def import_all_models() -> None:
    """Import every area's tables, so SQLModel.metadata holds the whole schema."""
    for name in AREAS:
        try:
            importlib.import_module(f"committee.{name}.models")
        except ModuleNotFoundError as error:
            if error.name != f"committee.{name}.models":
                raise
