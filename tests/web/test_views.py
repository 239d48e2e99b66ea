"""The pure parts of the pages: the link chart from a STIX bundle, the map's shading, the
session cookie, form reading and redirect targets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from safemekong.sharing.service import Sharing
from safemekong.web.forms import local_path
from safemekong.web.graph import cluster_graph, operation_graph
from safemekong.web.pages.operations import months
from safemekong.web.regionmap import country_totals, region_map
from safemekong.web.session import Session, User
from tests.conftest import Members


def test_graph_links_two_reports_through_their_shared_identifier(
    sqlite_members: Members,
) -> None:
    hub = sqlite_members.hub
    th, cn = sqlite_members.principal("TH-CCIB"), sqlite_members.principal("CN-AFC")
    shared = {"value": "+66812345678", "role": "caller"}
    hub.file_reports(th, [{"external_id": "T1", "tlp": "GREEN", "identifiers": [shared]}])
    filed = hub.file_reports(
        cn,
        [
            {
                "external_id": "C1",
                "tlp": "GREEN",
                "typology": "loan",
                "identifiers": [shared, {"value": "t.me/loan_boss", "role": "chat-contact"}],
            }
        ],
    )
    bundle = Sharing(hub).export_operation_stix(th, filed.accepted[0]["operation_id"])
    graph = operation_graph(bundle)
    reports = {
        n["data"]["external_id"]: n["data"]
        for n in graph["nodes"]
        if n["data"]["group"] == "report"
    }
    assert set(reports) == {"T1", "C1"}
    assert reports["C1"]["agency"] == "CN-AFC" and reports["C1"]["country"] == "CN"
    identifiers = {
        n["data"]["value"]: n["data"] for n in graph["nodes"] if n["data"]["group"] == "identifier"
    }
    assert identifiers["+66812345678"]["reports"] == 2
    assert identifiers["telegram:loan_boss"]["kind"] == "handle"
    phone = identifiers["+66812345678"]["id"]
    assert sorted(e["data"]["role"] for e in graph["edges"] if e["data"]["target"] == phone) == [
        "caller",
        "caller",
    ]
    assert graph["omitted"] == 0


def test_a_graph_too_big_to_draw_by_report_comes_as_agency_and_typology_clusters(
    sqlite_members: Members,
) -> None:
    hub = sqlite_members.hub
    shared = {"value": "+66812345678", "role": "caller"}
    filed = None
    for code, typology in (("TH-CCIB", "loan"), ("CN-AFC", "investment"), ("CN-AFC", "loan")):
        filed = hub.file_reports(
            sqlite_members.principal(code),
            [
                {
                    "external_id": f"{code}-{typology}-{n}",
                    "tlp": "GREEN" if code == "TH-CCIB" or n < 600 else "RED",
                    "typology": typology,
                    "identifiers": [shared, {"value": f"+6681{n:07d}", "role": "caller"}],
                }
                for n in range(700)
            ],
        )
    assert filed is not None
    th = sqlite_members.principal("TH-CCIB")
    operation = filed.accepted[0]["operation_id"]
    assert hub.operation_clusters(th, operation, above=1900) is None  # small enough to draw
    clusters = hub.operation_clusters(th, operation, above=1899)
    assert clusters is not None
    graph = cluster_graph(clusters)
    assert graph["clustered"] is True
    clusters = {
        n["data"]["id"]: n["data"] for n in graph["nodes"] if n["data"]["group"] == "cluster"
    }
    # TH sees its own 700 and CN's GREEN 600 of each typology, never CN's RED reports.
    assert {(c["agency"], c["typology"], c["reports"]) for c in clusters.values()} == {
        ("TH-CCIB", "loan", 700),
        ("CN-AFC", "investment", 600),
        ("CN-AFC", "loan", 600),
    }
    identifiers = {
        n["data"]["value"]: n["data"] for n in graph["nodes"] if n["data"]["group"] == "identifier"
    }
    # The most shared first: the common number, then those three reports name, up to 400.
    assert len(identifiers) == 400
    assert identifiers["+66812345678"]["reports"] == 1900
    assert identifiers["+66810000000"]["reports"] == 3
    assert "+66810000650" not in identifiers  # named by TH's report only (CN's are RED)
    to_shared = [
        e["data"]
        for e in graph["edges"]
        if e["data"]["target"] == identifiers["+66812345678"]["id"]
    ]
    assert sorted(e["reports"] for e in to_shared) == [600, 600, 700]
    assert {e["source"] for e in to_shared} == set(clusters)


def test_map_shades_countries_by_reports_and_sums_losses_per_currency() -> None:
    rows = (
        [{"country": "TH", "amount_lost": "100.50", "currency": "THB"}] * 10
        + [{"country": "CN", "amount_lost": "20", "currency": "CNY"}] * 2
        + [{"country": "CN", "amount_lost": None, "currency": None}]
        + [{"country": "CN", "amount_lost": "5", "currency": "USDT"}]
    )
    totals = country_totals(rows)
    assert totals["TH"].reports == 10 and totals["TH"].shade == 5
    assert totals["CN"].reports == 4 and totals["CN"].shade == 2
    assert totals["CN"].losses == {"CNY": Decimal("40"), "USDT": Decimal("5")}
    drawn = region_map(rows)
    assert {shape.code for shape in drawn.shapes} >= {"TH", "CN", "MM", "LA", "KH", "VN"}
    assert [t.code for t in drawn.totals] == ["TH", "CN"]
    assert region_map([]).totals == []


def test_months_fill_the_gaps_between_reports() -> None:
    rows = [{"received_at": "2025-11-03T00:00:00+00:00"}, {"received_at": "2026-02-01T00:00:00"}]
    assert months(rows) == [("2025-11", 1), ("2025-12", 0), ("2026-01", 0), ("2026-02", 1)]
    assert months([]) == []


def test_session_round_trips_and_compares_tokens_in_constant_time() -> None:
    user = User("th.analyst", 1, "TH-CCIB", "analyst", "TH")
    session = Session.new(user)
    again = Session.from_json(session.to_json())
    assert again is not None and again.user == user and again.csrf == session.csrf
    assert again.accepts(session.csrf)
    assert not again.accepts("") and not again.accepts(None) and not again.accepts("x")
    assert Session.from_json({"csrf": "x", "user": ["too", "short"]}) is None
    assert user.principal.agency_code == "TH-CCIB" and user.principal.name == "th.analyst"


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/operations/3?x=1", "/operations/3?x=1"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/ok\r\nSet-Cookie: x", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_redirect_targets_stay_on_the_site(target: str | None, safe: str) -> None:
    assert local_path(target) == safe
