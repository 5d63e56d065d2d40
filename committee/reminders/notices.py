"""Tell people at once what just happened that concerns them.

A lead officer asked for a paper gets the request as the asking commits; one
who sends a paper gets a receipt (copied to the clerk), and hears when it is
cleared; members, substitutes and lead officers hear when their meeting moves,
changes place, is cancelled or reinstated. Each message is written to the
outbox in the same transaction as the change, under a key that makes it happen
once, and delivered after the commit (committee.reminders.init_app). The
reminders that follow a request are the sweep's (committee.reminders.sweep).
"""

from datetime import datetime

from sqlmodel import Session, col, select

from committee import formatting
from committee.committees.models import Committee
from committee.db import base_url_of
from committee.meetings.models import Meeting, MeetingStatus
from committee.meetings.queries import (
    meeting_deadlines,
    members_on_the_day,
    substitutes_at,
)
from committee.meetings.signals import MeetingChange, meeting_changed
from committee.notifications.compose import Rendered
from committee.notifications.models import MessageKind
from committee.notifications.outbox import Slot, enqueue, record_skipped
from committee.papers.models import (
    PAPER_KIND_LABELS,
    Paper,
    PaperKind,
    PaperStatus,
    kinds_in_words,
)
from committee.people.actors import SystemActor
from committee.people.models import Person
from committee.reminders import messages
from committee.reminders.chain import Reminder
from committee.work_programme.models import EntryLeadOfficer, WorkProgrammeEntry
from committee.work_programme.queries import lead_officers_of
from committee.work_programme.signals import PaperMove, PaperStep, papers_moved

NO_ADDRESS = "no lead officer with an email address is linked to the item"


def _clerk(session: Session, committee: Committee) -> Person | None:
    if committee.governance_officer_id is None:
        return None
    return session.get(Person, committee.governance_officer_id)


def _send(
    session: Session,
    slot: Slot,
    rendered: Rendered,
    to: list[str],
    *,
    cc: list[str] | None = None,
    stale_at: datetime | None = None,
    nobody: str = NO_ADDRESS,
) -> None:
    """Queue the message, or record why it went to nobody."""
    if not to:
        record_skipped(session, slot, reason=nobody)
        return
    enqueue(session, slot, stale_at=stale_at, rendered=rendered, to=to, cc=cc)


@papers_moved.connect
def tell_about_papers(move: PaperMove) -> None:
    """Ask for papers, acknowledge one received, say one is cleared: to the lead officers."""
    session, entry = move.session, move.entry
    meeting = session.get(Meeting, entry.meeting_id) if entry.meeting_id else None
    committee = session.get(Committee, entry.committee_id)
    if meeting is None or committee is None:
        return
    schedule = meeting_deadlines(session, meeting)
    leads = lead_officers_of(session, entry)
    to = [person.email for person in leads if person.email]
    clerk = _clerk(session, committee)
    base_url = base_url_of(session)
    link = f"{base_url}/entries/{entry.id}"
    if move.step in (PaperStep.ASKED, PaperStep.ADDED):
        if move.step == PaperStep.ASKED and isinstance(move.actor, SystemActor):
            return  # the sweep opened the window: its own chain sends the request, or after
            # downtime only the latest useful reminder, in the same run
        # The request is the head of the item's reminder chain, under the chain's key: the
        # sweep then sends it only if this was missed. A kind added later is asked for alone.
        request = Reminder(MessageKind.WINDOW_OPENED, move.at, schedule.draft, schedule.draft)
        key = request.key(entry.id)
        if move.step == PaperStep.ADDED:
            key += ":" + ",".join(move.kinds)
        slot = Slot(
            key,
            MessageKind.WINDOW_OPENED,
            move.at,
            entry_id=entry.id,
            meeting_id=meeting.id,
            committee_id=committee.id,
            deadline=schedule.draft,
        )
        rendered = messages.paper_message(
            MessageKind.WINDOW_OPENED,
            entry=entry,
            committee=committee,
            meeting=meeting,
            schedule=schedule,
            leads=leads,
            contact=clerk,
            base_url=base_url,
            kinds=list(move.kinds),
        )
        _send(session, slot, rendered, to, stale_at=request.stale_at)
        return
    (kind,) = move.kinds
    label = PAPER_KIND_LABELS[PaperKind(kind)]
    if move.step == PaperStep.RECEIVED:
        subject = f"Received: {label.lower()} for {entry.title}"
        kind_of_message = MessageKind.PAPER_RECEIVED
        template = "paper_received"
        cc = [clerk.email] if clerk and clerk.email and clerk.email not in to else []
    else:
        subject = f"Cleared for the agenda: {label.lower()} for {entry.title}"
        kind_of_message = MessageKind.PAPER_CLEARED
        template = "paper_cleared"
        cc = []
    rendered = messages.render(
        template,
        subject,
        entry=entry,
        committee=committee,
        meeting=meeting,
        schedule=schedule,
        label=label,
        at=move.at,
        lateness=_lateness(move.at, schedule.draft),
        still_needed=kinds_in_words(
            [k for k in entry.needed_kinds if k != kind and not _cleared(session, entry, k)]
        ),
        contact=clerk,
        link=link,
    )
    slot = Slot(
        f"{kind_of_message}:version-{move.version_id}",
        kind_of_message,
        move.at,
        entry_id=entry.id,
        meeting_id=meeting.id,
        committee_id=committee.id,
    )
    _send(session, slot, rendered, to, cc=cc)


def _cleared(session: Session, entry: WorkProgrammeEntry, kind: str) -> bool:
    return (
        session.exec(
            select(Paper.id).where(
                Paper.entry_id == entry.id,
                Paper.kind == kind,
                Paper.status == PaperStatus.CLEARED.value,
            )
        ).first()
        is not None
    )


def _lateness(at: datetime, deadline: datetime) -> str:
    """ "on time" or "2 days after the deadline", as a receipt says it."""
    if at <= deadline:
        return "on time"
    hours = (at - deadline).total_seconds() / 3600
    if hours < 24:
        amount = max(1, int(hours))
        return f"{amount} hour{'s' if amount != 1 else ''} after the deadline"
    days = int(hours // 24)
    return f"{days} day{'s' if days != 1 else ''} after the deadline"


@meeting_changed.connect
def tell_about_meeting(change: MeetingChange) -> None:
    """One message to each member, substitute and lead officer with an item on the meeting,
    saying what changed from what to what."""
    session, meeting = change.session, change.meeting
    committee = session.get(Committee, meeting.committee_id)
    if committee is None or change.previous_start <= change.at:
        return  # a meeting already under way is not moved or cancelled (the agenda refuses)
    people: dict[int, Person] = {
        person.id: person for person in members_on_the_day(session, meeting)
    }
    people |= {view.person.id: view.person for view in substitutes_at(session, meeting)}
    entry_ids = [entry_id for entry_id, _ in change.business]
    for person in session.exec(
        select(Person)
        .join(EntryLeadOfficer, col(EntryLeadOfficer.person_id) == Person.id)
        .where(col(EntryLeadOfficer.entry_id).in_(entry_ids))
    ):
        people[person.id] = person
    lines = []
    if "time" in change.changes:
        lines.append(
            f"Time: {formatting.meeting_when(meeting.start)} "
            f"(was {formatting.meeting_when(change.previous_start)})"
        )
    if "venue" in change.changes:
        lines.append(
            f"Place: {meeting.venue or 'to be confirmed'} (was {change.previous_venue or 'to be confirmed'})"
        )
    cancelled = "status" in change.changes and meeting.status == MeetingStatus.CANCELLED
    reinstated = "status" in change.changes and meeting.status == MeetingStatus.SCHEDULED
    when = formatting.short_date(change.previous_start)
    if cancelled:
        subject = f"Cancelled: {committee.name} on {when}"
    elif reinstated:
        subject = f"Reinstated: {committee.name} on {formatting.short_date(meeting.start)}"
    elif "time" in change.changes:
        subject = f"Moved: {committee.name} of {when}"
    else:
        subject = f"Place changed: {committee.name} on {when}"
    base_url = base_url_of(session)
    for person in sorted(people.values(), key=lambda p: p.name):
        rendered = messages.render(
            "meeting_changed",
            subject,
            person=person,
            committee=committee,
            meeting=meeting,
            previous_start=change.previous_start,
            lines=lines,
            cancelled=cancelled,
            reinstated=reinstated,
            returned=[title for _, title in change.business] if cancelled else [],
            link=f"{base_url}/meetings/{meeting.id}",
        )
        slot = Slot(
            f"{MessageKind.MEETING_CHANGED}:meeting-{meeting.id}:person-{person.id}:"
            f"{change.at.isoformat()}",
            MessageKind.MEETING_CHANGED,
            change.at,
            meeting_id=meeting.id,
            person_id=person.id,
            committee_id=committee.id,
        )
        _send(
            session,
            slot,
            rendered,
            [person.email] if person.email else [],
            nobody=f"{person.name} has no email address",
        )
