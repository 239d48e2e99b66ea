"""Domain and URL verdicts from the shipped model: labels, scores and readable reasons."""

from __future__ import annotations

import json

from safemekong.detect.domains import classify_host, classify_hosts, default_model


def test_shipped_model_has_three_classes_and_thresholds() -> None:
    model = default_model()
    assert model.model.classes == ("benign", "gambling", "scam")
    assert set(model.thresholds) == {"gambling", "scam"}


def test_numbered_gambling_mirror_is_gambling_with_features_named() -> None:
    verdict = classify_host("978kaiyun.vip")
    assert verdict.label == "gambling", verdict.to_json()
    assert verdict.score >= 0.5
    text = " ".join(r.text for r in verdict.reasons)
    assert "gambling" in text


def test_bank_impersonation_is_scam_and_names_the_bank() -> None:
    verdict = classify_host("https://vietcombank-xacthuc.online/dang-nhap")
    assert verdict.label == "scam"
    assert verdict.reasons[0].detail["brand"] == "vietcombank"
    assert "vietcombank.com.vn" in verdict.reasons[0].text


def test_popular_and_brand_owned_sites_are_benign() -> None:
    for verdict in classify_hosts(["google.com", "vietcombank.com.vn", "wikipedia.org"]):
        assert verdict.label == "benign", verdict.to_json()


def test_json_has_label_score_reasons_and_probabilities() -> None:
    data = json.loads(json.dumps(classify_host("www.w88yd.com").to_json()))
    assert set(data) >= {"label", "score", "reasons", "probabilities", "registered_domain"}
    assert data["registered_domain"] == "w88yd.com"
    assert all({"code", "text", "weight"} <= set(r) for r in data["reasons"])
    assert abs(sum(data["probabilities"].values()) - 1) < 0.01
