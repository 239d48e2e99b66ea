"""Importers keep good records and report bad ones with line and reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safemekong.errors import InvalidInput
from safemekong.screening.importers import RowError, read_list
from safemekong.screening.model import Entry, parse_country, parse_date
from tests.conftest import SHARED_DATA

SCREENING = SHARED_DATA / "screening"
SDN = SCREENING / "ofac_sdn_2024-05-03.csv"
UN = SCREENING / "un_sc_consolidated_2018-10-29.xml"


def _split(items: list[tuple[int, Entry | RowError]]) -> tuple[list[Entry], list[RowError]]:
    return (
        [i for _, i in items if isinstance(i, Entry)],
        [i for _, i in items if isinstance(i, RowError)],
    )


@pytest.mark.skipif(not SDN.exists(), reason=f"OFAC SDN snapshot not found at {SDN}")
def test_ofac_sdn_with_alias_file_gives_zhao_wei_his_cross_script_aliases() -> None:
    entries, errors = _split(list(read_list(SDN, "sdn-csv")))
    assert len(entries) == 14965
    assert errors == []  # the DOS end-of-file mark is not a record
    zhao = next(e for e in entries if e.external_id == "23647")
    assert zhao.name == "WEI, Zhao"
    assert {"WEI, Chao", "CHIO, Wai", "SAECHOU, Thanchai"} <= set(zhao.aliases)
    assert zhao.birth_dates == ["1952-09-16"]
    assert zhao.nationalities == ["CN"]
    assert zhao.gender == "male"
    assert "MA0269785" in zhao.documents


@pytest.mark.skipif(not UN.exists(), reason=f"UN consolidated list not found at {UN}")
def test_un_list_keeps_original_script_names_as_aliases() -> None:
    entries, errors = _split(list(read_list(UN, "un-xml")))
    assert errors == []
    assert len(entries) > 1000
    ri = next(e for e in entries if e.external_id == "KPi.033")
    assert (
        ri.name == "RI WON HO" and ri.birth_dates == ["1964-07-17"] and ri.nationalities == ["KP"]
    )
    assert sum(1 for e in entries if any(not a.isascii() for a in e.aliases)) > 300


def test_malformed_un_xml_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A")
    _, errors = _split(list(read_list(path, "un-xml")))
    assert errors and "not well-formed" in errors[0].reason


def test_plain_csv_reports_bad_rows_by_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "id,name,aliases,birth_date,nationality,gender,document_numbers,notes\n"
        "p1,Saw Chit Thu,စောချစ်သူ;Chit Thu,1970,MM,male,AB-123 456,KNA\n"
        ",No Id,,,,,,\n"
        "p3,Bad Date,,31/31/1999,,,,\n"
        "p4,Bad Country,,,Atlantis,,,\n"
        "p5,Good Too,,1980-02-03,Thailand,F,,\n"
    )
    entries, errors = _split(list(read_list(path, "csv")))
    assert [e.external_id for e in entries] == ["p1", "p5"]
    assert entries[0].aliases == ["စောချစ်သူ", "Chit Thu"]
    assert entries[0].documents == ["AB123456"]
    assert entries[1].nationalities == ["TH"] and entries[1].gender == "female"
    assert [(e.line, e.reason.split(":")[0]) for e in errors] == [
        (3, "id"),
        (4, "birth_date"),
        (5, "nationality"),
    ]


def test_plain_csv_without_a_name_column_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,fullname\n1,x\n")
    _, errors = _split(list(read_list(path, "csv")))
    assert len(errors) == 1 and "name" in errors[0].reason


def test_ftm_lines_keep_people_and_organisations_and_skip_other_schemas(tmp_path: Path) -> None:
    lines = [
        {
            "id": "os-1",
            "schema": "Person",
            "properties": {
                "name": ["Zhao Wei"],
                "alias": ["趙偉"],
                "weakAlias": ["Lao Zhao"],
                "birthDate": ["1952-09-16"],
                "nationality": ["cn"],
                "gender": ["male"],
                "passportNumber": ["MA0269785"],
                "topics": ["sanction"],
            },
        },
        {"id": "os-2", "schema": "Sanction", "properties": {"program": ["TCO"]}},
        {"id": "os-3", "schema": "Company", "properties": {"name": ["Kings Romans"]}},
        {"id": "os-4", "schema": "Person", "properties": {}},
    ]
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{not json\n")
    entries, errors = _split(list(read_list(path, "ftm")))
    assert [(e.external_id, e.schema) for e in entries] == [
        ("os-1", "Person"),
        ("os-3", "Organization"),
    ]
    assert entries[0].weak_aliases == ["Lao Zhao"] and entries[0].documents == ["MA0269785"]
    assert [e.line for e in errors] == [4, 5]


def test_unknown_format_and_missing_file_name_the_field(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as exc:
        read_list(tmp_path / "x.csv", "xlsx")
    assert exc.value.field == "format"
    with pytest.raises(InvalidInput) as exc:
        read_list(tmp_path / "missing.csv", "csv")
    assert exc.value.field == "file"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("16 Sep 1952", "1952-09-16"),
        ("Sep 1952", "1952-09"),
        ("circa 1960", "1960"),
        ("1952-09-16", "1952-09-16"),
        ("16.09.1952", "1952-09-16"),
    ],
)
def test_dates_keep_the_precision_given(raw: str, expected: str) -> None:
    assert parse_date(raw) == expected


def test_countries_by_name_or_code() -> None:
    assert parse_country("Burma") == "MM"
    assert parse_country("china") == "CN"
    assert parse_country("th") == "TH"
    with pytest.raises(InvalidInput):
        parse_country("Atlantis")
