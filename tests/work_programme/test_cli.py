"""`entries fire` and `entries history` for officers who script."""

from datetime import datetime

import pytest
from sqlmodel import select

from committee.papers.models import PaperFile
from committee.timeutil import LONDON


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2")


def test_fire_prints_what_changed(run, make, board, now):
    officer = make.governance_officer(board, email="michelle.rose@council.test")
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    entry = make.entry(board, title="Fostering")
    result = run(
        "entries",
        "fire",
        str(entry.id),
        "schedule",
        "--actor",
        officer.email,
        "--meeting",
        str(meeting.id),
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"Entry {entry.id} (Fostering): schedule, requested -> scheduled.\n"


def test_a_refusal_exits_1_with_the_state_and_what_is_allowed(run, make, board, now):
    officer = make.governance_officer(
        board, email="michelle.rose@council.test", name="Michelle Rose"
    )
    entry = make.entry(board, title="Fostering")
    result = run(
        "entries", "fire", str(entry.id), "resolve", "--actor", officer.email, "--resolution", "x"
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: “Record resolution” cannot be done to an item that is awaiting a date. The entry "
        "is requested; "
        "Michelle Rose may: schedule, change_papers, withdraw."
    )


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (
            ["999999", "withdraw", "--actor", "{email}", "--reason", "x"],
            "No work programme entry has the id 999999",
            1,
        ),
        (["{entry}", "frobnicate", "--actor", "{email}"], "'frobnicate' is not one of", 2),
        (
            ["{entry}", "withdraw", "--actor", "nobody@council.test", "--reason", "x"],
            "Nobody has the email address",
            1,
        ),
        (["{entry}", "withdraw", "--actor", "{email}"], "reason: is needed to withdraw", 1),
        (["{entry}", "withdraw"], "Missing option '--actor'", 2),
    ],
)
def test_bad_arguments_exit_non_zero_with_one_line(
    run, make, board, session, now, args, message, code
):
    officer = make.governance_officer(board, email="michelle.rose@council.test")
    entry = make.entry(board, title="Fostering")
    args = [arg.format(email=officer.email, entry=entry.id) for arg in args]
    result = run("entries", "fire", *args)
    assert result.exit_code == code
    assert message in result.output
    session.refresh(entry)
    assert entry.state == "requested"


def test_a_lead_officer_submits_a_file(run, make, board, session, tmp_path, now):
    officer = make.governance_officer(board, email="michelle.rose@council.test")
    lead = make.person(email="kirston.nelson@council.test", name="Kirston Nelson")
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    entry = make.entry(board, title="Primary Progress", lead="Kirston Nelson", meeting=meeting)
    run("entries", "fire", str(entry.id), "open_briefing", "--actor", officer.email)
    paper = tmp_path / "note.pdf"
    paper.write_bytes(b"%PDF-1.7 briefing")

    result = run(
        "entries",
        "fire",
        str(entry.id),
        "submit_paper",
        "--actor",
        lead.email,
        "--paper-kind",
        "briefing_note",
        "--paper-file",
        str(paper),
    )

    assert result.exit_code == 0, result.output
    assert session.exec(select(PaperFile)).one().content == b"%PDF-1.7 briefing"


def test_history_prints_every_change(run, make, board, now):
    officer = make.governance_officer(
        board, email="michelle.rose@council.test", name="Michelle Rose"
    )
    entry = make.entry(board, title="Fostering")
    run(
        "entries",
        "fire",
        str(entry.id),
        "withdraw",
        "--actor",
        officer.email,
        "--reason",
        "Covered elsewhere",
    )
    result = run("entries", "history", str(entry.id))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == f"Entry {entry.id}: Fostering (withdrawn)"
    assert lines[1].startswith("2026-11-16 09:00  create")
    assert "withdraw" in lines[2]
    assert lines[2].endswith("Michelle Rose  (Covered elsewhere)")


def test_fire_takes_each_field_of_the_event_payload_as_described_there(run):
    from committee.work_programme.schemas import EventInput

    help_text = " ".join(run("entries", "fire", "--help").output.split())
    for name, field in EventInput.model_fields.items():
        flag = {"meeting_id": "--meeting"}.get(name, "--" + name.replace("_", "-"))
        assert flag in help_text
        assert " ".join(field.description.split()) in help_text
    assert "[briefing_note|report|presentation]" in help_text


def test_a_bad_payload_option_exits_1_naming_the_field(run, make, board, now):
    officer = make.governance_officer(board)
    entry = make.entry(board, title="Fostering")
    result = run(
        "entries", "fire", str(entry.id), "schedule", "--actor", officer.email, "--meeting", "x"
    )
    assert result.exit_code == 2  # click refuses a non-number before anything runs
    assert "'x' is not a valid integer" in result.output
    result = run(
        "entries", "fire", str(entry.id), "withdraw", "--actor", officer.email, "--reason", " "
    )
    assert (result.exit_code, result.output.strip()) == (1, "Error: reason: is needed to withdraw")
