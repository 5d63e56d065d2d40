"""What a governance officer has outstanding, as the morning digest and /home both list it."""

from dataclasses import dataclass
from datetime import date, datetime

from committee.committees.models import Committee
from committee.deadlines.calendar import DeadlineSchedule
from committee.meetings.models import AgendaItem, Meeting
from committee.papers.models import Readiness
from committee.work_programme.models import WorkProgrammeEntry

#: Statuses of an item's papers that leave something for someone to do.
OUTSTANDING = frozenset({"overdue", "awaited", "draft received", "to follow"})


@dataclass(frozen=True)
class PaperLine:
    """Where one item's papers stand, in the words the digest and the dashboard use."""

    committee: Committee
    meeting: Meeting
    item: AgendaItem
    entry: WorkProgrammeEntry
    schedule: DeadlineSchedule
    leads: list[str]
    readiness: Readiness
    # "overdue", "awaited", "draft received", "to follow", "cleared", "not asked for yet" or
    # "no paper needed": see work_programme.queries.paper_status
    status: str
    due: datetime  # the deadline the status is judged against
    agenda_published: bool

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"

    @property
    def outstanding(self) -> bool:
        return self.status in OUTSTANDING

    @property
    def waiting_to_be_cleared(self) -> bool:
        """Every paper needed is in and one at least waits for the clerk to clear it."""
        return self.outstanding and self.readiness == Readiness.RECEIVED

    @property
    def to_follow(self) -> bool:
        return self.status == "to follow"


@dataclass(frozen=True)
class AgendaDue:
    """An agenda not yet published, when it is due, and where its papers stand."""

    meeting: Meeting
    committee: Committee
    schedule: DeadlineSchedule
    working_days_left: int  # 0 on the day; negative once late
    papers: list[PaperLine]  # overdue first, then by deadline

    @property
    def late(self) -> bool:
        return self.working_days_left < 0

    @property
    def overdue_count(self) -> int:
        return sum(line.overdue for line in self.papers)

    @property
    def publication(self) -> date:
        return self.schedule.publication


@dataclass(frozen=True)
class Outstanding:
    """Everything outstanding for one person, as their digest and their /home list it."""

    agendas: list[AgendaDue]
    papers: list[PaperLine]  # outstanding only: overdue first, then by deadline
    unscheduled: list[tuple[WorkProgrammeEntry, Committee]]

    def __bool__(self) -> bool:
        return bool(self.agendas or self.papers or self.unscheduled)

    def of_committees(self, committee_ids: set[int]) -> "Outstanding":
        """Only what concerns these committees (one person's share of a reading for many)."""
        return Outstanding(
            agendas=[agenda for agenda in self.agendas if agenda.committee.id in committee_ids],
            papers=[line for line in self.papers if line.committee.id in committee_ids],
            unscheduled=[
                (entry, committee)
                for entry, committee in self.unscheduled
                if committee.id in committee_ids
            ],
        )
