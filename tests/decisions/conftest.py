"""The council every decisions test starts from."""

from datetime import date

import pytest

from committee.decisions.models import MakerKind
from committee.decisions.operations import (
    add_decision_maker,
    draft_notice,
    publish_decision,
    publish_notice,
    record_decision,
    set_call_in_rules,
)
from committee.people.models import Membership, Role
from committee.people.operations import set_password
from tests.conftest import PASSWORD


class Council:
    """Coventry's Cabinet, a scrutiny board with a chair, three members and a co-optee."""

    def __init__(self, make, session):
        self.session = session
        self.admin = make.person(Role.ADMIN, name="Admin")
        self.cabinet = make.committee("cabinet", name="Cabinet")
        self.board = make.committee("scrutiny-board-4", name="Scrutiny Board (4)")
        self.clerk = make.clerk(self.cabinet, name="Cabinet Clerk")
        self.board_clerk = make.clerk(self.board, name="Board Clerk")
        self.executive = add_decision_maker(
            session,
            actor=self.admin,
            name="Cabinet",
            kind=MakerKind.EXECUTIVE,
            committee=self.cabinet,
        )
        set_call_in_rules(
            session,
            actor=self.admin,
            call_in_working_days=5,
            call_in_members_needed=2,
            call_in_meeting_working_days=10,
            call_in_committee=self.board,
        )
        self.chair, self.first, self.second, self.third, self.co_optee = (
            make.person(Role.MEMBER, name=name)
            for name in ("Cllr Chair", "Cllr One", "Cllr Two", "Cllr Three", "Co-optee")
        )
        for person, role in (
            (self.chair, "chair"),
            (self.first, "member"),
            (self.second, "member"),
            (self.third, "member"),
            (self.co_optee, "co-opted"),
        ):
            session.add(
                Membership(
                    committee_id=self.board.id,
                    person_id=person.id,
                    role=role,
                    starts_on=date(2026, 5, 21),
                )
            )
        session.commit()

    def can_sign_in(self, *people) -> None:
        """Give these people the test password (hashing is slow: only for the page tests)."""
        for person in people:
            set_password(self.session, person=person, password=PASSWORD)
        self.session.commit()

    def notice(self, published: date | None = date(2026, 10, 1), **fields):
        notice = draft_notice(
            self.session,
            actor=self.clerk,
            decision_maker=self.executive,
            matter=fields.pop("matter", "Connecting Communities: library hours"),
            decision_due=fields.pop("decision_due", date(2026, 11, 10)),
            **fields,
        )
        if published is not None:
            publish_notice(self.session, actor=self.clerk, notice=notice, on=published)
        self.session.commit()
        return notice

    def decision(self, published: date | None, **fields):
        decision = record_decision(
            self.session,
            actor=self.clerk,
            decision_maker=self.executive,
            title=fields.pop("title", "Library opening hours"),
            decided_on=fields.pop("decided_on", date(2026, 11, 3)),
            decision=fields.pop("decision", "Approved the proposals"),
            **fields,
        )
        if published is not None:
            publish_decision(self.session, actor=self.clerk, decision=decision, on=published)
        self.session.commit()
        return decision


@pytest.fixture
def council(make, session, now):
    return Council(make, session)
