"""Schemathesis reads /api/openapi.json and sends what it allows, and what it does not:
anonymously and as a governance officer, no answer is a server error (5xx).

A few examples per operation, positive and negative, keep it in every run;
the probe from outside that found the last handful of odd inputs sent 63,792.
Each operation's cases are drawn the same way every run (derandomized), so a
failure here is one a person can reproduce: its curl command is printed.
"""

import os
from datetime import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from committee.timeutil import LONDON
from tests.conftest import bearer

#: Per operation and mode; FUZZ_EXAMPLES=500 make test runs a deeper search.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))


@pytest.fixture
def operations(app, make):  # type: ignore[no-untyped-def]
    """The service's own OpenAPI operations, with a committee, meeting and entries to find."""
    board = make.committee("scrutiny-board-2")
    meeting = make.meeting(board, datetime(2027, 3, 4, 14, 0, tzinfo=LONDON))
    make.entry(board, title="Fostering", meeting=meeting)
    make.entry(board, title="Serious Case Review", exempt_paragraph=1)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) > 30  # every area's routes are in the document
    return found


def _server_errors(operations, headers: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    failures: list[str] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def send(case) -> None:  # type: ignore[no-untyped-def]
                response = case.call(headers=headers)
                if response.status_code >= 500:
                    failures.append(f"{response.status_code}: {case.as_curl_command()}")

            try:
                send()
            except Unsatisfiable:  # nothing to send but the one request: no wrong version of it
                continue
    return failures


def test_no_answer_to_the_public_is_a_server_error(operations):
    assert _server_errors(operations, {}) == []


def test_no_answer_to_a_governance_officer_is_a_server_error(operations, make):
    from committee.committees.queries import get_committee

    clerk = make.clerk(get_committee(make.session, "scrutiny-board-2"))
    assert _server_errors(operations, bearer(make.token(clerk))) == []
