"""Read agendas: their state, their editions and packs, what papers they still lack."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import defer
from sqlmodel import Session, col, func, select

from committee.agenda.models import (
    Agenda,
    AgendaChange,
    AgendaEdition,
    EditionMention,
    EditionPack,
)
from committee.errors import NotFound
from committee.formatting import clock_time, long_date
from committee.meetings.models import AgendaItem, Meeting, Substitution
from committee.meetings.queries import (
    agenda_of,
    alteration_in_words,
    alterations_of,
    meeting_deadlines,
)
from committee.minutes.queries import minutes_of
from committee.papers.models import Paper, PaperStatus, PaperVersion, Readiness
from committee.people.models import Membership, MembershipRole, Person
from committee.people.queries import history_rows
from committee.timeutil import to_london, utcnow
from committee.work_programme.models import WorkProgrammeEntry
from committee.work_programme.queries import lead_officers_by_entry, papers_by_entry
from workflows.agenda import AgendaState


def agenda_for(session: Session, meeting: Meeting) -> Agenda:
    """Return the meeting's agenda: its row, or a draft (cancelled, for a cancelled meeting)."""
    found = session.get(Agenda, meeting.id)
    return found if found is not None else _unrecorded_agenda(meeting)


def agendas_for(session: Session, meetings: Sequence[Meeting]) -> dict[int, Agenda]:
    """Return each meeting's agenda by its id, as `agenda_for` does, in one query."""
    recorded = {
        agenda.meeting_id: agenda
        for agenda in session.exec(
            select(Agenda).where(col(Agenda.meeting_id).in_([meeting.id for meeting in meetings]))
        )
    }
    return {
        meeting.id: recorded[meeting.id] if meeting.id in recorded else _unrecorded_agenda(meeting)
        for meeting in meetings
    }


def _unrecorded_agenda(meeting: Meeting) -> Agenda:
    """The agenda of a meeting that has no row yet: a draft, or cancelled with its meeting."""
    state = AgendaState.CANCELLED if meeting.is_cancelled else AgendaState.DRAFT
    return Agenda(meeting_id=meeting.id, state=state.value)


def status_label(agenda: Agenda, meeting: Meeting) -> str:
    """The meeting's status as people read it, from its agenda's state.

    A meeting that has started reads as held even before the scheduler's next
    sweep records it so.
    """
    if not meeting.is_cancelled and meeting.start <= utcnow():
        return "Held"
    return {
        AgendaState.DRAFT: "Agenda not yet published",
        AgendaState.PUBLISHED: "Agenda published",
        AgendaState.SUPPLEMENTARY: "Agenda and supplement published",
        AgendaState.HELD: "Held",
        AgendaState.CANCELLED: "Cancelled",
    }[AgendaState(agenda.state)]


def published_agendas(session: Session, meeting_ids: list[int]) -> set[int]:
    """Which of these meetings have had an agenda published, in one query."""
    return set(
        session.exec(
            select(AgendaEdition.meeting_id).where(col(AgendaEdition.meeting_id).in_(meeting_ids))
        )
    )


def status_labels(session: Session, meetings: list[Meeting]) -> dict[int, str]:
    """Each meeting's status as people read it, from one query of their agendas."""
    ids = [meeting.id for meeting in meetings]
    found = {
        agenda.meeting_id: agenda
        for agenda in session.exec(select(Agenda).where(col(Agenda.meeting_id).in_(ids)))
    }
    return {
        meeting.id: status_label(found.get(meeting.id) or _unrecorded_agenda(meeting), meeting)
        for meeting in meetings
    }


@dataclass(frozen=True)
class PaperOnAgenda:
    """A cleared paper of an item, as the agenda names it: its latest version."""

    item: AgendaItem
    paper: Paper
    version: PaperVersion


def cleared_papers(session: Session, items: list[AgendaItem]) -> dict[int, list[PaperOnAgenda]]:
    """Return each item's cleared papers (their latest versions), by item id, in kind order."""
    by_entry = {item.entry_id: item for item in items if item.entry_id is not None}
    found: dict[int, list[PaperOnAgenda]] = defaultdict(list)
    if not by_entry:
        return found
    rows = session.exec(
        select(Paper, PaperVersion)
        .join(PaperVersion, col(PaperVersion.paper_id) == Paper.id)
        .where(
            col(Paper.entry_id).in_(by_entry),
            Paper.status == PaperStatus.CLEARED.value,
        )
        .order_by(col(Paper.kind), col(PaperVersion.number).desc())
    )
    seen: set[int] = set()
    for paper, version in rows:
        if paper.id in seen:
            continue  # an older version
        seen.add(paper.id)
        item = by_entry[paper.entry_id]
        found[item.id].append(PaperOnAgenda(item, paper, version))
    return found


@dataclass(frozen=True)
class MissingPaper:
    item: AgendaItem
    leads: list[str]


def items_missing_papers(session: Session, meeting: Meeting) -> list[MissingPaper]:
    """Return the business items whose papers are not ready (and not marked to follow):
    ready is every kind the item needs cleared (committee.papers.models.readiness)."""
    business = [
        (item, item.entry_id) for item in agenda_of(session, meeting) if item.entry_id is not None
    ]
    if not business:
        return []
    entry_ids = [entry_id for _, entry_id in business]
    papers = papers_by_entry(session, entry_ids)
    leads = lead_officers_by_entry(session, entry_ids)
    missing = []
    for item, entry_id in business:
        ready = papers[entry_id].readiness == Readiness.READY
        if not ready and not item.to_follow:
            names = [person.name for person in leads.get(entry_id, [])]
            missing.append(MissingPaper(item, names))
    return missing


def scheduling_warnings(session: Session, meeting: Meeting, now: datetime) -> list[str]:
    """Say what putting one more item on the meeting's agenda now would set off, if anything."""
    warnings = []
    agenda = agenda_for(session, meeting)
    if agenda.is_published and agenda.published_at is not None:
        warnings.append(
            f"The agenda was published on {long_date(agenda.published_at)}: members will not "
            "see the item until you publish a supplementary agenda."
        )
    draft = meeting_deadlines(session, meeting).draft
    if draft <= now:
        warnings.append(
            f"The paper deadline ({clock_time(draft)} on {long_date(draft)}) has passed: "
            "the lead officers will be sent a reminder that their paper is overdue."
        )
    return warnings


def publication_day(session: Session, meeting: Meeting) -> date:
    return meeting_deadlines(session, meeting).publication


def recipients(session: Session, meeting: Meeting) -> list[Person]:
    """The members on the meeting's day, and its substitutes, who have an email address."""
    day = to_london(meeting.start).date()
    members = session.exec(
        select(Person)
        .join(Membership, col(Membership.person_id) == Person.id)
        .where(
            Membership.committee_id == meeting.committee_id,
            col(Membership.starts_on) <= day,
            (col(Membership.ends_on).is_(None)) | (col(Membership.ends_on) >= day),
            col(Person.email).is_not(None),
        )
    ).all()
    substitutes = session.exec(
        select(Person)
        .join(Substitution, col(Substitution.person_id) == Person.id)
        .where(Substitution.meeting_id == meeting.id, col(Person.email).is_not(None))
    ).all()
    return list({person.id: person for person in [*members, *substitutes]}.values())


#: A councillor's office on the committee, as the frontsheet notes it.
ROLE_NOTES = {
    MembershipRole.CHAIR.value: " (Chair)",
    MembershipRole.VICE_CHAIR.value: " (Vice-Chair)",
}

#: Members who are not councillors, listed as what they are, each list after the councillors.
NOT_COUNCILLORS = {
    MembershipRole.CO_OPTED.value: ("Co-opted Member", "Co-opted Members"),
    MembershipRole.BY_INVITATION.value: ("By Invitation", "By Invitation"),
}


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def recipients_names(session: Session, meeting: Meeting) -> str:
    """The membership as a frontsheet writes it: "Councillors L Bigham, ..., M Mutton (Chair)
    and C Thomas; Co-opted Member: S Hanson; By Invitation: K Jones". Co-optees and members by
    invitation are not councillors, and are not called so."""
    day = to_london(meeting.start).date()
    seats = session.exec(
        select(Person.name, Membership.role)
        .join(Membership, col(Membership.person_id) == Person.id)
        .where(
            Membership.committee_id == meeting.committee_id,
            col(Membership.starts_on) <= day,
            (col(Membership.ends_on).is_(None)) | (col(Membership.ends_on) >= day),
            Membership.role != MembershipRole.SUBSTITUTE.value,
        )
    ).all()
    by_surname = sorted(seats, key=lambda seat: seat[0].split()[-1])
    councillors = [
        f"{name}{ROLE_NOTES.get(role, '')}"
        for name, role in by_surname
        if role not in NOT_COUNCILLORS
    ]
    parts = []
    if councillors:
        called = "Councillor" if len(councillors) == 1 else "Councillors"
        parts.append(f"{called} {_listed(councillors)}")
    for role, (one, many) in NOT_COUNCILLORS.items():
        names = [name for name, held in by_surname if held == role]
        if names:
            parts.append(f"{one if len(names) == 1 else many}: {_listed(names)}")
    return "; ".join(parts)


def history_of_agenda(session: Session, meeting: Meeting) -> list[tuple[AgendaChange, str]]:
    """Every change of the agenda's state, oldest first, with who made it ("system")."""
    return history_rows(session, AgendaChange, AgendaChange.meeting_id == meeting.id)


def editions_of(session: Session, meeting_id: int | None) -> list[AgendaEdition]:
    """The meeting's editions, oldest first."""
    return list(
        session.exec(
            select(AgendaEdition)
            .where(AgendaEdition.meeting_id == meeting_id)
            .order_by(col(AgendaEdition.number))
        )
    )


def edition_numbered(session: Session, meeting: Meeting, number: int) -> AgendaEdition:
    """The meeting's edition of that number, or NotFound."""
    found = session.exec(
        select(AgendaEdition).where(
            AgendaEdition.meeting_id == meeting.id, AgendaEdition.number == number
        )
    ).first()
    if found is None:
        raise NotFound(f"The agenda of this meeting has no edition {number}.")
    return found


def packs_of(session: Session, edition_ids: list[int]) -> dict[tuple[int, str], EditionPack]:
    """Each edition's packs by (edition id, audience), without their bytes."""
    rows = session.exec(
        select(EditionPack)
        .options(defer(EditionPack.content))  # type: ignore[arg-type]  # SQLModel types the column as its value
        .where(col(EditionPack.edition_id).in_(edition_ids))
    )
    return {(pack.edition_id, pack.audience): pack for pack in rows}


def pack_content(session: Session, pack: EditionPack) -> bytes:
    """A ready pack's bytes (loaded only when they are sent)."""
    content = session.exec(select(EditionPack.content).where(EditionPack.id == pack.id)).one()
    assert content is not None, "only a ready pack is sent"
    return content


def meetings_publishing(session: Session, version_id: int) -> list[int]:
    """The meetings whose editions published this paper version (none: it is not published)."""
    return list(
        session.exec(
            select(AgendaEdition.meeting_id)
            .join(EditionMention, col(EditionMention.edition_id) == AgendaEdition.id)
            .where(EditionMention.version_id == version_id)
            .distinct()
        )
    )


def published_versions(session: Session, edition_id: int | None) -> set[int]:
    """The paper versions an edition published."""
    return {
        version_id
        for version_id in session.exec(
            select(EditionMention.version_id).where(EditionMention.edition_id == edition_id)
        )
        if version_id is not None
    }


@dataclass(frozen=True)
class _Sitting:
    committee_id: int
    start: datetime


def move_warnings(session: Session, meeting: Meeting, start: datetime, now: datetime) -> list[str]:
    """What moving the meeting to `start` would break, in words, for the clerk to confirm first:
    a published agenda's five clear working days, an agenda due on a day gone, or a paper
    deadline moved into the past."""
    if start == meeting.start:
        return []
    old = meeting_deadlines(session, meeting)
    new = meeting_deadlines(session, _Sitting(meeting.committee_id, start))
    agenda = agenda_for(session, meeting)
    warnings = []
    if agenda.is_published and agenda.published_at is not None:
        went_out = to_london(agenda.published_at).date()
        if went_out > new.publication:
            warnings.append(
                f"The agenda went out on {long_date(went_out)}. For a meeting on "
                f"{long_date(start)} it had to go out by {long_date(new.publication)}, five clear "
                "working days before: the meeting would not have its five clear days' notice."
            )
    elif new.publication < to_london(now).date():
        warnings.append(
            f"The agenda would have been due on {long_date(new.publication)}, which has passed: "
            "it would go out late, with the reason given when you publish it."
        )
    for name, before, after in (
        ("draft paper deadline", old.draft, new.draft),
        ("final paper deadline", old.final, new.final),
    ):
        if after <= now and after != before:
            warnings.append(
                f"The {name} would move to {clock_time(after)} on {long_date(after)}, which has "
                "passed: papers still to come would be late the moment the meeting moves."
            )
    return warnings


def what_holds_the_meeting(session: Session, meeting: Meeting) -> list[str]:
    """What keeps a meeting from being deleted, in words: its items of business, a published
    agenda, its minutes. Empty when it may be deleted."""
    held = []
    business = [item.title for item in agenda_of(session, meeting) if item.entry_id is not None]
    business += [
        title
        for title in session.exec(
            select(WorkProgrammeEntry.title).where(WorkProgrammeEntry.meeting_id == meeting.id)
        )
        if title not in business
    ]
    if business:
        titles = ", ".join(f"“{title}”" for title in business[:3])
        more = f" and {len(business) - 3} more" if len(business) > 3 else ""
        held.append(f"{len(business)} item{'s' if len(business) != 1 else ''} ({titles}{more})")
    if agenda_for(session, meeting).published_at is not None or editions_of(session, meeting.id):
        held.append("a published agenda")
    if minutes_of(session, meeting) is not None:
        held.append("minutes")
    return held


def changes_in_words(session: Session, meeting_id: int, *, all_if_unpublished: bool) -> list[str]:
    """The meeting's changes of time, place and status, in words, made since its agenda first
    went out; before it has, every change (`all_if_unpublished`, for its clerks) or none."""
    first = session.exec(
        select(func.min(AgendaEdition.published_at)).where(AgendaEdition.meeting_id == meeting_id)
    ).one()
    if first is None and not all_if_unpublished:
        return []
    return [
        alteration_in_words(alteration)
        for alteration in alterations_of(session, meeting_id)
        if first is None or alteration.at >= first
    ]
