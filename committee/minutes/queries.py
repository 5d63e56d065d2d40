"""Reading minutes, their numbers, the matters arising from them, and recommendations."""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, func, select

from committee.meetings.models import Meeting
from committee.minutes.models import (
    Attendance,
    Declaration,
    MeetingMinutes,
    Minute,
    MinutesChange,
    Recommendation,
    RecommendationChange,
    Resolution,
)
from committee.people.actors import Actor
from committee.people.models import Person
from committee.people.permissions import governs
from committee.work_programme.models import WorkProgrammeEntry
from workflows.recommendation import OPEN_STATES, STATE_LABELS, RecommendationState


def minutes_of(session: Session, meeting: Meeting) -> MeetingMinutes | None:
    return session.get(MeetingMinutes, meeting.id)


def may_read_minutes(session: Session, viewer: Actor | None, meeting: Meeting) -> bool:
    """Published minutes are anyone's; a draft only its committee's governance officers'."""
    found = minutes_of(session, meeting)
    if found is None:
        return False
    return found.is_published or governs(session, viewer, meeting.committee_id)


@dataclass
class MinuteView:
    minute: Minute
    resolutions: list[Resolution] = field(default_factory=list)


@dataclass
class MinutesView:
    """One meeting's minutes with everything in them, in order."""

    minutes: MeetingMinutes
    attendance: list[Attendance]
    declarations: list[Declaration]
    items: list[MinuteView]
    recommendations: dict[int, Recommendation]  # by resolution id
    corrections: list[MinutesChange] = field(default_factory=list)  # oldest first

    def corrections_of(self, minute: Minute | None) -> list[MinutesChange]:
        """The corrections of one minute, or (None) of the attendance and declarations."""
        wanted = minute.id if minute is not None else None
        return [c for c in self.corrections if c.minute_id == wanted]

    def corrections_shown(self, private_too: bool) -> list[MinutesChange]:
        """The corrections a reader sees: none of a private minute unless they read its words."""
        private = {i.minute.id for i in self.items if i.minute.is_private}
        return [c for c in self.corrections if private_too or c.minute_id not in private]


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
    return MinutesView(
        minutes=found,
        attendance=list(attendance),
        declarations=list(declarations),
        items=list(views.values()),
        recommendations={r.resolution_id: r for r in recommendations},  # type: ignore[misc]
        corrections=list(corrections),
    )


def history_of_minutes(session: Session, meeting: Meeting) -> list[tuple[MinutesChange, str]]:
    """Every change of a meeting's minutes, oldest first, with who made it ("system")."""
    rows = session.exec(
        select(MinutesChange, Person.name)
        .outerjoin(Person, col(Person.id) == MinutesChange.actor_id)
        .where(MinutesChange.meeting_id == meeting.id)
        .order_by(col(MinutesChange.at), col(MinutesChange.id))
    )
    return [(change, name if change.actor_id is not None else "system") for change, name in rows]


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


def history_of_recommendation(
    session: Session, recommendation: Recommendation
) -> list[tuple[RecommendationChange, str | None]]:
    """Every change of a recommendation, oldest first, with who made it (None: the system)."""
    rows = session.exec(
        select(RecommendationChange, Person.name)
        .outerjoin(Person, col(Person.id) == RecommendationChange.actor_id)
        .where(RecommendationChange.recommendation_id == recommendation.id)
        .order_by(col(RecommendationChange.at), col(RecommendationChange.id))
    )
    return list(rows.all())


def recommendation_status(recommendation: Recommendation, today: date) -> str:
    """Say where a recommendation stands, in words: overdue once its response is late."""
    if recommendation.state == RecommendationState.SENT and recommendation.response_due < today:
        return f"Response overdue (due {recommendation.response_due:%-d %B %Y})"
    return STATE_LABELS[RecommendationState(recommendation.state)]


def recommendations_of(session: Session, committee_id: int) -> list[Recommendation]:
    """The committee's recommendations: open ones first, each by when its response is due."""
    found = session.exec(
        select(Recommendation)
        .where(Recommendation.committee_id == committee_id)
        .order_by(col(Recommendation.response_due), col(Recommendation.id))
    ).all()
    return sorted(found, key=lambda r: r.state not in OPEN_STATES)


@dataclass(frozen=True)
class MattersArising:
    """What the next agenda reviews under Minutes (b): follow-ups asked for and open recommendations."""

    follow_ups: list[tuple[Minute, WorkProgrammeEntry]]
    recommendations: list[Recommendation]

    def lines(self) -> list[str]:
        said = [
            f"{minute.citation()}: {entry.title} (on the work programme)"
            for minute, entry in self.follow_ups
        ]
        for r in self.recommendations:
            stands = STATE_LABELS[RecommendationState(r.state)].lower()
            if r.state == RecommendationState.SENT:
                stands += f", response due {r.response_due:%-d %B %Y}"
            said.append(f"Recommendation to {r.to_whom}: {stands}")
        return said


def matters_arising(session: Session, meeting: Meeting) -> MattersArising:
    """From the committee's last published minutes before this meeting, and every open recommendation."""
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
    follow_ups: list[tuple[Minute, WorkProgrammeEntry]] = []
    if previous is not None:
        rows = session.exec(
            select(Minute, WorkProgrammeEntry)
            .join(Resolution, col(Resolution.minute_id) == Minute.id)
            .join(WorkProgrammeEntry, col(WorkProgrammeEntry.id) == Resolution.follow_up_entry_id)
            .where(Minute.meeting_id == previous.meeting_id, Minute.exempt_paragraph.is_(None))  # type: ignore[union-attr]
            .order_by(col(Minute.position), col(Resolution.position))
        ).all()
        follow_ups = [(minute, entry) for minute, entry in rows]
    open_ones = session.exec(
        select(Recommendation)
        .where(
            Recommendation.committee_id == meeting.committee_id,
            Recommendation.private == False,  # noqa: E712 - the agenda is public
            col(Recommendation.state).in_(sorted(OPEN_STATES)),
            col(Recommendation.sent_on) < meeting.start.date(),
        )
        .order_by(col(Recommendation.response_due), col(Recommendation.id))
    ).all()
    return MattersArising(follow_ups=follow_ups, recommendations=list(open_ones))


def follow_up_origin(session: Session, entry_id: int) -> Minute | None:
    """The published minute whose resolution asked for this entry, if one did."""
    return session.exec(
        select(Minute)
        .join(Resolution, col(Resolution.minute_id) == Minute.id)
        .where(Resolution.follow_up_entry_id == entry_id)
    ).first()
