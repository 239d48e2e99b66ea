"""Freeze and recall requests: one per institution, in JSON, CSV, HTML and camt.056."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

from safemekong.trail import freeze
from tests.conftest import Members

NS = {"c": freeze.CAMT056_NS}


def _requests(case: Members) -> dict:  # type: ignore[type-arg]
    return case.hub.trail.requests(case.principal("TH-CCIB"), ["tx:t1"])


def test_one_request_per_institution_holding_traced_money(case: Members) -> None:
    requests = _requests(case)["requests"]
    holders = {r["holder"]: (r["action"], r["totals"]) for r in requests}
    assert holders == {
        "actor:bitkub": ("freeze", {"THB": 100.0}),
        "bank:TH:004": ("recall", {"THB": 200.0}),
        "bank:TH:006": ("recall", {"THB": 700.0}),
    }
    kbank = next(r for r in requests if r["holder"] == "bank:TH:004")
    assert kbank["institution"]["name"] == "Kasikornbank"
    assert kbank["requesting_agency"] == "TH-CCIB"
    assert kbank["trace"] == {"rule": "fifo", "hops": 5, "seeds": ["tx:t1"]}


def test_exchange_request_cites_the_transfers_that_brought_the_money(case: Members) -> None:
    bitkub = next(r for r in _requests(case)["requests"] if r["holder"] == "actor:bitkub")
    account = bitkub["accounts"][0]
    assert account["key"] == "bank:TH:014:5000000001"
    assert [t["tx_id"] for t in account["transactions"]] == ["t4"]
    assert account["evidence"] == ["t1", "t2", "t4"]


def test_csv_has_a_row_per_account(case: Members) -> None:
    rows = list(csv.DictReader(io.StringIO(freeze.to_csv(_requests(case)))))
    assert sorted((r["account"], r["amount_traced"]) for r in rows) == [
        ("bank:TH:004:2000000001", "200.000000"),
        ("bank:TH:006:4000000002", "700.000000"),
        ("bank:TH:014:5000000001", "100.000000"),
    ]


def test_printable_html_names_each_institution(case: Members) -> None:
    page = freeze.to_html(_requests(case))
    for name in ("bitkub", "Kasikornbank", "Krungthai Bank"):
        assert name in page
    assert "<script" not in page


def test_camt056_draft_recalls_the_traced_payment_for_fraud(case: Members) -> None:
    ktb = next(r for r in _requests(case)["requests"] if r["holder"] == "bank:TH:006")
    root = ET.fromstring(freeze.to_camt056(ktb).split("\n", 1)[1])
    assert root.tag == f"{{{freeze.CAMT056_NS}}}Document"
    assert root.findtext(".//c:Assgne//c:BICFI", namespaces=NS) == "KRTHTHBK"
    info = root.find(".//c:Undrlyg/c:TxInf", NS)
    assert info is not None
    assert info.findtext("c:OrgnlEndToEndId", namespaces=NS) == "t3"
    amount = info.find("c:OrgnlIntrBkSttlmAmt", NS)
    assert amount is not None and (amount.text, amount.get("Ccy")) == ("700.00", "THB")
    assert info.findtext("c:CxlRsnInf/c:Rsn/c:Cd", namespaces=NS) == "FRAD"
