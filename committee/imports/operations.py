"""Import a work programme table: plan what each row would do, then do it in one transaction.

Entries are matched to the committee's existing entries of the municipal
year by title (ignoring case, spacing and the kind of dash), so importing a
file twice changes nothing and a corrected file updates what it matches.
Nothing is ever deleted: an entry missing from the file is left as it is.

Entries for coming meetings are scheduled through the lifecycle, like any
other. Entries for meetings already held are the record of a past programme:
they are placed on that meeting's agenda as they stood, with a history row
saying they were imported.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from committee.committees.models import Committee
from committee.errors import OperationError
from committee.fields import EXEMPT_INFORMATION
from committee.formatting import long_date
from committee.imports.parse import ParsedEntry, ParsedGroup, ParsedProgramme, RowProblem
from committee.meetings.models import Meeting
from committee.meetings.operations import create_meeting, renumbering_once, update_meeting
from committee.people.actors import Actor
from committee.people.permissions import require_governance
from committee.timeutil import london_datetime, to_london, utcnow
from committee.work_programme.leads import KnownPerson, cabinet_members_in, people_named_in
from committee.work_programme.lifecycle import (
    TransitionRefused,
    fire_event,
    fire_event_on_each,
    record_event,
)
from committee.work_programme.models import TimingNote, WorkProgrammeEntry
from committee.work_programme.operations import EntryDraft, new_entries, set_lead_officers
from committee.work_programme.queries import known_people
from committee.work_programme.schemas import EventInput
from workflows.entry import MOVABLE, UNSCHEDULED, EntryState, state_in_words

IMPORT_DOING = "import its work programme"
_DASHES = re.compile(r"[\u2012-\u2015\u2212-]+")


def title_key(title: str) -> str:
    """The form titles are matched in: "SCR – Baby F" matches "scr - baby f"."""
    return " ".join(_DASHES.sub("-", title).casefold().split())


@dataclass
class PlannedMeeting:
    day: date
    row: int
    action: str  # "create", "change venue" or "use"
    venue: str
    meeting: Meeting | None = None

    def describe(self) -> str:
        verb = {"create": "create", "change venue": "change the venue of", "use": "use"}[
            self.action
        ]
        return f"{verb} the meeting on {long_date(self.day)}" + (
            f" at {self.venue}" if self.action != "use" else ""
        )


@dataclass
class PlannedRow:
    row: int
    action: str  # "create", "update" or "unchanged"
    title: str
    where: str  # the meeting's day, or the timing note
    changes: list[str] = field(default_factory=list)
    note: str = ""  # what will not happen, and why
    parsed: ParsedEntry | None = None
    group: ParsedGroup | None = None
    entry: WorkProgrammeEntry | None = None

    def describe(self) -> str:
        text = {
            "create": f'create "{self.title}"',
            "update": f'update "{self.title}": {", ".join(self.changes)}',
            "unchanged": f'unchanged "{self.title}"',
        }[self.action]
        return f"{text} ({self.where})" + (f"; {self.note}" if self.note else "")


@dataclass
class ImportPlan:
    committee: Committee
    year: int
    meetings: list[PlannedMeeting]
    rows: list[PlannedRow]
    problems: list[RowProblem]
    headings: list[tuple[int, str]]
    record_history: bool = False  # the record of a past programme: its meetings were held

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def summary(self) -> str:
        new_meetings = sum(1 for meeting in self.meetings if meeting.action == "create")
        text = (
            f"{len(self.rows)} entries ({self.count('create')} new, {self.count('update')} changed, "
            f"{self.count('unchanged')} unchanged); {len(self.meetings)} meetings ({new_meetings} new)"
        )
        if self.problems:
            text += (
                f"; {len(self.problems)} row{'s' if len(self.problems) != 1 else ''} not imported"
            )
        return text


class ImportRefused(OperationError):
    """Rows could not be read and the officer did not choose to skip them: nothing was saved."""

    status = 422

    def __init__(self, plan: ImportPlan) -> None:
        rows = ", ".join(str(problem.row) for problem in plan.problems)
        super().__init__(
            f"Nothing was imported: {len(plan.problems)} row{'s' if len(plan.problems) != 1 else ''} "
            f"cannot be imported (row {rows}). Correct the file, or import the rest and skip those "
            "rows."
        )
        self.plan = plan


def _meeting_on(session: Session, committee: Committee, day: date) -> Meeting | None:
    start = london_datetime(day, datetime.min.time())
    candidates = session.exec(
        select(Meeting)
        .where(
            Meeting.committee_id == committee.id,
            col(Meeting.start) >= start,
            col(Meeting.start) < start + timedelta(days=1),
        )
        .order_by(
            col(Meeting.status).desc(), col(Meeting.start)
        )  # a scheduled one before a cancelled one
    ).all()
    return candidates[0] if candidates else None


def _where(group: ParsedGroup) -> str:
    if group.day is not None:
        return long_date(group.day)
    if group.timing == TimingNote.NEXT_MUNICIPAL_YEAR:
        return "next municipal year"
    return "date to be determined"


def plan_import(
    session: Session,
    *,
    committee: Committee,
    year: int,
    programme: ParsedProgramme,
    record_history: bool = False,
    now: datetime | None = None,
) -> ImportPlan:
    """Work out, touching nothing, what importing the programme would create and change.

    Rows that would put an item on a meeting already held are problems unless
    `record_history` says the file is the record of a past programme: an
    import must not add business to a past agenda by mistake.
    """
    now = now or utcnow()
    meetings: dict[date, PlannedMeeting] = {}
    for group in programme.groups:
        if group.day is None or group.day in meetings:
            continue
        found = _meeting_on(session, committee, group.day)
        if found is None:
            meetings[group.day] = PlannedMeeting(
                group.day, group.row, "create", group.venue or committee.usual_venue
            )
        elif group.venue and group.venue != found.venue:
            meetings[group.day] = PlannedMeeting(
                group.day, group.row, "change venue", group.venue, found
            )
        else:
            meetings[group.day] = PlannedMeeting(group.day, group.row, "use", found.venue, found)

    existing: dict[str, list[WorkProgrammeEntry]] = {}
    for on_programme in session.exec(
        select(WorkProgrammeEntry)
        .where(
            WorkProgrammeEntry.committee_id == committee.id,
            WorkProgrammeEntry.municipal_year == year,
        )
        .order_by(col(WorkProgrammeEntry.id))
    ):
        existing.setdefault(title_key(on_programme.title), []).append(on_programme)
    held = {
        day
        for day, planned in meetings.items()
        if (
            planned.meeting.start
            if planned.meeting is not None
            else london_datetime(day, committee.usual_start_time)
        )
        <= now
    }
    problems = list(programme.problems)
    seen: dict[str, int] = {}
    rows = []
    for group in programme.groups:
        for parsed in group.entries:
            key = title_key(parsed.title)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            matches = existing.get(key, [])
            entry = matches[occurrence] if occurrence < len(matches) else None
            planned = PlannedRow(
                parsed.row,
                "create",
                parsed.title,
                _where(group),
                parsed=parsed,
                group=group,
                entry=entry,
            )
            if entry is not None:
                planned.changes, planned.note = _changes(
                    session, entry, parsed, group, programme, meetings
                )
                planned.action = "update" if planned.changes else "unchanged"
            day = group.day
            adds_to_held = (
                day is not None
                and day in held
                and (planned.action == "create" or "meeting" in planned.changes)
            )
            if day is not None and adds_to_held and not record_history:
                problems.append(
                    RowProblem(
                        parsed.row,
                        f"its meeting, {long_date(day)}, has been held: import the file as "
                        "the record of a past programme if that is what it is",
                    )
                )
                continue
            rows.append(planned)
    if not record_history:
        wanted = {row.group.day for row in rows if row.group is not None}
        meetings = {
            day: planned
            for day, planned in meetings.items()
            if day not in held or (day in wanted and planned.action == "use")
        }
    problems.sort(key=lambda problem: problem.row)
    return ImportPlan(
        committee,
        year,
        list(meetings.values()),
        rows,
        problems,
        programme.headings,
        record_history,
    )


def _changes(
    session: Session,
    entry: WorkProgrammeEntry,
    parsed: ParsedEntry,
    group: ParsedGroup,
    programme: ParsedProgramme,
    meetings: dict[date, PlannedMeeting],
) -> tuple[list[str], str]:
    changes = []
    if entry.title != parsed.title:
        changes.append("title")
    # A public export shows a private entry's detail as a placeholder: reading
    # it back must not put the placeholder in place of the detail.
    placeholder = entry.is_private and parsed.detail == EXEMPT_INFORMATION
    if entry.detail != parsed.detail and not placeholder:
        changes.append("detail")
    if entry.lead_text != parsed.lead:
        changes.append("lead")
    if "source" in programme.columns and entry.source != parsed.source:
        changes.append("source")
    if (
        "exempt_paragraph" in programme.columns
        and entry.exempt_paragraph != parsed.exempt_paragraph
    ):
        changes.append("exempt paragraph")
    note = ""
    current = session.get(Meeting, entry.meeting_id) if entry.meeting_id else None
    current_day = to_london(current.start).date() if current else None
    if current_day != group.day or (group.day is None and entry.timing_note != group.timing):
        if entry.state in MOVABLE:
            changes.append("meeting" if group.day else "timing")
        else:
            note = (
                f"not moved to {_where(group)}: the item is {state_in_words(entry.state).lower()}"
            )
    return changes, note


@dataclass
class ImportResult:
    plan: ImportPlan
    notes: list[str] = field(default_factory=list)  # what could not be done while applying, and why


def import_work_programme(
    session: Session,
    *,
    actor: Actor,
    committee: Committee,
    year: int,
    programme: ParsedProgramme,
    source_name: str,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    record_history: bool = False,
) -> ImportResult:
    """Import (or, dry, only plan) a programme; flush, never commit.

    Refuses rows it cannot read, and rows for meetings already held unless
    `record_history`, unless told to skip them. Cost grows with the rows, not
    their square: each changed agenda is renumbered once, at the end.
    """
    require_governance(session, actor, committee, IMPORT_DOING)
    plan = plan_import(
        session, committee=committee, year=year, programme=programme, record_history=record_history
    )
    if plan.problems and not skip_bad_rows:
        raise ImportRefused(plan)
    result = ImportResult(plan)
    if not dry_run:
        with renumbering_once(session):
            _apply(session, actor=actor, plan=plan, source_name=source_name, result=result)
    return result


def _apply(
    session: Session, *, actor: Actor, plan: ImportPlan, source_name: str, result: ImportResult
) -> None:
    committee = plan.committee
    for planned in plan.meetings:
        if planned.action == "create":
            start = london_datetime(planned.day, committee.usual_start_time)
            if start <= utcnow() and not plan.record_history:
                continue  # a date gone by, with nothing on it: not a meeting to arrange now
            planned.meeting = create_meeting(
                session,
                actor=actor,
                committee=committee,
                start=start,
                venue=planned.venue,
                already_held=plan.record_history,  # a past programme's meetings were held
            )
        elif planned.action == "change venue":
            assert planned.meeting is not None
            update_meeting(session, actor=actor, meeting=planned.meeting, venue=planned.venue)
    by_day = {planned.day: planned.meeting for planned in plan.meetings}
    people = known_people(session)
    now = utcnow()
    creating = [row for row in plan.rows if row.action == "create"]
    _create(session, actor, plan, creating, by_day, people, source_name, now, result)
    for row in plan.rows:
        if row.action == "update":
            assert row.group is not None
            meeting = by_day.get(row.group.day) if row.group.day else None
            _update(session, actor, row, meeting, people, _reason(row, source_name), result)


def _fill(
    entry: WorkProgrammeEntry,
    parsed: ParsedEntry,
    people: list[KnownPerson],
    session: Session,
    *,
    detail: bool = True,
) -> None:
    entry.title = parsed.title
    if detail:
        entry.detail = parsed.detail
    entry.lead_text = parsed.lead
    entry.cabinet_member = ", ".join(cabinet_members_in(parsed.lead))
    set_lead_officers(session, entry, people_named_in(parsed.lead, people))


def _create(
    session: Session,
    actor: Actor,
    plan: ImportPlan,
    rows: list[PlannedRow],
    by_day: dict[date, Meeting | None],
    people: list[KnownPerson],
    source_name: str,
    now: datetime,
    result: ImportResult,
) -> None:
    """Make the new entries together and schedule each meeting's through the lifecycle at once.

    Entries for a meeting already held are the past programme as it stood, recorded through
    the lifecycle's table one by one (its guards judge the present, so they would refuse).
    """
    to_come: list[tuple[PlannedRow, Meeting | None]] = []
    held: list[tuple[PlannedRow, Meeting | None]] = []
    for row in rows:
        assert row.group is not None
        meeting = by_day.get(row.group.day) if row.group.day else None
        (to_come if meeting is None or meeting.start > now else held).append((row, meeting))
    for group, created_as in ((to_come, "create"), (held, None)):
        entries = new_entries(
            session,
            actor=actor,
            committee_id=plan.committee.id,
            municipal_year=plan.year,
            drafts=[_draft(row, source_name) for row, _ in group],
            known=people,
            at=now,
            created_as=created_as,  # a past meeting's: recorded as imported, below
        )
        for (row, _), entry in zip(group, entries, strict=True):
            row.entry = entry
    waiting: dict[int, list[PlannedRow]] = {}
    for row, meeting in to_come:
        if meeting is not None:
            waiting.setdefault(meeting.id, []).append(row)
    refusals = []
    for meeting_id, waiting_rows in waiting.items():
        fired = fire_event_on_each(
            session,
            actor=actor,
            entry_ids=[row.entry.id for row in waiting_rows if row.entry is not None],
            event="schedule",
            data=EventInput(meeting_id=meeting_id),
        )
        refusals += [
            (row.row, f'Row {row.row}: "{row.title}" was not moved: {refusal.message}')
            for row in waiting_rows
            if row.entry is not None and (refusal := fired.refused.get(row.entry.id))
        ]
    result.notes += [note for _, note in sorted(refusals)]
    for row, meeting in held:
        assert meeting is not None
        assert row.entry is not None
        record_event(
            session,
            actor=actor,
            entry_id=row.entry.id,
            event="schedule",
            to_state=EntryState.SCHEDULED.value,
            at=now,
            data=EventInput(meeting_id=meeting.id),
            recorded_as="import",
            reason=_reason(row, source_name),
        )


def _reason(row: PlannedRow, source_name: str) -> str:
    return f"Imported from {source_name}, row {row.row}."


def _draft(row: PlannedRow, source_name: str) -> EntryDraft:
    parsed, group = row.parsed, row.group
    assert parsed is not None
    assert group is not None
    return EntryDraft(
        title=parsed.title,
        detail=parsed.detail,
        lead=parsed.lead,
        source=parsed.source,
        timing_note=group.timing,
        exempt_paragraph=parsed.exempt_paragraph,
        reason=_reason(row, source_name),
    )


def _update(
    session: Session,
    actor: Actor,
    planned: PlannedRow,
    meeting: Meeting | None,
    people: list,
    reason: str,
    result: ImportResult,
) -> None:
    entry, parsed, group = planned.entry, planned.parsed, planned.group
    assert entry is not None
    assert parsed is not None
    assert group is not None
    _fill(entry, parsed, people, session, detail="detail" in planned.changes)
    if "source" in planned.changes:
        entry.source = parsed.source
    if "exempt paragraph" in planned.changes:
        entry.exempt_paragraph = parsed.exempt_paragraph
    entry.updated_at = utcnow()
    session.flush()
    if "meeting" in planned.changes:
        assert meeting is not None
        event = "schedule" if entry.state in UNSCHEDULED else "defer"
        data = EventInput(meeting_id=meeting.id, reason="" if event == "schedule" else reason)
        _fire(session, actor, entry, event, data, result, parsed.row)
    elif "timing" in planned.changes:
        if entry.state not in UNSCHEDULED:
            _fire(session, actor, entry, "defer", EventInput(reason=reason), result, parsed.row)
        entry.timing_note = group.timing


def _fire(
    session: Session,
    actor: Actor,
    entry: WorkProgrammeEntry,
    event: str,
    data: EventInput,
    result: ImportResult,
    row: int,
) -> None:
    """Move the entry through the lifecycle; a refusal is noted, not fatal, and changes nothing."""
    savepoint = session.begin_nested()
    try:
        fire_event(session, actor=actor, entry_id=entry.id, event=event, data=data)
    except TransitionRefused as refusal:
        savepoint.rollback()
        result.notes.append(f'Row {row}: "{entry.title}" was not moved: {refusal.message}')
        return
    savepoint.commit()
