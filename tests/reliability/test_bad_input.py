"""Bad input everywhere: every importer and identifier parser, fed generated and mutated input,
lets out only SafeMekong's typed errors, names every line, item or field it rejects, and ends
within a time bound. The targets and the contract are bench/fuzz_targets.py's (which
bench/run_fuzz_importers.py fuzzes for longer with atheris); below the properties, one
regression test per defect found, each with the crafted input that showed it.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz_targets import AGENCIES, NOW, TARGETS, Target, check
from safemekong.api.reports import parse_json_body
from safemekong.detect import classify_message, classify_page
from safemekong.errors import InvalidInput
from safemekong.identifiers import IdentifierError, parse
from safemekong.intel.files import MAX_LINE, LineError, read_reports
from safemekong.intel.ingest import check_batch
from safemekong.intel.intake import check_report
from safemekong.limits import MAX_DEPTH
from safemekong.policy import NODE_ADMIN
from safemekong.policy.agencies import Agency
from safemekong.screening.importers import RowError, count_units, read_list
from safemekong.screening.model import parse_country
from safemekong.sharing.misp import events_to_items, read_events
from safemekong.sharing.stix import bundle_to_items, load_bundle
from safemekong.trail import formats
from safemekong.trail.conversion import read_rates
from safemekong.trail.ledger import Ledger
from safemekong.trail.loading import load_staged
from safemekong.trail.spreadsheets import check_mapping
from safemekong.trail.statements import camt053_rows
from safemekong.trail.tags import read_tagpack, read_tags
from tests.conftest import Members
from tests.intel.test_ingest import report
from tests.sharing.test_misp import misp_event
from tests.trail.test_import import MAPPING

AGENCY = AGENCIES[0]
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Bytes that break parsers: quotes, separators, line ends, markup, encodings, numbers.
NASTY: tuple[bytes, ...] = (
    b"",
    b"\x00",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b'"',
    b"'",
    b"\n",
    b"\r",
    b",",
    b";",
    b"|",
    b":",
    b"-0-",
    b"[",
    b"{",
    b"<",
    b"&",
    b"]]>",
    b'<!DOCTYPE a [<!ENTITY b "c">]>',
    b"&b;",
    b"*a",
    b"&a ",
    b"\\ud800",
    b"1e999999",
    b"NaN",
    b"Infinity",
    b"-1",
    b"9" * 40,
    b"a." * 200,
    "ไทย ၁၂၃ 中文 \u202e".encode(),
)
#: JSON values to put in place of any node of a JSON document.
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from([n.decode(errors="surrogateescape") for n in NASTY]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[bytes, ...]) -> bytes:
    """A seed with a few bytes inserted, replaced, repeated or cut."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        end = min(len(data), at + draw(st.integers(0, 64)))
        chunk = draw(st.sampled_from(NASTY) | st.binary(max_size=12))
        operation = draw(st.sampled_from(("insert", "replace", "repeat", "cut")))
        if operation == "insert":
            data[at:at] = chunk
        elif operation == "replace":
            data[at:end] = chunk
        elif operation == "repeat":
            data[at:at] = bytes(data[at:end]) * draw(st.integers(2, 50))
        else:
            del data[at:]
    return bytes(data)


def _nodes(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from _nodes(value, (*path, index))


#: The value that stands for "cut this node" (a key is removed, an item becomes null).
_CUT = object()


def _put(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    """``doc`` with the node at ``path`` replaced by ``value`` (cut when it is ``_CUT``)."""
    if not path:
        return None if value is _CUT else value
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    if value is _CUT and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = None if value is _CUT else value
    return doc


@st.composite
def reshaped(draw: st.DrawFn, docs: tuple[Any, ...]) -> bytes:
    """A JSON seed (a document, or the list of a JSON-lines file's documents) with a few nodes
    replaced by other JSON values or cut, serialised as its target reads it."""
    lines = isinstance(docs[0], tuple)
    doc = copy.deepcopy(list(draw(st.sampled_from(docs))) if lines else draw(st.sampled_from(docs)))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(list(_nodes(doc))))
        doc = _put(doc, path, draw(JSON_VALUES | st.just(_CUT)))
    if lines and isinstance(doc, list):
        return "".join(json.dumps(line) + "\n" for line in doc).encode()
    return json.dumps(doc).encode()


def _json_seeds(seeds: list[bytes]) -> tuple[Any, ...]:
    """The seeds as JSON documents (tuples of documents for JSON lines); () when not JSON."""
    docs: list[Any] = []
    for seed in seeds:
        try:
            doc = json.loads(seed)
            docs.append(doc if isinstance(doc, dict | list) else None)
        except ValueError:
            try:
                docs.append(tuple(json.loads(line) for line in seed.splitlines() if line))
            except ValueError:
                return ()
    return tuple(docs) if None not in docs else ()


@cache
def inputs(target: Target) -> st.SearchStrategy[bytes]:
    seeds = tuple(target.seeds())
    docs = _json_seeds(list(seeds))
    return mutated(seeds) | reshaped(docs) if docs else mutated(seeds)


@pytest.mark.parametrize("name", list(TARGETS))
def test_importer_lets_out_only_typed_errors_naming_the_line_or_field(name: str) -> None:
    target = TARGETS[name]

    @SETTINGS
    @given(data=inputs(target))
    def holds_the_contract(data: bytes) -> None:
        defect = check(target, data)
        assert defect is None, f"{defect.signature}: {defect.detail}\ninput: {data[:400]!r}"

    holds_the_contract()


# -- regression tests: one per defect found -----------------------------------------------------


def test_an_identifier_with_a_lone_surrogate_is_refused_not_crashed() -> None:
    # JSON's "\udc8a" escape carries a lone surrogate; quoting the URL raised UnicodeEncodeError
    for kind in ("url", "auto", "email"):
        with pytest.raises(IdentifierError, match="lone surrogate") as raised:
            parse(kind, "https://te.com/login?ut\udc8a=x")
        assert not raised.value.reason.startswith("internal error")


def test_a_bracketed_host_with_a_port_that_is_not_a_number_is_refused() -> None:
    # "[::12]::12]" reached int(":12]"): a ValueError behind the internal-error safety net
    for raw in ("[::12]::12]", "http://[::1]:8o8/", "http://x.com:๑๒/"):
        with pytest.raises(IdentifierError, match="is not a number"):
            parse("url", raw)


def test_a_narrative_with_a_lone_surrogate_is_rejected_before_the_store(
    sqlite_members: Members,
) -> None:
    # It passed the intake and failed in the database driver (UnicodeEncodeError, a 500).
    item = report("surrogate", ("081-234-5678", "caller"), narrative="paid \udc80 twice")
    result = sqlite_members.hub.file_reports(sqlite_members.principal("TH-CCIB"), [item])
    assert result.rejected[0]["errors"] == [
        {"field": "narrative", "reason": "is not valid Unicode text (a lone surrogate)"}
    ]


def test_a_message_with_a_lone_surrogate_is_invalid_input_not_a_hashing_error() -> None:
    with pytest.raises(InvalidInput, match="lone surrogate") as raised:
        classify_message("\udcffGo until jurong point")
    assert raised.value.field == "text"


def _one(data: str, suffix: str) -> list[tuple[int, Any]]:
    return list(read_reports(Path(f"reports{suffix}"), io.StringIO(data)))


def test_a_report_document_nested_too_deep_is_invalid_json_naming_the_file() -> None:
    for body in ("[" * 100_000, "[" * 500 + "]" * 500):  # RecursionError, then stack depth
        with pytest.raises(InvalidInput, match=f"nested deeper than {MAX_DEPTH}") as raised:
            _one(body, ".json")
        assert raised.value.field == "file"
    with pytest.raises(InvalidInput, match="nested deeper") as raised:
        parse_json_body(b'{"a": ' * 5000 + b"1" + b"}" * 5000)
    assert raised.value.field == "body"


def test_a_report_line_nested_too_deep_is_rejected_and_the_next_line_read() -> None:
    ((line, error), (_, report)) = _one("[" * 100_000 + "\n" + '{"external_id": "a"}\n', ".jsonl")
    assert line == 1 and isinstance(error, LineError) and "nested deeper" in error.reason
    assert report == {"external_id": "a"}


def _peak_while(run: Any) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_line_of_many_megabytes_is_rejected_without_being_held_in_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "reports.jsonl"
    path.write_text('{"external_id": "' + "a" * (20 * MAX_LINE) + '"}\n{"external_id": "b"}\n')
    items, peak = _peak_while(lambda: list(read_reports(path)))
    assert [line for line, _ in items] == [1, 2]
    assert isinstance(items[0][1], LineError) and "longer than" in items[0][1].reason
    assert peak < 4 * MAX_LINE
    csv_path = tmp_path / "reports.csv"
    csv_path.write_text("external_id,caller\nr1," + "1" * (20 * MAX_LINE) + "\n")
    with pytest.raises(InvalidInput, match="longer than") as raised:
        _peak_while(lambda: list(read_reports(csv_path)))
    assert raised.value.field == "line 2"


def test_a_csv_header_over_the_field_limit_is_invalid_input_naming_line_1() -> None:
    half = "a" * (MAX_LINE // 2 + 10)  # each line within the limit, the quoted field not
    with pytest.raises(InvalidInput, match="unreadable CSV header") as raised:
        _one(f'"{half}\n{half}"\n', ".csv")
    assert raised.value.field == "line 1"


def test_a_report_whose_typology_is_not_text_is_rejected_naming_it() -> None:
    with pytest.raises(InvalidInput) as raised:  # a TypeError: unhashable type 'list'
        check_report({"external_id": "r", "typology": [None]}, _no_agency, NOW, AGENCY)
    assert [error["field"] for error in raised.value.errors] == ["typology"]


def test_a_report_received_at_the_edge_of_time_is_out_of_range_not_overflow() -> None:
    for moment in ("0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"):
        with pytest.raises(InvalidInput) as raised:
            check_report({"external_id": "r", "received_at": moment}, _no_agency, NOW, AGENCY)
        assert raised.value.errors == [
            {"field": "received_at", "reason": f"{moment!r} is out of range"}
        ]


def _no_agency(code: str) -> Agency:
    raise InvalidInput("agency", f"unknown agency {code!r}")


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data)
    else:
        path.write_bytes(data)
    return path


def test_a_watch_list_record_over_the_csv_field_limit_is_a_row_error(tmp_path: Path) -> None:
    field = "a" * 2 * 1024**2  # over the csv module's limit, whoever set it last
    sdn = _write(tmp_path, "sdn.csv", f'1,"{field}",x\n2,"B",-0-\n')
    plain = _write(tmp_path, "list.csv", f'id,name\np1,"{field}"\n')
    for path, fmt, line in ((sdn, "sdn-csv", 1), (plain, "csv", 2)):
        ((_, error),) = list(read_list(path, fmt))
        assert isinstance(error, RowError) and "unreadable CSV" in error.reason
        assert error.line == line
    alt = _write(tmp_path, "alt.csv", f'1,2,aka,"{field}"\n')
    with pytest.raises(InvalidInput, match="unreadable CSV") as raised:
        list(read_list(sdn, "sdn-csv", alt))
    assert raised.value.field == "alt.csv line 1"


def test_counting_a_list_for_its_progress_bar_never_holds_a_line_whole(tmp_path: Path) -> None:
    path = _write(tmp_path, "entities.json", "x" * 20 * 1024**2 + "\n{}")
    count, peak = _peak_while(lambda: count_units(path, "ftm"))
    assert count == 2 and peak < 4 * 1024**2


def test_a_country_of_many_prefixes_is_refused_not_a_recursion_error() -> None:
    with pytest.raises(InvalidInput, match="at most 100 characters") as raised:
        parse_country("the " * 3000 + "Thailand")
    assert raised.value.field == "nationality"
    assert parse_country("the Republic of the Philippines") == "PH"


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
    + "]><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&i;</FIRST_NAME>"
    "<REFERENCE_NUMBER>KPi.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
)


def test_xml_with_entity_declarations_is_refused_wherever_the_doctype_hides(
    tmp_path: Path,
) -> None:
    un = _write(tmp_path, "un.xml", BILLION_LAUGHS)
    with pytest.raises(InvalidInput, match="DOCTYPE") as raised:
        list(read_list(un, "un-xml"))
    assert raised.value.field == "file"
    # The camt.053 reader looked for a DOCTYPE in the first 4 KB only.
    padded = BILLION_LAUGHS.replace("?>", "?>" + " " * 5000 + "<!--" + "x" * 5000 + "-->", 1)
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        camt053_rows(padded.encode())
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        camt053_rows(BILLION_LAUGHS.encode("utf-16"))


def test_xml_in_an_encoding_expat_cannot_read_is_invalid_input(tmp_path: Path) -> None:
    for encoding in ("UTF-6", "UTF-7"):
        xml = f'<?xml version="1.0" encoding="{encoding}"?><CONSOLIDATED_LIST/>'
        with pytest.raises(InvalidInput, match="unsupported encoding"):
            list(read_list(_write(tmp_path, "un.xml", xml), "un-xml"))
        with pytest.raises(InvalidInput, match="unsupported encoding"):
            camt053_rows(xml.encode())


@pytest.fixture
def ledger() -> Iterator[Any]:
    ledger = Ledger(":memory:")
    yield ledger.cursor()
    ledger.close()


def _load(cur: Any, path: Path, fmt: str, mapping: dict[str, Any] | None = None) -> Any:
    staged = formats.read(cur, path, fmt, mapping)
    return load_staged(cur, staged, file=path.name, fmt=fmt, agency_id=None, scope_id=None)


#: One byte of a Parquet file DuckDB wrote (the ledger CSV's columns) changed so that DuckDB's
#: reader fails with an INTERNAL error, which invalidates the whole database it runs in.
POISONED_PARQUET_BYTE = (803, 0x7F)


def test_a_parquet_file_that_fails_duckdb_fatally_leaves_the_ledger_usable(
    ledger: Any, tmp_path: Path
) -> None:
    data = bytearray(TARGETS["ledger-parquet"].seeds()[0])
    offset, value = POISONED_PARQUET_BYTE
    data[offset] = value
    with pytest.raises(InvalidInput, match="not a readable Parquet file") as raised:
        _load(ledger, _write(tmp_path, "ledger.parquet", bytes(data)), "parquet")
    assert "INTERNAL" in str(raised.value)
    result = _load(ledger, Path(__file__).parents[1] / "trail" / "data" / "case.csv", "csv")
    assert result.accepted > 0


def test_an_amlgentex_step_that_is_not_a_day_rejects_its_line(ledger: Any, tmp_path: Path) -> None:
    log = "step,type,amount,nameOrig,nameDest,bankOrig,bankDest\n"
    log += "x1,TRANSFER,10,1,2,bank_a,bank_b\n99999999999,TRANSFER,10,1,2,bank_a,bank_b\n"
    log += "1,TRANSFER,10,1,2,bank_a,bank_b\n"
    result = _load(ledger, _write(tmp_path, "tx_log.csv", log), "amlgentex")
    assert result.accepted == 1
    assert [(e["line"], e["reason"].split(" is ")[0]) for e in result.errors] == [
        (2, "timestamp: step x1"),
        (3, "timestamp: step 99999999999"),
    ]


def test_a_trongrid_transfer_with_odd_values_is_a_rejected_line(
    ledger: Any, tmp_path: Path
) -> None:
    items = [
        {"transaction_id": "a", "from": "x", "to": "y", "value": 1, "token_info": ["USDT"]},
        {"transaction_id": "b", "value": 1, "token_info": {"decimals": float("inf")}},
        {"transaction_id": {"not": "text"}, "value": 1, "token_info": {"symbol": "USDT"}},
    ]
    result = _load(ledger, _write(tmp_path, "t.json", json.dumps({"data": items})), "tron-json")
    assert [e["line"] for e in result.errors] == [1, 2, 3]


def _workbook(tmp_path: Path, parts: dict[str, bytes]) -> Path:
    """The statement workbook of the trail tests with some of its parts replaced."""
    path = tmp_path / "inquiry.xlsx"
    seed = zipfile.ZipFile(io.BytesIO(TARGETS["xlsx"].seeds()[0]))
    with seed, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in seed.infolist():
            out.writestr(item.filename, parts.get(item.filename, seed.read(item.filename)))
    return path


def test_a_workbook_that_unpacks_past_its_limit_is_refused_before_it_is_opened(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("safemekong.trail.spreadsheets.MAX_UNPACKED_BYTES", 1024**2)
    sheet = b"<worksheet><sheetData>" + b" " * 16 * 1024**2 + b"</sheetData></worksheet>"
    bomb = _workbook(tmp_path, {"xl/worksheets/sheet1.xml": sheet})
    assert bomb.stat().st_size < 100_000  # 16 MB of sheet in a zip of tens of kilobytes
    with pytest.raises(InvalidInput, match="unpack to at most"):
        _load(ledger, bomb, "xlsx", MAPPING)


def test_a_workbook_part_with_entity_declarations_is_refused(ledger: Any, tmp_path: Path) -> None:
    sheet = BILLION_LAUGHS.replace("CONSOLIDATED_LIST", "worksheet").encode()
    path = _workbook(tmp_path, {"xl/worksheets/sheet1.xml": sheet})
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        _load(ledger, path, "xlsx", MAPPING)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"header_row": "2"}, "mapping.header_row"),
        ({"header_row": 0}, "mapping.header_row"),
        ({"credit": "贷"}, "mapping.credit"),
        ({"debit": [1]}, "mapping.debit"),
        ({"sheet": ["交易明细"]}, "mapping.sheet"),
        ({"columns": {**MAPPING["columns"], "memo": ["摘要"]}}, "mapping.columns.memo"),
    ],
)
def test_a_spreadsheet_mapping_of_the_wrong_shape_names_its_field(
    change: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        check_mapping({**MAPPING, **change})
    assert raised.value.field == field


def test_yaml_aliases_and_deep_nesting_are_refused_in_a_tagpack() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(9)
    )
    for text in (laughs + "title: *j\ntags: []\n", "tags: " + "[" * 5000 + "]" * 5000):
        with pytest.raises(InvalidInput, match="not YAML") as raised:
            read_tagpack(text, "pack.yaml")
        assert raised.value.field == "file"


def test_a_tagpack_with_an_impossible_date_or_a_numeric_currency_is_still_read() -> None:
    # "lastmod: 2024-22-26" was a ValueError from PyYAML's date; "currency: 5" an AttributeError
    pack = "lastmod: 2024-22-26\ncategory: exchange\ntags:\n"
    pack += "- address: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\n  currency: 5\n"
    assert [row.key for row in read_tagpack(pack, "pack.yaml").rows] == [
        "wallet:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    ]


def test_tag_and_rate_files_over_the_csv_field_limit_name_the_line(tmp_path: Path) -> None:
    field = "a" * (csv.field_size_limit() + 1)
    tags = _write(tmp_path, "tags.csv", f"key,kind,label\nbank:TH:004:1,mule,{field}\n")
    with pytest.raises(InvalidInput, match="unreadable CSV") as raised:
        read_tags(tags)
    assert raised.value.field == "line 2"
    rates = _write(tmp_path, "rates.csv", f"date,base,quote,rate\n2026-03-01,USDT,THB,{field}\n")
    with pytest.raises(InvalidInput, match="unreadable CSV") as raised:
        read_rates(rates)
    assert raised.value.field == "line 2"


def test_a_misp_tag_without_a_name_is_passed_over() -> None:
    event = misp_event()
    event["Event"]["Tag"].append({"colour": "#ff0000"})
    plan = events_to_items([event], {"TH-CCIB": "TH"}.get)
    assert plan.invalid == [] and plan.items[0]["tlp"] == "AMBER+STRICT"


def test_a_misp_event_with_false_for_its_lists_is_read_as_having_none() -> None:
    event = misp_event(Tag=False)  # pymisp keeps a false list as it is: a TypeError in the reader
    event["Event"]["Object"][0]["Attribute"] = False
    plan = events_to_items([event], {"TH-CCIB": "TH"}.get)
    assert plan.invalid == [] and "tlp" not in plan.items[0]


def test_a_misp_feed_manifest_names_event_files_only(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    (tmp_path / "elsewhere.json").write_text(json.dumps(misp_event()))
    for manifest in ({"../elsewhere": {}}, 5):  # read outside the feed; a TypeError
        (feed / "manifest.json").write_text(json.dumps(manifest))
        with pytest.raises(InvalidInput) as raised:
            read_events(feed)
        assert raised.value.field == "manifest.json"


def test_a_stix_object_of_an_unknown_type_without_an_id_is_invalid() -> None:
    bundle = {"type": "bundle", "id": "bundle--1", "objects": [{"type": "x-unknown", "created": 1}]}
    plan = bundle_to_items(load_bundle(json.dumps(bundle)), {}.get)
    assert plan.invalid == [{"index": 0, "id": None, "reason": "the id is not type--UUID"}]


def test_a_victim_report_identifier_whose_role_is_not_text_is_rejected_naming_the_role() -> None:
    bundle = json.loads(TARGETS["stix"].seeds()[0])
    report_object = next(o for o in bundle["objects"] if o["type"] == "report")
    (extension,) = report_object["extensions"].values()
    extension["identifiers"][0]["role"] = ["caller"]  # made _unique() hash a list
    (rejected,) = check_batch(
        bundle_to_items(load_bundle(json.dumps(bundle)), {"TH-CCIB": "TH"}.get).items,
        AGENCIES,
        NODE_ADMIN,
        NOW,
    ).rejected
    assert [e["field"] for e in rejected["errors"]] == ["identifiers[0].role"]


def test_stix_fields_of_another_shape_than_stix2_checks_are_passed_over() -> None:
    # stix2 checks a copy it coerces: the dict read kept a list label, a null "extensions" and
    # an agency code that is an object (TypeError, AttributeError, TypeError in the reader).
    bundle = json.loads(TARGETS["stix"].seeds()[0])
    for obj in bundle["objects"]:
        if obj["type"] == "identity" and "extensions" in obj:
            (obj["extensions"][next(iter(obj["extensions"]))])["code"] = {"TH": 1}
        if obj["type"] == "report":
            obj["extensions"] = None
            obj["labels"] = [["investment"], "investment"]
    plan = bundle_to_items(load_bundle(json.dumps(bundle)), {"TH-CCIB": "TH"}.get)
    assert plan.invalid == [] and plan.items[0]["typology"] == "investment"


def test_a_stix_bundle_past_its_byte_or_depth_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("safemekong.sharing.stix.MAX_BUNDLE_BYTES", 100)
    with pytest.raises(InvalidInput, match="larger than 100 bytes"):
        load_bundle(json.dumps({"type": "bundle", "objects": [{"x": "y" * 100}]}))
    deep: dict[str, Any] = {"type": "bundle", "objects": []}
    for _ in range(MAX_DEPTH):
        deep = {"type": "bundle", "objects": [deep]}
    with pytest.raises(InvalidInput, match="nests deeper"):
        load_bundle(deep)


def _seconds(run: Any) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def test_page_and_message_patterns_take_linear_time_on_crafted_runs() -> None:
    # A zero-height style repeated, and a run of "a." with no top-level domain, backtracked
    # quadratically: 12 s and 18 s before.
    assert _seconds(lambda: classify_page('<div style="' + "height:0;" * 20_000 + '">x</div>')) < 2
    assert _seconds(lambda: classify_message("a." * 4999)) < 2
    assert (
        classify_page(
            '<div style="overflow: hidden; height: 0;"><a href="https://w88.vip">casino online</a>'
            "</div>"
        )
        .reasons[0]
        .code
        == "hidden-block"
    )
