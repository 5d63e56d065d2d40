"""An import never harms what is there: wrong years, past meetings, private detail, huge files."""

import io
import zipfile
from datetime import date, datetime
from importlib import resources

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from committee.db import EXTENSION_KEY, Database
from committee.imports.operations import ImportRefused, import_work_programme
from committee.imports.parse import TooManyRows, parse_rows
from committee.imports.readers import UnreadableFile, read_table
from committee.meetings.models import Meeting
from committee.people.operations import set_password
from committee.timeutil import LONDON
from committee.work_programme.models import WorkProgrammeEntry
from tests.conftest import PASSWORD, csrf_token, sign_in
from tests.factories import Factory

FIXTURE = (
    resources.files("committee.demo").joinpath("data", "work-programme-2018-19.tsv").read_bytes()
)
HEADER = "Date\tTitle\tDetail\tCabinet Member/ Lead Officer"


@pytest.fixture
def board(make):
    return make.committee("scrutiny-board-2")


@pytest.fixture
def clerk(make, board):
    return make.clerk(board, email="michelle.rose@council.test")


def attempt(session, clerk, board, content, year, **options):
    programme = parse_rows(read_table(content, "programme.tsv"), year)
    return import_work_programme(
        session,
        actor=clerk,
        committee=board,
        year=year,
        programme=programme,
        source_name="programme.tsv",
        **options,
    )


def counts(session):
    return (
        session.exec(select(func.count()).select_from(Meeting)).one(),
        session.exec(select(func.count()).select_from(WorkProgrammeEntry)).one(),
    )


def test_a_programme_imported_under_the_wrong_year_is_refused_row_by_row(
    session, board, clerk, now
):
    with pytest.raises(ImportRefused) as refused:
        attempt(session, clerk, board, FIXTURE, 2020, record_history=True)
    session.rollback()
    reasons = {problem.reason for problem in refused.value.plan.problems}
    assert (
        "its meeting, Thursday, 21st June, 2018, is not in the municipal year 2020/21: "
        "import it under its own year"
    ) in reasons
    # Every dated row is refused with its date (16 entries, and 29 November with nothing
    # planned yet); only the seven undated entries could go in.
    assert len(refused.value.plan.problems) == 17
    assert refused.value.plan.count("create") == 7
    assert refused.value.plan.meetings == []
    assert counts(session) == (0, 0)


def test_rows_for_meetings_already_held_need_the_record_history_choice(session, board, clerk, now):
    content = (
        f"{HEADER}\n21st June 2018\tFostering\t\t\nDate to be determined\tLibraries\t\t".encode()
    )
    with pytest.raises(ImportRefused) as refused:
        attempt(session, clerk, board, content, 2018)
    session.rollback()
    assert [(p.row, p.reason) for p in refused.value.plan.problems] == [
        (
            2,
            "its meeting, Thursday, 21st June, 2018, has been held: import the file as the "
            "record of a past programme if that is what it is",
        )
    ]
    assert counts(session) == (0, 0)

    skipped = attempt(session, clerk, board, content, 2018, skip_bad_rows=True)
    session.commit()
    assert skipped.plan.meetings == []  # no meeting made for a row that was skipped
    assert counts(session) == (0, 1)

    recorded = attempt(session, clerk, board, content, 2018, record_history=True)
    session.commit()
    assert recorded.plan.count("create") == 1
    assert counts(session) == (1, 2)


def test_an_unchanged_past_programme_reimports_without_the_choice(session, board, clerk, now):
    attempt(session, clerk, board, FIXTURE, 2018, record_history=True)
    session.commit()
    again = attempt(session, clerk, board, FIXTURE, 2018)
    assert again.plan.problems == []
    assert again.plan.count("unchanged") == 23


def test_reimporting_the_public_export_keeps_a_private_entrys_detail(
    client, make, session, board, clerk, now
):
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    private = make.entry(
        board,
        title="Serious Case Review - Child H",
        detail="Information relating to an individual.",
        exempt_paragraph=1,
        meeting=meeting,
    )
    public_csv = client.get("/committees/scrutiny-board-2/work-programme.csv?year=2026").data
    assert b"Exempt information" in public_csv
    programme = parse_rows(read_table(public_csv, "programme.csv"), 2026)
    result = import_work_programme(
        session,
        actor=clerk,
        committee=board,
        year=2026,
        programme=programme,
        source_name="programme.csv",
    )
    session.commit()
    assert [row.action for row in result.plan.rows] == ["unchanged"]
    session.refresh(private)
    assert private.detail == "Information relating to an individual."
    assert private.exempt_paragraph == 1


def test_a_table_over_the_row_cap_is_refused_naming_the_cap():
    rows = [["Date", "Title"]] + [["Date to be determined", f"Item {n}"] for n in range(10)]
    assert len(parse_rows(rows, 2026, max_rows=11).entries) == 10
    with pytest.raises(TooManyRows, match=r"the table has 11 rows; one import takes at most 10"):
        parse_rows(rows, 2026, max_rows=10)


def test_the_import_page_and_command_refuse_files_over_the_cap(
    app, client, session, board, clerk, tmp_path, now
):
    set_password(session, person=clerk, password=PASSWORD)
    session.commit()
    content = (
        HEADER + "\n" + "\n".join(f"Date to be determined\tItem {n}\t\t" for n in range(5))
    ).encode()
    app.config["IMPORT_MAX_ROWS"] = 5
    try:
        sign_in(client, clerk.email)
        url = "/committees/scrutiny-board-2/work-programme/import?year=2026"
        page = client.post(
            url,
            data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(content), "big.tsv")},
            content_type="multipart/form-data",
        )
        path = tmp_path / "big.tsv"
        path.write_bytes(content)
        command = app.test_cli_runner().invoke(
            args=[
                "import-work-programme",
                str(path),
                "--committee",
                "scrutiny-board-2",
                "--year",
                "2026",
            ]
        )
    finally:
        app.config["IMPORT_MAX_ROWS"] = 2000
    assert page.status_code == 422
    assert "one import takes at most 5 (the IMPORT_MAX_ROWS setting)" in page.get_data(as_text=True)
    assert command.exit_code == 1
    assert "one import takes at most 5" in command.output
    assert counts(session) == (0, 0)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_word_file_that_would_expand_hugely_is_refused_unopened():
    bomb = zipped({"word/document.xml": b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    with pytest.raises(UnreadableFile, match="would expand to 60 MB"):
        read_table(bomb, "programme.docx")
    dense = zipped({"word/document.xml": b" " * (4 * 1024 * 1024)})
    with pytest.raises(UnreadableFile, match="compressed more than 100 times"):
        read_table(dense, "programme.docx")


def test_a_damaged_word_file_is_unreadable_not_a_crash():
    broken = zipped(
        {
            "[Content_Types].xml": b"<Types><not-closed>",
            "word/document.xml": b"<w:document",
        }
    )
    with pytest.raises(UnreadableFile, match="not a Word document that can be opened"):
        read_table(broken, "programme.docx")


def test_a_preview_and_the_parse_before_an_import_hold_no_write_lock(
    committed_app, backend, monkeypatch, now
):
    """While the file is read, another writer gets straight in (SQLite has one write lock)."""
    database: Database = committed_app.extensions[EXTENSION_KEY]
    with database.write_sessionmaker() as session:
        make = Factory(session)
        board = make.committee("scrutiny-board-2")
        clerk = make.governance_officer(board)
        set_password(session, person=clerk, password=PASSWORD)
        session.commit()
        clerk_email = clerk.email
    writes_while_parsing: list[str] = []

    def parse_and_meanwhile_write(*args, **kwargs):
        other = database.engine.connect()
        try:
            if backend == "sqlite":
                other.exec_driver_sql("PRAGMA busy_timeout = 0")
                other.commit()
            with other.begin():
                other.exec_driver_sql("UPDATE committees SET name = name")
            writes_while_parsing.append("written")
        except OperationalError as error:
            writes_while_parsing.append(str(error.orig))
        finally:
            other.close()
        return parse_rows(*args, **kwargs)

    monkeypatch.setattr("committee.imports.views.parse_rows", parse_and_meanwhile_write)
    client = committed_app.test_client()
    sign_in(client, clerk_email)
    url = "/committees/scrutiny-board-2/work-programme/import?year=2026"
    content = f"{HEADER}\nDate to be determined\tLibraries\t\t".encode()
    preview = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(content), "p.tsv")},
        content_type="multipart/form-data",
    )
    staged = preview.get_data(as_text=True).split('name="staged" value="')[1].split('"')[0]
    done = client.post(
        "/committees/scrutiny-board-2/work-programme/import/confirm",
        data={"csrf_token": csrf_token(client, url), "staged": staged},
    )
    assert (preview.status_code, done.status_code) == (200, 302)
    assert writes_while_parsing == ["written", "written"]


def test_a_database_locked_for_too_long_answers_503_to_try_again(
    client, make, board, clerk, monkeypatch
):
    from committee.people.models import Role
    from tests.conftest import bearer

    token = bearer(make.token(make.person(Role.GOVERNANCE, committees=(board,))))

    def locked(*args, **kwargs):
        raise OperationalError("UPDATE meetings", {}, Exception("database is locked"))

    monkeypatch.setattr("committee.meetings.views.create_meeting", locked)
    api = client.post(
        "/api/committees/scrutiny-board-2/meetings",
        json={"start": "2027-05-06T14:00"},
        headers=token,
    )
    assert api.status_code == 503
    assert api.headers["Retry-After"] == "5"
    assert "busy with another change" in api.json["error"]


def test_meetings_made_by_an_import_are_in_its_year(session, board, clerk, now):
    attempt(session, clerk, board, f"{HEADER}\n4th March\tFostering\t\t".encode(), 2026)
    session.commit()
    (meeting,) = session.exec(select(Meeting)).all()
    assert meeting.start.astimezone(LONDON).date() == date(2027, 3, 4)
