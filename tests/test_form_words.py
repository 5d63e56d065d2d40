"""Every form, sent bad input, answers in the council's words: no field name, flag or code word.

The test crawls the application's own list of routes: each page route that takes a POST is
sent an empty form and a form of nonsense, as a governance officer who is also an
administrator (so every form is open to them), and each message it shows (the error summary,
an error page, a banner) is read for identifiers with underscores, command-line flags and
"slug". The API keeps its field names and is not crawled here.
"""

import html
import re
from datetime import date, datetime

import pytest
from sqlmodel import select

from committee.decisions.operations import (
    add_decision_maker,
    draft_notice,
    publish_notice,
    record_decision,
)
from committee.errors import FIELD_LABELS
from committee.people.models import Membership, Role, RoleGrant
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.agenda.helpers import board_with_a_meeting
from tests.conftest import PASSWORD, csrf_token, sign_in

CODE_WORDS = re.compile(r"\b[a-z]+_[a-z_]+\b|--[a-z]|\bslugs?\b")
NONSENSE = "not-valid-\u2603"
FIELDS = [
    "name",
    "slug",
    "email",
    "role",
    "committee",
    "person_id",
    "replacing_id",
    "starts_on",
    "ends_on",
    "from_day",
    "day",
    "time",
    "venue",
    "draft_days",
    "final_days",
    "window_days",
    "deadline_time",
    "title",
    "detail",
    "lead",
    "source",
    "timing_note",
    "exempt_paragraph",
    "meeting_id",
    "reason",
    "resolution",
    "paper_kind",
    "paper_url",
    "late_reason",
    "to_follow",
    "usual_start_time",
    "usual_venue",
    "contact_telephone",
    "late_item_numbering",
    "closed_at",
    "first_number",
    "response_due",
    "to_whom",
    "text",
    "owner_email",
    "year",
    "papers_needed",
    "already_held",
    "version",
    "password",
    "confirm",
    "lead_officer_name",
    "staged",
]
#: Routes whose forms are not the service's business forms: signing in and out, and a link
#: from an email (their own tests cover what they say).
NOT_FORMS = {"people.sign_in", "people.sign_out", "people.choose_password"}


def unpointed_refusals(page: str) -> list[str]:
    """Each refusal about a field that the page's error summary does not link to that field,
    or whose field carries no message beside it (the GOV.UK error summary pattern)."""
    wrong = []
    for start in (found.start() for found in re.finditer('<div class="govuk-error-summary"', page)):
        summary = page[start : page.find("</ul>", start) + 5]
        if "govuk-error-summary__list" not in summary:
            wrong.append("an error summary without its list of what to correct")
            continue
        for item in re.findall(r"<li>(.*?)</li>", summary, flags=re.S):
            text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", item).split()))
            link = re.search(r'href="#([^"]+)"', item)
            if link is None:
                if text.split(":")[0] in ABOUT_A_FIELD:
                    wrong.append(f"{text!r} links to no field")
                continue
            target = link.group(1)
            if f'id="{target}"' not in page:
                wrong.append(f"{text!r} links to #{target}, which the page does not have")
            beside = re.search(
                rf'<p id="{re.escape(target)}-error" class="govuk-error-message">(.*?)</p>',
                page,
                flags=re.S,
            )
            if beside is None:
                wrong.append(f"{text!r} is not repeated beside #{target}")
    return wrong


#: How a refusal about one field begins ("The last day: ..."), as the pages name each field.
ABOUT_A_FIELD = set(FIELD_LABELS.values())


def messages_of(page: str) -> list[str]:
    """What a page says to the person about what they sent."""
    found = re.findall(r'<div class="govuk-error-summary".*?</div>', page, flags=re.S)
    found += re.findall(r'class="govuk-notification-banner__heading">(.*?)<', page, flags=re.S)
    if 'class="govuk-error-summary"' not in page:
        error_page = re.search(
            r'<h1 class="govuk-heading-l">.*?</h1>\s*<p class="govuk-body">(.*?)</p>',
            page,
            flags=re.S,
        )
        if error_page:
            found.append(error_page.group(1))
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", " ", text).split())) for text in found]


@pytest.fixture
def everything(make, session, now):
    board = board_with_a_meeting(make, session)
    session.add(RoleGrant(person_id=board.clerk.id, role=Role.ADMIN.value))
    set_password(session, person=board.clerk, password=PASSWORD)
    session.commit()
    seat = session.exec(select(Membership)).first()
    grant = session.exec(select(RoleGrant).where(RoleGrant.person_id == board.clerk.id)).first()
    cabinet = add_decision_maker(
        session, actor=board.clerk, name="Cabinet", kind="executive", committee=board.committee
    )
    notice = draft_notice(
        session,
        actor=board.clerk,
        decision_maker=cabinet,
        matter="Libraries",
        decision_due=date(2027, 1, 12),
    )
    publish_notice(session, actor=board.clerk, notice=notice)
    decision = record_decision(
        session,
        actor=board.clerk,
        decision_maker=cabinet,
        title="Parks",
        decided_on=date(2026, 11, 2),
        decision="Approved",
    )
    session.commit()
    return {
        "notice_id": notice.id,
        "decision_id": decision.id,
        "slug": board.committee.slug,
        "meeting_id": board.meeting.id,
        "entry_id": next(iter(board.entries.values())),
        "person_id": board.member.id,
        "seat_id": seat.id,
        "grant_id": grant.id,
        "day": "2026-12-29",
        "message_id": 1,
        "recommendation_id": 1,
        "event": "schedule",
        "clerk": board.clerk,
    }


def test_every_form_answers_bad_input_in_words(app, client, everything):
    sign_in(client, everything["clerk"].email)
    token = csrf_token(client, "/home")
    crawled, said = [], []
    pointed, unpointed = 0, []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()) or rule.rule.startswith("/api"):
            continue
        if rule.endpoint in NOT_FORMS:
            continue
        path = rule.rule
        for argument in rule.arguments:
            path = re.sub(rf"<[^>]*\b{argument}>", str(everything[argument]), path)
        assert "<" not in path, f"no value to crawl {rule.rule} with"
        crawled.append(rule.endpoint)
        for form in (
            {"csrf_token": token, "confirmed": "yes"},
            {"csrf_token": token, "confirmed": "yes", **dict.fromkeys(FIELDS, NONSENSE)},
        ):
            answer = client.post(path, data=form, follow_redirects=True)
            assert answer.status_code < 500, (path, answer.status_code)
            page = answer.get_data(as_text=True)
            unpointed += [(path, wrong) for wrong in unpointed_refusals(page)]
            pointed += page.count('class="govuk-error-message"')
            for message in messages_of(page):
                said.append(message)
                words = CODE_WORDS.findall(message.replace(NONSENSE, ""))
                assert not words, f"{path} said {message!r}: {words}"
    # Refusals that only particular input reaches, each once.
    entry = everything["entry_id"]
    for path, form in (
        ("/committees/new", {"name": "Audit", "slug": "Bad Slug", "usual_start_time": "14:00"}),
        (
            "/committees/new",
            {"name": "Audit", "slug": everything["slug"], "usual_start_time": "14:00"},
        ),
        ("/admin/people", {"name": "Ann", "email": "ann@council.test", "role": "governance"}),
        ("/admin/people", {"name": "Ann", "email": everything["clerk"].email, "role": "member"}),
        (f"/entries/{entry}/events/submit_paper", {"paper_kind": "briefing_note"}),
        (f"/entries/{entry}/events/defer", {"reason": ""}),
        (
            "/committees/scrutiny-board-2/members",
            {"person_id": "1", "starts_on": "2026-05-21", "ends_on": "2026-01-01"},
        ),
    ):
        answer = client.post(path, data={"csrf_token": token, **form}, follow_redirects=True)
        page = answer.get_data(as_text=True)
        unpointed += [(path, wrong) for wrong in unpointed_refusals(page)]
        messages = messages_of(page)
        assert messages, (path, form)
        for message in messages:
            said.append(message)
            assert not CODE_WORDS.findall(message), f"{path} said {message!r}"
    assert len(crawled) >= 35  # every form of the service, not a handful
    assert not unpointed, "\n".join(f"{path}: {wrong}" for path, wrong in unpointed)
    assert pointed >= 25  # messages beside their fields, not only in the summaries
    # Positive controls: the messages were read, and the check finds what it looks for.
    assert any(message.startswith("That could not be done The last day:") for message in said)
    assert any("short name" in message for message in said)
    for coded in ("ends_on: x", "needs at least one --committee", "the slug 'x'", "(paper_url)"):
        assert CODE_WORDS.search(coded), coded


def visible_text(page: str) -> str:
    """What a reader sees of a page: no tags, scripts, styles or attribute values."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<(\w+)\b[^>]*\shidden[\s>][^<]*?.*?</\1>", " ", page, flags=re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def test_no_page_shows_a_code_word(app, client, everything, session, time_machine):
    """Every page a governance officer (and administrator) can open, with something on it to
    show (an agenda published, with its history), reads in words."""
    time_machine.move_to(datetime(2026, 11, 25, 10, 0, tzinfo=LONDON), tick=False)
    sign_in(client, everything["clerk"].email)
    token = csrf_token(client, "/home")
    meeting = everything["meeting_id"]
    gaps = re.findall(
        r'name="to_follow" value="(\d+)"', client.get(f"/meetings/{meeting}").get_data(as_text=True)
    )
    published = client.post(
        f"/meetings/{meeting}/publish",
        data={"csrf_token": token, "confirmed": "yes", "to_follow": gaps, "late_reason": "Late."},
    )
    assert published.status_code == 302, visible_text(published.get_data(as_text=True))
    read = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.rule.startswith(("/api", "/static")):
            continue
        path = rule.rule
        for argument in rule.arguments:
            path = re.sub(rf"<[^>]*\b{argument}>", str(everything.get(argument, "")), path)
        answer = client.get(path)
        if answer.mimetype != "text/html" or answer.status_code != 200:
            continue
        text = visible_text(answer.get_data(as_text=True))
        read.append(path)
        words = CODE_WORDS.findall(text) + re.findall(r"\b[a-z]+ → [a-z]+\b", text)
        assert not words, f"{path} shows {words}"
    assert f"/meetings/{meeting}" in read
    assert len(read) >= 25
    # Positive control: the agenda's history reads "Published", which it did not.
    agenda = visible_text(client.get(f"/meetings/{meeting}").get_data(as_text=True))
    assert "The agenda's history" in agenda
    assert re.search(r"\bPublished\b", agenda)
    assert CODE_WORDS.search("publish: draft → published drafted_at")
