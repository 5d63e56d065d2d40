"""Dates and times as a council writes them ("2.00 pm on Thursday, 6th September, 2018")."""

from datetime import date, datetime

from committee.timeutil import to_london


def ordinal(day: int) -> str:
    """Return "1st", "2nd", "11th", "21st"."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def clock_time(moment: datetime) -> str:
    """Return "2.00 pm" for 14:00 London time."""
    local = to_london(moment)
    hour = local.hour % 12 or 12
    return f"{hour}.{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def long_date(day: date | datetime) -> str:
    """Return "Thursday, 6th September, 2018" (a datetime's day in London)."""
    if isinstance(day, datetime):
        day = to_london(day).date()
    return f"{day:%A}, {ordinal(day.day)} {day:%B}, {day.year}"


def day_of_year(day: date | datetime) -> str:
    """Return "19th July, 2018", as an agenda names an earlier meeting."""
    if isinstance(day, datetime):
        day = to_london(day).date()
    return f"{ordinal(day.day)} {day:%B}, {day.year}"


def signed_date(day: date | datetime) -> str:
    """Return "Wednesday, 29 August 2018", as the proper officer dates an agenda."""
    if isinstance(day, datetime):
        day = to_london(day).date()
    return f"{day:%A}, {plain_date(day)}"


def meeting_when(moment: datetime) -> str:
    """Return "2.00 pm on Thursday, 6th September, 2018"."""
    return f"{clock_time(moment)} on {long_date(to_london(moment).date())}"


def plain_date(day: date | datetime) -> str:
    """Return "6 September 2018" (a datetime's day in London)."""
    if isinstance(day, datetime):
        day = to_london(day).date()
    return f"{day.day} {day:%B %Y}"


def short_date(day: date | datetime) -> str:
    """Return "6 Sep 2018"."""
    if isinstance(day, datetime):
        day = to_london(day).date()
    return f"{day.day} {day:%b %Y}"


def text_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split typed text into paragraphs and bulleted lists, as minutes are written.

    A blank line ends a block; a block whose lines all begin "- " is a list.
    Returns ("p", [text]) and ("ul", [items]) in order.
    """
    blocks: list[tuple[str, list[str]]] = []
    for block in (b.strip() for b in text.replace("\r\n", "\n").split("\n\n")):
        if not block:
            continue
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if all(line.startswith("- ") for line in lines):
            blocks.append(("ul", [line[2:].strip() for line in lines]))
        else:
            blocks.append(("p", [" ".join(lines)]))
    return blocks


#: Words that open a resolution and are lower-cased after "RESOLVED that": never a name.
_OPENING_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "their",
        "there",
        "any",
        "all",
        "each",
        "no",
        "members",
        "officers",
    ]
)


def resolution_after(text: str, intro: str) -> str:
    """The resolution as it reads after its opening words: "RESOLVED that the update be noted",
    not "… that The update …". Names and acronyms keep their capitals."""
    first = text.split(" ", 1)[0]
    if (
        intro.rstrip().casefold().endswith("that")
        and first[:1].isupper()
        and first[1:].islower()
        and first.casefold() in _OPENING_WORDS
    ):
        return text[:1].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    """The text with its first letter a capital and the rest as typed (Jinja's `capitalize`
    lower-cases the rest: "teen pregnancy and pshe in schools")."""
    return text[:1].upper() + text[1:]
