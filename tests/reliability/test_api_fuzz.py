"""API fuzzing: schemathesis against the hub's own OpenAPI document, with agencies' keys.

Every operation gets a bounded number of generated requests, valid and invalid, sent with the
key of an analyst, an agency admin and a read-only user; a stateful run chains operations along
the links schemathesis infers from the document (a filed report's id into the report, its
operation into the STIX export …). The checks: no 5xx, and every answer's status, media type,
headers and body are ones the document declares. ``bench/run_api_fuzz.py`` runs the same at
scale against a served hub; the regression tests below are what earlier runs found.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from safemekong.api import create_app
from safemekong.evidence.locker import NewItem
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.store import open_store
from tests.conftest import make_members
from tests.intel.test_ingest import report

#: What every answer is checked for: no 5xx; status, media type, headers, body as documented.
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)
#: The roles of the TH-CCIB keys the fuzzer sends.
ROLES = ("analyst", "admin", "read-only")
#: Generated requests per operation and role in CI, and runs of the stateful machine.
EXAMPLES = 8
STATEFUL_RUNS = 10
MAX_BODY = 2_000_000
#: Left out: the event stream never ends, so a fuzzer would wait on it forever.
UNFUZZED = "/api/v1/stream"

Validate = Callable[[schemathesis.Response, schemathesis.Case], None]


@dataclass
class Fuzzed:
    """A hub with a few objects of each kind, and TH-CCIB keys of several roles."""

    hub: Hub
    keys: dict[str, str]

    def headers(self, role: str) -> dict[str, str]:
        return bearer(self.keys[role])


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def seed(url: str) -> Fuzzed:
    """Three agencies, a CN-TH group, reports in an operation (one RED to another agency), a
    webhook and an evidence item: ids the fuzzer and the stateful links can hit."""
    members = make_members(url)
    hub = members.hub
    keys = {"analyst": members.keys["TH-CCIB"]}
    for role in ("admin", "read-only"):
        keys[role] = hub.create_key(NODE_ADMIN, "TH-CCIB", role)["key"]
    hub.create_group(NODE_ADMIN, "CN-TH", ["CN-AFC", "TH-CCIB"])
    phone = ("+66812345678", "caller")
    hub.file_reports(members.principal("TH-CCIB"), [report("th-1", phone), report("th-2", phone)])
    hub.file_reports(
        members.principal("CN-AFC"), [report("cn-1", phone, tlp="AMBER", sharing_groups=["CN-TH"])]
    )
    hub.file_reports(
        members.principal("PH-CICC"), [report("ph-1", phone, tlp="RED", recipients=["CN-AFC"])]
    )
    admin = hub.authenticate(keys["admin"])
    hub.add_webhook(admin, "https://hooks.example.org/th")
    metadata = {
        "case": "TH-2026-0042",
        "exhibit": "E1",
        "acquired_by": "Pol. Lt. Somchai",
        "legal_basis": "Criminal Procedure Code s. 132",
    }
    hub.evidence.add(admin, NewItem(io.BytesIO(b"screenshot"), metadata, "shot.png"))  # type: ignore[arg-type]
    return Fuzzed(hub, keys)


def load_schema(hub: Hub, coverage: bool = False) -> Any:
    """The OpenAPI document of an app over ``hub`` as schemathesis reads it: valid and invalid
    requests, with the coverage phase's boundary values when ``coverage``."""
    document = create_app(hub, max_body=MAX_BODY, background=False).openapi()
    config = schemathesis.Config.from_dict(
        {"generation": {"mode": "all"}, "phases": {"coverage": {"enabled": coverage}}}
    )
    return schemathesis.openapi.from_dict(document, config=config).exclude(path=UNFUZZED)


def state_machine(schema: Any, call_kwargs: dict[str, Any], validate: Validate) -> Any:
    """The stateful machine over ``schema``, calling with ``call_kwargs`` and checking each
    answer with ``validate``."""

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return call_kwargs

        def validate_response(  # type: ignore[no-untyped-def]
            self, response: schemathesis.Response, case: schemathesis.Case, *_, **__
        ) -> None:
            validate(response, case)

    return Machine


def raise_failures(response: schemathesis.Response, case: schemathesis.Case) -> None:
    case.validate_response(response, checks=list(CHECKS))


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    path: Path = tmp_path_factory.mktemp("fuzz") / "hub.db"
    found = seed(f"sqlite:///{path}")
    yield found
    found.hub.close()


@pytest.fixture(scope="module")
def app(fuzzed: Fuzzed) -> FastAPI:
    return create_app(fuzzed.hub, max_body=MAX_BODY, background=False)


# The document does not depend on the data: an empty in-memory hub gives it at collection.
schema = load_schema(Hub(open_store("sqlite://")))
QUICK = settings(
    max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@QUICK
def test_every_operation_answers_as_documented(
    case: schemathesis.Case, role: str, fuzzed: Fuzzed, app: FastAPI
) -> None:
    case.call_and_validate(app=app, headers=fuzzed.headers(role), checks=list(CHECKS))


def test_chained_operations_answer_as_documented(tmp_path: Path) -> None:
    # A hub of its own: chained calls revoke keys and delete objects the other tests use.
    own = seed(f"sqlite:///{tmp_path / 'chained.db'}")
    app = create_app(own.hub, max_body=MAX_BODY, background=False)
    machine = state_machine(schema, {"app": app, "headers": own.headers("admin")}, raise_failures)
    try:
        machine.run(settings=settings(QUICK, max_examples=STATEFUL_RUNS, stateful_step_count=6))
    finally:
        own.hub.close()


# -- what the fuzzer found ------------------------------------------------------------------


@pytest.fixture
def th(app: FastAPI, fuzzed: Fuzzed) -> Iterator[TestClient]:
    with TestClient(app, headers=fuzzed.headers("analyst")) as client:
        yield client


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reports/9223372036854775808",
        "/api/v1/operations/9223372036854775808/misp",
        "/api/v1/webhooks/9223372036854775808/deliveries",
        "/api/v1/evidence/items/9223372036854775808",
        "/api/v1/screen/alerts?since_id=9223372036854775808",
        "/api/v1/reports?before_id=9223372036854775808",
    ],
)
def test_an_id_beyond_64_bits_is_invalid_input_not_a_crash(th: TestClient, path: str) -> None:
    assert th.get(path).status_code == 422


def test_a_typology_that_is_not_text_is_rejected_with_the_field(th: TestClient) -> None:
    answer = th.post("/api/v1/reports", json=report("fuzz-typology", typology=[None]))
    assert answer.status_code == 422
    assert answer.json()["rejected"][0]["errors"][0]["field"] == "typology"


@pytest.mark.parametrize("path", ["/api/v1/trail/tags", "/api/v1/trail/rates"])
def test_a_binary_upload_where_text_is_read_is_invalid_input(th: TestClient, path: str) -> None:
    answer = th.post(path, content=b"\x89PNG\r\n\x1a\n\x00")
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "file"


def test_a_json_body_that_is_not_utf8_is_invalid_input(th: TestClient) -> None:
    answer = th.post(
        "/api/v1/watches", content=b"\x12\xff", headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_page_whose_url_is_malformed_is_invalid_input(th: TestClient) -> None:
    answer = th.post("/api/v1/detect/page", json={"html": "<p>hello</p>", "url": "http://[::1"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "url"


def test_a_malformed_link_in_a_page_is_passed_over(th: TestClient) -> None:
    html = '<p>hello</p><a href="http://[bad">win big</a>'
    answer = th.post("/api/v1/detect/page", json={"html": html, "url": "https://shop.example.com"})
    assert answer.status_code == 200
