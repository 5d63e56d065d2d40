"""The minutes form in parts: a Save button on each that comes back to it, and a conflict with
another clerk's save that loses no word of either and says where they differ."""

import re
from html.parser import HTMLParser

from sqlmodel import select
from werkzeug.datastructures import MultiDict

from committee.committees.models import Committee
from committee.minutes.models import MeetingMinutes
from committee.people.operations import set_password
from tests.conftest import sign_in

PASSWORD = "correct horse battery staple"


class _FormReader(HTMLParser):
    """What a browser would send from the page's form to `action`, untouched."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.fields: MultiDict[str, str] = MultiDict()
        self.textarea: str | None = None
        self.select: str | None = None
        self.typed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.inside = found.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and "name" in found:
            kind = found.get("type", "text")
            if kind in {"radio", "checkbox"} and "checked" not in found:
                return
            self.fields.add(found["name"], found.get("value", ""))
        elif tag == "textarea":
            self.textarea, self.typed = found["name"], []
        elif tag == "select":
            self.select = found["name"]
        elif tag == "option" and self.select and "selected" in found:
            self.fields.add(self.select, found.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.typed.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.fields.add(self.textarea, "".join(self.typed).removeprefix("\n"))
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_on(page: str, action: str) -> MultiDict[str, str]:
    reader = _FormReader(action)
    reader.feed(page)
    assert reader.fields, f"no form sending to {action}"
    return reader.fields


def _row_of(form: MultiDict[str, str], title: str) -> int:
    return next(
        int(found[1])
        for key, value in form.items(multi=True)
        if (found := re.fullmatch(r"minutes-(\d+)-title", key)) and title in value
    )


def test_each_part_of_the_form_has_its_save_and_comes_back_to_it(client, july, session):
    sign_in(client, july.clerk.email, PASSWORD)
    edit = f"/meetings/{july.meeting.id}/minutes/edit"
    page = client.get(edit).get_data(as_text=True)
    parts = re.findall(r'<section id="(part-[a-z0-9-]+)"', page)
    buttons = re.findall(r'name="saved_from" value="([a-z0-9-]+)"', page)
    # A contents list, and a Save button in each part: attendance, declarations, every minute
    # (one an agenda item and the blank ones), the close.
    assert parts[:2] == ["part-attendance", "part-declarations"]
    assert parts[-1] == "part-close"
    assert len(parts) > 6
    assert [f"part-{key}" for key in buttons] == parts
    for part in parts:
        assert f'<a class="govuk-link" href="#{part}">' in page
    form = form_on(page, edit)
    fostering = _row_of(form, "Virtual School")
    form[f"minutes-{fostering}-text"] = "The Board considered the annual fostering report."
    form["saved_from"] = f"minute-{fostering}"
    saved = client.post(edit, data=form)
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(f"{edit}#part-minute-{fostering}")
    again = client.get(edit).get_data(as_text=True)
    assert "The Board considered the annual fostering report." in again
    assert "The draft minutes are saved" in again
    # The button at the end reads the minutes, as before; a made-up part is not followed.
    form = form_on(again, edit)
    form["saved_from"] = "https://elsewhere.example/"
    read = client.post(edit, data=form)
    assert read.headers["Location"].endswith(f"/meetings/{july.meeting.id}/minutes")


def test_a_save_after_someone_elses_keeps_every_word_and_names_where_they_differ(
    client, app, july, make, session
):
    committee = session.get(Committee, july.meeting.committee_id)
    other = make.governance_officer(committee, email="second.clerk@council.test", name="S Clerk")
    set_password(session, person=other, password=PASSWORD)
    session.commit()
    edit = f"/meetings/{july.meeting.id}/minutes/edit"
    theirs = app.test_client()
    sign_in(theirs, other.email, PASSWORD)
    sign_in(client, july.clerk.email, PASSWORD)
    # Both open the form of the same draft.
    first = form_on(client.get(edit).get_data(as_text=True), edit)
    fostering, adoption = _row_of(first, "Virtual School"), _row_of(first, "Supported Internships")
    assert client.post(edit, data=first).status_code == 302
    mine = form_on(client.get(edit).get_data(as_text=True), edit)
    their_form = form_on(theirs.get(edit).get_data(as_text=True), edit)
    # They save a minute of Fostering; meanwhile I write Adoption and the declarations.
    their_form[f"minutes-{fostering}-text"] = "Their words on fostering."
    assert theirs.post(edit, data=their_form).status_code == 302
    mine[f"minutes-{adoption}-text"] = "My words on adoption,\nover two lines."
    mine["declarations"] = "Councillor M Mutton: item 5, a foster carer"
    refused = client.post(edit, data=mine)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "These minutes changed while you were writing" in page
    assert "Nothing you typed is lost" in page
    shown = form_on(page, edit)
    # Every word I typed is in the form as I left it, with their version to save over.
    for key in mine:
        if key not in {"version", "csrf_token"}:
            assert shown.getlist(key) == mine.getlist(key), key
    session.expire_all()
    current = session.exec(
        select(MeetingMinutes).where(MeetingMinutes.meeting_id == july.meeting.id)
    ).one()
    assert shown["version"] == str(current.version) != mine["version"]
    # Where mine differs from theirs: Fostering (they wrote it, mine is empty), Adoption and
    # the declarations (I wrote them); nowhere else.
    panel = page[page.index('id="changed-meanwhile"') : page.index("Saving now keeps")]
    named = re.findall(r'href="#(part-[a-z0-9-]+)"', panel)
    assert sorted(named) == sorted(
        ["part-declarations", f"part-minute-{fostering}", f"part-minute-{adoption}"]
    )
    # Saving the form as shown keeps my words, deliberately.
    assert client.post(edit, data=shown).status_code == 302
    kept = client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True)
    assert "My words on adoption" in kept
    assert "a foster carer" in kept
    assert "Their words on fostering." not in kept
