"""The chain of a lead officer's messages: when each is due, superseded or too late."""

from datetime import date, datetime

import pytest

from committee.deadlines.calendar import WorkingCalendar, deadline_schedule
from committee.notifications.models import MessageKind
from committee.reminders.chain import decide, paper_chain
from committee.timeutil import LONDON

MEETING = datetime(2018, 9, 6, 14, 0, tzinfo=LONDON)
CHAIN = paper_chain(
    deadline_schedule(date(2018, 9, 6), WorkingCalendar()), WorkingCalendar(), MEETING
)


def at(day: int, hour: int, minute: int = 0, month: int = 8) -> datetime:
    return datetime(2018, month, day, hour, minute, tzinfo=LONDON)


def test_the_chain_for_the_seed_meeting():
    # Draft due 10.00 on Tue 21 Aug 2018; the window opened on Tue 7 Aug.
    assert [(r.kind, r.due_at, r.stale_at) for r in CHAIN] == [
        (MessageKind.WINDOW_OPENED, at(7, 9), at(21, 10)),
        (MessageKind.DRAFT_REMINDER, at(16, 9), at(21, 9)),  # 3 working days before: 20, 17, 16
        (MessageKind.DRAFT_DUE_TODAY, at(21, 9), at(21, 10)),
        (MessageKind.DRAFT_OVERDUE, at(22, 9), MEETING),
    ]
    assert {r.deadline for r in CHAIN} == {at(21, 10)}


def test_the_overdue_notice_skips_a_bank_holiday():
    # Meeting Tue 11 Sep 2018: publication Mon 3 Sep (10, 7, 6, 5, 4, 3); the draft is due five
    # working days before that, Fri 24 Aug (31, 30, 29, 28, 24: the 27th is a bank holiday).
    # The working day after a missed deadline is then Tue 28 Aug.
    schedule = deadline_schedule(date(2018, 9, 11), WorkingCalendar())
    assert schedule.publication == date(2018, 9, 3)
    assert schedule.draft == at(24, 10)
    chain = paper_chain(schedule, WorkingCalendar(), datetime(2018, 9, 11, 14, tzinfo=LONDON))
    assert chain[-1].due_at == at(28, 9)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(7, 8, 59), []),
        (at(7, 9), [("window_opened", True, "")]),
        (
            at(17, 12),
            [
                ("window_opened", False, "superseded by the draft reminder message"),
                ("draft_reminder", True, ""),
            ],
        ),
        (
            at(21, 9, 30),
            [
                ("window_opened", False, "superseded by the draft due today message"),
                ("draft_reminder", False, "superseded by the draft due today message"),
                ("draft_due_today", True, ""),
            ],
        ),
        (
            at(21, 10, 30),
            [
                ("window_opened", False, "superseded by the draft due today message"),
                ("draft_reminder", False, "superseded by the draft due today message"),
                (
                    "draft_due_today",
                    False,
                    "too late to be useful: it was due at 09:00 on 21 August 2018",
                ),
            ],
        ),
        (
            at(22, 9),
            [
                ("window_opened", False, "superseded by the draft overdue message"),
                ("draft_reminder", False, "superseded by the draft overdue message"),
                ("draft_due_today", False, "superseded by the draft overdue message"),
                ("draft_overdue", True, ""),
            ],
        ),
    ],
)
def test_decisions_over_time(now, expected):
    decisions = decide(CHAIN, now, paper_received=False)
    assert [(str(d.reminder.kind), d.send, d.reason) for d in decisions] == expected


def test_nothing_is_sent_once_the_paper_is_in():
    decisions = decide(CHAIN, at(16, 9, 30), paper_received=True)
    assert [(d.send, d.reason) for d in decisions][-1] == (False, "the paper had been received")
