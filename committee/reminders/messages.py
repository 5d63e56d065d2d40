"""The reminders' messages: a lead officer's paper chain, publication day, the daily digest."""

from collections.abc import Sequence
from datetime import date

from committee import formatting
from committee.committees.models import Committee
from committee.deadlines.calendar import DeadlineSchedule
from committee.meetings.models import Meeting
from committee.notifications.compose import Rendered, render_email
from committee.notifications.models import MessageKind, OutboxMessage
from committee.papers.models import kinds_in_words
from committee.people.models import Person
from committee.reminders.outstanding import Outstanding
from committee.work_programme.models import WorkProgrammeEntry

PAPER_SUBJECTS = {
    MessageKind.WINDOW_OPENED: "{needed} needed: {title}, {committee} on {meeting_day}",
    MessageKind.DRAFT_REMINDER: "Reminder: draft of {title} due {draft_day}",
    MessageKind.DRAFT_DUE_TODAY: "Due today at {draft_time}: draft of {title}",
    MessageKind.DRAFT_OVERDUE: "Overdue: draft of {title} (was due {draft_day})",
}


def render(name: str, subject: str, **context: object) -> Rendered:
    """Render one of the reminders' messages (templates/emails/`name`.txt and .html)."""
    return render_email(__package__, name, subject, **context)


def paper_message(
    kind: MessageKind,
    *,
    entry: WorkProgrammeEntry,
    committee: Committee,
    meeting: Meeting,
    schedule: DeadlineSchedule,
    leads: list[Person],
    contact: Person | None,
    base_url: str,
    kinds: Sequence[str] | None = None,
) -> Rendered:
    """A lead officer's message about the papers an item needs (`kinds`: those asked for now;
    else every kind it needs)."""
    asked = list(kinds) if kinds is not None else list(entry.needed_kinds)
    needed = kinds_in_words(asked)
    subject = PAPER_SUBJECTS[kind].format(
        needed=needed[2:].capitalize() if needed.startswith("a ") else needed.capitalize(),
        title=entry.title,
        committee=committee.name,
        meeting_day=formatting.short_date(meeting.start),
        draft_day=formatting.short_date(schedule.draft),
        draft_time=formatting.clock_time(schedule.draft),
    )
    return render(
        "paper",
        subject,
        kind=str(kind),
        entry=entry,
        committee=committee,
        meeting=meeting,
        schedule=schedule,
        leads=leads,
        contact=contact,
        link=f"{base_url}/entries/{entry.id}",
        needed=needed,
    )


def publication_message(
    *,
    committee: Committee,
    meeting: Meeting,
    schedule: DeadlineSchedule,
    items: list[tuple[WorkProgrammeEntry, str]],
    base_url: str,
) -> Rendered:
    """Remind governance to publish an agenda today; items come with their papers' status."""
    subject = (
        f"Publish today: agenda for {committee.name} on {formatting.short_date(meeting.start)}"
    )
    return render(
        "publication_day",
        subject,
        committee=committee,
        meeting=meeting,
        schedule=schedule,
        items=items,
        link=f"{base_url}/meetings/{meeting.id}",
    )


def digest_message(
    *,
    person: Person,
    day: date,
    outstanding: Outstanding,
    failures: list[OutboxMessage],
    base_url: str,
) -> Rendered:
    """A governance officer's morning digest: what their /home shows outstanding, and the
    messages that could not be sent."""
    subject = f"Committee business for {formatting.long_date(day)}"
    return render(
        "digest",
        subject,
        person=person,
        day=day,
        agendas=outstanding.agendas,
        papers=outstanding.papers,
        unscheduled=outstanding.unscheduled,
        failures=failures,
        base_url=base_url,
    )
