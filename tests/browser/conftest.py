"""The pages in a real browser: Debian's Chromium driven by Playwright, against a live server.

The server runs in this process, on a database of its own whose transactions
really commit, so the frozen clock (time-machine) holds for it too. Chromium
must be installed (`make test` installs it with apt-get); it is never downloaded.
"""

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from sqlmodel import Session
from werkzeug.serving import make_server

from committee import create_app
from committee.db import EXTENSION_KEY, Database
from committee.migrate import upgrade
from committee.people.models import Membership, MembershipRole
from committee.people.operations import set_password
from committee.timeutil import LONDON
from tests.conftest import PASSWORD, MailSink, fresh_database_url
from tests.factories import Factory

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: The browser tests' Monday: 09:00 on 16 November 2026, London time.
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium with apt-get")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
    yield browser
    browser.close()


@dataclass
class LiveService:
    app: Flask
    url: str
    database: Database

    def factory(self) -> tuple[Session, Factory]:
        """A session whose factory commits as it goes, as the service would see it."""
        session = self.database.write_sessionmaker()
        return session, Factory(session)


def _answered_whole(app: WSGIApplication) -> WSGIApplication:
    """The app, each answer read whole and its file closed before the server writes it.

    Werkzeug's development server closes a response only after draining the socket; when the
    browser resets the connection (navigating while a stylesheet loads) that read raises first,
    and the open static file is left for the garbage collector to warn about in a later test.
    """

    def answer(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return answer


@pytest.fixture
def live(backend: str, tmp_path: Path) -> Iterator[LiveService]:
    """The service on a fresh database, served on a free port in a thread of this process."""
    for url in fresh_database_url(backend, tmp_path, "browser"):
        upgrade(url)
        app = create_app(
            {
                "COMMITTEE_ENV": "testing",
                "DATABASE_URL": url.render_as_string(hide_password=False),
                "SECRET_KEY": "browser-tests",
                # The browser judges cookie expiry by the real clock, the server by the
                # frozen one: a long life keeps the two from disagreeing.
                "PERMANENT_SESSION_LIFETIME": timedelta(days=3650),
            }
        )
        server = make_server("127.0.0.1", 0, _answered_whole(app), threaded=False)
        app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
        app.extensions[EXTENSION_KEY].link_to(app.config["BASE_URL"])
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield LiveService(app, app.config["BASE_URL"], app.extensions[EXTENSION_KEY])
        finally:
            server.shutdown()
            thread.join()
            app.extensions[EXTENSION_KEY].engine.dispose()


@pytest.fixture
def inbox(live: LiveService) -> Iterator[MailSink]:
    """The test SMTP server, with the live service sending to it."""
    sink = MailSink()
    sink.start()
    live.app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port)
    yield sink
    sink.stop()


@pytest.fixture
def page(browser: Browser, live: LiveService) -> Iterator[Page]:
    context = browser.new_context(base_url=live.url, viewport=DESKTOP, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def council(live: LiveService, time_machine) -> dict:  # type: ignore[no-untyped-def]
    """A committee with its governance officer, two lead officers and a member; no meetings."""
    time_machine.move_to(MONDAY, tick=False)
    session, make = live.factory()
    with session:
        board = make.committee("scrutiny-board-2", name="Education Scrutiny Board")
        people = {
            "clerk": make.clerk(board, name="Michelle Rose", email="michelle.rose@council.test"),
            "lead": make.person(name="Kirston Nelson", email="kirston.nelson@council.test"),
            "other lead": make.person(name="Paul Smith", email="paul.smith@council.test"),
            "member": make.person(name="M Mutton", email="m.mutton@council.test"),
        }
        session.add(
            Membership(
                committee_id=board.id,
                person_id=people["member"].id,
                role=MembershipRole.CHAIR,
                starts_on=date(2026, 5, 21),
            )
        )
        for person in people.values():
            set_password(session, person=person, password=PASSWORD)
        session.commit()
        return {"board": board, **{name: person.email for name, person in people.items()}}


def sign_in_as(page: Page, email: str, password: str) -> None:
    """Sign in through the sign-in page, as a person does, and land on their week."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def serious_violations(page: Page) -> list[str]:
    """Run axe-core on the page; return its serious and critical findings, described."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than its window (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
