"""Screening through the hub: lists in the store, visibility, alerts, manifests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from safemekong.errors import Forbidden, InvalidInput
from safemekong.policy import NODE_ADMIN
from safemekong.screening.service import make_query
from tests.conftest import Members

HEADER = "id,name,aliases,birth_date,nationality,gender,document_numbers,notes\n"


def _write(tmp_path: Path, name: str, rows: str) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows)
    return path


@pytest.fixture
def lists(members: Members, tmp_path: Path) -> Members:
    """TH holds an AMBER subject list; CN holds a GREEN missing-person list."""
    subjects = _write(
        tmp_path,
        "th.csv",
        "th-1,WEI Zhao,趙偉;CHIO Wai;SAECHOU Thanchai,1952-09-16,CN,male,MA0269785,TCO leader\n"
        "th-2,Saw Chit Thu,စောချစ်သူ,1970,MM,male,,KNA\n",
    )
    missing = _write(tmp_path, "cn.csv", "cn-1,Li Mei,李梅,2001-05-04,CN,female,,missing 2024\n")
    hub = members.hub
    hub.screening.import_file(
        members.principal("TH-CCIB"), subjects, "csv", "th-subjects", tlp="AMBER"
    )
    hub.screening.import_file(
        members.principal("CN-AFC"), missing, "csv", "cn-missing", kind="missing-person"
    )
    return members


def test_chinese_query_finds_the_listed_entry_with_an_explanation(lists: Members) -> None:
    th = lists.principal("TH-CCIB")
    result = lists.hub.screening.screen(th, make_query("赵伟", "1952", "CN"))
    best = result["matches"][0]
    assert (best["entity_id"], best["list"], best["kind"]) == ("th-1", "th-subjects", "subject")
    assert best["score"] >= 0.95
    name = best["explanation"]["name"]
    assert name["query_via"] == "pinyin" and name["similarity"] == 1.0
    features = {f["feature"] for f in best["explanation"]["features"]}
    assert {"birth_date_match", "nationality_match"} <= features


def test_amber_entries_are_hidden_from_other_agencies(lists: Members) -> None:
    cn = lists.principal("CN-AFC")
    assert lists.hub.screening.screen(cn, make_query("Saw Chit Thu"))["matches"] == []
    ph = lists.principal("PH-CICC")
    assert lists.hub.screening.screen(ph, make_query("Li Mei"))["matches"]  # GREEN: shared


def test_missing_person_hit_is_a_possible_victim_with_a_referral(lists: Members) -> None:
    th = lists.principal("TH-CCIB")
    best = lists.hub.screening.screen(th, make_query("李梅"))["matches"][0]
    assert best["kind"] == "missing-person"
    assert "victim" in best["action"] and "do not arrest" in best["action"]


def test_a_hit_alerts_the_owner_agency_not_others(lists: Members) -> None:
    hub = lists.hub
    hub.screening.screen(lists.principal("PH-CICC"), make_query("李梅"))
    cn_alerts = hub.screening.alerts(lists.principal("CN-AFC"))
    assert [(a["entity_id"], a["query"]) for a in cn_alerts] == [("cn-1", "李梅")]
    assert hub.screening.alerts(lists.principal("PH-CICC")) == []


def test_birth_year_far_off_lowers_the_score_below_the_threshold(lists: Members) -> None:
    th = lists.principal("TH-CCIB")
    assert lists.hub.screening.screen(th, make_query("Saw Chit Thu", "1999"))["matches"] == []


def test_document_number_is_strong_evidence(lists: Members) -> None:
    th = lists.principal("TH-CCIB")
    query = make_query("Zhao Wen", documents=["MA 0269785"])
    best = lists.hub.screening.screen(th, query)["matches"][0]
    assert best["entity_id"] == "th-1"
    assert "document_match" in {f["feature"] for f in best["explanation"]["features"]}


def test_list_filter_and_unknown_list(lists: Members) -> None:
    th = lists.principal("TH-CCIB")
    screening = lists.hub.screening
    assert screening.screen(th, make_query("赵伟"), list_name="cn-missing")["matches"] == []
    with pytest.raises(InvalidInput) as exc:
        screening.screen(th, make_query("赵伟"), list_name="nope")
    assert exc.value.field == "list"


def test_reimport_replaces_the_list_and_the_index_follows(lists: Members, tmp_path: Path) -> None:
    th = lists.principal("TH-CCIB")
    screening = lists.hub.screening
    assert screening.screen(th, make_query("Saw Chit Thu"))["matches"]
    replacement = _write(tmp_path, "th2.csv", "th-9,Bai Suocheng,白所成,,,,,\n")
    result = screening.import_file(th, replacement, "csv", "th-subjects", tlp="AMBER")
    assert result.imported == 1
    assert screening.screen(th, make_query("Saw Chit Thu"))["matches"] == []
    assert screening.screen(th, make_query("白所成"))["matches"][0]["entity_id"] == "th-9"


def test_importing_for_another_agency_is_forbidden(lists: Members, tmp_path: Path) -> None:
    path = _write(tmp_path, "x.csv", "x-1,Someone,,,,,,\n")
    with pytest.raises(Forbidden):
        lists.hub.screening.import_file(
            lists.principal("TH-CCIB"), path, "csv", "x", agency_code="CN-AFC"
        )


def test_bad_query_fields_are_named(lists: Members) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_query("Zhao Wei", "yesterday")
    assert exc.value.field == "dob"
    with pytest.raises(InvalidInput) as exc:
        make_query("   ")
    assert exc.value.field == "name"


def test_manifest_screens_every_traveller_and_keeps_unreadable_fields_out(
    lists: Members, tmp_path: Path
) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "full_name,date_of_birth,nationality\n"
        "趙偉,1952-09-16,China\n"
        "Somchai Jaidee,1980-01-01,Thailand\n"
        "李梅,2001,Atlantis\n"
        ",1990,TH\n"
    )
    out = tmp_path / "results.csv"
    counts = lists.hub.screening.screen_manifest(NODE_ADMIN, manifest, out)
    assert counts == {"travellers": 4, "clear": 1, "hit": 1, "victim": 1, "error": 1}
    rows = list(csv.DictReader(out.open()))
    assert [r["status"] for r in rows] == ["hit", "clear", "victim", "error"]
    assert rows[0]["best_entity_id"] == "th-1"
    assert rows[3]["reason"].startswith("name")


def test_manifest_results_open_in_a_spreadsheet_as_text_never_as_formulas(
    lists: Members, tmp_path: Path
) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text('name,nationality\n"=HYPERLINK(""http://x.example"",""Zhao"")",CN\n')
    out = tmp_path / "results.csv"
    lists.hub.screening.screen_manifest(NODE_ADMIN, manifest, out)
    row = next(csv.DictReader(out.open()))
    assert row["name"] == '\'=HYPERLINK("http://x.example","Zhao")'


def test_a_list_shared_with_a_group_reaches_its_members_and_follows_membership(
    members: Members, tmp_path: Path
) -> None:
    hub = members.hub
    hub.create_group(NODE_ADMIN, "mekong-tco", ["TH-CCIB", "CN-AFC"])
    path = _write(tmp_path, "g.csv", "g-1,She Zhijiang,佘智江,1982,CN,male,,Yatai\n")
    hub.screening.import_file(
        members.principal("TH-CCIB"), path, "csv", "tco-shared", tlp="AMBER", groups=["mekong-tco"]
    )
    query = make_query("佘智江")
    assert hub.screening.screen(members.principal("CN-AFC"), query)["matches"]
    assert hub.screening.screen(members.principal("PH-CICC"), query)["matches"] == []
    hub.set_group_membership(NODE_ADMIN, "mekong-tco", "PH-CICC", True)
    assert hub.screening.screen(members.principal("PH-CICC"), query)["matches"]


def test_unknown_sharing_group_is_refused_naming_the_field(
    members: Members, tmp_path: Path
) -> None:
    path = _write(tmp_path, "g.csv", "g-1,Someone,,,,,,\n")
    with pytest.raises(InvalidInput) as exc:
        members.hub.screening.import_file(
            members.principal("TH-CCIB"), path, "csv", "x", tlp="AMBER", groups=["nope"]
        )
    assert exc.value.field == "sharing_groups"


def test_a_recreated_store_never_screens_against_the_old_cached_index(tmp_path: Path) -> None:
    from safemekong.hub import Hub

    db_file = tmp_path / "hub.db"
    for name, expected in (("Zhao Wei", "Zhao Wei"), ("Saw Chit Thu", "Saw Chit Thu")):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        hub = Hub.open(f"sqlite:///{db_file}")
        try:
            path = _write(tmp_path, "l.csv", f"x-1,{name},,,,,,\n")
            hub.screening.import_file(NODE_ADMIN, path, "csv", "same-name")
            reopened = Hub.open(f"sqlite:///{db_file}")  # a new process: index from the cache
            try:
                match = reopened.screening.screen(NODE_ADMIN, make_query(expected))["matches"]
                assert [m["name"] for m in match] == [expected]
            finally:
                reopened.close()
        finally:
            hub.close()
    assert Path(f"{db_file}.screening-index").exists()


def test_a_listed_phone_or_wallet_of_the_traveller_is_evidence(
    members: Members, tmp_path: Path
) -> None:
    import json

    path = tmp_path / "recruiters.ftm.json"
    entity = {
        "id": "r-1",
        "schema": "Person",
        "properties": {"name": ["Somchai Jaidee"], "phone": ["+66 81 234 5678"]},
    }
    path.write_text(json.dumps(entity) + "\n")
    th = members.principal("TH-CCIB")
    members.hub.screening.import_file(th, path, "ftm", "recruiters")
    query = make_query("Somchay Jaidee", identifiers=["+66812345678"])
    best = members.hub.screening.screen(th, query)["matches"][0]
    feature = next(f for f in best["explanation"]["features"] if f["feature"] == "identifier_match")
    assert "phone:+66812345678" in feature["detail"]
    with pytest.raises(InvalidInput) as exc:
        make_query("Somchai", identifiers=["not a phone or wallet"])
    assert exc.value.field == "identifiers"
