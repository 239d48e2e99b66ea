"""Reading watch lists: OFAC SDN CSV (with its alias file), the UN consolidated list XML,
FollowTheMoney JSON lines and SafeMekong's plain CSV.

Each reader yields ``(line, Entry | RowError)``: good records are kept, bad ones are reported
with their line (for XML, the record's position and reference) and the reason.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from safemekong import limits
from safemekong.errors import InvalidInput
from safemekong.screening.model import (
    Entry,
    normalize_document,
    parse_country,
    parse_date,
    parse_gender,
)

FORMATS: Final = ("sdn-csv", "un-xml", "ftm", "csv")
PLAIN_COLUMNS: Final = (
    "id",
    "name",
    "aliases",
    "birth_date",
    "nationality",
    "gender",
    "document_numbers",
    "notes",
)
MAX_FIELD: Final = 100_000
#: Longest line read (a CSV record or an FTM entity); a longer one is never held in memory.
MAX_LINE: Final = 4 * 1024**2
#: Largest UN list accepted (the real one is about 2 MB).
MAX_XML_BYTES: Final = 256 * 1024**2
csv.field_size_limit(MAX_FIELD)


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "reason": self.reason}


Item = tuple[int, Entry | RowError]


# -- OFAC SDN ----------------------------------------------------------------------------------
_NULL: Final = "-0-"
_SDN_SCHEMAS: Final = {
    "individual": "Person",
    "": "Organization",
    "vessel": "Other",
    "aircraft": "Other",
}
_DOC_LABELS: Final = re.compile(
    r"^(?:alt\.\s+)?(passport|national id no\.|cedula no\.|tax id no\.|identification number|"
    r"driver's license no\.|registration number|ssn|nit #|c\.u\.r\.p\.|residency number)\s+(\S+)",
    re.IGNORECASE,
)
_IDENT_LABELS: Final = re.compile(
    r"^(?:alt\.\s+)?(digital currency address - \w+|email address|telephone no\.|phone number|"
    r"website)\s+(\S+)",
    re.IGNORECASE,
)
_AKA: Final = re.compile(r"\b[afn]\.k\.a\.\s+'([^']+)'", re.IGNORECASE)


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == _NULL else value


def _read_alt(path: Path) -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(limits.csv_lines(handle, MAX_LINE, f"{path.name} line"))
        try:
            for row in reader:
                if len(row) >= 4 and _clean(row[3]):
                    aliases[row[0].strip()].append(_clean(row[3]))
        except csv.Error as exc:
            where = f"{path.name} line {reader.line_num}"
            raise InvalidInput(where, f"unreadable CSV: {exc}") from None
    return aliases


def find_alias_file(sdn: Path) -> Path | None:
    """The OFAC alias file beside an SDN file (``alt.csv`` or a single ``*alt*.csv``)."""
    exact = sdn.with_name(sdn.name.replace("sdn", "alt"))
    if exact != sdn and exact.exists():
        return exact
    found = sorted(p for p in sdn.parent.glob("*alt*.csv") if p != sdn)
    return found[0] if len(found) == 1 else None


def _apply_remarks(entry: Entry, remarks: str) -> None:
    entry.aliases.extend(m.group(1).strip() for m in _AKA.finditer(remarks))
    for part in (p.strip().rstrip(".") for p in remarks.split(";")):
        lower = part.lower()
        if lower.startswith(("dob ", "alt. dob ")):
            raw = part.split("DOB", 1)[-1].split(" to ")[0].strip()
            with contextlib.suppress(InvalidInput):  # free text in a public list: skip it
                entry.birth_dates.append(parse_date(raw))
        elif lower.startswith(("nationality ", "alt. nationality ", "citizen ", "alt. citizen ")):
            raw = part.split(" ", 2)[-1] if lower.startswith("alt.") else part.split(" ", 1)[1]
            with contextlib.suppress(InvalidInput):
                entry.nationalities.append(parse_country(raw.split(",")[0]))
        elif lower.startswith("gender "):
            with contextlib.suppress(InvalidInput):
                entry.gender = parse_gender(part.split(" ", 1)[1])
        elif m := _DOC_LABELS.match(part):
            entry.documents.append(normalize_document(m.group(2)))
        elif m := _IDENT_LABELS.match(part):
            entry.identifiers.append(m.group(2))
        elif lower.startswith(("address ", "linked to:")):
            entry.reason = f"{entry.reason}; {part}" if entry.reason else part


def read_sdn_csv(path: Path, aliases_path: Path | None = None) -> Iterator[Item]:
    """OFAC's legacy ``sdn.csv`` (no header) joined with ``alt.csv`` on ``ent_num``."""
    aliases = _read_alt(aliases_path) if aliases_path else {}
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(limits.csv_lines(handle, MAX_LINE))
        try:
            for row in reader:
                line = reader.line_num
                if not row or all(not c.strip(" \t\x1a") for c in row):  # blank or DOS EOF
                    continue
                if len(row) < 12:
                    yield line, RowError(line, f"expected 12 columns, found {len(row)}")
                    continue
                ent_num, name = row[0].strip(), _clean(row[1])
                if not ent_num or not name:
                    yield line, RowError(line, "ent_num and SDN_Name are required")
                    continue
                sdn_type = _clean(row[2]).lower()
                entry = Entry(
                    external_id=ent_num,
                    name=name,
                    schema=_SDN_SCHEMAS.get(sdn_type, "Other"),
                    aliases=list(aliases.get(ent_num, [])),
                    reason=" ".join(x for x in (_clean(row[3]), _clean(row[4])) if x),
                )
                _apply_remarks(entry, _clean(row[11]))
                yield line, entry
        except csv.Error as exc:
            yield reader.line_num, RowError(reader.line_num, f"unreadable CSV: {exc}")


# -- UN consolidated list --------------------------------------------------------------------
def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _un_entry(element: ET.Element, person: bool) -> Entry:
    parts = [
        _text(element.find(tag))
        for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    ]
    name = " ".join(" ".join(p.split()) for p in parts if p)
    reference = _text(element.find("REFERENCE_NUMBER")) or _text(element.find("DATAID"))
    if not name or not reference:
        raise InvalidInput("name", "record without a name or reference number")
    entry = Entry(reference, name, "Person" if person else "Organization")
    original = _text(element.find("NAME_ORIGINAL_SCRIPT"))
    if original:
        entry.aliases.append(original)
    for alias in element.iter("INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"):
        alias_name = " ".join(_text(alias.find("ALIAS_NAME")).split())
        if alias_name:
            quality = _text(alias.find("QUALITY")).lower()
            (entry.weak_aliases if quality == "low" else entry.aliases).append(alias_name)
    for dob in element.iter("INDIVIDUAL_DATE_OF_BIRTH"):
        raw = _text(dob.find("DATE")) or _text(dob.find("YEAR"))
        if raw:
            with contextlib.suppress(InvalidInput):
                entry.birth_dates.append(parse_date(raw[:10]))
    for nationality in element.findall("NATIONALITY/VALUE"):
        if _text(nationality):
            with contextlib.suppress(InvalidInput):
                entry.nationalities.append(parse_country(_text(nationality)))
    gender = _text(element.find("GENDER"))
    if gender:
        with contextlib.suppress(InvalidInput):
            entry.gender = parse_gender(gender)
    for document in element.iter("INDIVIDUAL_DOCUMENT"):
        number = normalize_document(_text(document.find("NUMBER")))
        if number:
            entry.documents.append(number)
    entry.reason = " ".join(
        x
        for x in (_text(element.find("UN_LIST_TYPE")), _text(element.find("COMMENTS1"))[:500])
        if x
    )
    return entry


def read_un_xml(path: Path) -> Iterator[Item]:
    """The UN Security Council consolidated list (INDIVIDUALS and ENTITIES)."""
    if path.stat().st_size > MAX_XML_BYTES:
        raise InvalidInput("file", f"an XML list may hold at most {MAX_XML_BYTES} bytes")
    with path.open("rb") as handle:
        limits.check_xml(handle, "file")
    position = 0
    try:
        for _event, element in ET.iterparse(path, events=("end",)):
            if element.tag not in ("INDIVIDUAL", "ENTITY"):
                continue
            position += 1
            try:
                yield position, _un_entry(element, element.tag == "INDIVIDUAL")
            except InvalidInput as exc:
                yield (
                    position,
                    RowError(position, f"{element.tag.lower()} {position}: {exc.reason}"),
                )
            element.clear()
    except ET.ParseError as exc:
        yield position + 1, RowError(exc.position[0], f"XML is not well-formed: {exc}")


# -- FollowTheMoney JSON lines ---------------------------------------------------------------
_FTM_SCHEMAS: Final = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Organization",
    "LegalEntity": "Organization",
    "PublicBody": "Organization",
}
_FTM_DOCUMENTS: Final = ("passportNumber", "idNumber", "taxNumber", "registrationNumber", "innCode")
_FTM_IDENTIFIERS: Final = ("phone", "email", "website")


def _ftm_entry(data: Any) -> Entry | None:
    if not isinstance(data, dict):
        raise InvalidInput("", "each line must be a JSON object")
    schema = _FTM_SCHEMAS.get(str(data.get("schema", "")))
    if schema is None:
        return None  # Sanction, Address, Identification ...: not a listed party
    props = data.get("properties") or {}
    if not isinstance(props, dict):
        raise InvalidInput("properties", "must be an object")

    def values(key: str) -> list[str]:
        raw = props.get(key) or []
        return [str(v).strip() for v in (raw if isinstance(raw, list) else [raw]) if str(v).strip()]

    names = values("name")
    entity_id = str(data.get("id") or "").strip()
    if not entity_id or not names:
        raise InvalidInput("id" if not entity_id else "properties.name", "is required")
    entry = Entry(
        entity_id, names[0], schema, aliases=names[1:] + values("alias") + values("previousName")
    )
    entry.weak_aliases = values("weakAlias")
    for raw in values("birthDate"):
        with contextlib.suppress(InvalidInput):
            entry.birth_dates.append(parse_date(raw[:10]))
    for raw in values("nationality") + values("citizenship"):
        with contextlib.suppress(InvalidInput):
            entry.nationalities.append(parse_country(raw))
    for raw in values("gender")[:1]:
        with contextlib.suppress(InvalidInput):
            entry.gender = parse_gender(raw)
    entry.documents = [normalize_document(v) for key in _FTM_DOCUMENTS for v in values(key)]
    entry.addresses = values("address")
    entry.identifiers = [v for key in _FTM_IDENTIFIERS for v in values(key)]
    entry.reason = "; ".join(values("notes") + values("program") + values("topics"))[:2000]
    return entry


def read_ftm(path: Path) -> Iterator[Item]:
    """OpenSanctions' FollowTheMoney entities, one JSON object per line."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line, text in enumerate(limits.lines(handle, MAX_LINE), 1):
            if text is None:
                yield line, RowError(line, f"line is longer than {MAX_LINE} characters")
                continue
            if not text.strip():
                continue
            try:
                entry = _ftm_entry(limits.loads(text))
            except json.JSONDecodeError as exc:
                yield line, RowError(line, f"not JSON: {exc.msg}")
                continue
            except InvalidInput as exc:
                yield line, RowError(line, exc.detail)
                continue
            if entry is not None:
                yield line, entry


# -- Plain CSV ------------------------------------------------------------------------------
def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _plain_entry(row: dict[str, str | None]) -> Entry:
    entity_id, name = (row.get("id") or "").strip(), (row.get("name") or "").strip()
    problems = []
    if not entity_id:
        problems.append({"field": "id", "reason": "is required"})
    if not name:
        problems.append({"field": "name", "reason": "is required"})
    if problems:
        raise InvalidInput.of(problems)
    entry = Entry(entity_id, name, aliases=_split(row.get("aliases")))
    entry.birth_dates = [parse_date(v) for v in _split(row.get("birth_date"))]
    entry.nationalities = [parse_country(v) for v in _split(row.get("nationality"))]
    entry.gender = parse_gender(row.get("gender") or "")
    entry.documents = [normalize_document(v) for v in _split(row.get("document_numbers"))]
    entry.reason = (row.get("notes") or "").strip()
    return entry


def read_plain_csv(path: Path) -> Iterator[Item]:
    """``id,name,aliases,birth_date,nationality,gender,document_numbers,notes`` (``;`` between
    several aliases, dates, nationalities or documents)."""
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
        reader = csv.DictReader(limits.csv_lines(handle, MAX_LINE))
        try:
            header = reader.fieldnames or []
            missing = [c for c in ("id", "name") if c not in header]
            if missing:
                reason = (
                    f"header lacks column(s) {', '.join(missing)}; expected "
                    f"{','.join(PLAIN_COLUMNS)}"
                )
                yield 1, RowError(1, reason)
                return
            for row in reader:
                line = reader.line_num
                try:
                    yield line, _plain_entry(row)
                except InvalidInput as exc:
                    yield line, RowError(line, exc.detail)
        except csv.Error as exc:  # DictReader's own line_num is the last line it returned
            line = reader.reader.line_num
            yield line, RowError(line, f"unreadable CSV: {exc}")


READERS: Final[dict[str, Callable[[Path], Iterator[Item]]]] = {
    "un-xml": read_un_xml,
    "ftm": read_ftm,
    "csv": read_plain_csv,
}


def read_list(path: Path, fmt: str, aliases_path: Path | None = None) -> Iterator[Item]:
    """Records of a list file in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise InvalidInput("format", f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not path.is_file():
        raise InvalidInput("file", f"no such file: {path}")
    if fmt == "sdn-csv":
        return read_sdn_csv(path, aliases_path if aliases_path else find_alias_file(path))
    return READERS[fmt](path)


def count_units(path: Path, fmt: str) -> int:
    """How many progress units (lines, or records for XML) a file has, for a progress bar;
    read in chunks, so that a file of one huge line is never held whole."""
    marks = (b"<INDIVIDUAL>", b"<ENTITY>") if fmt == "un-xml" else (b"\n",)
    count, tail = 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(1024**2):
            data = tail + chunk  # a mark may straddle two chunks; the tail was counted before
            count += sum(data.count(mark) - tail.count(mark) for mark in marks)
            tail = data[-len(marks[0]) :]
    last_line_unended = fmt != "un-xml" and tail != b"" and not tail.endswith(b"\n")
    return count + int(last_line_unended)
