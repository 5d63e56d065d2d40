"""Writing, publishing and correcting minutes: each checks the actor's role and records what
changed; none commits (the request or job does, then mail goes). Publishing sends the
recommendations they make (committee.recommendations)."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, delete, select
from transitions import EventData, MachineError

from committee.committees.models import Committee
from committee.errors import Conflict, InvalidInput, NotFound
from committee.formatting import long_date
from committee.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from committee.meetings.queries import agenda_of, committee_of
from committee.minutes.models import (
    Attendance,
    Declaration,
    MeetingMinutes,
    Minute,
    MinutesChange,
    Resolution,
)
from committee.minutes.queries import (
    MinuteView,
    first_number_after,
    last_number_before,
    minutes_of,
    minutes_view,
)
from committee.minutes.schemas import (
    AttendanceInput,
    CorrectionInput,
    DeclarationInput,
    MinuteInput,
    MinutesInput,
)
from committee.people.actors import Actor, SystemActor
from committee.people.operations import record_move
from committee.people.permissions import require_governance
from committee.recommendations.operations import owner_for, send_recommendation
from committee.timeutil import add_months, london_datetime, municipal_year_of, to_london, utcnow
from committee.work_programme.lifecycle import fire_event
from committee.work_programme.models import TimingNote, WorkProgrammeEntry
from committee.work_programme.operations import create_entry
from committee.work_programme.queries import lead_officers_of
from committee.work_programme.schemas import EventInput
from workflows.entry import EntryState
from workflows.minutes import fire as fire_minutes
from workflows.table import Move

WRITE_MINUTES = "write minutes"
CORRECT_MINUTES = "correct minutes"
#: A follow-up goes on the meeting nearest the time asked for, if one is this close to it.
FOLLOW_UP_REACH = timedelta(days=45)


def _meeting_day(meeting: Meeting) -> str:
    return long_date(to_london(meeting.start).date())


def save_minutes(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    data: MinutesInput,
    now: datetime | None = None,
) -> MeetingMinutes:
    """Write a meeting's draft minutes, whole, numbering them on from the year's earlier minutes.

    `now` (default: the clock) is when they are written: the demo writes the seed's in 2018.
    """
    now = now or utcnow()
    committee = committee_of(session, meeting)
    require_governance(session, actor, committee, WRITE_MINUTES)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(f"The meeting of {_meeting_day(meeting)} was cancelled: it has no minutes.")
    if meeting.start > now:
        raise Conflict(f"The meeting of {_meeting_day(meeting)} has not taken place yet.")
    found = minutes_of(session, meeting)
    if found is not None:
        _require_version(found, data.version)
    data = _with_a_declarations_minute(session, meeting, data)
    items = _agenda_items(session, meeting, data)
    closed_at = None
    if data.closed_at is not None:
        closed_at = london_datetime(to_london(meeting.start).date(), data.closed_at)
        if closed_at <= meeting.start:
            raise InvalidInput(
                "closed_at", "the meeting closed before it began: give the time it closed"
            )
    year = municipal_year_of(to_london(meeting.start).date())
    first = _first_number(session, committee, year, meeting, data)
    if found is None:
        found = MeetingMinutes(meeting_id=meeting.id, closed_at=closed_at, updated_at=now)
        session.add(found)
        _flush(session)  # two first drafts at once: the second is refused here
        _record(session, found, actor, Move("write", None, found.state), at=now)
    else:
        _fire(session, found, meeting, actor, "write", at=now)
        found.closed_at = closed_at
        _touch(found, now)
        _flush(session)
    _clear_draft(session, meeting)
    _add_attendance(session, meeting, data.attendance)
    _add_declarations(session, meeting, data.declarations)
    for position, written in enumerate(data.minutes):
        item = items.get(written.agenda_item_id) if written.agenda_item_id else None
        paragraph = _paragraph_of(written, item, position)
        minute = Minute(
            meeting_id=meeting.id,
            committee_id=committee.id,
            municipal_year=year,
            number=first + position,
            position=position,
            agenda_item_id=written.agenda_item_id,
            title=written.title,
            text=written.text,
            resolved_intro=written.resolved_intro or "RESOLVED that",
            exempt_paragraph=paragraph,
            public_wording=written.public_wording if paragraph is not None else "",
        )
        session.add(minute)
        _flush(session)  # another meeting's minutes numbered at once: refused here
        for number, resolved in enumerate(written.resolutions):
            owner = (
                owner_for(session, resolved.recommendation.owner_email)
                if resolved.recommendation
                else None
            )
            session.add(
                Resolution(
                    minute_id=minute.id,
                    position=number,
                    text=resolved.text,
                    follow_up_title=resolved.follow_up.title if resolved.follow_up else "",
                    follow_up_months=resolved.follow_up.after_months
                    if resolved.follow_up
                    else None,
                    recommend_to=resolved.recommendation.to if resolved.recommendation else "",
                    recommend_to_person_id=owner.id if owner else None,
                )
            )
    _flush(session)
    return found


def _with_a_declarations_minute(
    session: Session, meeting: Meeting, data: MinutesInput
) -> MinutesInput:
    """The minutes with a minute for the declarations of interest, in the agenda's place, when
    some were declared and the clerk wrote nothing under that item: the declarations print
    there, whatever the other boxes hold."""
    if not data.declarations or any(
        minute.title.casefold().startswith("declaration") for minute in data.minutes
    ):
        return data
    agenda = agenda_of(session, meeting)
    item = next((i for i in agenda if i.kind == AgendaItemKind.DECLARATIONS), None)
    if item is not None and any(m.agenda_item_id == item.id for m in data.minutes):
        return data
    positions = {i.id: i.position for i in agenda}
    place = item.position if item is not None else -1
    at = next(
        (
            index
            for index, minute in enumerate(data.minutes)
            if minute.agenda_item_id is not None and positions.get(minute.agenda_item_id, 0) > place
        ),
        len(data.minutes),
    )
    declarations = MinuteInput(
        agenda_item_id=item.id if item is not None else None,
        title=item.title if item is not None else "Declarations of Interests",
    )
    minutes = [*data.minutes[:at], declarations, *data.minutes[at:]]
    return data.model_copy(update={"minutes": minutes})


def _touch(found: MeetingMinutes, now: datetime) -> None:
    """Mark the minutes changed: their version moves on even where the clock has not."""
    found.updated_at = now
    flag_modified(found, "updated_at")


class MinutesChangedMeanwhile(Conflict):
    """The minutes were saved by someone else since the sender read them; `saved_at` is when."""

    def __init__(self, saved_at: datetime) -> None:
        super().__init__(
            "Someone else has changed these minutes since you read them: read them again."
        )
        self.saved_at = saved_at


def _require_version(found: MeetingMinutes, version: int | None) -> None:
    if version is not None and version != found.version:
        raise MinutesChangedMeanwhile(found.updated_at)


def _flush(session: Session) -> None:
    """Flush, refusing (409) a change another request made to the same minutes meanwhile."""
    try:
        session.flush()
    except (StaleDataError, IntegrityError):
        # The transaction is spent: the request's or job's error handling rolls it back.
        raise Conflict(
            "Someone else changed these minutes, or numbered minutes of this committee, "
            "at the same moment: read them again."
        ) from None


def _agenda_items(session: Session, meeting: Meeting, data: MinutesInput) -> dict[int, AgendaItem]:
    wanted = [m.agenda_item_id for m in data.minutes if m.agenda_item_id is not None]
    if len(set(wanted)) != len(wanted):
        raise InvalidInput("minutes", "each agenda item has one minute: an item is given twice")
    items = {
        item.id: item
        for item in session.exec(select(AgendaItem).where(col(AgendaItem.id).in_(wanted))).all()
    }
    for wanted_id in wanted:
        item = items.get(wanted_id)
        if item is None or item.meeting_id != meeting.id:
            raise InvalidInput(
                "agenda_item_id",
                f"agenda item {wanted_id} is not on the agenda of {_meeting_day(meeting)}",
            )
    return items


def _paragraph_of(written: MinuteInput, item: AgendaItem | None, position: int) -> int | None:
    """The paragraph a minute is exempt under: as the clerk says; a private item's, when they
    say nothing (so a forgotten field never publishes a private minute); none otherwise."""
    if "exempt_paragraph" in written.model_fields_set:
        paragraph = written.exempt_paragraph
    else:
        paragraph = item.exempt_paragraph if item is not None else None
    if paragraph is None and written.public_wording.strip():
        raise InvalidInput(
            f"minutes-{position}-public_wording",
            f"“{written.title}” has a public wording but is not taken in private: a public "
            "minute is read as written, so leave the public wording empty or choose the "
            "paragraph it is exempt under",
        )
    return paragraph


def _first_number(
    session: Session, committee: Committee, year: int, meeting: Meeting, data: MinutesInput
) -> int:
    after = last_number_before(session, committee_id=committee.id, year=year, meeting=meeting)
    first = after + 1
    if data.first_number is not None:
        if data.first_number < first:
            raise InvalidInput(
                "first_number",
                f"the minutes of {committee.name} for this year already run to {after}: "
                f"these start at {first} or later",
            )
        first = data.first_number
    later = first_number_after(session, committee_id=committee.id, year=year, meeting=meeting)
    if later is not None and first + len(data.minutes) > later:
        raise Conflict(
            f"A later meeting's minutes start at {later}: these {len(data.minutes)} minutes from "
            f"{first} would run into them."
        )
    return first


def _clear_draft(session: Session, meeting: Meeting) -> None:
    minute_ids = select(Minute.id).where(Minute.meeting_id == meeting.id)
    session.exec(delete(Resolution).where(col(Resolution.minute_id).in_(minute_ids)))
    for table in (Minute, Attendance, Declaration):
        session.exec(delete(table).where(col(table.meeting_id) == meeting.id))
    session.flush()


def publish_minutes(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    response_months: int,
    version: int | None = None,
    now: datetime | None = None,
) -> MeetingMinutes:
    """Publish the draft: it becomes the record, and what it resolved takes effect.

    Items it minutes move to resolved; the follow-ups it asks for join the work
    programme, on the meeting nearest the time asked for; its recommendations
    are sent, with their responses due in `response_months`.
    """
    committee = committee_of(session, meeting)
    require_governance(session, actor, committee, WRITE_MINUTES)
    found = _written(session, meeting)
    _require_version(found, version)
    written = minutes_view(session, found).items
    now = now or utcnow()
    _fire(session, found, meeting, actor, "publish", at=now, minutes=written)
    today = to_london(now).date()
    source_day = f"Meeting {to_london(meeting.start):%-d %B %Y}"
    entries = dict(
        session.exec(
            select(AgendaItem.id, AgendaItem.entry_id).where(
                col(AgendaItem.id).in_([item.minute.agenda_item_id for item in written])
            )
        ).all()
    )
    for minute, resolutions in ((item.minute, item.resolutions) for item in written):
        _resolve_item(session, actor, minute, resolutions)
        source = f"{source_day} ({minute.citation()})"
        for resolution in resolutions:
            if resolution.follow_up_title:
                entry = _follow_up(
                    session, actor, committee, meeting, minute, resolution, source, now
                )
                resolution.follow_up_entry_id = entry.id
            if resolution.recommend_to:
                send_recommendation(
                    session,
                    actor=actor,
                    committee_id=committee.id,
                    meeting_id=meeting.id,
                    resolution_id=resolution.id,
                    entry_id=entries.get(minute.agenda_item_id) if minute.agenda_item_id else None,
                    exempt_paragraph=minute.exempt_paragraph,
                    to_whom=resolution.recommend_to,
                    owner_id=resolution.recommend_to_person_id,
                    text=resolution.text,
                    source=source,
                    today=today,
                    response_months=response_months,
                )
    _flush(session)
    return found


def _written(session: Session, meeting: Meeting) -> MeetingMinutes:
    found = minutes_of(session, meeting)
    if found is None:
        raise NotFound(
            f"The meeting of {_meeting_day(meeting)} has no minutes yet: write them first."
        )
    return found


class MinutesRefused(Conflict):
    """The minutes' lifecycle would not take this event now."""


#: Why an event is refused in the state the minutes are in (the table allows it in no other).
_NOT_NOW = {
    "write": "The minutes of {day} are published: they no longer change as a whole. "
    "Correct their words instead, giving the reason.",
    "publish": "The minutes of {day} are already published.",
    "correct": "The minutes of {day} are still a draft: edit the draft instead.",
}


class _MinutesTransition:
    """The model the shared machine fires on: one meeting's minutes, one event's input."""

    def __init__(self, found: MeetingMinutes, actor: Actor, at: datetime, **data: object) -> None:
        self.found = found
        self.actor = actor
        self.at = at  # when the event happens
        self.data = data
        self.refusals: list[str] = []

    @property
    def state(self) -> str:
        return self.found.state

    @state.setter
    def state(self, value: str) -> None:
        self.found.state = value

    def has_minutes(self, _event: EventData) -> bool:
        if not self.data.get("minutes"):
            self.refusals.append("These minutes have no minutes in them yet: nothing to publish.")
            return False
        return True

    def changes_something(self, _event: EventData) -> bool:
        if not self.data.get("changed"):
            self.refusals.append(
                "That correction changes nothing: the minutes already say so. "
                "Change the words that are wrong."
            )
            return False
        return True

    def record_publication(self, _event: EventData) -> None:
        self.found.published_at = self.at
        self.found.published_by_id = None if isinstance(self.actor, SystemActor) else self.actor.id
        _touch(self.found, self.at)


def _fire(
    session: Session,
    found: MeetingMinutes,
    meeting: Meeting,
    actor: Actor,
    event: str,
    *,
    at: datetime | None = None,
    minute_id: int | None = None,
    subject: str = "",
    reason: str = "",
    replaced: str = "",
    **data: object,
) -> MinutesChange:
    at = at or utcnow()
    transition = _MinutesTransition(found, actor, at, **data)
    try:
        moved = fire_minutes(transition, event)
    except MachineError:
        raise MinutesRefused(_NOT_NOW[event].format(day=_meeting_day(meeting))) from None
    if not moved:
        raise MinutesRefused(" ".join(transition.refusals))
    return _record(
        session,
        found,
        actor,
        moved,
        at=at,
        minute_id=minute_id,
        subject=subject,
        reason=reason,
        replaced=replaced,
    )


def _record(
    session: Session,
    found: MeetingMinutes,
    actor: Actor,
    move: Move,
    *,
    at: datetime,
    reason: str = "",
    **detail: object,
) -> MinutesChange:
    return record_move(
        session,
        MinutesChange,
        move,
        actor=actor,
        at=at,
        reason=reason,
        meeting_id=found.meeting_id,
        **detail,
    )


def correct_minutes(
    session: Session, *, actor: Actor, meeting: Meeting, data: CorrectionInput
) -> MinutesChange:
    """Correct published minutes' words, keeping the reason and the words replaced.

    A minute's heading and text, the attendance and the declarations can be
    corrected; what the meeting resolved, and what that set going, stands.
    """
    committee = committee_of(session, meeting)
    require_governance(session, actor, committee, CORRECT_MINUTES)
    found = _written(session, meeting)
    if not found.is_published:  # before reading what it holds: a draft may hold nothing
        raise MinutesRefused(_NOT_NOW["correct"].format(day=_meeting_day(meeting)))
    _require_version(found, data.version)
    view = minutes_view(session, found)
    subjects: list[str] = []
    replaced: list[str] = []
    minute = None
    if data.minute is not None:
        minute = _minute_numbered(view.items, data.minute.number)
        if (minute.title, minute.text) != (data.minute.title, data.minute.text):
            subjects.append(minute.citation())
            replaced.append(f"{minute.citation()}: {minute.title}\n{minute.text}".rstrip())
        else:
            minute = None
    if data.attendance is not None and _attendance_rows(data.attendance) != [
        (a.kind, a.name, a.note) for a in view.attendance
    ]:
        subjects.append("Attendance")
        replaced.append(
            "Attendance:\n"
            + "\n".join(
                f"{a.kind}: {a.name} ({a.note})" if a.note else f"{a.kind}: {a.name}"
                for a in view.attendance
            )
        )
    if data.declarations is not None and _declaration_rows(data.declarations) != [
        (d.member, d.interest) for d in view.declarations
    ]:
        subjects.append("Declarations")
        replaced.append(
            "Declarations:\n" + "\n".join(f"{d.member}: {d.interest}" for d in view.declarations)
        )
    change = _fire(
        session,
        found,
        meeting,
        actor,
        "correct",
        changed=bool(subjects),
        minute_id=minute.id if minute is not None else None,
        subject=", ".join(subjects),
        reason=data.reason,
        replaced="\n\n".join(replaced),
    )
    if minute is not None and data.minute is not None:
        minute.title, minute.text = data.minute.title, data.minute.text
    if "Attendance" in subjects:
        session.exec(delete(Attendance).where(col(Attendance.meeting_id) == meeting.id))
        _add_attendance(session, meeting, data.attendance or [])
    if "Declarations" in subjects:
        session.exec(delete(Declaration).where(col(Declaration.meeting_id) == meeting.id))
        _add_declarations(session, meeting, data.declarations or [])
    _touch(found, change.at)
    _flush(session)
    return change


def _minute_numbered(items: Sequence[MinuteView], number: int) -> Minute:
    numbers = [item.minute.number for item in items]
    for item in items:
        if item.minute.number == number:
            return item.minute
    if not numbers:
        raise InvalidInput("minute.number", "these minutes have no numbered minutes to correct")
    raise InvalidInput(
        "minute.number",
        f"these minutes have no minute {number}: theirs run from {min(numbers)} to {max(numbers)}",
    )


def _attendance_rows(lines: Sequence[AttendanceInput]) -> list[tuple[str, str, str]]:
    return [(line.kind.value, line.name, line.note) for line in lines]


def _declaration_rows(lines: Sequence[DeclarationInput]) -> list[tuple[str, str]]:
    return [(line.member, line.interest) for line in lines]


def _add_attendance(session: Session, meeting: Meeting, lines: Sequence[AttendanceInput]) -> None:
    for position, line in enumerate(lines):
        session.add(
            Attendance(
                meeting_id=meeting.id,
                kind=line.kind,
                position=position,
                name=line.name,
                note=line.note,
            )
        )


def _add_declarations(
    session: Session, meeting: Meeting, lines: Sequence[DeclarationInput]
) -> None:
    for position, declared in enumerate(lines):
        session.add(
            Declaration(
                meeting_id=meeting.id,
                position=position,
                member=declared.member,
                interest=declared.interest,
            )
        )


def _resolve_item(
    session: Session, actor: Actor, minute: Minute, resolutions: Sequence[Resolution]
) -> None:
    if minute.agenda_item_id is None:
        return
    item = session.get(AgendaItem, minute.agenda_item_id)
    entry = session.get(WorkProgrammeEntry, item.entry_id) if item and item.entry_id else None
    if entry is None:
        return
    if entry.state in (EntryState.SCHEDULED, EntryState.BRIEFING_DUE):
        fire_event(session, actor=actor, entry_id=entry.id, event="consider")
    if entry.state == EntryState.CONSIDERED:
        said = (
            "\n".join(f"{n}) {r.text}" for n, r in enumerate(resolutions, 1))
            if len(resolutions) > 1
            else (resolutions[0].text if resolutions else minute.text or minute.title)
        )
        fire_event(
            session,
            actor=actor,
            entry_id=entry.id,
            event="resolve",
            data=EventInput(resolution=f"{minute.citation()}: {said}"),
        )


def _follow_up(
    session: Session,
    actor: Actor,
    committee: Committee,
    meeting: Meeting,
    minute: Minute,
    resolution: Resolution,
    source: str,
    now: datetime,
) -> WorkProgrammeEntry:
    wanted = to_london(meeting.start).date()
    target = None
    if resolution.follow_up_months is not None:
        wanted = add_months(wanted, resolution.follow_up_months)
        target = _meeting_nearest(session, committee, meeting, wanted, now)
    # The item minuted leads it on: its lead officers owe the update too.
    minuted = (
        session.exec(
            select(WorkProgrammeEntry)
            .join(AgendaItem, col(AgendaItem.entry_id) == WorkProgrammeEntry.id)
            .where(AgendaItem.id == minute.agenda_item_id)
        ).first()
        if minute.agenda_item_id is not None
        else None
    )
    return create_entry(
        session,
        actor=actor,
        committee=committee,
        title=resolution.follow_up_title,
        detail=f"{minute.citation()}: {resolution.text}",
        source=source,
        lead=minuted.lead_text if minuted else "",
        lead_officer_ids=[p.id for p in lead_officers_of(session, minuted)] if minuted else None,
        # On the programme of the year of the meeting it lands on; with no meeting yet, this
        # year's, where the clerk will look for it (not a later year's, "to be determined").
        municipal_year=municipal_year_of(
            to_london(target.start).date() if target else to_london(now).date()
        ),
        meeting_id=target.id if target else None,
        timing_note=None if target else TimingNote.TO_BE_DETERMINED,
        exempt_paragraph=minute.exempt_paragraph,
    )


def _meeting_nearest(
    session: Session, committee: Committee, after: Meeting, wanted: date, now: datetime
) -> Meeting | None:
    moment = london_datetime(wanted, to_london(after.start).time())
    candidates = session.exec(
        select(Meeting).where(
            Meeting.committee_id == committee.id,
            Meeting.status == MeetingStatus.SCHEDULED,
            col(Meeting.start) > max(after.start, now, utcnow()),  # never one already begun
            col(Meeting.start) >= moment - FOLLOW_UP_REACH,
            col(Meeting.start) <= moment + FOLLOW_UP_REACH,
        )
    ).all()
    return min(candidates, key=lambda m: (abs(m.start - moment), m.start), default=None)
