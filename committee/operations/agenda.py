"""Keep each meeting's agenda in order: standard items, business, then private business."""

from sqlmodel import Session, select

from committee.models import AgendaItem, AgendaItemKind, Meeting, PaperKind, WorkProgrammeEntry
from committee.timeutil import utcnow

# Where each kind of item sits in the public part of an agenda.
_KIND_ORDER = {
    AgendaItemKind.APOLOGIES: 0,
    AgendaItemKind.DECLARATIONS: 1,
    AgendaItemKind.MINUTES: 2,
    AgendaItemKind.BUSINESS: 3,
    AgendaItemKind.WORK_PROGRAMME: 4,
    AgendaItemKind.OTHER_BUSINESS: 5,
}

STANDARD_ITEMS = (
    (AgendaItemKind.APOLOGIES, "Apologies and Substitutions", "", ""),
    (AgendaItemKind.DECLARATIONS, "Declarations of Interests", "", ""),
    (
        AgendaItemKind.MINUTES,
        "Minutes",
        "a) To agree the minutes of the previous meeting\nb) Matters Arising",
        "",
    ),
    (
        AgendaItemKind.WORK_PROGRAMME,
        "Work Programme",
        "",
        "Briefing Note of the Scrutiny Co-ordinator",
    ),
    (
        AgendaItemKind.OTHER_BUSINESS,
        "Any Other Business",
        "Any other items of business which the Chair decides to take as matters of urgency "
        "because of the special circumstances involved.",
        "",
    ),
)


def agenda_of(session: Session, meeting: Meeting) -> list[AgendaItem]:
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position)  # type: ignore[arg-type]
        )
    )


def add_standard_items(session: Session, meeting: Meeting) -> None:
    """Give a new meeting the items every agenda has."""
    for position, (kind, title, description, paper_title) in enumerate(STANDARD_ITEMS):
        session.add(
            AgendaItem(
                meeting_id=meeting.id,
                kind=kind,
                position=position,
                title=title,
                description=description,
                paper_title=paper_title,
                paper_kind=PaperKind.BRIEFING_NOTE if paper_title else None,
            )
        )
    session.flush()
    renumber(session, meeting)


def renumber(session: Session, meeting: Meeting) -> None:
    """Put the items in agenda order and number them 1, 2, 3... across both parts."""
    items = agenda_of(session, meeting)
    items.sort(
        key=lambda item: (item.is_private, _KIND_ORDER[AgendaItemKind(item.kind)], item.position)
    )
    for index, item in enumerate(items):
        item.position = index
        item.number = str(index + 1)
    meeting.updated_at = utcnow()
    session.flush()


def place_entry(session: Session, entry: WorkProgrammeEntry, meeting: Meeting) -> AgendaItem:
    """Put the entry on the meeting's agenda, after the business already there.

    An entry has one agenda item: if it was on another meeting's agenda, the
    item moves with its paper details.
    """
    item = session.exec(select(AgendaItem).where(AgendaItem.entry_id == entry.id)).first()
    previous_meeting = session.get(Meeting, item.meeting_id) if item else None
    if item is None:
        item = AgendaItem(
            meeting_id=meeting.id,
            entry_id=entry.id,
            kind=AgendaItemKind.BUSINESS,
            position=0,
            title=entry.title,
            exempt_paragraph=entry.exempt_paragraph,
        )
        session.add(item)
    item.meeting_id = meeting.id  # type: ignore[assignment]
    last = session.exec(
        select(AgendaItem.position)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position.desc())  # type: ignore[attr-defined]
    ).first()
    # Renumbering sorts by kind first, so a high position only orders it among business.
    item.position = (last or 0) + 1
    session.flush()
    renumber(session, meeting)
    if previous_meeting is not None and previous_meeting.id != meeting.id:
        renumber(session, previous_meeting)
    return item


def remove_entry(session: Session, entry: WorkProgrammeEntry) -> None:
    """Take the entry's item off whatever agenda holds it."""
    item = session.exec(select(AgendaItem).where(AgendaItem.entry_id == entry.id)).first()
    if item is None:
        return
    meeting = session.get(Meeting, item.meeting_id)
    session.delete(item)
    session.flush()
    if meeting is not None:
        renumber(session, meeting)
