"""Read work programmes, entries, their history, and the papers people owe. Nothing here writes."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from committee.committees.models import Committee
from committee.deadlines.calendar import DeadlineSchedule
from committee.errors import NotFound
from committee.meetings.models import Meeting, MeetingStatus
from committee.meetings.queries import meeting_deadlines
from committee.papers.models import Paper, PaperKind, PaperStatus, Readiness, kinds_from, readiness
from committee.papers.queries import paper_statuses_by_entry
from committee.people.models import Person
from committee.people.queries import history_rows
from committee.work_programme.leads import KnownPerson
from committee.work_programme.models import EntryLeadOfficer, StateChange, WorkProgrammeEntry
from workflows.entry import OWING_PAPERS, PUBLIC_STORY, WINDOW_OPEN


def get_entry(session: Session, entry_id: int) -> WorkProgrammeEntry:
    entry = session.get(WorkProgrammeEntry, entry_id)
    if entry is None:
        raise NotFound(f"No work programme entry has the id {entry_id}.")
    return entry


def known_people(session: Session) -> list[KnownPerson]:
    """Everyone by id and name, for reading the lead officers out of a lead cell."""
    return [
        KnownPerson(id=person_id, name=name)
        for person_id, name in session.exec(select(Person.id, Person.name))
        if person_id is not None
    ]


@dataclass(frozen=True)
class LeadChoice:
    """Lead officers chosen by name on a form: who they are, and the names that found nobody."""

    ids: list[int]
    names: list[str]  # as the programme will write them
    problems: list[str]  # in words, one for each name that matched no one, or two people


def choose_lead_officers(session: Session, typed: Sequence[str]) -> LeadChoice:
    """Find the people a form chose as lead officers, by name as the list offers them ("Sonia
    Watson", or "Sonia Watson <sonia.watson@council.test>" where two share a name)."""
    wanted = [" ".join(name.split()) for name in typed if name.strip()]
    if not wanted:
        return LeadChoice([], [], [])
    everyone = session.exec(select(Person.id, Person.name, Person.email)).all()
    by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_label: dict[str, tuple[int, str]] = {}
    for person_id, name, email in everyone:
        assert person_id is not None
        by_name[" ".join(name.split()).casefold()].append((person_id, name))
        if email:
            by_label[f"{' '.join(name.split())} <{email}>".casefold()] = (person_id, name)
    ids: list[int] = []
    names: list[str] = []
    problems: list[str] = []
    for name in dict.fromkeys(wanted):
        found = by_label.get(name.casefold())
        matches = [found] if found else by_name.get(name.casefold(), [])
        if len(matches) == 1:
            ids.append(matches[0][0])
            names.append(matches[0][1])
        elif matches:
            problems.append(
                f"{len(matches)} people are called “{name}”: choose one from the list, which "
                "gives each with their email address."
            )
        else:
            names.append(name)
            problems.append(
                f"No one with an account is called “{name}”: the programme will name them, but "
                "nobody will be asked for the papers or reminded. Check the spelling against "
                "the list, or save it as it is for someone without an account."
            )
    return LeadChoice(list(dict.fromkeys(ids)), names, problems)


def lead_officer_options(session: Session) -> list[tuple[str, str]]:
    """Everyone a form may choose as a lead officer, as (the name to choose, who they are):
    a name two people share is given with each one's email address."""
    people = session.exec(select(Person).order_by(col(Person.name))).all()
    counts: dict[str, int] = defaultdict(int)
    for person in people:
        counts[" ".join(person.name.split()).casefold()] += 1
    options = []
    for person in people:
        name = " ".join(person.name.split())
        shared = counts[name.casefold()] > 1 and person.email
        options.append((f"{name} <{person.email}>" if shared else name, person.job_title or ""))
    return options


def lead_officers_of(session: Session, entry: WorkProgrammeEntry) -> list[Person]:
    return list(
        session.exec(
            select(Person)
            .join(EntryLeadOfficer, col(EntryLeadOfficer.person_id) == Person.id)
            .where(EntryLeadOfficer.entry_id == entry.id)
            .order_by(Person.name)
        )
    )


def lead_officers_by_entry(session: Session, entry_ids: list[int]) -> dict[int, list[Person]]:
    """Each entry's lead officers, by entry id, by name, in one query."""
    officers: dict[int, list[Person]] = defaultdict(list)
    rows = session.exec(
        select(EntryLeadOfficer.entry_id, Person)
        .join(Person, col(Person.id) == EntryLeadOfficer.person_id)
        .where(col(EntryLeadOfficer.entry_id).in_(entry_ids))
        .order_by(Person.name)
    )
    for entry_id, person in rows:
        officers[entry_id].append(person)
    return officers


@dataclass(frozen=True)
class EntryView:
    """An entry with what is shown beside it, loaded without a query per row."""

    entry: WorkProgrammeEntry
    meeting: Meeting | None
    lead_officers: list[Person]


def work_programme(session: Session, committee: Committee, year: int) -> list[EntryView]:
    """Return a municipal year's entries in programme order: by meeting date, then undated."""
    entries = list(
        session.exec(
            select(WorkProgrammeEntry)
            .where(
                WorkProgrammeEntry.committee_id == committee.id,
                WorkProgrammeEntry.municipal_year == year,
            )
            .order_by(col(WorkProgrammeEntry.id))
        )
    )
    return _entry_views(session, entries)


def _entry_views(session: Session, entries: list[WorkProgrammeEntry]) -> list[EntryView]:
    meeting_ids = {entry.meeting_id for entry in entries if entry.meeting_id is not None}
    meetings = {
        meeting.id: meeting
        for meeting in session.exec(select(Meeting).where(col(Meeting.id).in_(meeting_ids)))
    }
    officers = lead_officers_by_entry(session, [entry.id for entry in entries])
    views = [
        EntryView(
            entry, meetings.get(entry.meeting_id) if entry.meeting_id else None, officers[entry.id]
        )
        for entry in entries
    ]
    views.sort(key=_programme_order)
    return views


def _programme_order(view: EntryView) -> tuple[int, float]:
    """Dated entries first in meeting order; undated ones keep the order they were added in."""
    return (0, view.meeting.start.timestamp()) if view.meeting else (1, 0.0)


def entry_view(session: Session, entry: WorkProgrammeEntry) -> EntryView:
    return _entry_views(session, [entry])[0]


@dataclass(frozen=True)
class HistoryView:
    change: StateChange
    actor_name: str  # "system" for the scheduler
    paper_kind: str | None


def history_of(session: Session, entry: WorkProgrammeEntry) -> list[HistoryView]:
    """Return every state change of the entry, oldest first, with the kind of paper it moved."""
    rows = history_rows(session, StateChange, StateChange.entry_id == entry.id)
    kinds = dict(
        session.exec(
            select(Paper.id, Paper.kind).where(
                col(Paper.id).in_({change.paper_id for change, _ in rows if change.paper_id})
            )
        ).all()
    )
    return [
        HistoryView(change, name, kinds.get(change.paper_id) if change.paper_id else None)
        for change, name in rows
    ]


@dataclass(frozen=True)
class StoryLine:
    """One step of an entry's public story: what happened, in plain words, and when."""

    change: StateChange
    words: str
    meeting: Meeting | None
    reason: str


def public_story(
    session: Session, entry: WorkProgrammeEntry, *, show_reasons: bool
) -> list[StoryLine]:
    """The entry's story as the public reads it: asked for, on an agenda, considered, resolved;
    not the office's own steps (asking for papers, clearing them) nor who took them."""
    changes = [
        change
        for change in session.exec(
            select(StateChange)
            .where(StateChange.entry_id == entry.id)
            .order_by(col(StateChange.at), col(StateChange.id))
        )
        if PUBLIC_STORY.get(change.event, None) is not None
    ]
    meetings = {
        meeting.id: meeting
        for meeting in session.exec(
            select(Meeting).where(col(Meeting.id).in_({c.meeting_id for c in changes}))
        )
    }
    return [
        StoryLine(
            change=change,
            words=PUBLIC_STORY[change.event] or "",
            meeting=meetings.get(change.meeting_id or 0)
            if change.event in ("schedule", "reschedule", "import")
            else None,
            reason=change.reason if show_reasons and change.event in ("defer", "withdraw") else "",
        )
        for change in changes
    ]


@dataclass(frozen=True)
class PaperOwed:
    entry: WorkProgrammeEntry
    committee: Committee
    meeting: Meeting
    schedule: DeadlineSchedule
    papers: list[Paper]

    @property
    def needed(self) -> list[tuple[PaperKind, str]]:
        """Each kind the item needs, with its paper's status ("awaited" until one comes)."""
        statuses = {paper.kind: paper.status for paper in self.papers}
        return [
            (kind, statuses.get(kind, PaperStatus.AWAITED.value))
            for kind in self.entry.needed_kinds
        ]

    @property
    def window_open(self) -> bool:
        """Whether the lead officer has been asked for the paper yet."""
        return self.entry.state in WINDOW_OPEN


def papers_owed_by(session: Session, person: Person, now: datetime) -> list[PaperOwed]:
    """Return the items a person leads that still need papers, soonest deadline first."""
    rows = session.exec(
        select(WorkProgrammeEntry, Meeting, Committee)
        .join(EntryLeadOfficer, col(EntryLeadOfficer.entry_id) == WorkProgrammeEntry.id)
        .join(Meeting, col(Meeting.id) == WorkProgrammeEntry.meeting_id)
        .join(Committee, col(Committee.id) == WorkProgrammeEntry.committee_id)
        .where(
            EntryLeadOfficer.person_id == person.id,
            col(WorkProgrammeEntry.state).in_(OWING_PAPERS),
            Meeting.status == MeetingStatus.SCHEDULED.value,
            col(Meeting.start) > now,
        )
        .order_by(col(Meeting.start))
    ).all()
    papers: dict[int, list[Paper]] = defaultdict(list)
    for paper in session.exec(
        select(Paper)
        .where(col(Paper.entry_id).in_([entry.id for entry, _, _ in rows]))
        .order_by(Paper.kind)
    ):
        papers[paper.entry_id].append(paper)
    owed = [
        PaperOwed(entry, committee, meeting, meeting_deadlines(session, meeting), papers[entry.id])
        for entry, meeting, committee in rows
    ]
    return sorted(owed, key=lambda item: item.schedule.draft)


@dataclass(frozen=True)
class PapersOfEntry:
    """Where an entry's papers stand against the kinds its item needs."""

    needed: list[PaperKind]
    statuses: dict[str, str]  # by kind, of every paper asked for or sent

    @property
    def readiness(self) -> Readiness:
        return readiness(self.needed, self.statuses)

    def missing(self) -> list[PaperKind]:
        """The kinds needed and not yet cleared."""
        return [kind for kind in self.needed if self.statuses.get(kind) != PaperStatus.CLEARED]


def papers_by_entry(session: Session, entry_ids: Iterable[int]) -> dict[int, PapersOfEntry]:
    """Each entry's papers against what its item needs, in two queries."""
    wanted = list(entry_ids)
    needed = dict(
        session.exec(
            select(WorkProgrammeEntry.id, WorkProgrammeEntry.papers_needed).where(
                col(WorkProgrammeEntry.id).in_(wanted)
            )
        ).all()
    )
    statuses = paper_statuses_by_entry(session, wanted)
    return {
        entry_id: PapersOfEntry(kinds_from(needed[entry_id]), dict(statuses.get(entry_id, {})))
        for entry_id in wanted
        if entry_id in needed
    }


def paper_status(
    papers: PapersOfEntry,
    *,
    asked: bool,
    to_follow: bool,
    schedule: DeadlineSchedule,
    now: datetime,
) -> tuple[str, datetime]:
    """Where an item's papers stand, in words, and the deadline that is judged against: the
    dashboard, the digest and the lead officer's list say it alike."""
    if not papers.needed:
        return "no paper needed", schedule.final
    if not asked:
        return "not asked for yet", schedule.draft
    state = papers.readiness
    if state == Readiness.READY:
        return "cleared", schedule.final
    if to_follow:
        return "to follow", schedule.final
    if state == Readiness.RECEIVED:
        return ("overdue" if now > schedule.final else "draft received"), schedule.final
    return ("overdue" if now > schedule.draft else "awaited"), schedule.draft
