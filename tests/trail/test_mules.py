"""Mule-account features, scores with their breakdown, and the model's evaluation."""

from __future__ import annotations

import math

import pytest

from safemekong.trail import mules
from safemekong.trail.training import evaluate
from tests.conftest import Members
from tests.trail.support import SHARED

M1 = "bank:TH:004:2000000001"


def _m1(case: Members, code: str = "TH-CCIB") -> dict:  # type: ignore[type-arg]
    ranked = case.hub.trail.mules(case.principal(code), top=50)
    return next(item for item in ranked if item["key"] == M1)


def test_features_of_the_mule_in_the_hand_checked_case(case: Members) -> None:
    values = {b["feature"]: b["value"] for b in _m1(case)["breakdown"]}
    assert values["fan_in"] == round(math.log1p(2), 4)  # clean sender and the victim
    assert values["fan_out"] == round(math.log1p(3), 4)
    assert values["pass_through"] == 0.9  # 1,350 out of 1,500 in
    assert values["dwell_hours"] == round(math.log1p(1.5), 4)  # median of 1 h and 2 h
    assert values["round_share"] == 0.8  # 50 THB is not a multiple of 100
    assert values["reported"] == 0.0


def test_score_is_the_logistic_of_its_breakdown(case: Members) -> None:
    item = _m1(case)
    model = mules.Model.default()
    logit = model.intercept + sum(b["contribution"] for b in item["breakdown"])
    assert item["score"] == pytest.approx(1 / (1 + math.exp(-logit)), abs=1e-3)


def test_an_account_named_in_a_visible_victim_report_is_flagged(case: Members) -> None:
    report = {
        "external_id": "TH-1",
        "typology": "investment",
        "identifiers": [{"value": M1, "type": "bank", "role": "receiving-account"}],
    }
    accepted = case.hub.file_reports(case.principal("TH-CCIB"), [report])
    assert accepted.accepted
    values = {b["feature"]: b["value"] for b in _m1(case)["breakdown"]}
    assert values["reported"] == 1.0


def test_top_limits_and_orders_by_score(case: Members) -> None:
    ranked = case.hub.trail.mules(case.principal("TH-CCIB"), top=2)
    assert len(ranked) == 2
    assert ranked[0]["score"] >= ranked[1]["score"]


def test_another_agency_sees_no_accounts_from_amber_transfers(case: Members) -> None:
    assert case.hub.trail.mules(case.principal("CN-AFC"), top=5) == []


@pytest.mark.skipif(not (SHARED / "amlgentex_small2k").exists(), reason="AMLGentex sample absent")
def test_scorer_beats_the_rules_baseline_on_later_days_of_amlgentex() -> None:
    result = evaluate(SHARED / "amlgentex_small2k" / "tx_log.csv.gz")
    assert result["ours"]["f1"] > result["rules_only"]["f1"]
    assert result["test"]["positives"] > 0
