"""Minutes keep what the clerk typed: declarations print, a recommendation keeps its owner and
reaches them, a follow-up lands on this year's programme with the item's lead officers, and a
resolution reads as a sentence."""

import html
import re

from sqlmodel import select

from committee.notifications.models import MessageKind, OutboxMessage
from committee.work_programme.models import EntryLeadOfficer, WorkProgrammeEntry
from committee.work_programme.operations import update_entry
from tests.conftest import csrf_token, sign_in
from tests.minutes.conftest import OWNER
from tests.minutes.test_minutes import _hidden_fields

PASSWORD = "correct horse battery staple"


def text_of(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def _form(client, july) -> tuple[str, dict[str, str], dict[str, int]]:
    edit = f"/meetings/{july.meeting.id}/minutes/edit"
    form = client.get(edit).get_data(as_text=True)
    legends = [
        legend
        for legend in re.findall(r"<legend[^>]*>(.*?)</legend>", form)
        if legend.startswith(("Item ", "Other business"))  # one a minute, in the form's order
    ]
    rows = {html.unescape(legend): i for i, legend in enumerate(legends)}
    fields = {
        "csrf_token": csrf_token(client, edit),
        "attendance-member": "Councillor M Mutton (Chair)",
        **{k: v for k, v in _hidden_fields(form).items() if k.startswith("minutes-")},
    }
    return edit, fields, rows


def _row(rows: dict[str, int], title: str) -> int:
    return next(i for legend, i in rows.items() if title in legend)


def test_declarations_print_though_their_minute_box_is_empty(client, july, session):
    sign_in(client, july.clerk.email, PASSWORD)
    edit, fields, rows = _form(client, july)
    school = _row(rows, "The Virtual School")
    fields |= {
        "declarations": "Councillor M Mutton: item 4, a school governor (other interest)",
        f"minutes-{school}-title": "The Virtual School for Looked After Children",
        f"minutes-{school}-text": "The Board considered a Briefing Note.",
    }
    assert client.post(edit, data=fields).status_code == 302
    page = text_of(client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True))
    assert (
        "Declarations of Interests Councillor M Mutton: item 4, a school governor (other interest)"
    ) in page
    # In the agenda's order: the declarations come before the item they concern.
    assert page.index("Declarations of Interests") < page.index("The Virtual School")
    # Saving again (the form now holds the declarations' own minute) does not add a second.
    _, again, rows = _form(client, july)
    assert (
        client.post(
            edit, data=again | {k: v for k, v in fields.items() if k not in again}
        ).status_code
        == 302
    )
    page = text_of(client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True))
    assert page.count("a school governor") == 1


def test_a_recommendation_keeps_its_owner_and_reaches_them_and_the_banner_says_so(
    client, july, session
):
    sign_in(client, july.clerk.email, PASSWORD)
    edit, fields, rows = _form(client, july)
    school, board = _row(rows, "The Virtual School"), _row(rows, "Improvement Board")
    fields |= {
        f"minutes-{school}-title": "The Virtual School for Looked After Children",
        f"minutes-{school}-resolutions": "The Cabinet Member be asked to report on attendance",
        f"minutes-{school}-recommend_to": "Cabinet Member for Education",
        f"minutes-{school}-recommend_owner": OWNER,
        f"minutes-{board}-title": "Improvement Board Update",
        f"minutes-{board}-resolutions": "The Board's plan be endorsed",
        f"minutes-{board}-recommend_to": "Cabinet",
    }
    assert client.post(edit, data=fields).status_code == 302
    reopened = client.get(edit).get_data(as_text=True)
    assert f'name="minutes-{school}-recommend_owner" maxlength="254" value="{OWNER}"' in reopened

    published = client.post(
        f"/meetings/{july.meeting.id}/minutes/publish",
        data={
            "csrf_token": csrf_token(client, f"/meetings/{july.meeting.id}/minutes"),
            "confirmed": "yes",
        },
    )
    assert published.status_code == 302
    banner = text_of(client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True))
    assert (
        f"The recommendation to Cabinet Member for Education is sent to Kirston Nelson ({OWNER})."
    ) in banner
    assert (
        "The recommendation to Cabinet names nobody to answer it, so it was sent to no one: it "
        "waits on the committee's recommendations list."
    ) in banner
    (sent,) = session.exec(
        select(OutboxMessage).where(OutboxMessage.kind == MessageKind.RECOMMENDATION_SENT.value)
    ).all()
    assert sent.to_addresses == OWNER
    assert "The Cabinet Member be asked to report on attendance" in sent.body_text
    assert "by Thursday, 20th September, 2018" in sent.body_text  # two months on


def test_a_follow_up_lands_on_this_years_programme_with_the_items_lead_officers(
    client, july, session
):
    school_entry = session.exec(
        select(WorkProgrammeEntry).where(WorkProgrammeEntry.title.startswith("The Virtual"))
    ).one()
    update_entry(session, actor=july.clerk, entry=school_entry, changes={"lead": "Kirston Nelson"})
    session.commit()
    sign_in(client, july.clerk.email, PASSWORD)
    edit, fields, rows = _form(client, july)
    school = _row(rows, "The Virtual School")
    fields |= {
        f"minutes-{school}-title": "The Virtual School for Looked After Children",
        f"minutes-{school}-resolutions": "The update be noted",
        # Eleven months on is June 2019: next municipal year, and no meeting is arranged then.
        f"minutes-{school}-follow_up_title": "Virtual School: a year on",
        f"minutes-{school}-follow_up_months": "11",
    }
    assert client.post(edit, data=fields).status_code == 302
    page = text_of(client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True))
    assert "RESOLVED that the update be noted" in page  # not "that The update"
    client.post(
        f"/meetings/{july.meeting.id}/minutes/publish",
        data={
            "csrf_token": csrf_token(client, f"/meetings/{july.meeting.id}/minutes"),
            "confirmed": "yes",
        },
    )
    follow_up = session.exec(
        select(WorkProgrammeEntry).where(WorkProgrammeEntry.title == "Virtual School: a year on")
    ).one()
    assert (follow_up.municipal_year, follow_up.timing_note, follow_up.meeting_id) == (
        2018,
        "to_be_determined",
        None,
    )
    assert follow_up.lead_text == "Kirston Nelson"
    assert session.exec(
        select(EntryLeadOfficer.person_id).where(EntryLeadOfficer.entry_id == follow_up.id)
    ).all() == [july.owner.id]


def test_a_resolution_keeps_a_name_or_an_acronym_at_its_start():
    from committee.formatting import resolution_after

    assert resolution_after("The update be noted", "RESOLVED that") == "the update be noted"
    assert resolution_after("Cabinet be asked", "RESOLVED that") == "Cabinet be asked"
    assert resolution_after("SEND funding be reviewed", "RESOLVED that") == (
        "SEND funding be reviewed"
    )
    assert resolution_after("The update be noted", "RESOLVED:") == "The update be noted"


def test_the_recommendations_are_linked_from_the_committee_the_minutes_and_home(
    client, july, session
):
    put = client.put(
        f"/api/meetings/{july.meeting.id}/minutes",
        json={"minutes": [{"title": "Noted", "text": "The Board noted the report."}]},
        headers=july.clerk_headers,
    )
    assert put.status_code == 200, put.json
    link = 'href="/committees/scrutiny-board-2/recommendations"'
    assert link in client.get("/committees/scrutiny-board-2").get_data(as_text=True)
    sign_in(client, july.clerk.email, PASSWORD)
    assert link in client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True)
    assert link in client.get("/home").get_data(as_text=True)


def test_the_committees_meetings_list_links_each_agenda_and_minutes(client, july, make):
    make.publish(july.meeting, at=july.meeting.start.replace(day=10))
    put = client.put(
        f"/api/meetings/{july.meeting.id}/minutes",
        json={"minutes": [{"title": "Noted", "text": "The Board noted the report."}]},
        headers=july.clerk_headers,
    )
    assert put.status_code == 200, put.json
    published = client.post(
        f"/api/meetings/{july.meeting.id}/minutes/publish", json={}, headers=july.clerk_headers
    )
    assert published.status_code == 200, published.json
    page = client.get("/committees/scrutiny-board-2").get_data(as_text=True)
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page, flags=re.S)
    july_row = next(row for row in rows if "19th July, 2018" in row)
    october_row = next(row for row in rows if "18th October, 2018" in row)
    assert f'href="/meetings/{july.meeting.id}/minutes"' in july_row
    assert ">Agenda<" in july_row
    assert "Agenda not yet published" in october_row
    assert "/minutes" not in october_row


def test_attendance_starts_from_the_members_and_substitutes(client, july, make, session):
    from committee.meetings.models import Substitution
    from committee.people.models import Membership, MembershipRole

    kelly = make.person(name="L Kelly", email="l.kelly@council.test")
    sub = make.person(name="A Lucas", email="a.lucas@council.test")
    session.add(
        Membership(
            committee_id=july.meeting.committee_id,
            person_id=kelly.id,
            role=MembershipRole.MEMBER,
            starts_on=july.meeting.start.date().replace(month=5, day=21),
        )
    )
    session.add(Substitution(meeting_id=july.meeting.id, person_id=sub.id, replacing_id=kelly.id))
    session.commit()
    sign_in(client, july.clerk.email, PASSWORD)
    edit, fields, rows = _form(client, july)
    form = client.get(edit).get_data(as_text=True)
    for person, note in ((july.member, "(Chair)"), (kelly, ""), (sub, "(for Councillor L Kelly)")):
        assert f"Councillor {person.name} {note}".strip() in text_of(form)
        assert f'name="roll-{person.id}" value="present" id="roll-{person.id}-present"' in form
        assert f'id="roll-{person.id}-present"' in form
    assert re.search(rf'name="roll-{kelly.id}" value="present"[^>]*checked', form)  # a first draft

    school = _row(rows, "The Virtual School")
    fields |= {
        f"roll-{july.member.id}": "present",
        f"roll-{kelly.id}": "apology",
        f"roll-{sub.id}": "present",
        f"minutes-{school}-title": "The Virtual School for Looked After Children",
        f"minutes-{school}-text": "The Board considered a Briefing Note.",
        "attendance-officer": "R Eaves (People)",
    }
    fields |= {k: v for k, v in _hidden_fields(form).items() if k.startswith("roll-")}
    assert client.post(edit, data=fields).status_code == 302
    minutes = text_of(client.get(f"/meetings/{july.meeting.id}/minutes").get_data(as_text=True))
    assert "Councillor M Mutton (Chair)" in minutes
    assert "Councillor A Lucas, for Councillor L Kelly" in minutes
    assert "Apologies: Councillor L Kelly" in minutes
    assert "R Eaves (People)" in minutes

    # Reopened: the ticks as saved, and nobody on the roll repeated in the lists below.
    again = client.get(edit).get_data(as_text=True)
    assert re.search(rf'name="roll-{kelly.id}" value="apology"[^>]*checked', again)
    assert re.search(rf'name="roll-{sub.id}" value="present"[^>]*checked', again)
    members_list = re.search(r'name="attendance-member"[^>]*>([^<]*)<', again).group(1)
    assert "M Mutton" not in members_list
