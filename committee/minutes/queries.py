"""Reading minutes, their numbers, the matters arising from them, and recommendations."""

from dataclasses import dataclass, field

from sqlmodel import Session, col, func, select

from committee.errors import NotFound
from committee.meetings.models import AgendaItem, Meeting, Substitution
from committee.minutes.models import (
    Attendance,
    AttendanceKind,
    Declaration,
    MeetingMinutes,
    Minute,
    MinutesChange,
    Resolution,
)
from committee.people.models import Membership, MembershipRole, Person
from committee.people.queries import history_rows
from committee.recommendations.models import Recommendation
from committee.recommendations.queries import open_recommendations
from committee.timeutil import to_london
from committee.visibility.queries import PUBLIC, Business, Reader, of_entry
from committee.work_programme.models import WorkProgrammeEntry
from workflows.minutes import MinutesState
from workflows.recommendation import STATE_LABELS, RecommendationState


def minutes_of(session: Session, meeting: Meeting) -> MeetingMinutes | None:
    return session.get(MeetingMinutes, meeting.id)


def meetings_with_published_minutes(session: Session, meeting_ids: list[int]) -> set[int]:
    """Which of these meetings have published minutes, in one query."""
    return set(
        session.exec(
            select(MeetingMinutes.meeting_id).where(
                col(MeetingMinutes.meeting_id).in_(meeting_ids),
                MeetingMinutes.state == MinutesState.PUBLISHED.value,
            )
        )
    )


def readable_minutes(session: Session, meeting: Meeting, reader: Reader) -> MeetingMinutes:
    """The minutes the reader may read (drafts: its governance officers), or 404 as if none."""
    found = minutes_of(session, meeting)
    if found is None or not (found.is_published or reader.governs(meeting.committee_id)):
        raise NotFound("This meeting has no published minutes yet.")
    return found


@dataclass
class MinuteView:
    minute: Minute
    resolutions: list[Resolution] = field(default_factory=list)


@dataclass
class MinutesView:
    """One meeting's minutes with everything in them, in order."""

    minutes: MeetingMinutes
    committee_id: int
    attendance: list[Attendance]
    declarations: list[Declaration]
    items: list[MinuteView]
    recommendations: dict[int, Recommendation]  # by resolution id
    corrections: list[MinutesChange] = field(default_factory=list)  # oldest first
    entries: dict[int, int] = field(default_factory=dict)  # agenda item id -> its entry's id

    def business_of(self, minute: Minute) -> Business:
        """A minute's business: private if taken in private, with the entry its item came from."""
        return Business(
            self.committee_id,
            exempt_paragraph=minute.exempt_paragraph,
            meeting_id=self.minutes.meeting_id,
            entry_id=self.entries.get(minute.agenda_item_id) if minute.agenda_item_id else None,
        )

    def readable(self, reader: Reader) -> set[int]:
        """The minutes (by id) whose words the reader may read."""
        return {
            item.minute.id for item in self.items if reader.may_read(self.business_of(item.minute))
        }

    def corrections_of(self, minute: Minute | None) -> list[MinutesChange]:
        """The corrections of one minute, or (None) of the attendance and declarations."""
        wanted = minute.id if minute is not None else None
        return [c for c in self.corrections if c.minute_id == wanted]

    def corrections_shown(self, reader: Reader) -> list[MinutesChange]:
        """The corrections a reader sees: none of a minute whose words they may not read."""
        hidden = {i.minute.id for i in self.items} - self.readable(reader)
        return [c for c in self.corrections if c.minute_id not in hidden]


def minutes_view(session: Session, found: MeetingMinutes) -> MinutesView:
    meeting_id = found.meeting_id
    attendance = session.exec(
        select(Attendance)
        .where(Attendance.meeting_id == meeting_id)
        .order_by(col(Attendance.position))
    ).all()
    declarations = session.exec(
        select(Declaration)
        .where(Declaration.meeting_id == meeting_id)
        .order_by(col(Declaration.position))
    ).all()
    minutes = session.exec(
        select(Minute).where(Minute.meeting_id == meeting_id).order_by(col(Minute.position))
    ).all()
    views = {minute.id: MinuteView(minute) for minute in minutes}
    resolutions = session.exec(
        select(Resolution)
        .where(col(Resolution.minute_id).in_(list(views)))
        .order_by(col(Resolution.position))
    ).all()
    for resolution in resolutions:
        views[resolution.minute_id].resolutions.append(resolution)
    recommendations = session.exec(
        select(Recommendation).where(
            col(Recommendation.resolution_id).in_([r.id for r in resolutions])
        )
    ).all()
    corrections = session.exec(
        select(MinutesChange)
        .where(MinutesChange.meeting_id == meeting_id, MinutesChange.event == "correct")
        .order_by(col(MinutesChange.at), col(MinutesChange.id))
    ).all()
    entries = {
        item_id: entry_id
        for item_id, entry_id in session.exec(
            select(AgendaItem.id, AgendaItem.entry_id).where(
                col(AgendaItem.id).in_([m.agenda_item_id for m in minutes if m.agenda_item_id])
            )
        )
        if entry_id is not None
    }
    committee_id = session.exec(select(Meeting.committee_id).where(Meeting.id == meeting_id)).one()
    return MinutesView(
        minutes=found,
        committee_id=committee_id,
        entries=entries,
        attendance=list(attendance),
        declarations=list(declarations),
        items=list(views.values()),
        recommendations={
            r.resolution_id: r for r in recommendations if r.resolution_id is not None
        },
        corrections=list(corrections),
    )


def history_of_minutes(session: Session, meeting: Meeting) -> list[tuple[MinutesChange, str]]:
    """Every change of a meeting's minutes, oldest first, with who made it ("system")."""
    return history_rows(session, MinutesChange, MinutesChange.meeting_id == meeting.id)


def last_number_before(session: Session, *, committee_id: int, year: int, meeting: Meeting) -> int:
    """The highest minute number of the committee's year in minutes of earlier meetings."""
    highest = session.exec(
        select(func.max(Minute.number))
        .join(Meeting, col(Meeting.id) == Minute.meeting_id)
        .where(
            Minute.committee_id == committee_id,
            Minute.municipal_year == year,
            col(Meeting.start) < meeting.start,
        )
    ).one()
    return highest or 0


def first_number_after(
    session: Session, *, committee_id: int, year: int, meeting: Meeting
) -> int | None:
    """The lowest minute number of the committee's year in minutes of later meetings."""
    return session.exec(
        select(func.min(Minute.number))
        .join(Meeting, col(Meeting.id) == Minute.meeting_id)
        .where(
            Minute.committee_id == committee_id,
            Minute.municipal_year == year,
            col(Meeting.start) > meeting.start,
        )
    ).one()


@dataclass(frozen=True)
class MatterArising:
    """A line under Minutes (b): a follow-up the last minutes asked for, or an open recommendation."""

    text: str
    entry_id: int | None  # the entry it concerns, if any: its privacy decides who reads it


def matters_arising(session: Session, meeting: Meeting) -> list[MatterArising]:
    """From the committee's last published minutes before this meeting, and every open
    recommendation: only what the public may read, for the agenda is public."""
    previous = session.exec(
        select(MeetingMinutes)
        .join(Meeting, col(Meeting.id) == MeetingMinutes.meeting_id)
        .where(
            Meeting.committee_id == meeting.committee_id,
            col(Meeting.start) < meeting.start,
            MeetingMinutes.state == "published",
        )
        .order_by(col(Meeting.start).desc())
    ).first()
    lines: list[MatterArising] = []
    if previous is not None:
        rows = session.exec(
            select(Minute, WorkProgrammeEntry)
            .join(Resolution, col(Resolution.minute_id) == Minute.id)
            .join(WorkProgrammeEntry, col(WorkProgrammeEntry.id) == Resolution.follow_up_entry_id)
            .where(Minute.meeting_id == previous.meeting_id)
            .order_by(col(Minute.position), col(Resolution.position))
        ).all()
        lines += [
            MatterArising(f"{minute.citation()}: {entry.title} (on the work programme)", entry.id)
            for minute, entry in rows
            if PUBLIC.may_read(of_entry(entry))
        ]
    for view in open_recommendations(
        session, meeting.committee_id, sent_before=to_london(meeting.start).date(), reader=PUBLIC
    ):
        found = view.recommendation
        stands = STATE_LABELS[RecommendationState(found.state)].lower()
        if found.state == RecommendationState.SENT:
            stands += f", response due {found.response_due:%-d %B %Y}"
        lines.append(MatterArising(f"Recommendation to {found.to_whom}: {stands}", found.entry_id))
    return lines


def follow_up_origin(session: Session, entry_id: int) -> Minute | None:
    """The published minute whose resolution asked for this entry, if one did."""
    return session.exec(
        select(Minute)
        .join(Resolution, col(Resolution.minute_id) == Minute.id)
        .where(Resolution.follow_up_entry_id == entry_id)
    ).first()


@dataclass(frozen=True)
class RollLine:
    """Someone expected at the meeting, as the minutes' Present would list them."""

    person_id: int
    name: str  # "Councillor M Mutton"
    kind: AttendanceKind
    note: str  # "Chair", "Co-opted Member", "for Councillor L Kelly"


def roll_of(session: Session, meeting: Meeting) -> list[RollLine]:
    """The committee's members on the meeting's day and its substitutes, for the clerk to tick
    present or apologies: the attendance starts from who was expected."""
    day = to_london(meeting.start).date()
    seats = session.exec(
        select(Person, Membership.role)
        .join(Membership, col(Membership.person_id) == Person.id)
        .where(
            Membership.committee_id == meeting.committee_id,
            col(Membership.starts_on) <= day,
            col(Membership.ends_on).is_(None) | (col(Membership.ends_on) >= day),
            Membership.role != MembershipRole.SUBSTITUTE.value,
        )
        .order_by(col(Person.name))
    ).all()
    lines = []
    for person, role in seats:
        # Co-optees and those sitting by invitation are not councillors: their own lists.
        if role == MembershipRole.CO_OPTED.value:
            lines.append(RollLine(person.id, person.name, AttendanceKind.CO_OPTED, ""))
        elif role == MembershipRole.BY_INVITATION.value:
            lines.append(RollLine(person.id, person.name, AttendanceKind.OTHER, "By Invitation"))
        else:
            note = {"chair": "Chair", "vice-chair": "Vice-Chair"}.get(role, "")
            lines.append(
                RollLine(person.id, f"Councillor {person.name}", AttendanceKind.MEMBER, note)
            )
    replacing = dict(
        session.exec(
            select(Substitution.person_id, Person.name)
            .outerjoin(Person, col(Person.id) == Substitution.replacing_id)
            .where(Substitution.meeting_id == meeting.id)
        ).all()
    )
    for person in session.exec(
        select(Person)
        .join(Substitution, col(Substitution.person_id) == Person.id)
        .where(Substitution.meeting_id == meeting.id)
        .order_by(col(Person.name))
    ):
        instead = replacing.get(person.id)
        note = f"for Councillor {instead}" if instead else ""
        lines.append(
            RollLine(person.id, f"Councillor {person.name}", AttendanceKind.SUBSTITUTE, note)
        )
    return lines
