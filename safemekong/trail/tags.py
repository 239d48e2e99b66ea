"""Attribution tags on accounts and addresses, from TagPack YAML, OFAC lists and analysts' CSV.

The analysts' CSV has the header ``key,kind,label,actor,source`` (``key`` a canonical identifier
key, ``actor`` optional: one actor may hold accounts on several rails). Bad entries are listed
with their line (CSV) or ``tags[i]`` position (YAML); good ones are kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from safemekong import limits
from safemekong.errors import InvalidInput
from safemekong.identifiers import IdentifierError, parse, parse_key
from safemekong.trail.formats import read_text_file

#: Tag kinds, as data (the ``kind`` column's choices).
KINDS = (
    "exchange",
    "otc-desk",
    "payment-processor",
    "guarantee-marketplace",
    "mixer",
    "sanctioned",
    "scam",
    "mule",
    "victim",
)
#: GraphSense TagPack categories and abuses mapped to our kinds.
GRAPHSENSE_KINDS = {
    "exchange": "exchange",
    "mixing_service": "mixer",
    "payment_processor": "payment-processor",
    "black_list": "sanctioned",
    "scam": "scam",
}
#: TagPack currency codes naming the chain an address lives on.
CHAINS = {"BTC": "bitcoin", "ETH": "eth", "TRX": "tron", "USDT": None, "USDC": None}
MAX_TAG_FILE_BYTES = 64 * 1024**2


@dataclass(frozen=True)
class TagRow:
    key: str
    kind: str
    label: str
    actor: str | None
    source: str


@dataclass
class TagImport:
    rows: list[TagRow]
    errors: list[dict[str, Any]]


def _wallet(address: str, currency: object) -> str:
    chain = CHAINS.get(str(currency or "").upper())
    return parse("wallet", f"{chain}:{address}" if chain else address).key


def _kind(text: str, where: str) -> str:
    kind = text.strip().lower()
    if kind not in KINDS:
        raise InvalidInput(where, f"kind {text!r} is not one of {', '.join(KINDS)}")
    return kind


def read_csv_tags(text: str, source_name: str) -> TagImport:
    reader = csv.DictReader(io.StringIO(text))
    rows, errors = [], []
    try:
        missing = {"key", "kind", "label"} - set(reader.fieldnames or [])
        if missing:
            raise InvalidInput("file", f"missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            line = reader.line_num
            try:
                key = parse_key((row.get("key") or "").strip()).key
                kind = _kind(row.get("kind") or "", "kind")
                label = (row.get("label") or "").strip()
                if not label:
                    raise InvalidInput("label", "is required")
            except IdentifierError as exc:
                errors.append({"line": line, "reason": f"key: {exc}"})
                continue
            except InvalidInput as exc:
                errors.append({"line": line, "reason": exc.detail})
                continue
            actor = (row.get("actor") or "").strip() or None
            source = (row.get("source") or "").strip() or source_name
            rows.append(TagRow(key, kind, label, actor, source))
    except csv.Error as exc:  # a field over the csv module's size limit
        where = f"line {reader.reader.line_num}"  # DictReader's line_num: the last line returned
        raise InvalidInput(where, f"unreadable CSV: {exc}") from None
    return TagImport(rows, errors)


def _tagpack_kind(pack: dict[str, Any], tag: dict[str, Any]) -> str | None:
    text = " ".join(str(pack.get(k, "")) for k in ("title", "label")).lower()
    if "sanction" in text or "ofac" in text:
        return "sanctioned"
    for field_name in ("category", "abuse"):
        value = tag.get(field_name, pack.get(field_name))
        if value and str(value) in GRAPHSENSE_KINDS:
            return GRAPHSENSE_KINDS[str(value)]
    return None


def read_tagpack(text: str, source_name: str) -> TagImport:
    try:
        pack = limits.load_yaml(text)
    except yaml.YAMLError as exc:
        raise InvalidInput("file", f"not YAML: {exc}") from exc
    if not isinstance(pack, dict) or not isinstance(pack.get("tags"), list):
        raise InvalidInput("file", "not a TagPack (no 'tags' list)")
    rows, errors = [], []
    for index, tag in enumerate(pack["tags"]):
        where = f"tags[{index}]"
        if not isinstance(tag, dict) or not tag.get("address"):
            errors.append({"line": where, "reason": "address: is required"})
            continue
        kind = _tagpack_kind(pack, tag)
        if kind is None:
            errors.append({"line": where, "reason": "category: not a kind SafeMekong uses"})
            continue
        try:
            key = _wallet(str(tag["address"]), tag.get("currency", pack.get("currency")))
        except IdentifierError as exc:
            errors.append({"line": where, "reason": f"address: {exc}"})
            continue
        label = str(tag.get("label") or pack.get("label") or pack.get("title") or kind)
        actor = tag.get("actor", pack.get("actor"))
        source = str(tag.get("source") or pack.get("source") or source_name)
        rows.append(TagRow(key, kind, label, str(actor) if actor else None, source))
    return TagImport(rows, errors)


def read_ofac(text: str, source_name: str) -> TagImport:
    """One address per line (0xB10C's extraction of the OFAC SDN list)."""
    rows, errors = [], []
    for line, address in _lines(text):
        try:
            key = _wallet(address, None)
        except IdentifierError as exc:
            errors.append({"line": line, "reason": f"address: {exc}"})
            continue
        rows.append(TagRow(key, "sanctioned", "OFAC SDN listed address", None, source_name))
    return TagImport(rows, errors)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip() and not raw.startswith("#"):
            yield number, raw.strip()


TAG_READERS = {"csv": read_csv_tags, "tagpack": read_tagpack, "ofac": read_ofac}


def read_tags(path: Path, fmt: str | None = None) -> TagImport:
    """Read tags from ``path``; the format is guessed from the suffix when not given."""
    if fmt is None:
        fmt = {".yaml": "tagpack", ".yml": "tagpack", ".txt": "ofac"}.get(path.suffix, "csv")
    reader = TAG_READERS.get(fmt)
    if reader is None:
        raise InvalidInput("format", f"unknown tag format {fmt!r}; one of {', '.join(TAG_READERS)}")
    return reader(read_text_file(path, MAX_TAG_FILE_BYTES), path.name)
