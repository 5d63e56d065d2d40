"""Build test data through the same operations the service uses."""

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from committee.agenda.models import Agenda
from committee.agenda.operations import record_agenda_event
from committee.agenda.pack import build_pending_packs
from committee.committees.models import Committee
from committee.committees.operations import create_committee
from committee.meetings.models import Meeting
from committee.meetings.operations import create_meeting
from committee.people.actors import SYSTEM
from committee.people.models import Person, Role
from committee.people.operations import create_user, issue_api_token
from committee.timeutil import LONDON, utcnow
from committee.work_programme.models import WorkProgrammeEntry
from committee.work_programme.operations import create_entry

_serial = count(1)


class Factory:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._clerks: dict[int, Person] = {}

    def clerk(self, committee: Committee, **fields: Any) -> Person:
        """Return the governance officer the factory acts as for the committee.

        The first call makes them (with `fields`, if a test wants to name them).
        """
        if committee.id not in self._clerks:
            fields.setdefault("name", "Clerk")
            self._clerks[committee.id] = self.governance_officer(committee, **fields)  # type: ignore[index]
        return self._clerks[committee.id]  # type: ignore[index]

    def committee(
        self, slug: str | None = None, *, written_papers: bool = False, **fields: Any
    ) -> Committee:
        """A committee; `written_papers`: its packs carry the previous minutes and the work
        programme, as a new committee's do (off by default, so a test's pack holds only the
        papers it sends in; tests/agenda/test_written_papers.py has them on)."""
        number = next(_serial)
        committee = create_committee(
            self.session,
            slug=slug or f"committee-{number}",
            name=fields.pop("name", f"Scrutiny Board ({number})"),
            usual_venue=fields.pop("usual_venue", "Committee Room 3 - Council House"),
            **fields,
        )
        committee.minutes_in_pack = committee.programme_in_pack = written_papers
        self.session.commit()
        return committee

    def person(
        self,
        role: Role = Role.LEAD_OFFICER,
        *,
        committees: tuple[Committee, ...] = (),
        **fields: Any,
    ) -> Person:
        number = next(_serial)
        person = create_user(
            self.session,
            email=fields.pop("email", f"person{number}@council.test"),
            name=fields.pop("name", f"Person {number}"),
            role=role,
            committees=committees,
            **fields,
        )
        self.session.commit()
        return person

    def governance_officer(self, committee: Committee, **fields: Any) -> Person:
        return self.person(Role.GOVERNANCE, committees=(committee,), **fields)

    def token(self, person: Person) -> str:
        token = issue_api_token(self.session, person=person)
        self.session.commit()
        return token

    def meeting(
        self, committee: Committee, start: datetime | None = None, **fields: Any
    ) -> Meeting:
        if start is None:
            start = (
                (utcnow() + timedelta(days=30))
                .astimezone(LONDON)
                .replace(hour=14, minute=0, second=0, microsecond=0)
            )
        meeting = create_meeting(
            self.session,
            actor=SYSTEM,
            committee=committee,
            start=start,
            already_held=True,
            **fields,
        )
        self.session.commit()
        return meeting

    def entry(
        self, committee: Committee, title: str = "Fostering", **fields: Any
    ) -> WorkProgrammeEntry:
        meeting = fields.pop("meeting", None)
        entry = create_entry(
            self.session,
            actor=self.clerk(committee),
            committee=committee,
            title=title,
            meeting_id=meeting.id if meeting else None,
            **fields,
        )
        self.session.commit()
        return entry

    def publish(self, meeting: Meeting, at: datetime | None = None) -> Agenda:
        """Record the meeting's agenda as published (no guards, nothing sent), as the demo does."""
        committee = self.session.get(Committee, meeting.committee_id)
        assert committee is not None
        agenda = record_agenda_event(
            self.session,
            actor=self.clerk(committee),
            meeting=meeting,
            event="publish",
            at=at or utcnow(),
        )
        self.session.commit()
        self.build_packs()
        return agenda

    def build_packs(self) -> int:
        """Build the packs waiting, as the work after a request's commit does."""
        return build_pending_packs(
            sessionmaker(
                bind=self.session.connection(),
                class_=Session,
                join_transaction_mode="create_savepoint",
                expire_on_commit=False,
            ),
            base_url="https://committees.test",
        )
