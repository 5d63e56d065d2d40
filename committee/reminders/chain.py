"""When each message is due, and when it is too late to be useful. Pure: no database.

A lead officer's messages for one item form a chain: the request (sent at once
when the papers are asked for, by a person or by the sweep opening the window:
committee.reminders.notices; the sweep sends it only if that was missed), three
working days before the draft deadline, the deadline day, the working day
after a missed deadline. After downtime only the latest message of the chain
that is due goes out (it says everything the earlier ones would have said);
the earlier ones are recorded as superseded, and one whose moment has passed
as too late. Nothing here sends; the sweep records what it decided.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from committee.deadlines.calendar import DeadlineSchedule, WorkingCalendar
from committee.notifications.models import MessageKind
from committee.timeutil import london_datetime, to_london

REMINDER_TIME = time(9, 0)  # lead officers' messages go out at 09:00 London
MORNING_TIME = time(8, 0)  # governance officers' digest and publication-day reminder
DIGEST_LOOKAHEAD_WORKING_DAYS = 3


@dataclass(frozen=True)
class Reminder:
    kind: MessageKind
    due_at: datetime
    stale_at: datetime  # from then on the message is no use: it is skipped, not sent
    deadline: datetime  # the deadline it is about; a moved deadline is a new message

    def key(self, entry_id: int) -> str:
        return f"{self.kind}:entry-{entry_id}:{self.deadline.isoformat()}"


def paper_chain(
    schedule: DeadlineSchedule, calendar: WorkingCalendar, meeting_start: datetime
) -> list[Reminder]:
    """Return the lead officer's messages for a meeting's draft deadline, in the order they fall due."""
    draft = schedule.draft
    draft_day = to_london(draft).date()
    due_today = min(london_datetime(draft_day, REMINDER_TIME), draft - timedelta(hours=1))
    chain = [
        Reminder(
            MessageKind.WINDOW_OPENED,
            london_datetime(schedule.briefing_opens, REMINDER_TIME),
            draft,
            draft,
        ),
        Reminder(
            MessageKind.DRAFT_REMINDER,
            london_datetime(calendar.working_days_before(draft_day, 3), REMINDER_TIME),
            due_today,
            draft,
        ),
        Reminder(MessageKind.DRAFT_DUE_TODAY, due_today, draft, draft),
        Reminder(
            MessageKind.DRAFT_OVERDUE,
            london_datetime(calendar.working_days_after(draft_day, 1), REMINDER_TIME),
            meeting_start,
            draft,
        ),
    ]
    return sorted(chain, key=lambda reminder: reminder.due_at)


@dataclass(frozen=True)
class Decision:
    reminder: Reminder
    send: bool
    reason: str = ""  # why not, when not sent


def due_by(chain: list[Reminder], now: datetime) -> list[Reminder]:
    """The messages of a chain due by now, each of which is decided once (sent or not)."""
    return [reminder for reminder in chain if reminder.due_at <= now]


def decide(chain: list[Reminder], now: datetime, *, paper_received: bool) -> list[Decision]:
    """Decide, for every message of a chain due by now, whether to send it or why not.

    Messages not yet due are left out: a later sweep decides them.
    """
    due = due_by(chain, now)
    if not due:
        return []
    latest = due[-1]
    decisions = [
        Decision(
            reminder,
            send=False,
            reason=f"superseded by the {latest.kind.replace('_', ' ')} message",
        )
        for reminder in due[:-1]
    ]
    if paper_received:
        decisions.append(Decision(latest, send=False, reason="the paper had been received"))
    elif now >= latest.stale_at:
        when = to_london(latest.due_at)
        decisions.append(
            Decision(
                latest,
                send=False,
                reason=f"too late to be useful: it was due at {when:%H:%M on %d %B %Y}",
            )
        )
    else:
        decisions.append(Decision(latest, send=True))
    return decisions


def morning_of(day: date) -> datetime:
    return london_datetime(day, MORNING_TIME)


def end_of(day: date) -> datetime:
    return london_datetime(day + timedelta(days=1), time(0, 0))
