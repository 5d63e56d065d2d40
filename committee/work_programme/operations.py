"""Create and edit work programme entries."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, select

from committee.committees.models import Committee
from committee.errors import InvalidInput
from committee.meetings.models import AgendaItem, Meeting
from committee.meetings.operations import renumber
from committee.papers.models import PaperKind, kinds_stored
from committee.people.actors import Actor
from committee.people.models import Person
from committee.people.permissions import require_governance
from committee.timeutil import municipal_year_of, to_london, today_in_london, utcnow
from committee.work_programme.leads import KnownPerson, cabinet_members_in, people_named_in
from committee.work_programme.lifecycle import (
    TransitionRefused,
    fire_event,
    record_state_change,
)
from committee.work_programme.models import EntryLeadOfficer, TimingNote, WorkProgrammeEntry
from committee.work_programme.queries import known_people
from committee.work_programme.schemas import EventInput
from committee.work_programme.signals import PrivacyChange, privacy_changed


def _resolve_lead_officers(
    session: Session, lead_text: str, lead_officer_ids: Sequence[int] | None
) -> list[int]:
    if lead_officer_ids is None:
        return people_named_in(lead_text, known_people(session))
    ids = list(dict.fromkeys(lead_officer_ids))
    found = set(session.exec(select(Person.id).where(col(Person.id).in_(ids))))
    missing = [person_id for person_id in ids if person_id not in found]
    if missing:
        raise InvalidInput("lead_officer_ids", f"no person has the id {missing[0]}")
    return ids


# What governance officers of the committee may do, as refusals name it.
CHANGE_PROGRAMME = "change the work programme"
CABINET_MEMBER_MAX = 200


def set_lead_officers(
    session: Session, entry: WorkProgrammeEntry, person_ids: Sequence[int]
) -> None:
    session.exec(delete(EntryLeadOfficer).where(col(EntryLeadOfficer.entry_id) == entry.id))
    for person_id in person_ids:
        session.add(EntryLeadOfficer(entry_id=entry.id, person_id=person_id))


def _meeting_of_committee(session: Session, committee: Committee, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise InvalidInput("meeting_id", f"no meeting has the id {meeting_id}")
    if meeting.committee_id != committee.id:
        raise InvalidInput(
            "meeting_id", f"meeting {meeting_id} is not a meeting of {committee.name}"
        )
    return meeting


@dataclass(frozen=True)
class EntryDraft:
    """What one new entry is made of; see `new_entries` for the defaults."""

    title: str
    detail: str = ""
    lead: str = ""
    cabinet_member: str | None = None
    source: str = ""
    timing_note: TimingNote | str | None = None
    exempt_paragraph: int | None = None
    lead_officer_ids: Sequence[int] | None = None
    papers_needed: Sequence[PaperKind] | None = None
    reason: str = ""


def new_entry(
    session: Session,
    *,
    actor: Actor,
    committee_id: int,
    municipal_year: int,
    draft: EntryDraft,
    known: Sequence[KnownPerson] | None = None,
    at: datetime | None = None,
    created_as: str | None = "create",
) -> WorkProgrammeEntry:
    """Make one entry; see `new_entries`."""
    return new_entries(
        session,
        actor=actor,
        committee_id=committee_id,
        municipal_year=municipal_year,
        drafts=[draft],
        known=known,
        at=at,
        created_as=created_as,
    )[0]


def new_entries(
    session: Session,
    *,
    actor: Actor,
    committee_id: int,
    municipal_year: int,
    drafts: Sequence[EntryDraft],
    known: Sequence[KnownPerson] | None = None,
    at: datetime | None = None,
    created_as: str | None = "create",
) -> list[WorkProgrammeEntry]:
    """Make entries, with their lead officers and the history rows of their making; flush.

    The one way an entry comes to be (a form, the API, an import, the demo); the
    caller has checked the actor's role. Lead officers are `lead_officer_ids`,
    or else the known people `lead` names (`known`: people read once for many
    entries). The cabinet member defaults to the councillors `lead` names. The papers its
    item needs default to its committee's setting.
    `created_as` None records no row: the caller records how it came about.
    However many, the entries are one INSERT, their lead officers another and their
    history a third.
    """
    at = at or utcnow()
    committee_needs = ""
    if any(draft.papers_needed is None for draft in drafts):
        committee = session.get(Committee, committee_id)
        assert committee is not None
        committee_needs = committee.papers_needed
    entries = [
        WorkProgrammeEntry(
            committee_id=committee_id,
            municipal_year=municipal_year,
            title=draft.title.strip(),
            detail=draft.detail.strip(),
            lead_text=draft.lead.strip(),
            cabinet_member=(
                ", ".join(cabinet_members_in(draft.lead))
                if draft.cabinet_member is None
                else draft.cabinet_member
            ).strip(),
            source=draft.source.strip(),
            timing_note=draft.timing_note,
            exempt_paragraph=draft.exempt_paragraph,
            papers_needed=(
                committee_needs
                if draft.papers_needed is None
                else kinds_stored(draft.papers_needed)
            ),
            created_at=at,
            updated_at=at,
        )
        for draft in drafts
    ]
    session.add_all(entries)
    session.flush()
    if known is None and any(draft.lead_officer_ids is None for draft in drafts):
        known = known_people(session)
    for entry, draft in zip(entries, drafts, strict=True):
        lead_officer_ids = draft.lead_officer_ids
        if lead_officer_ids is None:
            assert known is not None
            lead_officer_ids = people_named_in(draft.lead, known)
        session.add_all(
            EntryLeadOfficer(entry_id=entry.id, person_id=person_id)
            for person_id in lead_officer_ids
        )
        if created_as is not None:
            record_state_change(
                session,
                entry=entry,
                event=created_as,
                from_state=None,
                actor=actor,
                reason=draft.reason,
                at=at,
            )
    return entries


def create_entry(
    session: Session,
    *,
    actor: Actor,
    committee: Committee,
    title: str,
    detail: str = "",
    lead: str = "",
    cabinet_member: str | None = None,
    source: str = "",
    municipal_year: int | None = None,
    meeting_id: int | None = None,
    timing_note: TimingNote | None = None,
    exempt_paragraph: int | None = None,
    lead_officer_ids: Sequence[int] | None = None,
    papers_needed: Sequence[PaperKind] | None = None,
) -> WorkProgrammeEntry:
    """Add an entry to the committee's work programme, on a meeting's agenda if one is given."""
    require_governance(session, actor, committee, CHANGE_PROGRAMME)
    title = title.strip()
    if not title:
        raise InvalidInput("title", "an entry needs a title")
    meeting = _meeting_of_committee(session, committee, meeting_id) if meeting_id else None
    if meeting is not None and timing_note is not None:
        raise InvalidInput("timing_note", "an entry on a meeting has no timing note")
    if municipal_year is None:
        day = to_london(meeting.start).date() if meeting else today_in_london()
        municipal_year = municipal_year_of(day)
    if cabinet_member is None and len(", ".join(cabinet_members_in(lead))) > CABINET_MEMBER_MAX:
        raise InvalidInput(
            "lead",
            f"it names more cabinet members than fit in {CABINET_MEMBER_MAX} characters: "
            "give the cabinet member on their own",
        )
    entry = new_entry(
        session,
        actor=actor,
        committee_id=committee.id,
        municipal_year=municipal_year,
        draft=EntryDraft(
            title=title,
            detail=detail,
            lead=lead,
            cabinet_member=cabinet_member,
            source=source,
            timing_note=timing_note,
            exempt_paragraph=exempt_paragraph,
            lead_officer_ids=_resolve_lead_officers(session, lead, lead_officer_ids),
            papers_needed=papers_needed,
        ),
    )
    if meeting is not None:
        try:
            fire_event(
                session,
                actor=actor,
                entry_id=entry.id,
                event="schedule",
                data=EventInput(meeting_id=meeting.id),
            )
        except TransitionRefused as refusal:
            # Nothing to conflict with yet: the meeting given was simply not one to book.
            raise InvalidInput("meeting_id", refusal.message) from None
    session.flush()
    return entry


EDITABLE_FIELDS = frozenset(
    {
        "title",
        "detail",
        "lead",
        "cabinet_member",
        "source",
        "municipal_year",
        "timing_note",
        "exempt_paragraph",
        "lead_officer_ids",
    }
)


def update_entry(
    session: Session, *, actor: Actor, entry: WorkProgrammeEntry, changes: Mapping[str, Any]
) -> list[str]:
    """Edit an entry's fields (not its state: that moves by events); return the fields changed.

    `changes` holds only the fields the officer sent, so an explicit None
    (making a private entry public) differs from leaving a field alone.
    """
    committee = session.get(Committee, entry.committee_id)
    assert committee is not None
    require_governance(session, actor, committee, CHANGE_PROGRAMME)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "cannot be edited here")
    changed: list[str] = []

    def assign(field: str, attribute: str, value: object) -> None:
        if getattr(entry, attribute) != value:
            setattr(entry, attribute, value)
            changed.append(field)

    for field in ("title", "detail", "cabinet_member", "source"):
        if field in changes:
            value = changes[field]
            if value is None:
                raise InvalidInput(field, "must not be null")
            value = str(value).strip()
            if field == "title" and not value:
                raise InvalidInput("title", "an entry needs a title")
            assign(field, field, value)
    if "lead" in changes:
        lead = str(changes["lead"] or "").strip()
        assign("lead", "lead_text", lead)
        if "lead_officer_ids" not in changes:
            set_lead_officers(session, entry, _resolve_lead_officers(session, lead, None))
    if "lead_officer_ids" in changes:
        ids = changes["lead_officer_ids"]
        resolved = _resolve_lead_officers(session, entry.lead_text, list(ids) if ids else [])
        set_lead_officers(session, entry, resolved)
        changed.append("lead_officer_ids")
    if "municipal_year" in changes:
        if changes["municipal_year"] is None:
            raise InvalidInput("municipal_year", "must not be null")
        assign("municipal_year", "municipal_year", changes["municipal_year"])
    if "timing_note" in changes:
        if changes["timing_note"] is not None and entry.meeting_id is not None:
            raise InvalidInput("timing_note", "an entry on a meeting has no timing note")
        assign("timing_note", "timing_note", changes["timing_note"])
    previous_paragraph = entry.exempt_paragraph
    if "exempt_paragraph" in changes:
        paragraph = changes["exempt_paragraph"]
        assign("exempt_paragraph", "exempt_paragraph", paragraph)
        item = session.exec(select(AgendaItem).where(AgendaItem.entry_id == entry.id)).first()
        if item is not None and item.exempt_paragraph != paragraph:
            item.exempt_paragraph = paragraph
            meeting = session.get(Meeting, item.meeting_id)
            if meeting is not None:
                renumber(session, meeting)
    if changed:
        entry.updated_at = utcnow()
        session.flush()
    if "exempt_paragraph" in changed:
        # Published agendas that name it correct themselves (committee.agenda).
        privacy_changed.send(
            PrivacyChange(
                session=session,
                entry=entry,
                actor=actor,
                previous_paragraph=previous_paragraph,
                at=entry.updated_at,
            )
        )
    return changed
