"""schemathesis against /api/schema/ (issue 7, "Make it automatic"): every operation of the
API, called in-process through the WSGI app with two organizations' API tokens, with
generated valid and invalid input. 0 server errors and 0 responses that violate the schema.

A small, fixed example budget (no shrinking, no example database, no deadline) keeps it well
inside `make test`; FUZZ_EXAMPLES raises it for a longer local run."""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from cor_portal.accounts.tokens import api_token_issue

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def app():
    """The real WSGI app, kept on the test's connection and transaction: like Django's test
    client, it does not close the database connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(
    schema, operation, headers: dict[str, str], mode, statuses: Counter, **fixed
) -> list[str]:
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def run(case):
        response = case.call(headers=headers)
        statuses[response.status_code // 100 * 100] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except Exception as error:  # every failed check is collected and reported at the end
            failures.append(f"{operation.label} [{mode.value}] -> {response.status_code}: {error}")

    try:
        run()
    except Unsatisfiable:
        # Negative mode on an operation with nothing to make invalid (no parameters, no body).
        assert mode == NEGATIVE, operation.label
    return failures


def test_the_api_answers_every_generated_request_within_its_schema(cast, app):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    failures: list[str] = []
    statuses: Counter = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        # Valid and invalid input as one organization's SMR, valid input as the other's.
        for user, modes in ((cast.smr, (POSITIVE, NEGATIVE)), (cast.outsider, (POSITIVE,))):
            # A fresh token per operation: fuzzing POST auth/logout/ revokes the one it used.
            _token, secret = api_token_issue(user=user, name="fuzz")
            for mode in modes:
                headers = {"Authorization": f"Token {secret}"}
                failures += _fuzz(schema, operation, headers, mode, statuses)
    assert not failures, "\n\n".join(failures)
    # The tokens worked: requests got through to real answers, not only 401s.
    assert statuses[200] > 0 and statuses[400] > 0, statuses


def test_real_objects_of_both_organizations_answer_within_the_schema(flow, app):
    """Random ids mostly meet 404s, whose bodies the schema does not describe: here every
    `{id}` operation of the main resources is fuzzed with the id of a real object of the first
    organization, as its SMR (real answers, checked against the schema) and as the other
    organization's SMR (which must not see it: never a 2xx on a read)."""
    cast = flow.cast
    audit = flow.start()
    ids = {
        "/api/v1/audits/{id}/": audit.pk,
        "/api/v1/audit-tools/{id}/": flow.tool.pk,
        "/api/v1/organizations/{id}/": cast.organization.pk,
        "/api/v1/wsib-accounts/{id}/": cast.wsib_account.pk,
        "/api/v1/people/{id}/": flow.ia.pk,
    }
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    failures: list[str] = []
    statuses: Counter = Counter()
    leaks: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        prefix = next((p for p in ids if operation.path.startswith(p)), None)
        if prefix is None or operation.path.count("{") != 1:
            continue
        for user in (cast.smr, cast.outsider):
            _token, secret = api_token_issue(user=user, name="fuzz")
            headers = {"Authorization": f"Token {secret}"}
            seen: Counter = Counter()
            failures += _fuzz(
                schema, operation, headers, POSITIVE, seen, path_parameters={"id": ids[prefix]}
            )
            statuses.update(seen)
            # The shared audit tool is published to every organization; the rest is not.
            shared = prefix == "/api/v1/audit-tools/{id}/"
            is_read = operation.method.upper() == "GET"
            if user == cast.outsider and is_read and seen[200] and not shared:
                leaks.append(operation.label)
    assert not failures, "\n\n".join(failures)
    assert not leaks, leaks
    assert statuses[200] > 0, statuses


class _WithToken:
    headers: dict[str, str] = {}

    def get_call_kwargs(self, case):
        return {"headers": self.headers}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        case.validate_response(response, checks=CHECKS, headers=self.headers)


def test_linked_operations_in_sequence_stay_within_the_schema(cast, app):
    """Stateful: schemathesis infers links between operations (an id one returns, another
    takes) and runs short sequences along them with the organization's token."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    schema.analysis.inject_links()
    # drf-spectacular writes no links: the inferred ones reach the nested audit routes.
    assert "GET /api/v1/audits/{id}/" in schema.operations_with_incoming_links()
    _token, secret = api_token_issue(user=cast.smr, name="fuzz")
    machine = type("Machine", (_WithToken, schema.as_state_machine()), {})
    machine.headers = {"Authorization": f"Token {secret}"}
    machine.run(
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=5,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )


def test_an_audit_not_yet_submitted_matches_its_schema(flow, app, client):
    """Finding of the fuzzer: an audit in progress answers null for its internal review's
    submitted_at, received_on, report_issued_on and correction_due_on (and a CAP for its
    correction_due_on), which the schema declared as non-null strings."""
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    audit_fields = ["submitted_at", "received_on", "report_issued_on", "correction_due_on"]
    for name in audit_fields:
        assert schema["Audit"]["properties"][name].get("nullable") is True, name
    assert schema["Cap"]["properties"]["correction_due_on"]["nullable"] is True
    audit = flow.start()
    _token, secret = api_token_issue(user=flow.cast.smr, name="fuzz")
    answer = client.get(f"/api/v1/audits/{audit.pk}/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert answer.status_code == 200
    assert all(answer.json()[name] is None for name in audit_fields), answer.json()


@pytest.mark.parametrize("nested", ["evidence", "responses", "history"])
def test_an_audits_nested_lists_are_described_as_the_plain_lists_they_are(
    flow, app, client, nested
):
    """Finding of the fuzzer: GET audits/{id}/evidence/ (and responses/, history/) answer a
    plain list; the schema described a page ({count, next, previous, results})."""
    paths = client.get("/api/schema/?format=json").json()["paths"]
    answer = paths[f"/api/v1/audits/{{id}}/{nested}/"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["type"] == "array"
    audit = flow.start()
    _token, secret = api_token_issue(user=flow.cast.smr, name="fuzz")
    url = f"/api/v1/audits/{audit.pk}/{nested}/"
    listed = client.get(url, HTTP_AUTHORIZATION=f"Token {secret}")
    assert listed.status_code == 200 and isinstance(listed.json(), list)


def test_a_person_without_an_email_matches_its_schema(flow, app, client):
    """Finding of the fuzzer: a person recorded without an e-mail answers "", which the
    schema's `format: email` refused; the schema now allows an address or ""."""
    email = client.get("/api/schema/?format=json").json()["components"]["schemas"]["Person"]
    assert {"maxLength": 0} in email["properties"]["email"]["anyOf"]
    _token, secret = api_token_issue(user=flow.cast.smr, name="fuzz")
    answer = client.get(f"/api/v1/people/{flow.ia.pk}/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert answer.status_code == 200 and answer.json()["email"] == ""
