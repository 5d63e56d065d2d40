"""What every area's models share: constraint names, aware datetimes, API date types, ranges."""

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer
from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from committee.timeutil import LONDON

# Named constraints let Alembic alter them (SQLite batch mode needs names) and
# make a violated constraint's message say which rule was broken.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class AwareDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC and always read them back aware.

    SQLite has no time zones: without this, values would come back naive.
    Naive values are refused on the way in, so no local time is ever guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: times must carry a timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _assume_london(value: datetime) -> datetime:
    """Read a datetime without an offset as wall-clock time in London."""
    return value.replace(tzinfo=LONDON) if value.tzinfo is None else value


def _london_isoformat(value: datetime) -> str:
    return value.astimezone(LONDON).isoformat()


#: A datetime given to the API: with an offset, or else read as London time.
LondonDateTimeIn = Annotated[datetime, AfterValidator(_assume_london)]
#: A datetime the API gives out: ISO 8601 in London time, with its offset.
LondonDateTimeOut = Annotated[datetime, PlainSerializer(_london_isoformat, return_type=str)]


def check_in(column: str, values: Any) -> str:
    """Return SQL for a CHECK that `column` holds one of `values`."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


#: The paragraphs of Schedule 12A to the Local Government Act 1972 under which business is exempt.
EXEMPT_PARAGRAPHS = range(1, 8)
#: What the public sees in place of an exempt item's detail.
EXEMPT_INFORMATION = "Exempt information"
#: The municipal years the service takes, each by its first calendar year (2018 for 2018/19).
MUNICIPAL_YEARS = range(1974, 3000)

#: An exempt item's paragraph of Schedule 12A.
ExemptParagraph = Annotated[int, Field(ge=EXEMPT_PARAGRAPHS[0], le=EXEMPT_PARAGRAPHS[-1])]
#: A municipal year, by its first calendar year.
MunicipalYear = Annotated[int, Field(ge=MUNICIPAL_YEARS[0], le=MUNICIPAL_YEARS[-1])]


def check_within(column: str, values: range, *, nullable: bool = False) -> str:
    """Return SQL for a CHECK that `column` lies within `values` (or is NULL, where allowed)."""
    rule = f"{column} BETWEEN {values[0]} AND {values[-1]}"
    return f"{column} IS NULL OR {rule}" if nullable else rule


#: The largest row id: ids are 32-bit integers in PostgreSQL (SERIAL), and larger ones name nothing.
ROW_ID_MAX = 2**31 - 1
#: A row's id as an API field: a larger number is refused (422), never sent to the database.
RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control_characters(value: object) -> object:
    """Refuse NUL and the other control characters (tab and line breaks are text)."""
    if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
        raise ValueError("must not contain control characters such as NUL")
    return value


def strip_control_characters(value: str) -> str:
    """Remove NUL and the other control characters, for text read from files."""
    return _CONTROL_CHARACTERS.sub("", value)


#: Text a person typed: any language and punctuation, never control characters.
Text = Annotated[str, BeforeValidator(refuse_control_characters)]

# How long free text may be: generous for what people write, bounded for what a server keeps.
TITLE_MAX = 300
DETAIL_MAX = 20_000
REASON_MAX = 2_000
RESOLUTION_MAX = 20_000


def _in_municipal_years(value: datetime) -> datetime:
    try:
        year = value.astimezone(LONDON).year
    except OverflowError:  # 9999-12-31T23:00-12:00 is in the year 10000 in London
        year = None
    if year not in MUNICIPAL_YEARS:
        raise ValueError(
            f"must fall between {MUNICIPAL_YEARS[0]} and {MUNICIPAL_YEARS[-1]} (London time)"
        )
    return value


#: A meeting's start or end given to the API: London time unless it has an offset, in a year
#: the service covers (so every page and feed can show it).
MeetingTime = Annotated[LondonDateTimeIn, AfterValidator(_in_municipal_years)]


def whole_number(raw: str, *, most_digits: int = 9) -> int | None:
    """Read a whole number written in the digits 0 to 9 (not "²" or "٣", which str.isdigit
    takes and int() may refuse), of at most `most_digits` digits; None if it is not one."""
    raw = raw.strip()
    if not raw or len(raw) > most_digits or not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw)


def versioned(model: Any) -> dict[str, Any]:
    """The mapper arguments of a table whose `version` column counts its UPDATEs: a change made
    from a copy read before another change fails (StaleDataError) instead of overwriting it."""
    table = model.__table__  # SQLModel sets it on table=True models
    return {"version_id_col": table.c.version}
