"""The sweep: what should have happened by now? Do it, once.

Run every few minutes by the scheduler, and after downtime: it opens paper
windows whose day has come, queues the messages now due (or records why one
is not sent), and never repeats itself: the outbox key of each message is
unique, so two sweeps at once, or one run twice, queue each message once.
It works in the caller's transaction; delivery happens after the commit.
"""

import logging
from collections import defaultdict
from collections.abc import Collection, Hashable, Set
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from committee.agenda.models import Agenda
from committee.agenda.operations import hold_started_meetings
from committee.committees.models import Committee
from committee.db import AFTER_COMMIT_KEY, Database
from committee.deadlines.calendar import CLEAR_WORKING_DAYS_BEFORE_MEETING, DeadlineSchedule
from committee.deadlines.queries import working_calendar
from committee.decisions.operations import end_call_in_periods
from committee.meetings.models import Meeting, MeetingStatus
from committee.meetings.queries import Schedules, meeting_deadlines
from committee.notifications.models import MessageKind, OutboxMessage
from committee.notifications.outbox import Slot, enqueue, existing_keys, record_skipped
from committee.notifications.queries import failed_messages
from committee.papers.models import PAPER_KIND_LABELS, Paper, PaperKind, Readiness
from committee.people.actors import SYSTEM
from committee.people.models import Person
from committee.people.permissions import clerks_by_committee
from committee.recommendations.operations import remind_due_recommendations
from committee.reminders import messages
from committee.reminders.chain import (
    DIGEST_LOOKAHEAD_WORKING_DAYS,
    Reminder,
    decide,
    due_by,
    end_of,
    morning_of,
    paper_chain,
)
from committee.reminders.queries import HORIZON_SLACK_DAYS, outstanding, paper_horizon
from committee.timeutil import to_london, utcnow
from committee.work_programme.lifecycle import fire_event_on_each
from committee.work_programme.models import EntryLeadOfficer, WorkProgrammeEntry
from committee.work_programme.queries import papers_by_entry
from workflows.agenda import AgendaState
from workflows.agenda import events_from as agenda_events_from
from workflows.entry import AWAITING_WINDOW, OWING_PAPERS, WINDOW_OPEN, state_in_words

logger = logging.getLogger(__name__)

HOLDABLE = sorted(state for state in AgendaState if "hold" in agenda_events_from(state))

PAPER_CHAIN = frozenset(
    {
        MessageKind.WINDOW_OPENED,
        MessageKind.DRAFT_REMINDER,
        MessageKind.DRAFT_DUE_TODAY,
        MessageKind.DRAFT_OVERDUE,
    }
)


@dataclass(frozen=True)
class _Sitting:
    """A meeting's committee and start, all its deadlines need."""

    committee_id: int
    start: datetime


@dataclass
class SweepReport:
    meetings_held: int = 0
    windows_opened: int = 0
    queued: int = 0
    skipped: int = 0
    decisions_in_effect: int = 0  # call-in periods over
    notes: list[str] = field(default_factory=list)


class _Sweep:
    def __init__(
        self,
        session: Session,
        now: datetime,
        base_url: str,
        meeting_ids: Collection[int] | None = None,
    ) -> None:
        self.session = session
        self.meeting_ids = meeting_ids  # only these meetings' items, or every meeting's
        self.now = now
        self.today = to_london(now).date()
        self.base_url = base_url
        self.calendar = working_calendar(session)
        self.report = SweepReport()
        self._schedules: dict[int, DeadlineSchedule] = {}
        self._chains: dict[int, list[Reminder]] = {}
        self._committees: dict[int, Committee] = {}

    @cached_property
    def schedules(self) -> Schedules:
        """Every committee's deadline settings, read once for the sweep."""
        return Schedules(self.session)

    def schedule(self, meeting: Meeting) -> DeadlineSchedule:
        assert meeting.id is not None
        return self._schedule_for(meeting.id, meeting.committee_id, meeting.start)

    def _schedule_for(
        self, meeting_id: int, committee_id: int, start: datetime
    ) -> DeadlineSchedule:
        """A meeting's deadlines, worked out once a sweep, from its committee and start alone."""
        if meeting_id not in self._schedules:
            self._schedules[meeting_id] = self.schedules.of(_Sitting(committee_id, start))
        return self._schedules[meeting_id]

    def committee(self, committee_id: int) -> Committee:
        if committee_id not in self._committees:
            found = self.session.get(Committee, committee_id)
            assert found is not None
            self._committees[committee_id] = found
        return self._committees[committee_id]

    @cached_property
    def horizon(self) -> datetime:
        """How far ahead a meeting can be and still have a paper window open or opening (read once)."""
        return paper_horizon(self.session, self.now)

    def _upcoming_conditions(self, states: Set[str]) -> list[ColumnElement[bool]]:
        """Items in these states on coming, uncancelled meetings within the sweep's horizon."""
        return [
            col(WorkProgrammeEntry.state).in_(states),
            col(Meeting.status) == MeetingStatus.SCHEDULED.value,
            col(Meeting.start) > self.now,
            col(Meeting.start) <= self.horizon,
            *([col(Meeting.id).in_(self.meeting_ids)] if self.meeting_ids is not None else []),
        ]

    def upcoming(self, states: Set[str]) -> list[tuple[WorkProgrammeEntry, Meeting]]:
        rows = self.session.exec(
            select(WorkProgrammeEntry, Meeting)
            .join(Meeting, col(Meeting.id) == WorkProgrammeEntry.meeting_id)
            .where(*self._upcoming_conditions(states))
            .order_by(col(Meeting.start), col(WorkProgrammeEntry.id))
        )
        return list(rows.all())

    def _chain_for(self, meeting_id: int, committee_id: int, start: datetime) -> list[Reminder]:
        """The meeting's chain of paper messages: the same for every item on it."""
        if meeting_id not in self._chains:
            self._chains[meeting_id] = paper_chain(
                self._schedule_for(meeting_id, committee_id, start), self.calendar, start
            )
        return self._chains[meeting_id]

    # 0. The meetings that have started are held: their agendas say so.

    def hold_started_meetings(self) -> None:
        started = self.session.exec(
            select(Meeting)
            .outerjoin(Agenda, col(Agenda.meeting_id) == Meeting.id)
            .where(
                Meeting.status == MeetingStatus.SCHEDULED.value,
                col(Meeting.start) <= self.now,
                col(Agenda.state).is_(None) | col(Agenda.state).in_(HOLDABLE),
            )
            .order_by(col(Meeting.start))
        ).all()
        self.report.meetings_held += hold_started_meetings(self.session, started, self.now)

    # 1. Open the paper windows whose day has come.

    def open_windows(self) -> None:
        # Only the ids and the meetings' days: most items wait for a window not yet open.
        waiting = self.session.exec(
            select(WorkProgrammeEntry.id, Meeting.id, Meeting.committee_id, Meeting.start)
            .join(Meeting, col(Meeting.id) == WorkProgrammeEntry.meeting_id)
            .where(*self._upcoming_conditions(AWAITING_WINDOW))
            .order_by(col(Meeting.start), col(WorkProgrammeEntry.id))
        ).all()
        due = [
            entry_id
            for entry_id, meeting_id, committee_id, start in waiting
            if self._schedule_for(meeting_id, committee_id, start).briefing_opens <= self.today
        ]
        if due:
            # One event for all: an item someone else moved meanwhile is refused alone, unchanged.
            fired = fire_event_on_each(
                self.session, actor=SYSTEM, entry_ids=due, event="open_briefing"
            )
            self.report.windows_opened += len(fired.moved)

    # 2. The lead officers' messages about their papers.

    def paper_messages(self) -> None:
        # Decide on ids and days alone; load whole items only for those with something to do
        # (none, most sweeps: every message due has been queued or recorded already).
        light = self.session.exec(
            select(WorkProgrammeEntry.id, Meeting.id, Meeting.committee_id, Meeting.start)
            .join(Meeting, col(Meeting.id) == WorkProgrammeEntry.meeting_id)
            .where(*self._upcoming_conditions(WINDOW_OPEN))
        ).all()
        # Which messages are due does not depend on the papers, only whether each is sent:
        # the papers are read only for items with a message due and not yet decided.
        chains = {
            entry_id: self._chain_for(meeting_id, committee_id, start)
            for entry_id, meeting_id, committee_id, start in light
        }
        due = {
            entry_id: reminders
            for entry_id, chain in chains.items()
            if (reminders := due_by(chain, self.now))
        }
        if not due:
            return
        # Every key of these items' chains is theirs: read them by item (an index), not by key.
        done = set(
            self.session.exec(
                select(OutboxMessage.key).where(
                    col(OutboxMessage.entry_id).in_(list(due)),
                    col(OutboxMessage.kind).in_(sorted(PAPER_CHAIN)),
                )
            )
        )
        to_do = [
            entry_id
            for entry_id, reminders in due.items()
            if any(reminder.key(entry_id) not in done for reminder in reminders)
        ]
        if not to_do:
            return
        received = {
            entry_id
            for entry_id, papers in papers_by_entry(self.session, to_do).items()
            if papers.readiness != Readiness.AWAITED
        }
        decided = {
            entry_id: decide(chains[entry_id], self.now, paper_received=entry_id in received)
            for entry_id in to_do
        }
        rows = self.session.exec(
            select(WorkProgrammeEntry, Meeting)
            .join(Meeting, col(Meeting.id) == WorkProgrammeEntry.meeting_id)
            .where(col(WorkProgrammeEntry.id).in_(to_do))
            .order_by(col(Meeting.start), col(WorkProgrammeEntry.id))
        ).all()
        entry_ids = [entry.id for entry, _ in rows]
        leads: dict[int, list[Person]] = defaultdict(list)
        for entry_id, person in self.session.exec(
            select(EntryLeadOfficer.entry_id, Person)
            .join(Person, col(Person.id) == EntryLeadOfficer.person_id)
            .where(col(EntryLeadOfficer.entry_id).in_(entry_ids))
            .order_by(Person.name)
        ):
            leads[entry_id].append(person)
        for entry, meeting in rows:
            schedule = self.schedule(meeting)
            for decision in decided[entry.id]:
                reminder = decision.reminder
                key = reminder.key(entry.id)
                if key in done:
                    continue
                slot = Slot(
                    key,
                    reminder.kind,
                    reminder.due_at,
                    entry_id=entry.id,
                    meeting_id=meeting.id,
                    committee_id=meeting.committee_id,
                    deadline=reminder.deadline,
                )
                addresses = [person.email for person in leads[entry.id] if person.email]
                if decision.send and not addresses:
                    decision_reason = "no lead officer with an email address is linked to the item"
                    self._skip(slot, decision_reason)
                elif not decision.send:
                    self._skip(slot, decision.reason)
                else:
                    committee = self.committee(entry.committee_id)
                    contact = (
                        self.session.get(Person, committee.governance_officer_id)
                        if committee.governance_officer_id
                        else None
                    )
                    cc = (
                        [contact.email]
                        if reminder.kind == MessageKind.DRAFT_OVERDUE and contact and contact.email
                        else []
                    )
                    rendered = messages.paper_message(
                        reminder.kind,
                        entry=entry,
                        committee=committee,
                        meeting=meeting,
                        schedule=schedule,
                        leads=leads[entry.id],
                        contact=contact,
                        base_url=self.base_url,
                    )
                    if enqueue(
                        self.session,
                        slot,
                        stale_at=reminder.stale_at,
                        rendered=rendered,
                        to=addresses,
                        cc=cc,
                    ):
                        self.report.queued += 1

    def _skip(self, slot: Slot, reason: str) -> None:
        if record_skipped(self.session, slot, reason=reason):
            self.report.skipped += 1

    # 3. Governance officers: the publication-day reminder and the morning digest.

    def recommendation_reminders(self) -> None:
        """Remind whoever owes a response to a recommendation, on the morning it falls due."""
        if self.now >= morning_of(self.today):
            self.report.queued += remind_due_recommendations(
                self.session, now=self.now, base_url=self.base_url
            )

    def governance_people(self) -> dict[int, list[Person]]:
        """Return the governance officers (with an email address) of each committee."""
        return clerks_by_committee(self.session)

    def publication_reminders(self, officers: dict[int, list[Person]]) -> None:
        if self.now < morning_of(self.today):
            return
        meetings = self.session.exec(
            select(Meeting).where(
                Meeting.status == MeetingStatus.SCHEDULED.value,
                col(Meeting.start) > self.now,
                col(Meeting.start)
                <= self.now
                + timedelta(
                    days=(CLEAR_WORKING_DAYS_BEFORE_MEETING + 1) * 7 // 5 + HORIZON_SLACK_DAYS
                ),
            )
        ).all()
        due = [meeting for meeting in meetings if self.schedule(meeting).publication == self.today]
        keys = {
            meeting.id: f"{MessageKind.PUBLICATION_DAY}:meeting-{meeting.id}:{self.today.isoformat()}"
            for meeting in due
        }
        done = existing_keys(self.session, keys.values())
        for meeting in due:
            key = keys[meeting.id]
            if key in done:
                continue
            morning = morning_of(self.today)
            slot = Slot(
                key,
                MessageKind.PUBLICATION_DAY,
                morning,
                meeting_id=meeting.id,
                committee_id=meeting.committee_id,
                deadline=morning,
            )
            addresses = [person.email for person in officers[meeting.committee_id] if person.email]
            if not addresses:
                self._skip(slot, "the committee has no governance officer with an email address")
                continue
            items = [
                (entry, self._papers_summary(entry))
                for entry in self.session.exec(
                    select(WorkProgrammeEntry)
                    .where(WorkProgrammeEntry.meeting_id == meeting.id)
                    .order_by(col(WorkProgrammeEntry.id))
                )
            ]
            rendered = messages.publication_message(
                committee=self.committee(meeting.committee_id),
                meeting=meeting,
                schedule=self.schedule(meeting),
                items=items,
                base_url=self.base_url,
            )
            if enqueue(
                self.session, slot, stale_at=end_of(self.today), rendered=rendered, to=addresses
            ):
                self.report.queued += 1

    def _papers_summary(self, entry: WorkProgrammeEntry) -> str:
        statuses = [
            f"{PAPER_KIND_LABELS[PaperKind(kind)].lower()} {status.replace('_', ' ')}"
            for kind, status in self.session.exec(
                select(Paper.kind, Paper.status)
                .where(Paper.entry_id == entry.id)
                .order_by(Paper.kind)
            )
        ]
        return "; ".join(statuses) or "no paper asked for yet"

    def digests(self, officers: dict[int, list[Person]]) -> None:
        if not self.calendar.is_working_day(self.today) or self.now < morning_of(self.today):
            return
        people: dict[int, Person] = {}
        committees_of: dict[int, list[int]] = defaultdict(list)
        for committee_id, members in officers.items():
            for person in members:
                people[person.id] = person
                committees_of[person.id].append(committee_id)
        keys = {
            person_id: f"{MessageKind.DIGEST}:person-{person_id}:{self.today.isoformat()}"
            for person_id in people
        }
        done = existing_keys(self.session, keys.values())
        waiting = [person_id for person_id in people if keys[person_id] not in done]
        if not waiting:
            return
        content = outstanding(
            self.session,
            {c for person_id in waiting for c in committees_of[person_id]},
            now=self.now,
            agendas_ahead_working_days=DIGEST_LOOKAHEAD_WORKING_DAYS,
        )
        for person_id in waiting:
            person = people[person_id]
            if person.email is None:  # clerks_by_committee gives only those with an address
                continue
            theirs = content.of_committees(set(committees_of[person_id]))
            failures = [
                message
                for message in failed_messages(self.session, person)
                if message.stale_at is None or message.stale_at > self.now  # still worth sending
            ]
            slot = Slot(
                keys[person_id], MessageKind.DIGEST, morning_of(self.today), person_id=person_id
            )
            if not (theirs or failures):
                self._skip(slot, "nothing to report")
                continue
            rendered = messages.digest_message(
                person=person,
                day=self.today,
                outstanding=theirs,
                failures=failures,
                base_url=self.base_url,
            )
            if enqueue(
                self.session,
                slot,
                stale_at=end_of(self.today),
                rendered=rendered,
                to=[person.email],
            ):
                self.report.queued += 1


def sweep(
    session: Session,
    *,
    base_url: str,
    now: datetime | None = None,
    meeting_ids: Collection[int] | None = None,
) -> SweepReport:
    """Do what should have happened by now, each thing once; flush, never commit.

    With `meeting_ids`, only those meetings' paper windows and lead officers'
    messages: what an event on their items may have made due at once.
    """
    run = _Sweep(session, now or utcnow(), base_url, meeting_ids)
    if meeting_ids is None:
        run.hold_started_meetings()
    run.open_windows()
    run.paper_messages()
    if meeting_ids is None:
        run.report.decisions_in_effect = end_call_in_periods(session, on=run.today)
        officers = run.governance_people()
        run.publication_reminders(officers)
        run.digests(officers)
        run.recommendation_reminders()
    session.flush()
    return run.report


def sweep_changed_meetings(database: Database, base_url: str, meeting_ids: set[Hashable]) -> None:
    """After a commit that moved items, sweep their meetings at once (not at the next sweep).

    Its messages wait in the outbox for the scheduler's delivery, within a minute.
    """
    with database.transaction() as session:
        report = sweep(session, base_url=base_url, meeting_ids=[int(str(m)) for m in meeting_ids])
        # Windows this sweep opened moved items too: they are swept already.
        session.info.pop(AFTER_COMMIT_KEY, None)
    if report.queued or report.windows_opened:
        logger.info(
            "Swept meetings %s after a change: %d windows opened, %d messages queued.",
            sorted(meeting_ids, key=str),
            report.windows_opened,
            report.queued,
        )


def still_relevant(session: Session, message: OutboxMessage, now: datetime) -> str | None:
    """Say why a queued message should no longer go out, or None if it still should.

    Checked just before sending: a meeting may have been cancelled or moved, or
    the paper received, since the message was queued.
    """
    if message.stale_at is not None and now >= message.stale_at:
        return "too late to be useful by the time it could be sent"
    if message.kind in PAPER_CHAIN:
        entry = session.get(WorkProgrammeEntry, message.entry_id) if message.entry_id else None
        if entry is None or entry.state not in WINDOW_OPEN:
            return f"the item is now {state_in_words(entry.state).lower() if entry else 'gone'}"
        meeting = session.get(Meeting, entry.meeting_id) if entry.meeting_id else None
        if meeting is None or meeting.id != message.meeting_id:
            return "the item moved to another meeting"
        if meeting.is_cancelled:
            return "the meeting was cancelled"
        if meeting_deadlines(session, meeting).draft != message.deadline:
            return "the deadline moved"
        if papers_by_entry(session, [entry.id])[entry.id].readiness != Readiness.AWAITED:
            return "the papers have been received"
    if message.kind == MessageKind.PUBLICATION_DAY:
        meeting = session.get(Meeting, message.meeting_id) if message.meeting_id else None
        if meeting is None or meeting.is_cancelled:
            return "the meeting was cancelled"
        if (
            message.deadline is None
            or meeting_deadlines(session, meeting).publication != to_london(message.deadline).date()
        ):
            return "the publication day moved"
    return None


def upcoming_reminder_times(session: Session, now: datetime) -> dict[int, list[datetime]]:
    """Return, per upcoming meeting, the moments its messages fall due (for exact-time jobs)."""
    run = _Sweep(session, now, base_url="")
    times: dict[int, set[datetime]] = defaultdict(set)
    for _entry, meeting in run.upcoming(OWING_PAPERS):
        schedule = run.schedule(meeting)
        for reminder in paper_chain(schedule, run.calendar, meeting.start):
            if reminder.due_at > now:
                times[meeting.id].add(reminder.due_at)
        publication_morning = morning_of(schedule.publication)
        if publication_morning > now:
            times[meeting.id].add(publication_morning)
    return {meeting_id: sorted(moments) for meeting_id, moments in times.items()}
