"""Hostile papers go through submission, clearing and publication without a failure anywhere.

Made on the spot (tests/papers/hostile.py), never kept as binaries. Each is
converted in a child process with limits; what cannot be read gets a stand-in
page in the pack; what can is written again without its actions, scripts and
unsafe links. Their time and memory are measured in benchmarks/hostile_uploads.py.
"""

import io

import pytest
from pypdf import PdfReader

from committee.papers.models import PaperRendition
from committee.papers.schemas import UploadedFile
from committee.people.operations import set_password
from committee.work_programme.lifecycle import fire_event
from committee.work_programme.schemas import EventInput
from tests.agenda.helpers import board_with_a_meeting, pdf_text, send_paper
from tests.conftest import PASSWORD, sign_in
from tests.papers import hostile

READABLE = "readable"


@pytest.fixture
def board(now, make, session):
    return board_with_a_meeting(make, session)


@pytest.mark.parametrize(
    ("make_paper", "filename", "expected"),
    [
        (hostile.pdf_without_media_box, "no-media-box.pdf", READABLE),
        (hostile.protected_pdf, "protected.pdf", READABLE),
        (hostile.pdf_with_bad_rotation, "rotate-abc.pdf", READABLE),
        (hostile.pdf_with_actions, "actions.pdf", READABLE),
        (hostile.pdf_needing_a_password, "locked.pdf", "it is protected by a password"),
        (hostile.flate_bomb_pdf, "bomb.pdf", "its file could not be read"),
        (hostile.whitespace_docx, "whitespace.docx", "it is too large to convert"),
        # Just under the size a Word paper may unpack to: its whitespace prints as one space.
        (lambda: hostile.whitespace_docx(7 * 2**20), "spaces.docx", READABLE),
    ],
)
def test_a_hostile_paper_is_published_or_stood_in_for_never_a_failure(
    client, board, session, make_paper, filename, expected
):
    send_paper(client, board, "Fostering", make_paper(), filename)
    for title in ("Serious Case Review - Child H", "Adoption Central England"):
        send_paper(client, board, title, hostile.plain_pdf(title.split()[0]), "ok.pdf")
    published = client.post(
        f"/api/meetings/{board.meeting.id}/publish", json={}, headers=board.headers(board.clerk)
    )
    assert published.status_code == 200, published.json
    assert client.get(f"/meetings/{board.meeting.id}").status_code == 200
    assert client.get(f"/api/meetings/{board.meeting.id}/agenda").status_code == 200
    pack = client.get(f"/meetings/{board.meeting.id}/agenda.pdf")
    assert pack.status_code == 200
    text = " ".join(" ".join(pdf_text(pack.data)).split())
    version = board.version(session, "Fostering")
    rendition = session.get(PaperRendition, version.id)
    if expected == READABLE:
        assert (rendition.state, rendition.problem) == ("ready", "")
        assert "This paper is not in the pack" not in text
        assert client.get(f"/papers/{version.id}").status_code == 200
    else:
        assert rendition.state == "unreadable"
        assert rendition.problem.startswith(expected)
        assert f"This paper is not in the pack because {expected}" in text
        assert client.get(f"/papers/{version.id}").status_code == 404


def _catalogue_and_annotations(pdf: bytes) -> tuple[set[str], list[dict]]:
    reader = PdfReader(io.BytesIO(pdf))
    root = set(reader.trailer["/Root"].keys())
    actions = [
        {str(key): str(value) for key, value in annotation.get_object()["/A"].items()}
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
        if "/A" in annotation.get_object()
    ]
    page_actions = [page.get("/AA") for page in reader.pages if page.get("/AA") is not None]
    assert page_actions == []
    return root, actions


def test_a_papers_scripts_and_launch_actions_never_reach_the_pack(client, board, session):
    send_paper(client, board, "Fostering", hostile.pdf_with_actions(), "actions.pdf")
    rendition = session.get(PaperRendition, board.version(session, "Fostering").id)
    root, actions = _catalogue_and_annotations(rendition.pdf)
    assert not root & {"/OpenAction", "/AA", "/Names", "/AcroForm"}
    assert actions == [{"/S": "/URI", "/URI": "https://www.coventry.gov.uk/"}]


def test_a_word_papers_images_render_and_only_its_safe_links_survive(client, board, session):
    paper = hostile.docx(
        ["Placements in 2018/19"],
        image=True,
        links={
            "run this": "javascript:alert(1)",
            "open this": "file:///etc/passwd",
            "the council": "https://www.coventry.gov.uk/",
        },
    )
    send_paper(client, board, "Fostering", paper, "fostering.docx")
    rendition = session.get(PaperRendition, board.version(session, "Fostering").id)
    assert rendition.state == "ready"
    reader = PdfReader(io.BytesIO(rendition.pdf))
    images = [
        xobject
        for page in reader.pages
        for xobject in (page["/Resources"].get("/XObject") or {}).values()
        if xobject.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 1
    text = " ".join(page.extract_text() for page in reader.pages)
    assert all(words in text for words in ("run this", "open this", "the council"))
    _, actions = _catalogue_and_annotations(rendition.pdf)
    assert [action["/URI"] for action in actions] == ["https://www.coventry.gov.uk/"]
    # Tagged for screen readers, in British English, like every PDF the service makes.
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_a_paper_still_being_converted_is_said_to_be_so(client, board, session):
    """Submitted, its conversion not yet done (as just after the commit, in another thread)."""
    entry_id = board.entries["Fostering"]
    fire_event(
        session,
        actor=board.clerk,
        entry_id=entry_id,
        event="submit_paper",
        data=EventInput(
            paper_kind="briefing_note",
            paper_file=UploadedFile("fostering.pdf", "application/pdf", hostile.plain_pdf()),
        ),
    )
    session.commit()  # this test's session does no work after its commits
    version = board.version(session, "Fostering")
    assert session.get(PaperRendition, version.id).state == "pending"
    set_password(session, person=board.clerk, password=PASSWORD)
    session.commit()
    sign_in(client, board.clerk.email)
    waiting = client.get(f"/papers/{version.id}")
    assert (waiting.status_code, waiting.headers["Retry-After"]) == (503, "5")
    assert "being converted" in waiting.get_data(as_text=True)
    assert client.get(f"/papers/{version.id}/original").status_code == 200
