"""Take an edition of a meeting's agenda: freeze its frontsheet, note what it names, queue its packs.

An edition is taken when the agenda is published, with each supplement, and
when published business becomes private (a correction). Its frontsheet is
written once, here, from the agenda as it stands; its packs are built after
the commit, off the request (committee.agenda.pack), and nothing afterwards
changes either.
"""

from datetime import datetime

from sqlmodel import Session, col, select

from committee.agenda.frontsheet import (
    Frontsheet,
    SheetItem,
    SheetLine,
    SheetPaper,
    read_frontsheet,
)
from committee.agenda.models import (
    AgendaEdition,
    EditionKind,
    EditionMention,
    EditionPack,
    PackAudience,
)
from committee.agenda.queries import cleared_papers, editions_of, recipients_names
from committee.db import remember_after_commit
from committee.meetings.models import AgendaItem, Meeting
from committee.meetings.queries import agenda_of, committee_of
from committee.minutes.queries import matters_arising
from committee.papers.models import PAPER_KIND_LABELS, PaperKind
from committee.people.actors import Actor, SystemActor
from committee.people.models import Person
from committee.work_programme.models import WorkProgrammeEntry

#: After the commit: editions whose packs wait to be built (committee.agenda.pack).
EDITIONS_PUBLISHED = "editions_published"


def take_edition(
    session: Session,
    *,
    meeting: Meeting,
    kind: EditionKind,
    reason: str,
    actor: Actor,
    at: datetime,
    sheet: Frontsheet | None = None,
) -> AgendaEdition:
    """Store the next edition of the meeting's agenda (its frontsheet as the agenda stands now,
    unless `sheet` is given) and queue its packs; flush, never commit."""
    number = len(editions_of(session, meeting.id))
    sheet = sheet or current_frontsheet(
        session, meeting, number=number, kind=kind, reason=reason, at=at
    )
    edition = AgendaEdition(
        meeting_id=meeting.id,
        number=number,
        kind=kind.value,
        reason=reason,
        published_at=at,
        published_by_id=None if isinstance(actor, SystemActor) else actor.id,
        frontsheet=sheet.model_dump_json(),
    )
    session.add(edition)
    session.flush()
    entries = {item.entry_id for item in sheet.items if item.entry_id is not None}
    entries |= {line.entry_id for line in sheet.matters_arising if line.entry_id is not None}
    session.add_all(
        [EditionMention(edition_id=edition.id, entry_id=entry_id) for entry_id in sorted(entries)]
        + [
            EditionMention(
                edition_id=edition.id, entry_id=item.entry_id, version_id=paper.version_id
            )
            for item in sheet.items
            for paper in item.papers
        ]
        + [EditionPack(edition_id=edition.id, audience=audience.value) for audience in PackAudience]
    )
    session.flush()
    remember_after_commit(session, EDITIONS_PUBLISHED, edition.id)
    return edition


def current_frontsheet(
    session: Session, meeting: Meeting, *, number: int, kind: EditionKind, reason: str, at: datetime
) -> Frontsheet:
    """The frontsheet of the agenda as it stands: its published items, each with the papers
    cleared for it (or, while a new version awaits clearing, the one published before)."""
    committee = committee_of(session, meeting)
    items = [item for item in agenda_of(session, meeting) if item.published_in is not None]
    cleared = cleared_papers(session, items)
    before = _latest_sheet(session, meeting)
    published_before = {item.item_id: item.papers for item in before.items} if before else {}
    clerk = (
        session.get(Person, committee.governance_officer_id)
        if committee.governance_officer_id
        else None
    )
    return Frontsheet(
        committee_id=committee.id,
        committee_name=committee.name,
        committee_slug=committee.slug,
        meeting_id=meeting.id,
        start=meeting.start,
        end=meeting.end,
        venue=meeting.venue,
        edition=number,
        kind=kind.value,
        reason=reason,
        published_at=at,
        items=[_sheet_item(item, cleared.get(item.id, []), published_before) for item in items],
        matters_arising=[
            SheetLine(text=line.text, entry_id=line.entry_id)
            for line in matters_arising(session, meeting)
        ],
        membership=recipients_names(session, meeting),
        clerk_name=clerk.name if clerk else "",
        clerk_email=(clerk.email or "") if clerk else "",
    )


def _sheet_item(
    item: AgendaItem, cleared: list, published_before: dict[int, list[SheetPaper]]
) -> SheetItem:
    papers = [
        SheetPaper(
            version_id=paper.version.id,
            label=PAPER_KIND_LABELS.get(PaperKind(paper.paper.kind), paper.paper.kind),
            title=paper.version.title,
        )
        for paper in cleared
    ]
    return SheetItem(
        item_id=item.id,
        entry_id=item.entry_id,
        number=item.number,
        kind=item.kind,
        title=item.title,
        description=item.description,
        paper_title=item.paper_title,
        exempt_paragraph=item.exempt_paragraph,
        to_follow=item.to_follow,
        added_in=item.published_in or 0,
        late_reason=item.late_reason,
        papers=papers or published_before.get(item.id, []),
    )


def _latest_sheet(session: Session, meeting: Meeting) -> Frontsheet | None:
    latest = session.exec(
        select(AgendaEdition.frontsheet)
        .where(AgendaEdition.meeting_id == meeting.id)
        .order_by(col(AgendaEdition.number).desc())
        .limit(1)
    ).first()
    return read_frontsheet(latest) if latest is not None else None


def corrected_frontsheet(
    session: Session, meeting: Meeting, *, number: int, reason: str, at: datetime
) -> Frontsheet:
    """The latest edition's frontsheet again, each item private as it is now and the matters
    arising that are now private taken out; nothing else changes (what waits for a supplement
    stays waiting)."""
    before = _latest_sheet(session, meeting)
    assert before is not None, "only a published agenda is corrected"
    live = {
        item.id: item.exempt_paragraph
        for item in session.exec(
            select(AgendaItem).where(col(AgendaItem.id).in_([i.item_id for i in before.items]))
        )
    }
    private_entries = set(
        session.exec(
            select(WorkProgrammeEntry.id).where(
                col(WorkProgrammeEntry.id).in_(
                    [line.entry_id for line in before.matters_arising if line.entry_id]
                ),
                col(WorkProgrammeEntry.exempt_paragraph).is_not(None),
            )
        )
    )
    return before.model_copy(
        update={
            "edition": number,
            "kind": EditionKind.CORRECTION.value,
            "reason": reason,
            "published_at": at,
            "items": [
                item.model_copy(
                    update={"exempt_paragraph": live.get(item.item_id, item.exempt_paragraph)}
                )
                for item in before.items
            ],
            "matters_arising": [
                line for line in before.matters_arising if line.entry_id not in private_entries
            ],
        }
    )


def meetings_mentioning(session: Session, entry_id: int) -> list[Meeting]:
    """The meetings with an edition that names the entry (its item, or a matter arising)."""
    return list(
        session.exec(
            select(Meeting)
            .where(
                col(Meeting.id).in_(
                    select(AgendaEdition.meeting_id)
                    .join(EditionMention, col(EditionMention.edition_id) == AgendaEdition.id)
                    .where(EditionMention.entry_id == entry_id)
                )
            )
            .order_by(col(Meeting.start))
        )
    )
