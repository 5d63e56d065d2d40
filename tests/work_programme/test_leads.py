"""Telling cabinet members and officers apart in "John Gregg Sonia Watson Cllr Seaman"."""

from committee.work_programme.leads import (
    KnownPerson,
    cabinet_members_in,
    officers_text,
    people_named_in,
)

PEOPLE = [
    KnownPerson(1, "John Gregg"),
    KnownPerson(2, "Sonia Watson"),
    KnownPerson(3, "Kirston Nelson"),
    KnownPerson(4, "Sara Mills"),
]


def test_cabinet_members_are_the_cllrs():
    assert cabinet_members_in("John Gregg Sonia Watson Cllr Seaman") == ["Cllr Seaman"]
    assert cabinet_members_in("Cllr Maton Jeanette Essex") == ["Cllr Maton"]
    assert cabinet_members_in("Councillor K Maton and Cllr. Seaman") == [
        "Councillor K Maton",
        "Cllr. Seaman",
    ]
    assert cabinet_members_in("Sue Frossell") == []


def test_officers_text_drops_the_cllrs():
    assert officers_text("Cllr Seaman Paul Smith Sarah Mills") == "Paul Smith Sarah Mills"


def test_known_officers_are_matched_in_order_of_mention():
    assert people_named_in("Sonia Watson John Gregg Cllr Seaman", PEOPLE) == [2, 1]


def test_near_misses_are_not_matched():
    # "Sarah Mills" is written where "Sara Mills" is known: kept as text, not guessed.
    assert people_named_in("Cllr Seaman Paul Smith Sarah Mills", PEOPLE) == []
    assert people_named_in("John Greggson", PEOPLE) == []


def test_matching_ignores_case_and_spacing():
    assert people_named_in("kirston  NELSON Cllr Maton", PEOPLE) == [3]
