"""The minutes as a document, as the council prints them: for their page, their PDF and the
agenda pack that asks the next meeting to agree them. Rendered without a request."""

from sqlmodel import Session

from committee.documents import render_document
from committee.meetings.models import Meeting
from committee.meetings.queries import committee_of
from committee.minutes.models import ATTENDANCE_LABELS, Attendance, AttendanceKind
from committee.minutes.queries import MinutesView


def minutes_context(
    session: Session, meeting: Meeting, view: MinutesView, readable: set[int]
) -> dict[str, object]:
    """What the minutes' page and PDF print; `readable`: the minutes whose words to show."""
    return {
        "meeting": meeting,
        "committee": committee_of(session, meeting),
        "view": view,
        "readable": readable,
        "present": present(view),
        "apologies": [a for a in view.attendance if a.kind == AttendanceKind.APOLOGY],
        "labels": ATTENDANCE_LABELS,
    }


def present(view: MinutesView) -> list[tuple[str, list[Attendance]]]:
    """Present, list by list, in the order the council prints them."""
    lists = []
    for kind in AttendanceKind:
        if kind == AttendanceKind.APOLOGY:
            continue
        lines = [a for a in view.attendance if a.kind == kind]
        if lines:
            lists.append((ATTENDANCE_LABELS[kind], lines))
    return lists


def minutes_html(
    session: Session,
    meeting: Meeting,
    view: MinutesView,
    readable: set[int],
    *,
    numbered: bool = True,
) -> str:
    """The minutes as a document of their own; `numbered`: with page numbers at each foot (in
    an agenda pack, the pack numbers its pages instead)."""
    return render_document(
        "committee.minutes",
        "minutes/document.html",
        numbered=numbered,
        **minutes_context(session, meeting, view, readable),
    )
