"""Take an edition of a meeting's agenda: freeze its frontsheet, note what it names, queue its packs.

An edition is taken when the agenda is published, with each supplement, and
when published business becomes private (a correction). Its frontsheet is
written once, here, from the agenda as it stands; its packs are built after
the commit, off the request (committee.agenda.pack), and nothing afterwards
changes either.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from committee.agenda.frontsheet import (
    Frontsheet,
    GeneratedPaper,
    SheetContact,
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
from committee.agenda.programme import programme_html, public_programme
from committee.agenda.queries import (
    changes_in_words,
    cleared_papers,
    editions_of,
    recipients_names,
)
from committee.committees.models import Committee
from committee.committees.queries import council_details, governance_contacts
from committee.db import remember_after_commit
from committee.formatting import day_of_year
from committee.meetings.models import AgendaItem, AgendaItemKind, Meeting
from committee.meetings.operations import STANDARD_ITEMS
from committee.meetings.queries import (
    agenda_of,
    committee_of,
    previous_meeting,
)
from committee.minutes.document import minutes_html
from committee.minutes.queries import matters_arising, minutes_of, minutes_view
from committee.papers.models import PAPER_KIND_LABELS, PaperKind
from committee.people.actors import Actor, SystemActor
from committee.people.models import Person
from committee.timeutil import municipal_year_label, municipal_year_of, to_london
from committee.visibility.queries import PUBLIC
from committee.work_programme.models import WorkProgrammeEntry

#: After the commit: editions whose packs wait to be built (committee.agenda.pack).
EDITIONS_PUBLISHED = "editions_published"


@dataclass(frozen=True)
class Taken:
    """An edition's frontsheet and the HTML of the papers this service wrote for it, by key."""

    sheet: Frontsheet
    generated: dict[str, str] = field(default_factory=dict)
    # Entries its generated papers name (the programme's): made private, they correct it too.
    named: tuple[int, ...] = ()


def take_edition(
    session: Session,
    *,
    meeting: Meeting,
    kind: EditionKind,
    reason: str,
    actor: Actor,
    at: datetime,
    taken: Taken | None = None,
) -> AgendaEdition:
    """Store the next edition of the meeting's agenda (its frontsheet as the agenda stands now,
    unless `taken` is given) and queue its packs; flush, never commit."""
    number = len(editions_of(session, meeting.id))
    taken = taken or current_frontsheet(
        session, meeting, number=number, kind=kind, reason=reason, at=at
    )
    sheet = taken.sheet
    edition = AgendaEdition(
        meeting_id=meeting.id,
        number=number,
        kind=kind.value,
        reason=reason,
        published_at=at,
        published_by_id=None if isinstance(actor, SystemActor) else actor.id,
        frontsheet=sheet.model_dump_json(),
        generated=json.dumps(taken.generated, sort_keys=True),
    )
    session.add(edition)
    session.flush()
    entries = {item.entry_id for item in sheet.items if item.entry_id is not None}
    entries |= {line.entry_id for line in sheet.matters_arising if line.entry_id is not None}
    entries |= set(taken.named)
    session.add_all(
        [EditionMention(edition_id=edition.id, entry_id=entry_id) for entry_id in sorted(entries)]
        + [
            EditionMention(
                edition_id=edition.id, entry_id=item.entry_id, version_id=paper.version_id
            )
            for item in sheet.items
            for paper in item.papers
            if paper.version_id is not None
        ]
        + [EditionPack(edition_id=edition.id, audience=audience.value) for audience in PackAudience]
    )
    session.flush()
    remember_after_commit(session, EDITIONS_PUBLISHED, edition.id)
    return edition


def current_frontsheet(
    session: Session, meeting: Meeting, *, number: int, kind: EditionKind, reason: str, at: datetime
) -> Taken:
    """The frontsheet of the agenda as it stands: its published items, each with the papers
    cleared for it (or, while a new version awaits clearing, the one published before) or
    written for it; the council's and the committee's details as they are set now."""
    committee = committee_of(session, meeting)
    council = council_details(session)
    items = [item for item in agenda_of(session, meeting) if item.published_in is not None]
    cleared = cleared_papers(session, items)
    before = _latest_sheet(session, meeting)
    published_before = {item.item_id: item.papers for item in before.items} if before else {}
    written = _written_papers(session, meeting, committee, at)
    clerk = (
        session.get(Person, committee.governance_officer_id)
        if committee.governance_officer_id
        else None
    )
    contacts = governance_contacts(session, committee) or ([clerk] if clerk else [])
    sheet = Frontsheet(
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
        items=[
            _sheet_item(item, cleared.get(item.id, []), published_before, written) for item in items
        ],
        matters_arising=[
            SheetLine(text=line.text, entry_id=line.entry_id)
            for line in matters_arising(session, meeting)
        ],
        membership=recipients_names(session, meeting),
        clerk_name=clerk.name if clerk else "",
        clerk_email=(clerk.email or "") if clerk else "",
        council_name=council.name,
        proper_officer=council.proper_officer,
        council_address=council.address,
        telephone=committee.contact_telephone or council.telephone,
        website=council.website,
        accessibility_notice=council.accessibility_notice,
        notes=_paragraphs(committee.frontsheet_notes),
        contacts=[SheetContact(name=p.name, email=p.email or "") for p in contacts],
        changes=changes_in_words(session, meeting.id, all_if_unpublished=False),
    )
    return _with_written(sheet, written)


def _with_written(sheet: Frontsheet, written: dict[str, "_Written"]) -> Taken:
    """The frontsheet with the papers written for it, and the entries they name."""
    carried = {
        item.kind: written[item.kind]
        for item in sheet.items
        if item.kind in written and any(paper.version_id is None for paper in item.papers)
    }
    return Taken(
        sheet,
        generated={ours.paper.key: ours.html for ours in carried.values() if ours.paper},
        named=tuple(sorted({entry for ours in carried.values() for entry in ours.entry_ids})),
    )


@dataclass(frozen=True)
class _Written:
    """A paper this service writes for a standard item, or None: to follow (minutes not yet
    published)."""

    paper: SheetPaper | None
    html: str = ""
    description: str = ""  # the item's description, where it names the paper's meeting
    entry_ids: tuple[int, ...] = ()  # the entries it names (the programme's)


def _written_papers(
    session: Session, meeting: Meeting, committee: Committee, at: datetime
) -> dict[str, _Written]:
    """By standard item kind, the papers the committee's settings say this service writes:
    the previous meeting's published minutes, and the work programme as it stands at `at`.
    Both print public words only: the pack goes to everyone."""
    written: dict[str, _Written] = {}
    previous = previous_meeting(session, meeting) if committee.minutes_in_pack else None
    if previous is not None:
        held = day_of_year(previous.start)
        description = _MINUTES_DESCRIPTION.sub(f"the meeting held on {held}", _DEFAULT_MINUTES)
        found = minutes_of(session, previous)
        if found is not None and found.is_published:
            view = minutes_view(session, found)
            paper = SheetPaper(
                generated=GeneratedPaper.MINUTES.value,
                label=f"Minutes of the meeting held on {held}",
                href=f"/meetings/{previous.id}/minutes",
            )
            html = minutes_html(session, previous, view, view.readable(PUBLIC), numbered=False)
            written[AgendaItemKind.MINUTES] = _Written(paper, html, description)
        else:
            written[AgendaItemKind.MINUTES] = _Written(None, description=description)
    if committee.programme_in_pack:
        year = municipal_year_of(to_london(meeting.start).date())
        paper = SheetPaper(
            generated=GeneratedPaper.WORK_PROGRAMME.value,
            label=f"Work Programme {municipal_year_label(year)}",
            href=f"/committees/{committee.slug}/work-programme?year={year}",
        )
        table = public_programme(session, committee, year)
        written[AgendaItemKind.WORK_PROGRAMME] = _Written(
            paper,
            programme_html(table, committee, year, as_at=at),
            entry_ids=tuple(table.entry_ids),
        )
    return written


#: The Minutes item's description as every new agenda has it, and the words naming the meeting.
_DEFAULT_MINUTES = next(d for k, _, d, _ in STANDARD_ITEMS if k == AgendaItemKind.MINUTES)
_MINUTES_DESCRIPTION = re.compile(r"the previous meeting")


def _paragraphs(text: str) -> list[str]:
    """Typed notes, one a paragraph (a blank line between), each on one line."""
    return [
        " ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()
    ]


def authors_of(paper_title: str) -> list[str]:
    """Each author of an item's papers, one a line: "Briefing Note of ...; Report of ..."."""
    return [part.strip() for part in re.split(r"[;\n]", paper_title) if part.strip()]


def _sheet_item(
    item: AgendaItem,
    cleared: list,
    published_before: dict[int, list[SheetPaper]],
    written: dict[str, _Written],
) -> SheetItem:
    papers = [
        SheetPaper(
            version_id=paper.version.id,
            label=PAPER_KIND_LABELS.get(PaperKind(paper.paper.kind), paper.paper.kind),
            title=paper.version.title,
        )
        for paper in cleared
    ]
    description = item.description
    to_follow = item.to_follow
    ours = written.get(item.kind)
    if ours is not None:
        papers = [ours.paper] if ours.paper is not None else []
        to_follow = to_follow or ours.paper is None
        if ours.description and item.description == _DEFAULT_MINUTES:
            description = ours.description
    return SheetItem(
        item_id=item.id,
        entry_id=item.entry_id,
        number=item.number,
        kind=item.kind,
        title=item.title,
        description=description,
        paper_title=item.paper_title,
        authors=authors_of(item.paper_title),
        exempt_paragraph=item.exempt_paragraph,
        to_follow=to_follow,
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
) -> Taken:
    """The latest edition's frontsheet again, each item private as it is now, the matters
    arising that are now private taken out, and the papers this service writes written again
    (the programme prints what is private now as such); nothing else changes (what waits for
    a supplement stays waiting)."""
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
    written = _written_papers(session, meeting, committee_of(session, meeting), at)
    sheet = before.model_copy(
        update={
            "edition": number,
            "kind": EditionKind.CORRECTION.value,
            "reason": reason,
            "published_at": at,
            "items": [
                item.model_copy(
                    update={
                        "exempt_paragraph": live.get(item.item_id, item.exempt_paragraph),
                        **_rewritten(item, written),
                    }
                )
                for item in before.items
            ],
            "matters_arising": [
                line for line in before.matters_arising if line.entry_id not in private_entries
            ],
        }
    )
    return _with_written(sheet, written)


def _rewritten(item: SheetItem, written: dict[str, "_Written"]) -> dict[str, object]:
    """An item's written paper as it is now, where it carried one before."""
    ours = written.get(item.kind)
    carried = [paper for paper in item.papers if paper.version_id is None]
    if ours is None or ours.paper is None or not carried:
        return {}
    return {"papers": [ours.paper if paper.version_id is None else paper for paper in item.papers]}


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
