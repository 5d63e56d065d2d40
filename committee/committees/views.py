"""The committees: their pages, settings and seats, and the committees API."""

from collections.abc import Callable, Mapping

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from spectree import Response as Responses
from sqlmodel import Session, col, select

from committee.agenda.queries import published_agendas, status_labels
from committee.api import ERRORS, Authorise, api_blueprint, spec
from committee.calendars.links import feed_url, subscription_links
from committee.committees.models import Committee, LateItemNumbering
from committee.committees.operations import (
    ADD_COMMITTEES,
    CHANGE_SETTINGS,
    SEAT_MEMBERS,
    add_committee,
    add_seat,
    change_agenda_settings,
    change_committee,
    change_seat_role,
    end_seat,
)
from committee.committees.queries import (
    get_committee,
    governed_committee,
    list_committees,
    seats_of,
)
from committee.committees.schemas import (
    AgendaSettings,
    CommitteeCreate,
    CommitteeList,
    CommitteePublic,
    CommitteeSettings,
    SeatCreate,
    SeatEnd,
    SeatRoleChange,
)
from committee.db import get_session
from committee.formatting import plain_date
from committee.meetings.queries import meetings_of
from committee.minutes.queries import meetings_with_published_minutes
from committee.papers.models import PaperKind, kinds_from
from committee.papers.operations import CHANGE_USUAL_PAPERS, set_usual_papers
from committee.people.actors import Actor
from committee.people.auth import current_person, sign_in_required, signed_in_person
from committee.people.models import Membership, MembershipRole, Person
from committee.people.permissions import governs, is_admin, require_admin
from committee.timeutil import today_in_london, utcnow
from committee.web import confirm_first, form_payload, page_action

pages = Blueprint("committees", __name__, template_folder="templates")
api = api_blueprint("committees_api", __name__)


@pages.get("/")
def home() -> str:
    session = get_session()
    person = signed_in_person()
    return render_template(
        "committees/home.html",
        committees=list_committees(session),
        admin=person is not None and is_admin(session, person),
    )


@pages.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """Where browsers look for the site's icon unasked: the one the pages name."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@pages.get("/committees/<slug>")
def committee(slug: str) -> str:
    session = get_session()
    found = get_committee(session, slug)
    meetings = meetings_of(session, found)
    now = utcnow()
    return render_template(
        "committees/committee.html",
        committee=found,
        links=subscription_links(feed_url("calendars.committee_feed", slug=found.slug)),
        upcoming=[m for m in meetings if m.end >= now],
        past=[m for m in reversed(meetings) if m.end < now],
        statuses=status_labels(session, meetings),
        agendas_out=published_agendas(session, [m.id for m in meetings]),
        minuted=meetings_with_published_minutes(session, [m.id for m in meetings]),
        clerk=governs(session, signed_in_person(), found.id),
    )


def _settings_values(committee: Committee | None) -> dict[str, str]:
    if committee is None:
        return {"usual_start_time": "14:00"}
    return {
        "name": committee.name,
        "usual_venue": committee.usual_venue,
        "usual_start_time": committee.usual_start_time.strftime("%H:%M"),
        "contact_telephone": committee.contact_telephone,
        "frontsheet_notes": committee.frontsheet_notes,
        "late_item_numbering": committee.late_item_numbering,
        **{field: "on" for field in AGENDA_CHECKBOXES if getattr(committee, field)},
    }


LATE_NUMBERING_LABELS = {
    LateItemNumbering.LETTER: "A letter after the item it follows (6A, 6B)",
    LateItemNumbering.NEXT: "The next number after the last item",
}
AGENDA_CHECKBOXES = ("minutes_in_pack", "programme_in_pack")


def _settings_page(
    committee: Committee | None,
    *,
    status: int = 200,
    posted: Mapping[str, str] | None = None,
    agenda_form: bool = False,
    **extra: object,
) -> tuple[str, int]:
    """The settings page; after a refusal, what was typed into the form that was sent (its
    unticked boxes unticked), the rest as saved."""
    values = _settings_values(committee)
    if posted is not None:
        if agenda_form:
            values = {k: v for k, v in values.items() if k not in AGENDA_CHECKBOXES}
        values |= dict(posted.items())
    return render_template(
        "committees/settings.html",
        committee=committee,
        values=values,
        numbering=LATE_NUMBERING_LABELS,
        kinds=list(PaperKind),
        usual_papers=kinds_from(committee.papers_needed) if committee else [],
        **extra,
    ), status


@pages.get("/committees/new")
@sign_in_required
def new_committee_page() -> tuple[str, int]:
    """The form for a new committee (administrators)."""
    require_admin(get_session(), current_person(), ADD_COMMITTEES)
    return _settings_page(None)


@pages.post("/committees/new")
@sign_in_required
def add_committee_page() -> ResponseReturnValue:
    session = get_session()
    person = current_person()
    require_admin(session, person, ADD_COMMITTEES)
    return page_action(
        lambda: add_committee(session, actor=person, **form_payload(CommitteeCreate).model_dump()),
        done=lambda created: (
            f"{created.name} is added. Seat its members and give it a governance officer."
        ),
        then=lambda created: url_for("committees.members_page", slug=created.slug),
        again=lambda error: _settings_page(
            None, status=error.status, error=error.in_words, posted=request.form
        ),
    )


@pages.get("/committees/<slug>/settings")
@sign_in_required
def settings_page(slug: str) -> tuple[str, int]:
    session = get_session()
    found = governed_committee(session, current_person(), slug, CHANGE_SETTINGS)
    return _settings_page(found)


@pages.post("/committees/<slug>/settings")
@sign_in_required
def change_settings_page(slug: str) -> ResponseReturnValue:
    session = get_session()
    person = current_person()
    found = governed_committee(session, person, slug, CHANGE_SETTINGS)
    return page_action(
        lambda: change_committee(
            session, actor=person, committee=found, **form_payload(CommitteeSettings).model_dump()
        ),
        done=lambda changed: (
            "Saved. Meetings already arranged keep their own time and place."
            if changed
            else "Nothing had changed."
        ),
        then=lambda _: url_for("committees.settings_page", slug=found.slug),
        again=lambda error: _settings_page(
            get_committee(session, slug),
            status=error.status,
            error=error.in_words,
            posted=request.form,
        ),
    )


@pages.post("/committees/<slug>/settings/agenda")
@sign_in_required
def change_agenda_settings_page(slug: str) -> ResponseReturnValue:
    session = get_session()
    person = current_person()
    found = governed_committee(session, person, slug, CHANGE_SETTINGS)
    return page_action(
        lambda: change_agenda_settings(
            session, actor=person, committee=found, settings=form_payload(AgendaSettings)
        ),
        done=lambda changed: (
            "Saved. Agendas published from now on print these; those already published keep "
            "what they printed."
            if changed
            else "Nothing had changed."
        ),
        then=lambda _: url_for("committees.settings_page", slug=found.slug),
        again=lambda error: _settings_page(
            get_committee(session, slug),
            status=error.status,
            error=error.in_words,
            posted=request.form,
            agenda_form=True,
        ),
    )


@pages.post("/committees/<slug>/settings/papers")
@sign_in_required
def change_usual_papers_page(slug: str) -> ResponseReturnValue:
    """Set the papers a new entry's item needs unless its entry says otherwise."""
    session = get_session()
    person = current_person()
    found = governed_committee(session, person, slug, CHANGE_USUAL_PAPERS)
    return page_action(
        lambda: set_usual_papers(
            session,
            actor=person,
            committee=found,
            kinds=[kind for kind in request.form.getlist("papers_needed") if kind],
        ),
        done=lambda changed: (
            "Saved. New entries start with these papers; entries already made keep theirs."
            if changed
            else "Nothing had changed."
        ),
        then=lambda _: url_for("committees.settings_page", slug=found.slug),
        again=lambda error: _settings_page(
            get_committee(session, slug), status=error.status, error=error.in_words
        ),
    )


MEMBERSHIP_ROLE_LABELS = {
    MembershipRole.CHAIR: "Chair",
    MembershipRole.VICE_CHAIR: "Vice-Chair",
    MembershipRole.MEMBER: "Member",
    MembershipRole.CO_OPTED: "Co-opted Member",
    MembershipRole.BY_INVITATION: "By Invitation",
    MembershipRole.SUBSTITUTE: "Named substitute",
}


def _members_page(committee: Committee, *, status: int = 200, **extra: object) -> tuple[str, int]:
    session = get_session()
    today = today_in_london()
    seats = seats_of(session, committee)
    return render_template(
        "committees/members.html",
        committee=committee,
        current=[
            (seat, person)
            for seat, person in seats
            if seat.ends_on is None or seat.ends_on >= today
        ],
        past=[
            (seat, person)
            for seat, person in seats
            if seat.ends_on is not None and seat.ends_on < today
        ],
        people=list(session.exec(select(Person).order_by(col(Person.name)))),
        role_labels=MEMBERSHIP_ROLE_LABELS,
        today=today,
        values=extra.pop("values", None) or {"starts_on": today.isoformat()},
        **extra,
    ), status


@pages.get("/committees/<slug>/members")
def members_page(slug: str) -> tuple[str, int]:
    """Who sits on the committee, from when to when; its governance officers change the seats."""
    session = get_session()
    found = get_committee(session, slug)
    return _members_page(found, clerk=governs(session, signed_in_person(), found.id))


def _on_seats(slug: str, act: Callable[[Session, Person, Committee], str]) -> ResponseReturnValue:
    session = get_session()
    person = current_person()
    found = governed_committee(session, person, slug, SEAT_MEMBERS)
    return page_action(
        lambda: act(session, person, found),
        done=lambda said: said,
        then=url_for("committees.members_page", slug=slug),
        again=lambda error: _members_page(
            get_committee(session, slug),
            clerk=True,
            status=error.status,
            error=error.in_words,
            values=request.form,
        ),
    )


@pages.post("/committees/<slug>/members")
@sign_in_required
def add_seat_page(slug: str) -> ResponseReturnValue:
    def seat(session: Session, person: Person, committee: Committee) -> str:
        data = form_payload(SeatCreate)
        add_seat(session, actor=person, committee=committee, **data.model_dump())
        holder = session.get(Person, data.person_id)
        assert holder is not None
        return f"{holder.name} has a seat on {committee.name} from {plain_date(data.starts_on)}."

    return _on_seats(slug, seat)


@pages.post("/committees/<slug>/members/<int:seat_id>/role")
@sign_in_required
def change_seat_role_page(slug: str, seat_id: int) -> ResponseReturnValue:
    def change(session: Session, person: Person, committee: Committee) -> str:
        data = form_payload(SeatRoleChange)
        seat = change_seat_role(
            session,
            actor=person,
            committee=committee,
            seat_id=seat_id,
            role=data.role,
            from_day=data.from_day,
        )
        holder = session.get(Person, seat.person_id)
        assert holder is not None
        return (
            f"{holder.name} is {MEMBERSHIP_ROLE_LABELS[data.role]} from "
            f"{plain_date(data.from_day)}; the seat before is kept in the list."
        )

    return _on_seats(slug, change)


@pages.post("/committees/<slug>/members/<int:seat_id>/end")
@sign_in_required
def end_seat_page(slug: str, seat_id: int) -> ResponseReturnValue:
    session = get_session()
    found = governed_committee(session, current_person(), slug, SEAT_MEMBERS)
    seat = session.get(Membership, seat_id)
    holder = session.get(Person, seat.person_id) if seat and seat.committee_id == found.id else None
    if holder is not None:
        asked = confirm_first(
            title=f"End {holder.name}'s seat on {found.name}",
            consequences=[
                f"After the last day you gave, {holder.name} is no longer a member: the "
                "committee's meetings leave their calendar, they are sent no more agendas, and "
                "they no longer read its private business.",
                "The seat stays in the list of past members. To seat them again, add a new seat.",
            ],
            button="End the seat",
            back=url_for("committees.members_page", slug=slug),
        )
        if asked is not None:
            return asked

    def end(session: Session, person: Person, committee: Committee) -> str:
        data = form_payload(SeatEnd)
        seat = end_seat(
            session, actor=person, committee=committee, seat_id=seat_id, ends_on=data.ends_on
        )
        holder = session.get(Person, seat.person_id)
        assert holder is not None
        return f"{holder.name}'s seat ends on {plain_date(data.ends_on)}."

    return _on_seats(slug, end)


@api.get("/committees")
@spec.validate(resp=Responses(HTTP_200=CommitteeList), tags=["committees"])
def committees() -> CommitteeList:
    """List the committees."""
    return CommitteeList(
        committees=[
            CommitteePublic.model_validate(found, from_attributes=True)
            for found in list_committees(get_session())
        ]
    )


@api.get("/committees/<slug>")
@spec.validate(resp=Responses(HTTP_200=CommitteePublic, **ERRORS), tags=["committees"])
def committee_json(slug: str) -> CommitteePublic:
    """Show a committee."""
    return CommitteePublic.model_validate(get_committee(get_session(), slug), from_attributes=True)


def governance_of_committee(doing: str) -> Authorise:
    """Authorise a route under /api/committees/<slug>/ for the committee's governance officers."""

    def authorise(actor: Actor, *, slug: str, **_path: object) -> None:
        session = get_session()
        governed_committee(session, actor, slug, doing)

    return authorise
