"""Query parameters the pages share."""

from flask import request

from committee.operations.errors import InvalidInput
from committee.timeutil import municipal_year_of, today_in_london


def municipal_year_param() -> int:
    """Read the year asked for (a municipal year's first year); the current one if none."""
    raw = request.values.get("year", "").strip()  # the query string, or a form's field
    if not raw:
        return municipal_year_of(today_in_london())
    if not (raw.isdigit() and 1974 <= int(raw) <= 2999):
        raise InvalidInput(
            "year", f"{raw!r} is not a municipal year: use its first year, e.g. 2018"
        )
    return int(raw)
