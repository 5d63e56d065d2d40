"""Read the minutes' forms: attendance a person a line, declarations, a minute per agenda item;
and fill the forms again from what is saved. The API takes the same payloads as JSON."""

import re
from collections.abc import Collection
from dataclasses import dataclass

from flask import request
from sqlmodel import Session, col, select
from werkzeug.datastructures import MultiDict

from committee.errors import InvalidInput, OperationError, parse_payload
from committee.meetings.models import AgendaItem, AgendaItemKind, Meeting
from committee.meetings.queries import agenda_of
from committee.minutes.models import AttendanceKind
from committee.minutes.queries import MinutesView, MinuteView, RollLine
from committee.minutes.schemas import CorrectionInput, MinutesInput
from committee.people.models import Person
from committee.timeutil import to_london

#: Blank minutes the form offers besides one per agenda item (business taken without one).
EXTRA_MINUTES = 3


_WITH_NOTE = re.compile(r"^(?P<name>.*?)\s*\((?P<note>[^()]*)\)\s*$")


def _attendance_lines(kind: AttendanceKind) -> list[dict[str, str]]:
    """Read one list of the form: a person a line, any note in brackets."""
    lines = []
    for line in request.form.get(f"attendance-{kind.value}", "").splitlines():
        if not line.strip():
            continue
        matched = _WITH_NOTE.match(line.strip())
        name, note = (matched["name"], matched["note"]) if matched else (line.strip(), "")
        lines.append({"kind": kind.value, "name": name, "note": note})
    return lines


#: How the clerk ticks someone expected at the meeting.
ROLL_CHOICES = {"present": "Present", "apology": "Apologies", "absent": "Not there"}
_ROLL_FIELD = re.compile(r"^roll-(\d+)$")


def _roll_lines() -> list[dict[str, str]]:
    """Read the ticked roll: each member or substitute present, in their list, or with
    apologies; someone not there is left out."""
    lines = []
    for key in request.form:
        found = _ROLL_FIELD.match(key)
        if found is None:
            continue
        person = found[1]
        choice = request.form[key]
        name = request.form.get(f"roll-name-{person}", "").strip()
        if not name or choice not in ROLL_CHOICES or choice == "absent":
            continue
        if choice == "apology":
            lines.append({"kind": AttendanceKind.APOLOGY.value, "name": name, "note": ""})
        else:
            kind = request.form.get(f"roll-kind-{person}", AttendanceKind.MEMBER.value)
            note = request.form.get(f"roll-note-{person}", "")
            lines.append({"kind": kind, "name": name, "note": note})
    return lines


def all_attendance_lines() -> list[dict[str, str]]:
    """The roll as ticked, then the lists as typed; a name given twice is kept once."""
    seen: set[tuple[str, str]] = set()
    lines = []
    for line in [*_roll_lines(), *(x for kind in AttendanceKind for x in _attendance_lines(kind))]:
        if (line["kind"], line["name"]) not in seen:
            seen.add((line["kind"], line["name"]))
            lines.append(line)
    return lines


def roll_choices(
    roll: list[RollLine], written: MinutesView | None, posted: MultiDict[str, str] | None
) -> list[tuple[RollLine, str]]:
    """Each person expected, with their tick: as posted after a refusal, as saved, or present
    for a first draft."""
    if posted is not None:
        return [(line, posted.get(f"roll-{line.person_id}", "absent")) for line in roll]
    if written is None:
        return [(line, "present") for line in roll]
    attended = {(a.kind, a.name) for a in written.attendance}
    return [
        (
            line,
            "present"
            if (line.kind.value, line.name) in attended
            else "apology"
            if (AttendanceKind.APOLOGY.value, line.name) in attended
            else "absent",
        )
        for line in roll
    ]


def declaration_lines() -> list[dict[str, str]]:
    """Read the declarations of the form: one a line, the member, a colon, the interest."""
    return [
        {"member": member.strip(), "interest": interest.strip()}
        for line in request.form.get("declarations", "").splitlines()
        if line.strip()
        for member, _, interest in [line.partition(":")]
    ]


_ROW_FIELD = re.compile(r"minutes-(\d+)-")


def _form_minutes(form: MultiDict[str, str]) -> list[dict[str, object]]:
    minutes: list[dict[str, object]] = []
    rows = sorted({int(found[1]) for key in form if (found := _ROW_FIELD.match(key))})
    for index in rows:
        field = f"minutes-{index}-"
        title = form.get(field + "title", "").strip()
        text = form.get(field + "text", "").strip()
        resolutions_text = [
            line.strip()
            for line in form.get(field + "resolutions", "").splitlines()
            if line.strip()
        ]
        if not (text or resolutions_text) and not form.get(field + "agenda_item_id"):
            continue  # a blank extra minute
        if not (text or resolutions_text):
            continue  # an agenda item left unminuted
        if not title:
            raise InvalidInput(
                field + "title",
                f"the minute beginning “{(text or resolutions_text[0])[:60]}” needs a heading",
            )
        resolutions: list[dict[str, object]] = [{"text": line} for line in resolutions_text]
        follow_up_title = form.get(field + "follow_up_title", "").strip()
        if follow_up_title:
            if not resolutions:
                raise InvalidInput(
                    field + "follow_up_title",
                    f"“{title}” asks for a follow-up but resolves nothing: add the resolution that asks for it",
                )
            months = form.get(field + "follow_up_months", "").strip()
            resolutions[-1]["follow_up"] = {
                "title": follow_up_title,
                "after_months": months or None,
            }
        recommend_to = form.get(field + "recommend_to", "").strip()
        if recommend_to:
            if not resolutions:
                raise InvalidInput(
                    field + "recommend_to",
                    f"“{title}” makes a recommendation but resolves nothing: add the resolution that makes it",
                )
            resolutions[-1]["recommendation"] = {
                "to": recommend_to,
                "owner_email": form.get(field + "recommend_owner", "").strip() or None,
            }
        minutes.append(
            {
                "agenda_item_id": form.get(field + "agenda_item_id") or None,
                "title": title,
                "text": text,
                "resolved_intro": form.get(field + "resolved_intro", "").strip() or "RESOLVED that",
                "exempt_paragraph": form.get(field + "exempt_paragraph") or None,
                "public_wording": form.get(field + "public_wording", ""),
                "resolutions": resolutions,
            }
        )
    return minutes


def minutes_from_form() -> MinutesInput:
    form = request.form
    attendance = all_attendance_lines()
    try:
        return parse_payload(
            MinutesInput,
            {
                "closed_at": form.get("closed_at") or None,
                "first_number": form.get("first_number") or None,
                "attendance": attendance,
                "declarations": declaration_lines(),
                "minutes": _form_minutes(form),
                "version": form.get("version") or None,
            },
        )
    except InvalidInput as error:
        raise InvalidInput(_form_field(error.field, attendance), error.reason) from None


def _form_field(field: str, attendance: list[dict[str, str]]) -> str:
    """The form's field for a payload's: a line of a list is its box ("declarations" for
    "declarations.2.interest"); a minute's field is itself ("minutes.0.title")."""
    parts = field.split(".")
    if parts[0] == "declarations":
        return "declarations"
    if parts[0] == "attendance" and len(parts) > 1 and parts[1].isdigit():
        line = attendance[int(parts[1])] if int(parts[1]) < len(attendance) else None
        return f"attendance-{line['kind']}" if line else "attendance"
    return field


#: The correction form's fields, as its labels name them.
_CORRECTION_FIELDS = {
    "reason": "The reason",
    "minute.title": "The heading",
    "minute.text": "The minute",
}


def in_words(error: OperationError) -> str:
    """A refusal as a sentence: the forms' own field names mean nothing to the person."""
    if isinstance(error, InvalidInput):
        if error.field.startswith("minutes-"):  # the reason names the minute itself
            return error.reason[:1].upper() + error.reason[1:] + "."
        if error.field in _CORRECTION_FIELDS:
            return f"{_CORRECTION_FIELDS[error.field]}: {error.reason}."
    return error.in_words


def form_rows(
    session: Session, meeting: Meeting, written: MinutesView | None
) -> list[dict[str, object]]:
    """One row of the form per agenda item (or minute already written), then blank ones."""
    items = [i for i in agenda_of(session, meeting) if i.kind != AgendaItemKind.APOLOGIES]
    by_item = {m.minute.agenda_item_id: m for m in written.items} if written else {}
    owner_ids = {
        resolution.recommend_to_person_id
        for done in (written.items if written else [])
        for resolution in done.resolutions
        if resolution.recommend_to_person_id is not None
    }
    owners = {
        person_id: email or ""
        for person_id, email in session.exec(
            select(Person.id, Person.email).where(col(Person.id).in_(owner_ids))
        )
    }
    rows: list[dict[str, object]] = []
    for item in items:
        done = by_item.pop(item.id, None)
        rows.append(_row(item, done, owners))
    for done in written.items if written else []:
        if done.minute.agenda_item_id is None or done.minute.agenda_item_id in by_item:
            rows.append(_row(None, done, owners))
    rows += [_row(None, None, owners) for _ in range(EXTRA_MINUTES)]
    return rows


def _row(
    item: AgendaItem | None, done: MinuteView | None, owners: dict[int, str]
) -> dict[str, object]:
    minute = done.minute if done else None
    resolutions = done.resolutions if done else []
    follow = next((r for r in resolutions if r.follow_up_title), None)
    recommend = next((r for r in resolutions if r.recommend_to), None)
    return {
        "item": item,
        "title": minute.title if minute else (item.title if item else ""),
        "text": minute.text if minute else "",
        "resolved_intro": minute.resolved_intro if minute else "RESOLVED that",
        "resolutions": "\n".join(r.text for r in resolutions),
        "exempt_paragraph": minute.exempt_paragraph
        if minute
        else (item.exempt_paragraph if item else None),
        "public_wording": minute.public_wording if minute else "",
        "follow_up_title": follow.follow_up_title if follow else "",
        "follow_up_months": follow.follow_up_months if follow and follow.follow_up_months else "",
        "recommend_to": recommend.recommend_to if recommend else "",
        "recommend_owner": owners.get(recommend.recommend_to_person_id or 0, "")
        if recommend
        else "",
    }


def form_values(view: MinutesView | None, rolled: Collection[str] = ()) -> dict[str, str]:
    """The saved minutes as the form shows them; names on the roll (`rolled`) are ticked there,
    not repeated in the lists."""
    if view is None:
        return {}
    found = view.minutes
    values = {
        f"attendance-{kind.value}": "\n".join(
            f"{a.name} ({a.note})" if a.note else a.name
            for a in view.attendance
            if a.kind == kind and a.name not in rolled
        )
        for kind in AttendanceKind
    }
    values["declarations"] = "\n".join(f"{d.member}: {d.interest}" for d in view.declarations)
    values["closed_at"] = f"{to_london(found.closed_at):%H:%M}" if found.closed_at else ""
    values["first_number"] = str(view.items[0].minute.number) if view.items else ""
    values["version"] = str(found.version)
    return values


#: A minute's fields on the form, after its "minutes-N-".
_MINUTE_FIELDS = (
    "title",
    "text",
    "resolved_intro",
    "resolutions",
    "exempt_paragraph",
    "public_wording",
    "follow_up_title",
    "follow_up_months",
    "recommend_to",
    "recommend_owner",
)


@dataclass(frozen=True)
class FormSection:
    """A part of the minutes form with its own Save button: `key` is its anchor."""

    key: str
    label: str

    @property
    def anchor(self) -> str:
        """Its id on the page, apart from its fields' ids."""
        return f"part-{self.key}"


def sections_of(rows: list[dict[str, object]]) -> list[FormSection]:
    """The form's sections in order: attendance, declarations, each minute, the close."""
    minutes = []
    for index, row in enumerate(rows):
        item = row["item"]
        label = (
            f"Item {item.number}: {item.title}"
            if isinstance(item, AgendaItem)
            else str(row["title"] or "Other business")
        )
        minutes.append(FormSection(f"minute-{index}", label))
    return [
        FormSection("attendance", "Present and apologies"),
        FormSection("declarations", "Declarations of interest"),
        *minutes,
        FormSection("close", "The numbering and close of the meeting"),
    ]


def saved_from() -> str | None:
    """The section whose Save button sent the form (None: the one at the end, or none)."""
    key = request.form.get("saved_from", "")
    return key if re.fullmatch(r"attendance|declarations|minute-\d{1,3}|close", key) else None


def sections_changed_meanwhile(
    posted: MultiDict[str, str],
    rows: list[dict[str, object]],
    saved: dict[str, str],
    roll: list[tuple[RollLine, str]],
) -> list[FormSection]:
    """The sections where what was posted differs from what is saved now: after a conflict,
    the parts of the form where saving again would replace someone else's words."""

    def same(typed: str | None, kept: object) -> bool:
        return _plain(typed) == _plain("" if kept is None else str(kept))

    differing = []
    for section in sections_of(rows):
        if section.key == "attendance":
            keys = [f"attendance-{kind.value}" for kind in AttendanceKind]
            changed = any(not same(posted.get(key), saved.get(key)) for key in keys) or any(
                posted.get(f"roll-{line.person_id}", "absent") != ticked for line, ticked in roll
            )
        elif section.key == "declarations":
            changed = not same(posted.get("declarations"), saved.get("declarations"))
        elif section.key == "close":
            # An empty first number is "number on", whatever number that gives.
            typed_number = posted.get("first_number", "").strip()
            changed = not same(posted.get("closed_at"), saved.get("closed_at")) or (
                bool(typed_number) and not same(typed_number, saved.get("first_number"))
            )
        else:
            index = int(section.key.removeprefix("minute-"))
            row = rows[index]
            changed = any(
                not same(posted.get(f"minutes-{index}-{name}"), row[name])
                for name in _MINUTE_FIELDS
            )
        if changed:
            differing.append(section)
    return differing


def _plain(text: str | None) -> str:
    """Text as compared for a change: line endings and surrounding space do not count."""
    return "\n".join(line.rstrip() for line in (text or "").strip().splitlines())


def correction_from_form() -> CorrectionInput:
    form = request.form
    payload: dict[str, object] = {
        "reason": form.get("reason", ""),
        "version": form.get("version") or None,
    }
    if "minute" in form:
        payload["minute"] = {
            "number": form.get("minute") or None,
            "title": form.get("title", ""),
            "text": form.get("text", ""),
        }
    else:
        payload["attendance"] = all_attendance_lines()
        payload["declarations"] = declaration_lines()
    return parse_payload(CorrectionInput, payload)
