"""Demo data: a real scrutiny board, its 2018/19 programme, and a live current year.

The 2018/19 part comes from the published agenda pack of 6 September 2018 and
its work programme (data/work-programme-2018-19.tsv); that meeting's papers
are rendered to small PDFs from the pack's text (data/2018-09-06-*.txt) as the
demo loads. The current municipal year is laid out around today, so deadlines,
reminders and feeds are live whenever the demo is loaded. Every meeting whose
publication day has come has its agenda published, and every one that has
started is held. Email addresses use the reserved .example domain.
"""

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, partial
from importlib import resources

from sqlmodel import Session, col, select

from committee.agenda.operations import record_agenda_event
from committee.agenda.queries import publication_day
from committee.committees.models import Committee, Council
from committee.decisions.clocks import Route
from committee.decisions.models import MakerKind, NoticeScrutiny
from committee.decisions.operations import (
    add_decision_maker,
    call_in,
    draft_notice,
    end_call_in_periods,
    publish_decision,
    publish_notice,
    record_decision,
    set_call_in_rules,
)
from committee.imports.parse import parse_rows
from committee.imports.readers import read_text_table
from committee.meetings.models import AgendaItem, Meeting
from committee.meetings.operations import add_standard_items, renumber
from committee.meetings.queries import agenda_of, meeting_deadlines
from committee.minutes.operations import publish_minutes, save_minutes
from committee.minutes.schemas import MinutesInput
from committee.papers.convert import render_paper
from committee.papers.models import PaperKind
from committee.papers.schemas import UploadedFile
from committee.people.actors import SYSTEM, Actor
from committee.people.models import Membership, MembershipRole, Person, Role, RoleGrant
from committee.recommendations.models import Recommendation
from committee.recommendations.operations import answer_recommendation, implement_recommendation
from committee.timeutil import london_datetime, municipal_year_of, to_london, utcnow
from committee.work_programme.lifecycle import record_event
from committee.work_programme.models import TimingNote, WorkProgrammeEntry
from committee.work_programme.operations import EntryDraft, new_entry
from committee.work_programme.queries import known_people
from committee.work_programme.schemas import EventInput
from workflows.entry import EntryState
from workflows.recommendation import Answer

# The council's details and the board's notes, as the frontsheet of 6 September 2018 prints them.
COUNCIL = {
    "name": "Coventry City Council",
    "proper_officer": "Martin Yardley, Executive Director, Place, Council House Coventry",
    "address": "Council House, Coventry",
    "telephone": "(024) 7683 3111",
    "website": "http://moderngov.coventry.gov.uk",
    "accessibility_notice": "Please note: a hearing loop is available in the committee rooms\n"
    "If you require a British Sign Language interpreter for this meeting OR if you would like "
    "this information in another format or language please contact us.",
}
CONTACT_TELEPHONE = "(024) 7683 3237/3111"
SCRUTINY_NOTE = (
    "Scrutiny Board Members who have an interest in any report to this meeting, but who are "
    "not Members of this Scrutiny Board, have been invited to notify the Chair by 12 noon on "
    "the day before the meeting that they wish to speak on a particular item. The Member must "
    "indicate to the Chair their reason for wishing to speak and the issue(s) they wish to "
    "raise."
)
SLUG = "scrutiny-board-2"
NAME = "Education and Children's Services Scrutiny Board (2)"
VENUE = "Committee Room 3 - Council House"
START = time(14, 0)
DOMAIN = "coventry.example"
MINUTES_JULY_2018 = "minutes-2018-07-19.json"
FIXTURE = "work-programme-2018-19.tsv"

GOVERNANCE_OFFICERS = [
    ("Michelle Rose", "Governance Services Officer"),
    ("Lara Knight", "Governance Services Co-ordinator"),
]
ADMINISTRATOR = GOVERNANCE_OFFICERS[1][0]
LEAD_OFFICERS = [
    ("Kirston Nelson", "Director Education and Skills"),
    ("John Gregg", "Director of Children's Services"),
    ("Rebekah Eaves", "Safeguarding Boards Manager"),
    ("Paul Smith", ""),
    ("Sonia Watson", ""),
    ("Jeanette Essex", ""),
    ("Sara Mills", ""),
    ("Neil MacDonald", ""),
    ("Michelle McGinty", ""),
    ("Peter Barnett", ""),
    ("David Peplow", ""),
    ("Sue Frossell", ""),
]
# From the frontsheet: "Councillors L Bigham, S Hanson (Co-opted Member), K Jones
# (By Invitation), B Kaur, L Kelly, D Kershaw, J Lepoidevin, A Lucas, P Male,
# M Mutton (Chair) and C Thomas".
MEMBERS = [
    ("L Bigham", MembershipRole.MEMBER),
    ("S Hanson", MembershipRole.CO_OPTED),
    ("K Jones", MembershipRole.BY_INVITATION),
    ("B Kaur", MembershipRole.MEMBER),
    ("L Kelly", MembershipRole.MEMBER),
    ("D Kershaw", MembershipRole.MEMBER),
    ("J Lepoidevin", MembershipRole.MEMBER),
    ("A Lucas", MembershipRole.MEMBER),
    ("P Male", MembershipRole.MEMBER),
    ("M Mutton", MembershipRole.CHAIR),
    ("C Thomas", MembershipRole.MEMBER),
]
CABINET_MEMBERS = [
    ("P Seaman", "Cabinet Member for Children and Young People"),
    ("K Maton", "Cabinet Member for Education and Skills"),
]
ANNUAL_MEETING_2018 = date(2018, 5, 24)
# The Cabinet: its members by portfolio, from the frontsheet's "Other Members" and the pack.
CABINET_SLUG = "cabinet"
CABINET_CHAIR = ("G Duggins", "Cabinet Member for Policy and Leadership")
CABINET_VENUE = "Diamond Room 1 - Council House"
CABINET_START = time(14, 0)
# The Connecting Communities key decision, as the board's briefing note of 17 March 2016
# reports it: Cabinet agreed the proposals on Tuesday 23 February 2016.
CONNECTING_COMMUNITIES = "Connecting Communities: library opening hours and the mobile library"
CONNECTING_NOTICE_PUBLISHED = date(2016, 1, 25)
CONNECTING_DECIDED = date(2016, 2, 23)
CONNECTING_DECISION_PUBLISHED = date(2016, 2, 25)
BOARD_MARCH_2016 = date(2016, 3, 17)

# The agenda of 6 September 2018 as published: agenda titles differ from the
# programme's, and Baby F had a second paper.
SEPTEMBER_2018_AGENDA = {
    "Primary Progress (Unvalidated data)": (
        "Early Years and Primary Education Performance - 2018 indicative outcomes",
        "Briefing Note of the Deputy Chief Executive (People)",
        PaperKind.BRIEFING_NOTE,
    ),
    "SCR – Baby F": (
        "Serious Case Review - Baby F",
        "Briefing Note of the Deputy Chief Executive (People); "
        "Report of the Local Safeguarding Children's Board",
        PaperKind.BRIEFING_NOTE,
    ),
}


@dataclass(frozen=True)
class DemoPaper:
    """A paper as the pack printed it: its kind, its title, the text it is rendered from, by whom."""

    kind: PaperKind
    title: str
    source: str  # a text file in data/, from the published pack
    lead: str


# The papers of 6 September 2018, by programme title: submitted a week before
# publication, cleared the day before (the pack went out on 29 August).
SEPTEMBER_2018_PAPERS = {
    "Primary Progress (Unvalidated data)": (
        DemoPaper(
            PaperKind.BRIEFING_NOTE,
            "Early Years and Primary Education Performance – 2018 indicative outcomes",
            "2018-09-06-early-years-briefing-note.txt",
            "Kirston Nelson",
        ),
    ),
    "SCR – Baby F": (
        DemoPaper(
            PaperKind.BRIEFING_NOTE,
            "Baby F Serious Case Review: findings and recommendations",
            "2018-09-06-baby-f-briefing-note.txt",
            "Rebekah Eaves",
        ),
        DemoPaper(
            PaperKind.REPORT,
            "Recommendations and Implementation Assurance",
            "2018-09-06-baby-f-report.txt",
            "Rebekah Eaves",
        ),
    ),
}
# Taken on 19 July 2018 though the programme did not list them (minutes 14, 16 and 18):
# (title, detail, lead as written, exempt paragraph).
JULY_2018_ITEMS = [
    (
        "Co-option of Parent Representative to the Board",
        "To consider the co-option of a parent representative to the Board.",
        "Michelle Rose",
        None,
    ),
    (
        "Serious Case Review",
        "A briefing note on a Serious Case Review.",
        "Rebekah Eaves Cllr Seaman",
        None,
    ),
    (
        "Serious Case Review",
        "Confidential matters relating to a Serious Case Review: information relating to an "
        "individual.",
        "Rebekah Eaves Cllr Seaman",
        1,
    ),
]
PAPERS_SUBMITTED_2018 = datetime.fromisoformat("2018-08-22T16:00:00+01:00")
PAPERS_CLEARED_2018 = datetime.fromisoformat("2018-08-28T11:00:00+01:00")
AGENDA_PUBLISHED_AT = time(10, 0)

# The current year: (title, detail, lead as written, the meeting's month counted
# from May = 0 (one of MEETING_MONTHS) or None for no meeting yet, exempt
# paragraph, timing note).
CURRENT_YEAR_ENTRIES = [
    (
        "Primary Progress (Unvalidated data)",
        "Members requested a report in September of the unvalidated data when available",
        "Kirston Nelson Cllr Maton",
        4,
        None,
        None,
    ),
    (
        "Coventry Youth Partnership",
        "To discuss the Coventry Youth Partnership, with young people involved in the panel invited.",
        "Cllr Seaman Michelle McGinty",
        4,
        None,
        None,
    ),
    (
        "Partnership Working for Children's Services",
        "Members requested information about working with partners to achieve the outcomes of the "
        "Children's Services improvement plan.",
        "John Gregg Cllr Seaman",
        5,
        None,
        None,
    ),
    (
        "Secondary Progress (Unvalidated data)",
        "Information on secondary school pupils' progress using the unvalidated data when available",
        "Kirston Nelson Cllr Maton",
        6,
        None,
        None,
    ),
    (
        "Improvement Board Update Report",
        "A regular progress report from the Improvement Board",
        "John Gregg Sonia Watson Cllr Seaman",
        6,
        None,
        None,
    ),
    (
        "Home to School Transport",
        "A follow up report covering applications, decisions and appeals and amendments to the process.",
        "Jeanette Essex Kirston Nelson Cllr Maton",
        7,
        None,
        None,
    ),
    (
        "Serious Case Review - Child H",
        "Progress on the recommendations of a serious case review, including information relating to "
        "individuals.",
        "Rebekah Eaves John Gregg Cllr Seaman",
        7,
        1,
        None,
    ),
    (
        "Alternative Provision and Exclusions",
        "A follow up report on the impact of the managed transfer system",
        "Sara Mills Kirston Nelson",
        8,
        None,
        None,
    ),
    (
        "School Performance Information – validated data",
        "A report on school performance data using validated data, including LAC and vulnerable groups",
        "Sara Mills Kirston Nelson",
        9,
        None,
        None,
    ),
    (
        "Adoption Central England",
        "A further progress report, with facts and figures on the current position with adoption",
        "Paul Smith Cllr Seaman",
        10,
        None,
        None,
    ),
    (
        "Coventry Parenting Strategy",
        "A 12 month progress report, to include rag ratings against actions",
        "Sue Frossell",
        11,
        None,
        None,
    ),
    (
        "Review of Libraries",
        "How libraries can become hubs for community wellbeing, and progress on recent changes.",
        "Peter Barnett Kirston Nelson Cllr Maton",
        None,
        None,
        TimingNote.TO_BE_DETERMINED,
    ),
    (
        "School based police panels",
        "How the police are supporting improving behaviour in schools and tackling anti-social "
        "behaviour in partnership",
        "Kirston Nelson Cllr Maton",
        None,
        None,
        TimingNote.TO_BE_DETERMINED,
    ),
    (
        "Secure Provision",
        "The provision of secure placements and custody for young people across the region",
        "John Gregg",
        None,
        None,
        TimingNote.NEXT_MUNICIPAL_YEAR,
    ),
]
# Months of the municipal year (May = 0) in which the board meets.
MEETING_MONTHS = (1, 2, 4, 5, 6, 7, 8, 9, 10, 11)
WINDOW_OPENS_AT = time(9, 0)
# What the demo records for items its source does not give a resolution for.
DEMO_RESOLUTION = "RESOLVED that the Board note the briefing note."


@dataclass
class DemoSummary:
    committees: int
    people: int
    meetings: int
    entries: int
    governance_email: str


class DatabaseNotEmpty(Exception):
    pass


def _email(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@{DOMAIN}"


def _first_thursday_from(day: date) -> date:
    return day + timedelta(days=(3 - day.weekday()) % 7)


def current_year_meeting_days(first_year: int) -> list[date]:
    """Return the board's meeting days in a municipal year: early each month but May and August."""
    days = []
    for offset in MEETING_MONTHS:
        month = 5 + offset
        year = first_year + (month - 1) // 12
        days.append(_first_thursday_from(date(year, (month - 1) % 12 + 1, 4)))
    return days


@cache
def paper_pdf(source: str) -> bytes:
    """Render one of the pack's papers, kept as text, to a small PDF (the same every time)."""
    text = resources.files("committee.demo").joinpath("data", source).read_text(encoding="utf-8")
    return render_paper(source, _text_as_html(text))


def _text_as_html(text: str) -> str:
    """The pack's text as simple HTML: paragraphs, bulleted lines, tab-separated tables."""
    blocks: list[str] = []
    rows: list[str] = []
    for line in text.splitlines():
        cells = [_inline(cell) for cell in line.split("\t")]
        if len(cells) > 1:
            rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
            continue
        if rows:
            blocks.append("<table>" + "".join(rows) + "</table>")
            rows = []
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("- "):
            indent = "margin-left:6mm" if line.startswith(" ") else "margin-left:2mm"
            blocks.append(f'<p style="{indent}">• {_inline(stripped[2:])}</p>')
        elif not blocks:
            blocks.append(f"<h1>{_inline(stripped)}</h1>")
        else:
            blocks.append(f"<p>{_inline(stripped)}</p>")
    if rows:
        blocks.append("<table>" + "".join(rows) + "</table>")
    return "\n".join(blocks)


def _inline(text: str) -> str:
    """Escape the text; keep its **bold**; drop the HTML the pack's tables carried."""
    plain = html.escape(re.sub(r"</?p>", " ", text).strip())
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", plain)


def seed_demo(session: Session, *, now: datetime | None = None) -> DemoSummary:
    """Load the demo into an empty database; refuse if any committee exists."""
    if session.exec(select(Committee.id)).first() is not None:
        raise DatabaseNotEmpty(
            "The database already has committees; demo data goes only into an empty one."
        )
    now = now or utcnow()
    loader = _Loader(session, now)
    loader.people_and_board()
    loader.programme_2016()
    loader.programme_2018()
    loader.current_year()
    loader.in_order_of_time()
    loader.executive_decisions()
    session.flush()
    return DemoSummary(
        committees=2,
        people=len(loader.people),
        meetings=loader.meeting_count,
        entries=loader.entry_count,
        governance_email=_email(GOVERNANCE_OFFICERS[0][0]),
    )


class _Loader:
    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now
        self.people: dict[str, Person] = {}
        self.meeting_count = 0
        self.entry_count = 0
        self.meetings: list[Meeting] = []

    def _person(self, name: str, job_title: str, email: str | None) -> Person:
        person = Person(name=name, job_title=job_title, email=email)
        self.session.add(person)
        self.people[name] = person
        return person

    def people_and_board(self) -> None:
        session = self.session
        session.add(Council.model_validate({"id": 1, **COUNCIL}))
        self.board = Committee(
            slug=SLUG,
            name=NAME,
            usual_venue=VENUE,
            usual_start_time=START,
            contact_telephone=CONTACT_TELEPHONE,
            frontsheet_notes=SCRUTINY_NOTE,
        )
        session.add(self.board)
        for name, title in GOVERNANCE_OFFICERS:
            self._person(name, title, _email(name))
        for name, title in LEAD_OFFICERS:
            self._person(name, title, _email(name))
        for name, title in CABINET_MEMBERS:
            self._person(name, title, _email(name))
        for name, _role in MEMBERS:
            title = {"S Hanson": "Co-opted Member", "K Jones": "Parent Representative"}.get(
                name, "Councillor"
            )
            self._person(name, title, _email(name))
        session.flush()
        self.clerk = self.people[GOVERNANCE_OFFICERS[0][0]]
        self.board.governance_officer_id = self.clerk.id
        for name, _title in GOVERNANCE_OFFICERS:
            session.add(
                RoleGrant(
                    person_id=self.people[name].id, role=Role.GOVERNANCE, committee_id=self.board.id
                )
            )
        # The co-ordinator keeps the people and their roles: the demo's administrator.
        session.add(RoleGrant(person_id=self.people[ADMINISTRATOR].id, role=Role.ADMIN))
        for name, _title in LEAD_OFFICERS:
            session.add(RoleGrant(person_id=self.people[name].id, role=Role.LEAD_OFFICER))
        for name, role in MEMBERS:
            person = self.people[name]
            session.add(RoleGrant(person_id=person.id, role=Role.MEMBER))
            session.add(
                Membership(
                    committee_id=self.board.id,
                    person_id=person.id,
                    role=role,
                    starts_on=ANNUAL_MEETING_2018,
                )
            )
        self._cabinet()
        session.flush()
        self.known = known_people(session)

    def _cabinet(self) -> None:
        """The Cabinet: a committee whose meetings take the executive's decisions, its clerks
        the board's (who keep the forward plan), its members the cabinet members."""
        session = self.session
        self.cabinet = Committee(
            slug=CABINET_SLUG,
            name="Cabinet",
            usual_venue=CABINET_VENUE,
            usual_start_time=CABINET_START,
            contact_telephone=CONTACT_TELEPHONE,
        )
        session.add(self.cabinet)
        chair = self._person(*CABINET_CHAIR, _email(CABINET_CHAIR[0]))
        session.flush()
        self.cabinet.governance_officer_id = self.clerk.id
        for name, _title in GOVERNANCE_OFFICERS:
            session.add(
                RoleGrant(
                    person_id=self.people[name].id,
                    role=Role.GOVERNANCE,
                    committee_id=self.cabinet.id,
                )
            )
        for person, role in [
            (chair, MembershipRole.CHAIR),
            *((self.people[name], MembershipRole.MEMBER) for name, _ in CABINET_MEMBERS),
        ]:
            session.add(RoleGrant(person_id=person.id, role=Role.MEMBER))
            session.add(
                Membership(
                    committee_id=self.cabinet.id,
                    person_id=person.id,
                    role=role,
                    starts_on=date(2015, 5, 21),
                )
            )

    def _meeting(
        self, day: date, venue: str | None = None, committee: Committee | None = None
    ) -> Meeting:
        committee = committee or self.board
        start = london_datetime(day, committee.usual_start_time)
        meeting = Meeting(
            committee_id=committee.id,
            start=start,
            end=start + timedelta(minutes=committee.usual_duration_minutes),
            venue=venue or committee.usual_venue,
        )
        self.session.add(meeting)
        self.session.flush()
        add_standard_items(self.session, meeting)
        self.meeting_count += 1
        self.meetings.append(meeting)
        return meeting

    def _entry(
        self,
        *,
        year: int,
        title: str,
        detail: str,
        lead: str,
        meeting: Meeting | None,
        created: datetime,
        exempt_paragraph: int | None = None,
        timing: TimingNote | None = None,
        papers: tuple[DemoPaper, ...] = (),
    ) -> WorkProgrammeEntry:
        entry = new_entry(
            self.session,
            actor=self.clerk,
            committee_id=self.board.id,
            municipal_year=year,
            draft=EntryDraft(
                title=title,
                detail=detail,
                lead=lead,
                source="Scrutiny Board",
                timing_note=timing,
                exempt_paragraph=exempt_paragraph,
            ),
            known=self.known,
            at=created,
        )
        self.entry_count += 1
        if meeting is not None:
            self._advance(entry, meeting, created, papers)
        return entry

    def _step(
        self,
        entry: WorkProgrammeEntry,
        event: str,
        to: EntryState,
        actor: Actor,
        at: datetime,
        **data: object,
    ) -> None:
        """Record what happened to the entry at `at`, through the lifecycle's table."""
        record_event(
            self.session,
            actor=actor,
            entry_id=entry.id,
            event=event,
            to_state=to.value,
            at=at,
            data=EventInput.model_validate(data),
        )

    def _advance(
        self,
        entry: WorkProgrammeEntry,
        meeting: Meeting,
        created: datetime,
        papers: tuple[DemoPaper, ...] = (),
    ) -> None:
        """Take the entry as far along its lifecycle as the meeting's date allows today."""
        self._step(
            entry, "schedule", EntryState.SCHEDULED, self.clerk, created, meeting_id=meeting.id
        )
        opens = london_datetime(
            meeting_deadlines(self.session, meeting).briefing_opens, WINDOW_OPENS_AT
        )
        if opens <= self.now:
            self._step(entry, "open_briefing", EntryState.BRIEFING_DUE, SYSTEM, max(opens, created))
            for paper in papers:
                self._submit_and_clear(entry, paper, after=opens)
        if meeting.start <= self.now:
            self._step(entry, "consider", EntryState.CONSIDERED, self.clerk, meeting.start)
        resolved = meeting.end + timedelta(days=2)
        if resolved <= self.now:
            self._step(
                entry,
                "resolve",
                EntryState.RESOLVED,
                self.clerk,
                resolved,
                resolution=DEMO_RESOLUTION,
            )

    def _submit_and_clear(
        self, entry: WorkProgrammeEntry, paper: DemoPaper, after: datetime
    ) -> None:
        """The lead officer sends the paper in as a PDF; the governance officer clears it."""
        submitted = max(PAPERS_SUBMITTED_2018, after + timedelta(hours=1))
        upload = UploadedFile(
            filename=paper.source.removesuffix(".txt") + ".pdf",
            content_type="application/pdf",
            content=paper_pdf(paper.source),
        )
        self._step(
            entry,
            "submit_paper",
            EntryState.BRIEFING_DUE,
            self.people[paper.lead],
            submitted,
            paper_kind=paper.kind,
            paper_title=paper.title,
            paper_file=upload,
        )
        cleared = max(PAPERS_CLEARED_2018, submitted + timedelta(hours=1))
        self._step(
            entry,
            "clear_paper",
            EntryState.BRIEFING_DUE,
            self.clerk,
            cleared,
            paper_kind=paper.kind,
        )

    def programme_2016(self) -> None:
        """The board's meeting of 17 March 2016 and its item on Cabinet's Connecting
        Communities decision of 23 February; Cabinet's meeting of that day."""
        self.cabinet_february_2016 = self._meeting(CONNECTING_DECIDED, committee=self.cabinet)
        meeting = self._meeting(BOARD_MARCH_2016)
        self.connecting_item = self._entry(
            year=2015,
            title="Connecting Communities",
            detail="Cabinet agreed the Connecting Communities proposals on 23 February 2016 "
            "(library opening hours, the mobile library, a £1.2 million saving). Members to "
            "identify any recommendations for the appropriate Cabinet Member.",
            lead="Cllr Maton",
            meeting=meeting,
            created=london_datetime(date(2016, 2, 26), time(10, 0)),
        )

    def programme_2018(self) -> None:
        text = (
            resources.files("committee.demo").joinpath("data", FIXTURE).read_text(encoding="utf-8")
        )
        programme = parse_rows(read_text_table(text), 2018)
        created = london_datetime(ANNUAL_MEETING_2018 + timedelta(days=7), time(10, 0))
        for group in programme.groups:
            meeting = self._meeting(group.day, group.venue) if group.day else None
            for parsed in group.entries:
                entry = self._entry(
                    year=2018,
                    title=parsed.title,
                    detail=parsed.detail,
                    lead=parsed.lead,
                    meeting=meeting,
                    created=created,
                    timing=group.timing,
                    papers=SEPTEMBER_2018_PAPERS.get(parsed.title, ()) if meeting else (),
                )
                if meeting is not None and parsed.title in SEPTEMBER_2018_AGENDA:
                    self._publish_as_in_pack(entry, meeting)
            if meeting is not None and meeting.start.date() == date(2018, 7, 19):
                self._unprogrammed_items_july_2018(meeting, created)

    def _publish_as_in_pack(self, entry: WorkProgrammeEntry, meeting: Meeting) -> None:
        agenda_title, paper_title, kind = SEPTEMBER_2018_AGENDA[entry.title]
        item = self.session.exec(select(AgendaItem).where(AgendaItem.entry_id == entry.id)).one()
        item.title, item.paper_title, item.paper_kind = agenda_title, paper_title, kind

    def _unprogrammed_items_july_2018(self, meeting: Meeting, created: datetime) -> None:
        """Minutes 14, 16 and 18 of 19 July 2018: items taken that the programme did not list,
        the last in private under paragraph 1."""
        for title, detail, lead, paragraph in JULY_2018_ITEMS:
            entry = self._entry(
                year=2018,
                title=title,
                detail=detail,
                lead=lead,
                meeting=meeting,
                created=created,
                exempt_paragraph=paragraph,
            )
            assert entry.state == EntryState.RESOLVED
        renumber(self.session, meeting)

    def in_order_of_time(self) -> None:
        """Publish each agenda whose day has come and hold each meeting begun, with the
        minutes of 19 July 2018 and what came of them, each in its turn: every edition
        then says what was so the day it went out."""
        happenings: list[tuple[datetime, Callable[[], None]]] = [
            (london_datetime(date(2018, 7, 26), time(10, 0)), self._minutes_july_2018),
            (london_datetime(date(2018, 9, 11), time(12, 0)), self._co_option_agreed),
            (london_datetime(date(2018, 9, 20), time(12, 0)), self._internships_answered),
        ]
        for meeting in self.meetings:
            published = london_datetime(publication_day(self.session, meeting), AGENDA_PUBLISHED_AT)
            if published <= self.now or meeting.start <= self.now:
                at = min(published, self.now)
                happenings.append((at, partial(self._publish, meeting, at)))
            if meeting.start <= self.now:
                happenings.append((meeting.start, partial(self._hold, meeting)))
        for at, happen in sorted(happenings, key=lambda pair: pair[0]):
            if at <= self.now:
                happen()

    def _publish(self, meeting: Meeting, at: datetime) -> None:
        record_agenda_event(self.session, actor=self.clerk, meeting=meeting, event="publish", at=at)

    def _hold(self, meeting: Meeting) -> None:
        record_agenda_event(
            self.session, actor=SYSTEM, meeting=meeting, event="hold", at=meeting.start
        )

    def _minutes_july_2018(self) -> None:
        """The seed's minutes of 19 July 2018 (minutes 9 to 19), written and published."""
        (meeting,) = (m for m in self.meetings if to_london(m.start).date() == date(2018, 7, 19))
        record = json.loads(
            resources.files("committee.demo")
            .joinpath("data", MINUTES_JULY_2018)
            .read_text(encoding="utf-8")
        )
        items = {
            (item.title, item.is_private): item.id for item in agenda_of(self.session, meeting)
        }
        for minute in record["minutes"]:
            if "item" in minute:
                key = (minute.pop("item"), minute.pop("item_private", False))
                minute["agenda_item_id"] = items[key]
        record.pop("_source")
        data = MinutesInput.model_validate(record)
        written = london_datetime(date(2018, 7, 23), time(11, 0))
        save_minutes(self.session, actor=self.clerk, meeting=meeting, data=data, now=written)
        published = london_datetime(date(2018, 7, 26), time(10, 0))
        publish_minutes(
            self.session, actor=self.clerk, meeting=meeting, response_months=2, now=published
        )

    def _recommendations_2018(self) -> tuple[Recommendation, Recommendation]:
        internship, co_option = self.session.exec(
            select(Recommendation).order_by(col(Recommendation.id))
        ).all()
        return internship, co_option

    def _co_option_agreed(self) -> None:
        _, co_option = self._recommendations_2018()
        answer_recommendation(
            self.session,
            actor=self.clerk,
            recommendation_id=co_option.id,
            answer=Answer.ACCEPTED,
            response="Council agreed the co-option on 11 September 2018.",
            answered_on=date(2018, 9, 11),
        )
        implement_recommendation(
            self.session,
            actor=self.clerk,
            recommendation_id=co_option.id,
            implemented_on=date(2018, 9, 11),
        )

    def _internships_answered(self) -> None:
        internship, _ = self._recommendations_2018()
        answer_recommendation(
            self.session,
            actor=self.clerk,
            recommendation_id=internship.id,
            answer=Answer.PARTLY_ACCEPTED,
            response="The City Council will offer supported internships from September 2019; "
            "the wider business community is to be approached through the Coventry and "
            "Warwickshire Chamber of Commerce.",
            answered_on=date(2018, 9, 20),
        )

    def executive_decisions(self) -> None:
        """The forward plan and decisions: Connecting Communities in 2016, with its notice,
        decision and call-in period; around today, notices on the plan (one under general
        exception, one private, one draft), a decision in its call-in period and one called in
        by two of the board's members and waiting for it."""
        session, clerk = self.session, self.clerk
        admin = self.people[ADMINISTRATOR]
        cabinet = add_decision_maker(
            session, actor=admin, name="Cabinet", kind=MakerKind.EXECUTIVE, committee=self.cabinet
        )
        makers = {
            name: add_decision_maker(
                session,
                actor=admin,
                name=title,
                kind=MakerKind.CABINET_MEMBER,
                portfolio=title.removeprefix("Cabinet Member for "),
                person=self.people[name],
            )
            for name, title in CABINET_MEMBERS
        }
        set_call_in_rules(
            session,
            actor=admin,
            call_in_working_days=5,
            call_in_members_needed=2,
            call_in_meeting_working_days=10,
            call_in_committee=self.board,
        )
        # 2016: the notice 25 January; decided 23 February, the first lawful day; the
        # decision notice 25 February; the call-in period ended 3 March, nobody calling it in.
        notice = draft_notice(
            session,
            actor=clerk,
            decision_maker=cabinet,
            matter=CONNECTING_COMMUNITIES,
            decision_due=CONNECTING_DECIDED,
            summary="Changes to library opening hours and the mobile library service, saving "
            "£1.2 million.",
            documents="Report of the Executive Director, People",
            representations="To the Libraries Manager by 19 February 2016.",
            scrutiny_committee=self.board,
            drafted_on=CONNECTING_NOTICE_PUBLISHED - timedelta(days=5),
        )
        publish_notice(session, actor=clerk, notice=notice, on=CONNECTING_NOTICE_PUBLISHED)
        connecting = record_decision(
            session,
            actor=clerk,
            decision_maker=cabinet,
            notice=notice,
            meeting=self.cabinet_february_2016,
            title=CONNECTING_COMMUNITIES,
            decided_on=CONNECTING_DECIDED,
            decision="Approved the Connecting Communities proposals: revised opening hours at "
            "branch libraries and a redesigned mobile library service.",
            reasons="To make a saving of £1.2 million while keeping a library service in "
            "every community.",
            alternatives="Closing branch libraries; keeping the mobile library unchanged.",
        )
        publish_decision(
            session, actor=clerk, decision=connecting, on=CONNECTING_DECISION_PUBLISHED
        )
        end_call_in_periods(session, on=date(2016, 3, 4))  # the morning after its period
        session.add(
            NoticeScrutiny(
                notice_id=notice.id, committee_id=self.board.id, entry_id=self.connecting_item.id
            )
        )
        today = to_london(self.now).date()
        # Around today.
        on_plan = draft_notice(
            session,
            actor=clerk,
            decision_maker=makers["K Maton"],
            matter="School place planning: primary expansion programme",
            decision_due=today + timedelta(days=40),
            summary="Expanding three primary schools from September.",
            documents="Report of the Director Education and Skills",
            representations="To the Director Education and Skills, in writing.",
            lead_officer="Kirston Nelson",
            scrutiny_committee=self.board,
        )
        publish_notice(session, actor=clerk, notice=on_plan, on=today - timedelta(days=10))
        excepted = draft_notice(
            session,
            actor=clerk,
            decision_maker=cabinet,
            matter="Holiday activities and food programme: grant acceptance",
            decision_due=today + timedelta(days=7),
            summary="Accepting the Department for Education's grant for the holiday programme.",
            route=Route.GENERAL_EXCEPTION,
            exception_reason="The grant's terms arrived after the forward plan was published; "
            "they must be accepted before the programme's deadline.",
            scrutiny_committee=self.board,
        )
        publish_notice(session, actor=clerk, notice=excepted, on=today - timedelta(days=1))
        private = draft_notice(
            session,
            actor=clerk,
            decision_maker=makers["P Seaman"],
            matter="Residential children's home: contract award",
            decision_due=today + timedelta(days=60),
            summary="Awarding the contract for two residential children's homes.",
            exempt_paragraph=3,
            private_reason="The report contains information about the bidders' financial affairs.",
            scrutiny_committee=self.board,
        )
        publish_notice(session, actor=clerk, notice=private, on=today - timedelta(days=3))
        draft_notice(
            session,
            actor=clerk,
            decision_maker=cabinet,
            matter="Early years funding formula",
            decision_due=today + timedelta(days=75),
            scrutiny_committee=self.board,
        )
        running = record_decision(
            session,
            actor=clerk,
            decision_maker=makers["K Maton"],
            title="Home to school transport policy",
            decided_on=today - timedelta(days=2),
            decision="Approved the revised home to school transport policy.",
            reasons="To bring the policy into line with the statutory guidance.",
        )
        publish_decision(session, actor=clerk, decision=running, on=today - timedelta(days=1))
        called = record_decision(
            session,
            actor=clerk,
            decision_maker=makers["P Seaman"],
            title="Youth service review",
            decided_on=today - timedelta(days=3),
            decision="Approved the youth service review's proposals.",
            reasons="To focus the service on the areas of greatest need.",
        )
        publish_decision(session, actor=clerk, decision=called, on=today - timedelta(days=2))
        for name, reasons in (
            ("L Bigham", "The consultation did not reach young people in the north of the city."),
            ("B Kaur", "The equality impact assessment was not before the decision maker."),
        ):
            call_in(session, actor=self.people[name], decision=called, reasons=reasons, on=today)
        end_call_in_periods(session, on=today)

    def current_year(self) -> None:
        year = municipal_year_of(to_london(self.now).date())
        meetings = dict(
            zip(MEETING_MONTHS, map(self._meeting, current_year_meeting_days(year)), strict=True)
        )
        if sum(meeting.start > self.now for meeting in meetings.values()) < 3:
            for day in current_year_meeting_days(year + 1)[:3]:
                self._meeting(day)
        created = london_datetime(date(year, 5, 20), time(10, 0))
        for title, detail, lead, month, paragraph, timing in CURRENT_YEAR_ENTRIES:
            meeting = meetings[month] if month is not None else None
            self._entry(
                year=year,
                title=title,
                detail=detail,
                lead=lead,
                meeting=meeting,
                created=min(created, self.now),
                exempt_paragraph=paragraph,
                timing=timing,
            )
        withdrawn = self._entry(
            year=year,
            title="Published SCR's",
            detail="For Members of the Board to consider how the recommendations from the SCRs "
            "have been implemented",
            lead="John Gregg David Peplow Cllr Seaman",
            meeting=None,
            created=min(created, self.now),
        )
        self._step(
            withdrawn,
            "withdraw",
            EntryState.WITHDRAWN,
            self.clerk,
            min(created + timedelta(days=30), self.now),
            reason="Covered by the Safeguarding Partnership's annual report to the Board.",
        )
