"""Reading a work programme table: the real 2018/19 fixture and its quirks."""

from datetime import date
from importlib import resources

import pytest

from committee.imports.parse import NotAWorkProgramme, parse_date_cell, parse_rows
from committee.imports.readers import read_text_table
from committee.work_programme.models import TimingNote


def fixture_rows():
    text = (
        resources.files("committee.demo")
        .joinpath("data", "work-programme-2018-19.tsv")
        .read_text("utf-8")
    )
    return read_text_table(text)


def test_the_fixture_reads_into_its_meetings_and_entries():
    programme = parse_rows(fixture_rows(), 2018)

    # Counted by hand from the table in the agenda pack.
    assert [(group.day, len(group.entries)) for group in programme.groups] == [
        (date(2018, 6, 21), 3),
        (date(2018, 7, 19), 3),
        (date(2018, 9, 6), 2),
        (date(2018, 10, 4), 2),
        (date(2018, 11, 1), 2),
        (date(2018, 11, 29), 0),
        (date(2019, 1, 10), 2),
        (date(2019, 2, 28), 1),
        (date(2019, 4, 4), 1),
        (None, 7),
    ]
    assert programme.groups[-1].timing == TimingNote.TO_BE_DETERMINED
    assert programme.problems == []
    assert len(programme.entries) == 23


def test_the_fixture_keeps_every_cell_as_written():
    entry = parse_rows(fixture_rows(), 2018).groups[1].entries[2]
    assert entry.title == "Improvement Board 4 th July Update Report"
    assert entry.lead == "John Gregg Sonia Watson Cllr Seaman"
    assert entry.detail == "A regular progress report from the Improvement Board"
    assert entry.row == 7  # line 1 is the header; June is lines 2-4, July 5-7


def test_the_header_repeated_where_a_page_broke_continues_the_group():
    last = parse_rows(fixture_rows(), 2018).groups[-1]
    assert [entry.title for entry in last.entries][1:3] == [
        "Home to School Transport",
        "Review of Libraries",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21st June 2018", date(2018, 6, 21)),
        ("18 June 2015", date(2015, 6, 18)),
        ("4 th July", date(2018, 7, 4)),
        ("10th January", date(2019, 1, 10)),
        ("6th September, 2018", date(2018, 9, 6)),
        ("1 Nov 2018", date(2018, 11, 1)),
    ],
)
def test_dates_as_councils_write_them(text, expected):
    assert parse_date_cell(text, 2018).day == expected


@pytest.mark.parametrize(
    ("text", "timing"),
    [
        ("Date to be determined", TimingNote.TO_BE_DETERMINED),
        ("Date to be decided", TimingNote.TO_BE_DETERMINED),
        ("Next Municipal Year 16/17", TimingNote.NEXT_MUNICIPAL_YEAR),
    ],
)
def test_no_date_yet(text, timing):
    assert parse_date_cell(text, 2015).timing == timing


def test_a_venue_note_after_the_date():
    group = parse_date_cell("5 November 2015 – to take place at the Central Library", 2015)
    assert (group.day, group.venue) == (date(2015, 11, 5), "the Central Library")


@pytest.mark.parametrize("text", ["31st June 2018", "Thursday", "21st Juno 2018"])
def test_unreadable_dates_say_why(text):
    assert isinstance(parse_date_cell(text, 2018), str)


def test_a_table_without_a_header_is_not_a_work_programme():
    with pytest.raises(NotAWorkProgramme, match="header row"):
        parse_rows([["21st June 2018", "Fostering"]], 2018)
