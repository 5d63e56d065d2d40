"""The entry lifecycle: every (state, event) pair, the guards, and what each event does."""

from datetime import datetime, timedelta

import pytest
from sqlmodel import func, select

from committee.errors import InvalidInput, PermissionDenied
from committee.meetings.models import AgendaItem
from committee.papers.models import Paper, PaperVersion
from committee.papers.schemas import UploadedFile
from committee.people.actors import SYSTEM
from committee.timeutil import LONDON
from committee.work_programme.lifecycle import (
    TransitionRefused,
    _EntryTransition,
    fire_event,
    record_event,
)
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from committee.work_programme.schemas import EventInput
from workflows.entry import (
    AWAITING_WINDOW,
    CALLBACKS,
    EVENTS,
    FOLLOWING_MEETING,
    GUARDS,
    MOVABLE,
    OWING_PAPERS,
    STATES_WITH_MEETING,
    TRANSITIONS,
    UNSCHEDULED,
    WINDOW_OPEN,
    EntryState,
    entry_machine,
    events_from,
)

MEETING_START = datetime(2027, 3, 4, 14, 0, tzinfo=LONDON)  # the paper window opens in February
LATER_START = datetime(2027, 4, 8, 14, 0, tzinfo=LONDON)

# Where each allowed (state, event) lands; every other pair is refused.
LANDS = {
    ("requested", "schedule"): "scheduled",
    ("requested", "withdraw"): "withdrawn",
    ("scheduled", "open_briefing"): "briefing_due",
    ("scheduled", "consider"): "considered",
    ("scheduled", "defer"): "requested",
    ("scheduled", "reschedule"): "scheduled",
    ("scheduled", "withdraw"): "withdrawn",
    ("briefing_due", "submit_paper"): "briefing_due",
    ("briefing_due", "clear_paper"): "briefing_due",
    ("briefing_due", "consider"): "considered",
    ("briefing_due", "defer"): "requested",
    ("briefing_due", "reschedule"): "briefing_due",
    ("briefing_due", "withdraw"): "withdrawn",
    ("considered", "resolve"): "resolved",
    ("considered", "withdraw"): "withdrawn",
    ("requested", "change_papers"): "requested",
    ("scheduled", "change_papers"): "scheduled",
    ("briefing_due", "change_papers"): "briefing_due",
}


class Lifecycle:
    """Entries in any state, built through the operations themselves."""

    def __init__(self, make, session, time_machine):
        self.make = make
        self.session = session
        self.time_machine = time_machine
        self.board = make.committee("scrutiny-board-2")
        self.officer = make.clerk(self.board)
        self.meeting = make.meeting(self.board, MEETING_START)
        self.later = make.meeting(self.board, LATER_START)

    def fire(self, entry, event, actor=None, **data):
        entry = fire_event(
            self.session,
            actor=actor or self.officer,
            entry_id=entry.id,
            event=event,
            data=EventInput(**data),
        )
        self.session.commit()
        return entry

    def travel_to_meeting(self):
        self.time_machine.move_to(MEETING_START + timedelta(hours=1), tick=False)

    def entry_in(self, state: str) -> WorkProgrammeEntry:
        if state == "requested":
            return self.make.entry(self.board, title="Fostering")
        if state == "withdrawn":
            return self.fire(self.entry_in("requested"), "withdraw", reason="Covered elsewhere")
        entry = self.make.entry(self.board, title="Fostering", meeting=self.meeting)
        if state == "scheduled":
            return entry
        self.fire(entry, "open_briefing")
        self.fire(
            entry, "submit_paper", paper_kind="briefing_note", paper_url="https://docs.test/a.pdf"
        )
        if state == "briefing_due":
            return entry
        self.travel_to_meeting()
        self.fire(entry, "consider")
        if state == "considered":
            return entry
        return self.fire(entry, "resolve", resolution="RESOLVED that the Board note the report")

    def data_for(self, event: str) -> dict:
        return {
            "schedule": {"meeting_id": self.meeting.id},
            "submit_paper": {"paper_kind": "briefing_note", "paper_url": "https://docs.test/b.pdf"},
            "resolve": {"resolution": "RESOLVED that the Board note the report"},
            "defer": {"reason": "The officer is on leave"},
            "reschedule": {"reason": "The meeting moved"},
            "withdraw": {"reason": "No longer needed"},
            "change_papers": {
                "papers_needed": ["briefing_note", "report"],
                "reason": "The safeguarding board reports too",
            },
        }.get(event, {})

    def snapshot(self, entry):
        self.session.expire_all()
        entry = self.session.get(WorkProgrammeEntry, entry.id)
        count = self.session.exec(
            select(func.count()).select_from(StateChange).where(StateChange.entry_id == entry.id)
        ).one()
        items = self.session.exec(
            select(AgendaItem.meeting_id).where(AgendaItem.entry_id == entry.id)
        ).all()
        papers = self.session.exec(
            select(Paper.kind, Paper.status)
            .join(WorkProgrammeEntry)
            .where(Paper.entry_id == entry.id)
        ).all()
        return (entry.state, entry.meeting_id, entry.version, count, list(items), sorted(papers))


@pytest.fixture
def life(make, session, now, time_machine):
    return Lifecycle(make, session, time_machine)


@pytest.mark.parametrize("state", [state.value for state in EntryState])
@pytest.mark.parametrize("event", list(EVENTS))
def test_every_state_and_event(life, session, state, event):
    entry = life.entry_in(state)
    if event == "consider" and state in {"scheduled", "briefing_due"}:
        life.travel_to_meeting()
    actor = SYSTEM if event == "reschedule" else life.officer
    before = life.snapshot(entry)

    expected = LANDS.get((state, event))
    if expected is None:
        with pytest.raises(TransitionRefused) as refusal:
            life.fire(entry, event, actor=actor, **life.data_for(event))
        session.rollback()
        assert refusal.value.state == state
        assert life.snapshot(entry) == before  # refused: nothing changed
        return

    life.fire(entry, event, actor=actor, **life.data_for(event))
    after = life.snapshot(entry)
    assert after[0] == expected
    assert after[3] == before[3] + 1  # one history row
    last = session.exec(
        select(StateChange).where(StateChange.entry_id == entry.id).order_by(StateChange.id.desc())
    ).first()
    assert (last.event, last.from_state, last.to_state) == (event, state, expected)
    assert last.actor_id == (None if actor is SYSTEM else life.officer.id)


def test_the_table_lists_exactly_the_pairs_the_machine_allows():
    machine_pairs = {(state.value, event) for state in EntryState for event in events_from(state)}
    assert machine_pairs == set(LANDS)


def test_every_guard_and_callback_is_implemented_by_the_adapter():
    missing = [
        name for name in GUARDS | CALLBACKS if not callable(getattr(_EntryTransition, name, None))
    ]
    assert missing == []


def test_firing_many_events_keeps_no_models_on_the_machine(life):
    for _ in range(20):
        entry = life.entry_in("requested")
        life.fire(entry, "withdraw", reason="x")
    assert entry_machine().models == []


def test_scheduling_after_the_window_opened_goes_straight_to_briefing_due(
    life, session, time_machine
):
    time_machine.move_to(datetime(2027, 2, 25, 9, 0, tzinfo=LONDON), tick=False)  # a week before
    entry = life.fire(life.entry_in("requested"), "schedule", meeting_id=life.meeting.id)
    assert entry.state == "briefing_due"
    history = session.exec(
        select(StateChange).where(StateChange.entry_id == entry.id).order_by(StateChange.id)
    ).all()
    assert [(row.event, row.to_state) for row in history] == [
        ("create", "requested"),
        ("schedule", "briefing_due"),
    ]
    paper = session.exec(select(Paper).where(Paper.entry_id == entry.id)).one()
    assert (paper.kind, paper.status) == ("briefing_note", "awaited")


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("cancelled", "The meeting on 6 May 2027 is cancelled."),
        ("started", "The meeting on 16 November 2026 has already started."),
        ("other committee", "The meeting on 6 May 2027 is a meeting of another committee."),
    ],
)
def test_scheduling_needs_a_bookable_meeting_of_the_committee(
    life, make, session, now, problem, message
):
    entry = life.entry_in("requested")
    if problem == "cancelled":
        meeting = make.meeting(life.board, datetime(2027, 5, 6, 14, 0, tzinfo=LONDON))
        meeting.status = "cancelled"
        session.commit()
    elif problem == "started":
        meeting = make.meeting(life.board, now - timedelta(hours=1))
    else:
        meeting = make.meeting(make.committee("audit"), datetime(2027, 5, 6, 14, 0, tzinfo=LONDON))
    with pytest.raises(TransitionRefused) as refusal:
        life.fire(entry, "schedule", meeting_id=meeting.id)
    assert refusal.value.message == message
    assert refusal.value.allowed_events == ["schedule", "change_papers", "withdraw"]


@pytest.mark.parametrize(
    ("state", "event", "data", "field"),
    [
        ("requested", "schedule", {}, "meeting_id"),
        ("requested", "schedule", {"meeting_id": 999999}, "meeting_id"),
        ("scheduled", "defer", {}, "reason"),
        ("scheduled", "defer", {"reason": "   "}, "reason"),
        ("requested", "withdraw", {}, "reason"),
        ("considered", "resolve", {}, "resolution"),
        ("requested", "withdraw", {"reason": "x", "resolution": "y"}, "resolution"),
    ],
)
def test_missing_or_bad_fields_are_named(life, session, state, event, data, field):
    entry = life.entry_in(state)
    with pytest.raises(InvalidInput) as error:
        life.fire(entry, event, **data)
    assert error.value.field == field


def test_an_event_the_state_does_not_allow_is_refused_before_its_input_is_read(life):
    with pytest.raises(
        TransitionRefused,
        match=r"^“Record resolution” cannot be done to an item that is awaiting a date\.$",
    ):
        life.fire(life.entry_in("requested"), "resolve")


def test_consider_waits_for_the_meeting_to_start(life):
    entry = life.entry_in("scheduled")
    with pytest.raises(
        TransitionRefused,
        match=r"^The meeting on 4 March 2027 has not started yet: it starts at 2\.00 pm\.",
    ):
        life.fire(entry, "consider")


def test_consider_only_for_the_meeting_whose_agenda_has_the_item(life):
    entry = life.entry_in("scheduled")
    life.travel_to_meeting()
    with pytest.raises(
        TransitionRefused,
        match="on the agenda of the meeting on 4 March 2027, not of the meeting on 8 April 2027",
    ):
        life.fire(entry, "consider", meeting_id=life.later.id)
    assert life.fire(entry, "consider", meeting_id=life.meeting.id).state == "considered"


def test_resolve_records_the_resolution(life):
    entry = life.fire(
        life.entry_in("considered"),
        "resolve",
        resolution="  RESOLVED that the Board note the report  ",
    )
    assert entry.resolution == "RESOLVED that the Board note the report"


def test_defer_back_to_the_programme_keeps_history_and_paper(life, session):
    entry = life.entry_in("briefing_due")
    life.fire(entry, "defer", reason="The officer is on leave")
    assert (entry.state, entry.meeting_id) == ("requested", None)
    assert session.exec(select(AgendaItem).where(AgendaItem.entry_id == entry.id)).first() is None
    paper = session.exec(select(Paper).where(Paper.entry_id == entry.id)).one()
    assert paper.status == "draft_received"
    assert (
        session.exec(select(PaperVersion).where(PaperVersion.paper_id == paper.id)).one().url
        == "https://docs.test/a.pdf"
    )
    last = session.exec(
        select(StateChange).where(StateChange.entry_id == entry.id).order_by(StateChange.id.desc())
    ).first()
    assert last.reason == "The officer is on leave"


def test_defer_onto_a_later_meeting_moves_the_agenda_item(life, session):
    entry = life.entry_in("scheduled")
    item = session.exec(select(AgendaItem).where(AgendaItem.entry_id == entry.id)).one()
    life.fire(entry, "defer", reason="More time needed", meeting_id=life.later.id)
    session.refresh(item)
    assert (entry.state, entry.meeting_id, item.meeting_id) == (
        "scheduled",
        life.later.id,
        life.later.id,
    )


def test_defer_onto_a_later_meeting_whose_window_has_opened(life, make, session, time_machine):
    entry = life.entry_in("scheduled")
    soon = make.meeting(life.board, datetime(2027, 3, 18, 14, 0, tzinfo=LONDON))
    time_machine.move_to(datetime(2027, 3, 1, 9, 0, tzinfo=LONDON), tick=False)
    life.fire(entry, "defer", reason="Clash", meeting_id=soon.id)
    assert (entry.state, entry.meeting_id) == ("briefing_due", soon.id)


def test_defer_cannot_move_an_item_to_an_earlier_meeting(life, make):
    entry = life.make.entry(life.board, title="Adoption", meeting=life.later)
    with pytest.raises(
        TransitionRefused,
        match="the meeting on 4 March 2027 is not after the meeting on 8 April 2027",
    ):
        life.fire(entry, "defer", reason="x", meeting_id=life.meeting.id)


def test_withdraw_takes_a_coming_item_off_its_agenda(life, session):
    entry = life.entry_in("scheduled")
    life.fire(entry, "withdraw", reason="Covered by the annual report")
    assert (entry.state, entry.meeting_id) == ("withdrawn", None)
    assert session.exec(select(AgendaItem).where(AgendaItem.entry_id == entry.id)).first() is None


def test_withdraw_after_the_meeting_took_it_leaves_the_agenda_as_it_was(life, session):
    entry = life.entry_in("considered")
    life.fire(entry, "withdraw", reason="Superseded")
    assert entry.meeting_id == life.meeting.id
    assert (
        session.exec(select(AgendaItem).where(AgendaItem.entry_id == entry.id)).one().meeting_id
        == life.meeting.id
    )


def test_replacing_a_paper_keeps_every_version_and_needs_clearing_again(life, session):
    entry = life.entry_in("briefing_due")
    life.fire(entry, "clear_paper")
    paper = session.exec(select(Paper).where(Paper.entry_id == entry.id)).one()
    assert paper.status == "cleared"
    life.fire(
        entry, "submit_paper", paper_kind="briefing_note", paper_url="https://docs.test/v2.pdf"
    )
    session.refresh(paper)
    versions = session.exec(
        select(PaperVersion).where(PaperVersion.paper_id == paper.id).order_by(PaperVersion.number)
    ).all()
    assert [(v.number, v.url) for v in versions] == [
        (1, "https://docs.test/a.pdf"),
        (2, "https://docs.test/v2.pdf"),
    ]
    assert paper.status == "draft_received"
    paper_history = session.exec(
        select(StateChange.event).where(StateChange.paper_id == paper.id).order_by(StateChange.id)
    ).all()
    assert paper_history == ["submit_paper", "clear_paper", "submit_paper"]


def test_clearing_needs_a_draft(life, session):
    entry = life.entry_in("scheduled")
    life.fire(entry, "open_briefing")
    with pytest.raises(TransitionRefused, match="No draft paper has been received"):
        life.fire(entry, "clear_paper")


def test_a_second_paper_kind_is_its_own_paper(life, session):
    entry = life.entry_in("briefing_due")
    life.fire(
        entry,
        "change_papers",
        papers_needed=["briefing_note", "report"],
        reason="The safeguarding board reports too",
    )
    life.fire(
        entry,
        "submit_paper",
        paper_kind="report",
        paper_url="https://docs.test/lscb.pdf",
        paper_title="Report of the Local Safeguarding Children's Board",
    )
    with pytest.raises(TransitionRefused, match="say which with paper_kind"):
        life.fire(entry, "clear_paper")
    life.fire(entry, "clear_paper", paper_kind="report")
    statuses = dict(
        session.exec(select(Paper.kind, Paper.status).where(Paper.entry_id == entry.id)).all()
    )
    assert statuses == {"briefing_note": "draft_received", "report": "cleared"}


def test_lead_officers_submit_papers_for_items_they_lead_and_nothing_else(life, make, session):
    lead = make.person(name="Kirston Nelson")
    other_lead = make.person(name="Paul Smith")
    entry = make.entry(
        life.board, title="Primary Progress", lead="Kirston Nelson Cllr Maton", meeting=life.meeting
    )
    life.fire(entry, "open_briefing")

    life.fire(
        entry,
        "submit_paper",
        actor=lead,
        paper_kind="briefing_note",
        paper_url="https://docs.test/p.pdf",
    )
    with pytest.raises(
        PermissionDenied,
        match="Only governance officers of the committee and the entry's lead officers may submit papers for this entry",
    ):
        life.fire(
            entry,
            "submit_paper",
            actor=other_lead,
            paper_kind="briefing_note",
            paper_url="https://docs.test/x.pdf",
        )
    with pytest.raises(
        PermissionDenied, match="Only governance officers of the committee may clear papers"
    ):
        life.fire(entry, "clear_paper", actor=lead)


def test_the_system_may_only_do_what_the_scheduler_does(life):
    entry = life.entry_in("requested")
    with pytest.raises(PermissionDenied):
        life.fire(entry, "withdraw", actor=SYSTEM, reason="Tidying up")
    # What it may do: schedule (a called-in decision goes on the board's meeting in time).
    assert life.fire(entry, "schedule", actor=SYSTEM, meeting_id=life.meeting.id).state == (
        "scheduled"
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (("paper.exe", b"MZ"), "is not a paper"),
        (("paper.pdf", b""), "is empty"),
        (("paper.pdf", b"x" * (10 * 1024 * 1024 + 1)), "the limit is 10 MB"),
    ],
)
def test_bad_paper_files_are_refused(life, upload, message):
    entry = life.entry_in("scheduled")
    life.fire(entry, "open_briefing")
    with pytest.raises(InvalidInput, match=message):
        life.fire(
            entry,
            "submit_paper",
            paper_kind="briefing_note",
            paper_file=UploadedFile(upload[0], "application/pdf", upload[1]),
        )


def test_a_paper_is_a_file_or_a_link_not_both(life):
    entry = life.entry_in("scheduled")
    life.fire(entry, "open_briefing")
    with pytest.raises(InvalidInput, match="one of the two"):
        life.fire(
            entry,
            "submit_paper",
            paper_kind="briefing_note",
            paper_url="https://docs.test/a.pdf",
            paper_file=UploadedFile("a.pdf", "application/pdf", b"%PDF"),
        )
    with pytest.raises(InvalidInput, match="is not a web address"):
        life.fire(
            entry, "submit_paper", paper_kind="briefing_note", paper_url="ftp://docs.test/a.pdf"
        )


def test_the_state_sets_other_code_uses_come_from_the_table():
    assert (
        {"requested"},
        {"scheduled"},
        {"briefing_due"},
    ) == (UNSCHEDULED, AWAITING_WINDOW, WINDOW_OPEN)
    assert OWING_PAPERS == FOLLOWING_MEETING == {"scheduled", "briefing_due"}
    assert {"requested", "scheduled", "briefing_due"} == MOVABLE


def test_placing_on_an_agenda_lands_in_a_state_with_a_meeting_and_taking_off_does_not():
    placing = [row for row in TRANSITIONS if row.get("after") == "place_on_agenda"]
    taking_off = [row for row in TRANSITIONS if row.get("after") == "take_off_agenda"]
    assert placing
    assert taking_off
    assert {row["dest"] for row in placing} <= STATES_WITH_MEETING
    assert {row["dest"] for row in taking_off}.isdisjoint(STATES_WITH_MEETING)


def test_recording_a_past_event_follows_the_table_and_runs_its_callbacks(life, make, session, now):
    entry = life.entry_in("requested")
    held = make.meeting(life.board, now - timedelta(days=30))
    decided = held.start - timedelta(days=20)
    with pytest.raises(TransitionRefused, match="has already started"):
        life.fire(entry, "schedule", meeting_id=held.id)  # the guard judges the present

    record_event(
        session,
        actor=life.officer,
        entry_id=entry.id,
        event="schedule",
        to_state="scheduled",
        at=decided,
        data=EventInput(meeting_id=held.id),
    )
    session.commit()

    state, meeting_id, _version, count, items, papers = life.snapshot(entry)
    assert (state, meeting_id, items, papers) == ("scheduled", held.id, [held.id], [])
    last = session.exec(
        select(StateChange).where(StateChange.entry_id == entry.id).order_by(StateChange.id.desc())
    ).first()
    assert (last.event, last.from_state, last.to_state, last.at) == (
        "schedule",
        "requested",
        "scheduled",
        decided,
    )
    assert count == 2  # created, scheduled


def test_a_recorded_event_may_name_itself_and_its_reason(life, make, session, now):
    entry = life.entry_in("requested")
    held = make.meeting(life.board, now - timedelta(days=30))
    record_event(
        session,
        actor=life.officer,
        entry_id=entry.id,
        event="schedule",
        to_state="scheduled",
        at=now,
        data=EventInput(meeting_id=held.id),
        recorded_as="import",
        reason="Imported from programme.docx, row 3.",
    )
    session.commit()
    last = session.exec(
        select(StateChange).where(StateChange.entry_id == entry.id).order_by(StateChange.id.desc())
    ).first()
    assert (last.event, last.to_state, last.reason) == (
        "import",
        "scheduled",
        "Imported from programme.docx, row 3.",
    )


@pytest.mark.parametrize(
    ("state", "event", "to_state"),
    [
        ("requested", "consider", "considered"),  # no such event from requested
        ("scheduled", "open_briefing", "considered"),  # the event lands elsewhere
        ("withdrawn", "schedule", "scheduled"),
    ],
)
def test_recording_refuses_a_move_the_table_does_not_have(
    life, session, now, state, event, to_state
):
    entry = life.entry_in(state)
    before = life.snapshot(entry)
    with pytest.raises(TransitionRefused, match="The lifecycle has no"):
        record_event(
            session,
            actor=life.officer,
            entry_id=entry.id,
            event=event,
            to_state=to_state,
            at=now,
            data=EventInput(**life.data_for(event)),
        )
    session.rollback()
    assert life.snapshot(entry) == before


def test_recording_checks_the_role_and_the_input_as_firing_does(life, make, session, now):
    entry = life.entry_in("requested")
    lead = make.person(name="Kirston Nelson")
    with pytest.raises(PermissionDenied):
        record_event(
            session,
            actor=lead,
            entry_id=entry.id,
            event="schedule",
            to_state="scheduled",
            at=now,
            data=EventInput(meeting_id=life.meeting.id),
        )
    with pytest.raises(InvalidInput) as missing:
        record_event(
            session,
            actor=life.officer,
            entry_id=entry.id,
            event="schedule",
            to_state="scheduled",
            at=now,
        )
    assert missing.value.field == "meeting_id"
