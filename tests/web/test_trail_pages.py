"""The money-trail pages without a browser: a trace from a case's seeds, its downloads, the
mule list, starting points, and that a page shows nothing the API would refuse."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.policy.principals import Principal
from safemekong.trail import freeze, mules, synthetic
from safemekong.trail.rules import RULES
from safemekong.trail.tags import KINDS
from safemekong.web import labels
from tests.trail.support import write_csv
from tests.web.conftest import World

Client = Callable[[str | None], TestClient]
#: A transfer only CN-AFC may see (AMBER, shared with nobody).
CN_SECRET = "cn-secret-1"


def principal(hub: Hub, agency: str) -> Principal:
    """An analyst key's principal of ``agency`` (cheaper than a user's password)."""
    return hub.authenticate(hub.create_key(NODE_ADMIN, agency, "analyst", "test")["key"])


@dataclass
class Ledger:
    """The synthetic laundering cases imported by TH-CCIB (GREEN) into the world's hub."""

    data: synthetic.SyntheticLedger

    @property
    def case(self) -> synthetic.Case:
        return self.data.cases[0]

    def seeds(self) -> str:
        return "\n".join(f"tx:{s}" for s in self.case.seeds)


@pytest.fixture(scope="module")
def ledger(world: World, tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    folder = tmp_path_factory.mktemp("ledger")
    data = synthetic.generate(seed=11, cases=3, ordinary=40)
    th = principal(world.hub, "TH-CCIB")
    for name, text in (
        ("ledger.csv", data.ledger_csv()),
        ("tags.csv", data.tags_csv()),
        ("rates.csv", data.rates_csv()),
    ):
        (folder / name).write_text(text)
    world.hub.trail.import_file(th, folder / "ledger.csv", "csv", "GREEN")
    world.hub.trail.import_tags(th, folder / "tags.csv", "csv", "GREEN")
    world.hub.trail.import_rates(th, folder / "rates.csv")
    secret = [
        f"{CN_SECRET},2026-03-02T10:00:00Z,bank:TH:004:5550000001,bank:TH:002:5550000002,9000,THB"
    ]
    cn_file = write_csv(Path(folder / "cn.csv"), secret)
    world.hub.trail.import_file(principal(world.hub, "CN-AFC"), cn_file, "csv", "AMBER")
    return Ledger(data)


def trace_url(seeds: str, path: str = "/trail", **fields: object) -> str:
    return f"{path}?{urlencode({'seeds': seeds, **fields})}"


def test_every_rule_tag_kind_and_mule_feature_has_a_label() -> None:
    assert set(labels.TRACE_RULES) == set(RULES)
    assert set(labels.TAG_KINDS) == set(KINDS)
    assert set(labels.MULE_FEATURES) == set(mules.FEATURES)
    assert set(labels.STOP_REASONS) >= set(freeze.FREEZABLE)


def test_a_trace_from_a_cases_seeds_ends_at_its_exchange_cash_out_addresses(
    client_for: Client, ledger: Ledger
) -> None:
    answer = client_for("th.analyst").get(trace_url(ledger.seeds(), hops=12))
    assert answer.status_code == 200, answer.text
    page = answer.text
    assert "<svg" in page and "class='sankey'" in page and "role='img'" in page
    endpoints = page.split('id="endpoints-title"')[1].split("<h3")[0]
    for address in ledger.case.cashout:
        assert address in endpoints
    assert "Exchange:" in endpoints and "Reached a service that can freeze it" in endpoints
    assert "OTC conversion" in page  # the baht reached USDT through the desk
    assert 'href="/trail/requests.csv?' in page


def test_the_chart_has_no_inline_style_for_the_csp_to_block(
    client_for: Client, ledger: Ledger
) -> None:
    answer = client_for("th.analyst").get(trace_url(ledger.seeds()))
    assert "style-src 'self'" in answer.headers["content-security-policy"]
    chart = re.search(r"<svg.*?</svg>", answer.text, re.S)
    assert chart and "style=" not in chart.group(0) and "<style" not in chart.group(0)


def test_the_freeze_request_csv_is_the_apis(
    client_for: Client, ledger: Ledger, world: World
) -> None:
    url = trace_url(ledger.seeds(), "/trail/requests.csv", hops=12)
    answer = client_for("th.analyst").get(url)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    key = world.hub.create_key(NODE_ADMIN, "TH-CCIB", "analyst", "test")["key"]
    api = client_for(None).post(
        "/api/v1/trail/requests",
        params={"format": "csv"},
        json={"seeds": ledger.seeds().split(), "hops": 12},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert api.status_code == 200
    assert answer.text == api.text
    assert ledger.case.cashout <= set(re.findall(r"wallet:tron:\w+", answer.text))


def test_the_other_downloads_of_a_trace(client_for: Client, ledger: Ledger) -> None:
    client = client_for("th.analyst")
    seeds = ledger.seeds()
    page = client.get(trace_url(seeds, "/trail/requests.html", hops=12))
    assert page.status_code == 200 and "Freeze and recall requests" in page.text
    report = client.get(trace_url(seeds, "/trail/report.html"))
    assert report.headers["content-disposition"].startswith("attachment") and "<svg" in report.text
    trace = client.get(trace_url(seeds, "/trail/trace.json", rule="haircut")).json()
    assert trace["rule"] == "haircut" and trace["transfers"]
    # The mule account is a bank account: its recall request has a camt.056 draft.
    mule = next(t["from"] for t in trace["transfers"] if t["hop"] == 2)
    drafts = client.get(trace_url(mule, "/trail/camt056.zip", hops=1))
    assert drafts.status_code == 200
    with zipfile.ZipFile(io.BytesIO(drafts.content)) as zf:
        names = zf.namelist()
        assert names and b"FIToFIPmtCxlReq" in zf.read(names[0])


def test_the_page_offers_starting_points_that_trace(client_for: Client, ledger: Ledger) -> None:
    client = client_for("th.analyst")
    page = client.get("/trail").text
    assert "The ledger holds" in page and "transfers that you may see" in page
    offered = re.findall(r'href="(/trail\?seeds=tx%3A[^"]+)"', page)
    assert offered
    traced = client.get(unescape(offered[0]))
    assert traced.status_code == 200 and "<svg" in traced.text


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"seeds": ""}, "seeds"),
        ({"seeds": "tx:x", "hops": "five"}, "hops"),
        ({"seeds": "tx:x", "hops": "99"}, "hops"),
        ({"seeds": "tx:x", "rule": "lofi"}, "rule"),
        ({"seeds": "tx:x", "window_hours": "-1"}, "window"),
        ({"seeds": "tx:x", "tolerance": "1.5"}, "tolerance"),
        ({"seeds": "not an account"}, "seed"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    client_for: Client, ledger: Ledger, fields: dict[str, str], named: str
) -> None:
    answer = client_for("th.analyst").get(f"/trail?{urlencode(fields)}")
    assert answer.status_code == 422
    problem = re.search(r'<p class="problem" role="alert"[^>]*>(.*?)</p>', answer.text, re.S)
    assert problem and f"{named}:" in problem.group(1)
    assert 'aria-invalid="true"' in answer.text


def test_bad_input_of_a_download_and_of_the_mule_list_is_422(client_for: Client) -> None:
    client = client_for("th.analyst")
    assert client.get("/trail/requests.csv?seeds=tx:1&hops=x").status_code == 422
    answer = client.get("/trail/mules?top=0")
    assert answer.status_code == 422 and "top:" in answer.text


def test_another_agencys_amber_transfer_is_not_visible(client_for: Client, ledger: Ledger) -> None:
    assert client_for("cn.analyst").get(f"/trail?seeds=tx:{CN_SECRET}").status_code == 200
    for user in ("th.analyst", "ph.analyst"):
        client = client_for(user)
        answer = client.get(f"/trail?seeds=tx:{CN_SECRET}")
        assert answer.status_code == 404
        assert "5550000002" not in answer.text
        assert client.get(f"/trail/requests.csv?seeds=tx:{CN_SECRET}").status_code == 404
        assert CN_SECRET not in client.get("/trail").text
        assert "5550000001" not in client.get("/trail/mules?top=500").text


def test_the_mule_list_shows_each_score_with_its_breakdown(
    client_for: Client, ledger: Ledger
) -> None:
    page = client_for("th.analyst").get("/trail/mules?top=5").text
    rows = re.findall(r"<tr>\s*<td class=\"num\">\d+</td>", page)
    assert len(rows) == 5
    assert page.count("<summary>Breakdown</summary>") == 5
    assert "Share of the money received that was sent on" in page
    assert re.search(r'href="/trail\?seeds=bank%3ATH', page)


@pytest.mark.parametrize("path", ["/trail", "/trail/mules", "/trail/requests.csv?seeds=tx:1"])
def test_the_trail_sends_a_signed_out_visitor_to_sign_in(client_for: Client, path: str) -> None:
    answer = client_for(None).get(path, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=")
