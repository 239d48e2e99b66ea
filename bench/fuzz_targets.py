"""The importers under fuzzing: one target per entry point, its seeds, and the contract.

A target feeds one input (bytes) to one importer's entry point the way the CLI or the API does.
The contract (:func:`check`): only SafeMekong's typed errors come out (an InvalidInput naming its
field, an IdentifierError), every rejected line, item or object is named with its reason, and no
input runs past :data:`TIME_BOUND`. Seeds are the fixtures under tests/ and a few records of
../shared/data (never copied into the repository). bench/run_fuzz_importers.py fuzzes these
targets with atheris; tests/reliability/test_bad_input.py holds them to the contract with
hypothesis.
"""

from __future__ import annotations

import gzip
import io
import json
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import duckdb
from PIL import Image

from safemekong.detect import classify_host, classify_message, classify_page
from safemekong.errors import InvalidInput, SafeMekongError
from safemekong.identifiers import (
    IDENTIFIER_TYPES,
    IdentifierError,
    image_from_bytes,
    parse,
    parse_key,
)
from safemekong.intel.files import LineError, read_reports
from safemekong.intel.ingest import check_batch
from safemekong.policy import NODE_ADMIN
from safemekong.policy.agencies import Agency
from safemekong.screening.importers import RowError, read_list
from safemekong.sharing.misp import events_to_items, read_events
from safemekong.sharing.plan import ImportPlan
from safemekong.sharing.records import AgencyRecord, ReportRecord, SightingRecord
from safemekong.sharing.stix import bundle_to_items, export_bundle, load_bundle
from safemekong.trail import formats
from safemekong.trail.conversion import read_rates
from safemekong.trail.ledger import Ledger
from safemekong.trail.loading import load_staged
from safemekong.trail.spreadsheets import load_mapping
from safemekong.trail.tags import read_tags
from tests.conftest import SHARED_DATA
from tests.sharing.support import EVERY_TYPE, full_report
from tests.sharing.test_misp import misp_event
from tests.sharing.test_stix import FOREIGN
from tests.trail.support import DATA as TRAIL_DATA
from tests.trail.support import tron_address
from tests.trail.test_import import MAPPING, _statement_sheet

#: CPU seconds one input may take before it counts as a hang.
TIME_BOUND = 10.0
#: A rejection an importer reported: where (line number, field, object) and why.
Rejection = tuple[object, object]
Seeds = Callable[[], list[bytes]]

AGENCIES = (
    Agency(1, "TH-CCIB", "TH", "Thai Cyber Crime Investigation Bureau"),
    Agency(2, "CN-AFC", "CN", "China Anti-Fraud Center"),
    Agency(3, "PH-CICC", "PH", "Philippine CICC"),
)
REGIONS = {agency.code: agency.country for agency in AGENCIES}
NOW = datetime(2026, 12, 1, tzinfo=UTC)
ALIASES_MARK = b"\n#alt.csv\n"


class TimeBoundExceeded(BaseException):
    """An input ran past :data:`TIME_BOUND` (a BaseException: an importer's own ``except
    Exception`` must not swallow it)."""


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Interrupt the code inside after ``seconds`` of CPU time (regex engines included)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeBoundExceeded(f"ran past {seconds:g} s of CPU time")

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


@dataclass(frozen=True)
class Defect:
    """An input that broke the contract: what came out, where in the code, and its message."""

    kind: str
    site: str
    detail: str

    @property
    def signature(self) -> str:
        return f"{self.kind} at {self.site}"


@dataclass(frozen=True)
class Target:
    """One importer entry point: ``run`` feeds it one input and yields what it rejected."""

    name: str
    entry: str
    run: Callable[[bytes], Iterable[Rejection]]
    seeds: Seeds


def check(target: Target, data: bytes) -> Defect | None:
    """Run one input through ``target``; the Defect when it breaks the contract, else None."""
    try:
        with time_bound(TIME_BOUND):
            rejections = list(target.run(data))
    except TimeBoundExceeded as exc:
        return Defect("time bound", _site(exc.__traceback__), str(exc))
    except IdentifierError as exc:
        return _unnamed(exc, [("type", exc.type), ("reason", exc.reason)])
    except InvalidInput as exc:
        return _unnamed(exc, [(error["field"], error["reason"]) for error in exc.errors])
    except SafeMekongError as exc:
        return _unnamed(exc, [(exc.slug, exc.detail)])
    except Exception as exc:
        return Defect(type(exc).__name__, _site(exc.__traceback__), str(exc)[:500])
    return _unnamed(None, rejections)


def _unnamed(exc: BaseException | None, named: list[Rejection]) -> Defect | None:
    """A Defect for the first rejection without a place or a reason (or with the identifier
    parser's internal-error safety net as its reason)."""
    for where, reason in named:
        placed = where.strip() if isinstance(where, str) else isinstance(where, int) and where >= 1
        if not placed or not isinstance(reason, str) or not reason.strip():
            kind = "unnamed rejection" if exc is None else f"{type(exc).__name__} unnamed"
            return Defect(kind, _site(exc and exc.__traceback__), f"{where!r}: {reason!r}")
        if "internal error while parsing" in reason:
            cause = reason.partition("internal error while parsing (")[2].partition(":")[0]
            tb = exc.__cause__.__traceback__ if exc and exc.__cause__ else None
            return Defect(f"identifier internal error {cause}", _site(tb), reason[:500])
    return None


def _site(tb: TracebackType | None) -> str:
    """The innermost frame of SafeMekong's code in ``tb`` (else the innermost frame)."""
    frames = traceback.extract_tb(tb) if tb else []
    ours = [f for f in frames if "/safemekong/" in f.filename] or frames
    if not ours:
        return "-"
    frame = ours[-1]
    return f"{frame.filename.rpartition('/safemekong/')[2] or frame.filename}:{frame.lineno}"


# -- running one input through each importer --------------------------------------------------


@cache
def _scratch() -> tempfile.TemporaryDirectory[str]:
    """Where the files importers read are written (removed when the process ends)."""
    return tempfile.TemporaryDirectory(prefix="safemekong-fuzz-")


def _file(data: bytes, name: str) -> Path:
    path = Path(_scratch().name) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _text(data: bytes) -> str:
    """Text as a JSON body can carry it (lone surrogates included)."""
    return data.decode("utf-8", errors="surrogateescape")


def _intake(items: Sequence[object], where: Callable[[int], object]) -> Iterator[Rejection]:
    """The intake's verdict on report items (pure: no store)."""
    for rejected in check_batch(items, AGENCIES, NODE_ADMIN, NOW).rejected:
        for error in rejected["errors"]:
            yield f"{where(rejected['index'])} {error['field']}", error["reason"]


def _report_file(fmt: str) -> Callable[[bytes], Iterator[Rejection]]:
    def run(data: bytes) -> Iterator[Rejection]:
        newline = "" if fmt == "csv" else None
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=newline)
        items, lines = [], []
        for line, item in read_reports(Path(f"reports.{fmt}"), stream):
            if isinstance(item, LineError):
                yield line, item.reason
            else:
                items.append(item)
                lines.append(line)
        yield from _intake(items, lambda index: f"line {lines[index]}")

    return run


def _plan(plan: ImportPlan) -> Iterator[Rejection]:
    for invalid in plan.invalid:
        yield f"objects[{invalid['index']}]", invalid["reason"]
    for skipped in plan.skipped:
        yield skipped["source"], skipped["reason"]
    yield from _intake(plan.items, lambda index: plan.sources[index])


def _misp(data: bytes) -> Iterator[Rejection]:
    yield from _plan(events_to_items(read_events(_file(data, "misp/events.json")), REGIONS.get))


def _stix(data: bytes) -> Iterator[Rejection]:
    yield from _plan(bundle_to_items(load_bundle(data), REGIONS.get))


def _watch_list(fmt: str, name: str) -> Callable[[bytes], Iterator[Rejection]]:
    def run(data: bytes) -> Iterator[Rejection]:
        aliases = None
        if fmt == "sdn-csv":
            data, _, alt = data.partition(ALIASES_MARK)
            aliases = _file(alt, f"{fmt}/alt.csv")
        for _, item in read_list(_file(data, f"{fmt}/{name}"), fmt, aliases):
            if isinstance(item, RowError):
                yield item.line, item.reason

    return run


@cache
def _ledger() -> duckdb.DuckDBPyConnection:
    return Ledger(":memory:").cursor()


def _load_transfers(path: Path, fmt: str, mapping: dict[str, Any] | None) -> Iterator[Rejection]:
    cur = _ledger()
    try:
        staged = formats.read(cur, path, fmt, mapping)
        result = load_staged(cur, staged, file=path.name, fmt=fmt, agency_id=1, scope_id=None)
    finally:
        try:
            cur.execute("DELETE FROM transfers; DELETE FROM batches")
        except duckdb.FatalException:
            _ledger.cache_clear()  # this input invalidated the database: reported, and replaced
            raise
    for error in result.errors:
        yield error["line"], error["reason"]


#: The file name each ledger format is read from (DuckDB goes by the suffix).
_LEDGER_FILES = {
    "csv": "ledger.csv",
    "parquet": "ledger.parquet",
    "amlgentex": "tx_log.csv",
    "tron-json": "trc20.json",
    "camt053": "statement.xml",
    "xlsx": "inquiry.xlsx",
}


def _transfers(
    fmt: str, mapping: dict[str, Any] | None = None
) -> Callable[[bytes], Iterator[Rejection]]:
    return lambda data: _load_transfers(_file(data, f"{fmt}/{_LEDGER_FILES[fmt]}"), fmt, mapping)


def _sheet_mapping(data: bytes) -> Iterator[Rejection]:
    mapping = load_mapping(_file(data, "xlsx-mapping/mapping.json"))
    return _load_transfers(_file(_xlsx()[0], "xlsx-mapping/inquiry.xlsx"), "xlsx", mapping)


def _tags(fmt: str) -> Callable[[bytes], Iterator[Rejection]]:
    def run(data: bytes) -> Iterator[Rejection]:
        for error in read_tags(_file(data, f"tags/tags.{fmt}"), fmt).errors:
            yield error["line"], error["reason"]

    return run


def _rates(data: bytes) -> Iterator[Rejection]:
    for error in read_rates(_file(data, "rates/rates.csv"))[1]:
        yield error["line"], error["reason"]


#: What the first byte of an identifier input chooses: a type (or auto), the key, an image.
_IDENTIFIER_CALLS = (*IDENTIFIER_TYPES, "auto", "key", "image")
_DEFAULT_REGIONS = (None, "TH", "CN", "PH", "VN", "MM", "KH", "LA", "ZZ", "th", "")


def _identifier(data: bytes) -> tuple[Rejection, ...]:
    """First byte: what to parse as; second: the default region; the rest: the raw value."""
    if len(data) < 2:
        return ()
    call = _IDENTIFIER_CALLS[data[0] % len(_IDENTIFIER_CALLS)]
    region = _DEFAULT_REGIONS[data[1] % len(_DEFAULT_REGIONS)]
    raw = _text(data[2:])
    if call == "image":
        image_from_bytes(data[2:])
    elif call == "key":
        parse_key(raw)
    else:
        identifier = parse(call, raw, region)
        for implied in identifier.implied():
            parse_key(implied.key)
        parse_key(identifier.key)
    return ()


def _host(data: bytes) -> tuple[Rejection, ...]:
    classify_host(_text(data))
    return ()


def _message(data: bytes) -> tuple[Rejection, ...]:
    classify_message(_text(data))
    return ()


def _page(data: bytes) -> tuple[Rejection, ...]:
    """First line: the page's own URL (may be empty); the rest: its HTML."""
    url, _, html = _text(data).partition("\n")
    classify_page(html, url)
    return ()


# -- seeds: the fixtures under tests/ and a few records of ../shared/data ---------------------


def _shared(relative: str, lines: int) -> list[str]:
    """The first ``lines`` lines of a shared data file (none when it is absent)."""
    path = SHARED_DATA / relative
    if not path.exists():
        return []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        return [line for _, line in zip(range(lines), handle, strict=False)]


def _json_lines(*docs: object) -> bytes:
    return "".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in docs).encode()


def _reports() -> list[bytes]:
    reports = [full_report(f"fuzz-{n}", agency="TH-CCIB") for n in range(2)]
    return [json.dumps(reports, ensure_ascii=False).encode(), json.dumps(reports[0]).encode()]


def _report_csv() -> list[bytes]:
    return [
        b"external_id,agency,received_at,typology,narrative,amount_lost,currency,tlp,"
        b"caller:phone,receiving-account:bank,website,chat-contact\n"
        b'r1,TH-CCIB,2026-11-28T09:15:00+07:00,investment,"Fake, ""USDT"" app",12500.50,THB,'
        b"AMBER,081-234-5678|+66 81 234 5679,KBANK 123-4-56789-0,hxxps://x[.]example[.]com/a,"
        b"line:kenny.trade\n"
        b"r2,CN-AFC,2026-11-27,task-rebate,,,,GREEN,13800138000,,,@kenny_trade\n"
    ]


def _stix_seeds() -> list[bytes]:
    agency = AgencyRecord("TH-CCIB", "TH", "Thai Cyber Crime Investigation Bureau")
    sightings = [
        SightingRecord(parse(kind, raw, "TH").key, kind, role, raw, False)
        for raw, kind, role in EVERY_TYPE
    ]
    record = ReportRecord(
        1, agency, "r1", NOW, "investment", "Fake USDT app", "th", Decimal("12500.50"), "THB",
        "AMBER", 1, sightings=sightings,
    )  # fmt: skip
    return [json.dumps(export_bundle([record], {})).encode(), json.dumps(FOREIGN).encode()]


def _sdn() -> list[bytes]:
    sdn = "".join(_shared("screening/ofac_sdn_2024-05-03.csv", 40)).encode()
    alt = "".join(_shared("screening/ofac_alt_2025-08-11.csv", 40)).encode()
    remarks = (
        b'23647,"WEI, Zhao","individual","TCO",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 16 Sep '
        b"1952; nationality China; Gender Male; Passport MA0269785 (China); a.k.a. 'CHIO, Wai'; "
        b"alt. Digital Currency Address - XBT 1BoatSLRHtKNngkdXEeobR76b53LETtpyT; Linked To: "
        b'KINGS ROMANS COMPANY LIMITED."\n'
    )
    return [sdn + remarks + ALIASES_MARK + alt, remarks]


def _un() -> list[bytes]:
    text = "".join(_shared("screening/un_sc_consolidated_2018-10-29.xml", 400))
    individuals = text.split("</INDIVIDUAL>")[:2]
    entity = text.partition("<ENTITY>")[2].partition("</ENTITY>")[0]
    head = "</INDIVIDUAL>".join(individuals) + "</INDIVIDUAL></INDIVIDUALS>"
    seeds = [
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>RI</FIRST_NAME><SECOND_NAME>"
        "WON HO</SECOND_NAME><REFERENCE_NUMBER>KPi.033</REFERENCE_NUMBER><NATIONALITY><VALUE>"
        "Democratic People's Republic of Korea</VALUE></NATIONALITY><INDIVIDUAL_DATE_OF_BIRTH>"
        "<DATE>1964-07-17</DATE></INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_ALIAS><QUALITY>Low"
        "</QUALITY><ALIAS_NAME>Ri</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL></INDIVIDUALS>"
        "</CONSOLIDATED_LIST>"
    ]
    if individuals[0]:
        seeds.append(f"{head}<ENTITIES><ENTITY>{entity}</ENTITY></ENTITIES></CONSOLIDATED_LIST>")
    return [seed.encode() for seed in seeds]


def _ftm() -> list[bytes]:
    """People and companies as OpenSanctions exports them, one property of each kind read."""
    return [
        '{"id": "os-1", "schema": "Person", "properties": {"name": ["Zhao Wei"], '
        '"alias": ["趙偉"], "weakAlias": ["Lao Zhao"], "birthDate": ["1952-09-16"], '
        '"nationality": ["cn"], "gender": ["male"], "idNumber": ["MA0269785"], '
        '"phone": ["+66812345678"]}}\n'
        '{"id": "os-2", "schema": "Sanction"}\n'
        '{"id": "os-3", "schema": "Company", "properties": {"name": ["Kings Romans"]}}\n'.encode()
    ]


def _watch_csv() -> list[bytes]:
    return [
        "id,name,aliases,birth_date,nationality,gender,document_numbers,notes\n"
        "p1,Saw Chit Thu,စောချစ်သူ;Chit Thu,1970,MM,male,AB-123 456,KNA\n"
        "p3,Bad Date,,31/31/1999,Burma,,,\n"
        "p5,Good Too,,16 Sep 1952,the Republic of Korea,F,,\n".encode()
    ]


def _amlgentex() -> list[bytes]:
    header = "step,type,amount,nameOrig,nameDest,bankOrig,bankDest\n"
    given = "1,TRANSFER,10.5,1,2,bank_a,bank_b\n0,INITALBALANCE,5,-2,0,source,bank_a\n"
    shared = _shared("trail/amlgentex_small2k/tx_log.csv.gz", 12000)
    transfers = [line for line in shared if "bank_a" in line and "TRANSFER" in line][:20]
    return [(header + given).encode(), "".join(shared[:1] + transfers).encode()]


def _tron() -> list[bytes]:
    token = {"symbol": "USDT", "address": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "decimals": 6}
    items = [
        {
            "transaction_id": f"ab0{n}",
            "block_timestamp": 1772334000000 + n,
            "from": tron_address(n),
            "to": tron_address(n + 1),
            "type": "Transfer" if n else "Approval",
            "value": "1500250000",
            "token_info": token,
        }
        for n in range(3)
    ]
    return [json.dumps({"data": items, "meta": {}}).encode()]


@cache
def _xlsx() -> list[bytes]:
    path = Path(_scratch().name) / "seed" / "inquiry.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    _statement_sheet(path)
    return [path.read_bytes()]


def _parquet() -> list[bytes]:
    path = Path(_scratch().name) / "seed" / "ledger.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    duckdb.connect().execute(
        f"COPY (SELECT * FROM read_csv('{TRAIL_DATA / 'case.csv'}', all_varchar = true)) "
        f"TO '{path}' (FORMAT parquet)"
    )
    return [path.read_bytes()]


def _tagpack() -> list[bytes]:
    given = "title: X\ncategory: exchange\ntags:\n- address: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\n"
    shared = "".join(_shared("trail/graphsense-tagpacks/ofac.yaml", 16))
    return [given.encode(), shared.encode()]


def _ofac_addresses() -> list[bytes]:
    lines = _shared("trail/ofac/sanctioned_addresses_TRX.txt", 5)
    return ["# OFAC\nTR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\n".join(["", *lines]).encode()]


def _identifiers() -> list[bytes]:
    values = [raw for raw, _, _ in EVERY_TYPE]
    keys = [parse(kind, raw, "TH").key for raw, kind, _ in EVERY_TYPE]
    seeds = [bytes([n % len(IDENTIFIER_TYPES), 1]) + v.encode() for n, v in enumerate(values)]
    seeds += [bytes([_IDENTIFIER_CALLS.index("key"), 0]) + key.encode() for key in keys]
    seeds += [bytes([_IDENTIFIER_CALLS.index("auto"), 1]) + v.encode() for v in values]
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(image, "PNG")
    return [*seeds, bytes([_IDENTIFIER_CALLS.index("image"), 0]) + image.getvalue()]


def _hosts() -> list[bytes]:
    top = _shared("detect/benign-umbrella-top/top-sites-100000.csv", 4)
    shared = _shared("detect/gambling-hostsvn/gambling.txt", 6)[1:]
    shared += [line.split(",")[-1] for line in top]
    given = ["hxxps://kbank-secure-login[.]com/th/verify?id=1", "w88vn.net", "xn--k3c3b.com"]
    return [line.strip().encode() for line in [*shared, *given] if line.strip()]


def _messages() -> list[bytes]:
    sms = _shared("detect/sms-en-uci/SMSSpamCollection.tsv", 6)[1:]
    shared = [line.partition("\t")[2] for line in sms]
    given = [
        "【公安局】您涉嫌洗钱，请立即联系王警官 13800138000 配合调查，访问 http://gov-cn.top/a",
        "คุณได้รับเครดิตฟรี 500 บาท สล็อตแตกง่าย สมัครเลย https://slot88.vip",
        "မင်္ဂလာပါ ငွေချေးလိုပါသလား 09 123 456 789",
    ]
    return [text.strip().encode() for text in [*shared, *given] if text.strip()]


def _pages() -> list[bytes]:
    return [
        b"https://news.example.org/a/1\n<html><head><title>[w88] Sports news</title>"
        b'<meta name="keywords" content="casino, slot"></head><body><h1>Local news</h1>'
        b'<div style="display:none"><a href="https://188bet1.com">casino online</a></div>'
        b"<script>if(navigator.userAgent.match(/baidu/))location.href='https://w88.vip'</script>"
        b'<form action="/login"><input type="password"></form><p>' + b"word " * 40 + b"</p>"
        b"</body></html>",
        "\n<title>Kasikornbank เข้าสู่ระบบ</title><input type=password>".encode(),
    ]


def _jsonl_reports() -> list[bytes]:
    return [_json_lines(*json.loads(_reports()[0]))]


def _misp_events() -> list[bytes]:
    return [json.dumps(misp_event()).encode(), json.dumps([misp_event()]).encode()]


def _mapping() -> list[bytes]:
    return [json.dumps(MAPPING, ensure_ascii=False).encode()]


def _fixture(name: str) -> Callable[[], list[bytes]]:
    return lambda: [(TRAIL_DATA / name).read_bytes()]


_TABLE: tuple[tuple[str, str, Callable[[bytes], Iterable[Rejection]], Seeds], ...] = (
    ("identifiers", "identifiers: parse, parse_key, image_from_bytes", _identifier, _identifiers),
    ("intake-json", "intel read_reports (.json), intake", _report_file("json"), _reports),
    ("intake-jsonl", "intel read_reports (.jsonl), intake", _report_file("jsonl"), _jsonl_reports),
    ("intake-csv", "intel read_reports (.csv), intake", _report_file("csv"), _report_csv),
    ("misp", "misp read_events, events_to_items, intake", _misp, _misp_events),
    ("stix", "stix load_bundle, bundle_to_items, intake", _stix, _stix_seeds),
    ("sdn-csv", "screening read_list sdn-csv (+ alt.csv)", _watch_list("sdn-csv", "sdn.csv"), _sdn),
    ("un-xml", "screening read_list un-xml", _watch_list("un-xml", "un.xml"), _un),
    ("ftm", "screening read_list ftm", _watch_list("ftm", "entities.json"), _ftm),
    ("watch-csv", "screening read_list csv", _watch_list("csv", "list.csv"), _watch_csv),
    ("ledger-csv", "trail read csv, load_staged", _transfers("csv"), _fixture("case.csv")),
    ("ledger-parquet", "trail read parquet, load_staged", _transfers("parquet"), _parquet),
    ("amlgentex", "trail read amlgentex, load_staged", _transfers("amlgentex"), _amlgentex),
    ("tron-json", "trail read tron-json, load_staged", _transfers("tron-json"), _tron),
    (
        "camt053",
        "trail read camt053, load_staged",
        _transfers("camt053"),
        _fixture("statement.camt053.xml"),
    ),
    ("xlsx", "trail read xlsx, load_staged", _transfers("xlsx", MAPPING), _xlsx),
    ("xlsx-mapping", "trail load_mapping, read xlsx", _sheet_mapping, _mapping),
    ("tags-csv", "trail read_tags csv", _tags("csv"), _fixture("case_tags.csv")),
    ("tagpack", "trail read_tags tagpack", _tags("tagpack"), _tagpack),
    ("ofac-addresses", "trail read_tags ofac", _tags("ofac"), _ofac_addresses),
    ("rates", "trail read_rates", _rates, _fixture("rates.csv")),
    ("detect-host", "detect classify_host", _host, _hosts),
    ("detect-message", "detect classify_message", _message, _messages),
    ("detect-page", "detect classify_page", _page, _pages),
)
TARGETS: dict[str, Target] = {name: Target(name, *rest) for name, *rest in _TABLE}
