"""The data model. Importing this package registers every table on SQLModel.metadata."""

from committee.models.agenda import AgendaItem, AgendaItemKind
from committee.models.base import AwareDateTime
from committee.models.calendars import CalendarToken, Substitution
from committee.models.committees import Committee, Membership, MembershipRole
from committee.models.history import StateChange
from committee.models.meetings import Meeting, MeetingStatus
from committee.models.notifications import ClosureDay, MessageKind, MessageStatus, OutboxMessage
from committee.models.papers import Paper, PaperFile, PaperKind, PaperStatus, PaperVersion
from committee.models.people import ApiToken, Person, Role, RoleGrant
from committee.models.work_programme import EntryLeadOfficer, TimingNote, WorkProgrammeEntry

__all__ = [
    "AgendaItem",
    "AgendaItemKind",
    "ApiToken",
    "AwareDateTime",
    "CalendarToken",
    "ClosureDay",
    "Committee",
    "EntryLeadOfficer",
    "Meeting",
    "MeetingStatus",
    "Membership",
    "MembershipRole",
    "MessageKind",
    "MessageStatus",
    "OutboxMessage",
    "Paper",
    "PaperFile",
    "PaperKind",
    "PaperStatus",
    "PaperVersion",
    "Person",
    "Role",
    "RoleGrant",
    "StateChange",
    "Substitution",
    "TimingNote",
    "WorkProgrammeEntry",
]
