"""Readers for the labelled sets in ``shared/data/detect`` and their licences, kept as a table.

Only sets whose licence allows it (MIT, Apache-2.0, CC BY, public domain) may train a model
that ships; the others (GPL-3.0, no stated licence) are read for evaluation only.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from safemekong.errors import InvalidInput

#: Each set's licence and whether a shipped model may learn from it (see its SOURCES.md).
LICENCES: dict[str, tuple[str, bool]] = {
    "benign-umbrella-top": ("Apache-2.0", True),
    "benign-v2fly": ("MIT", True),
    "gambling-blocklistproject": ("Unlicense / MIT", True),
    "gambling-hostsvn": ("MIT", True),
    "gambling-sinfonietta": ("MIT", True),
    "phishing-blocklistproject": ("Unlicense / MIT", True),
    "scam-blocklistproject": ("Unlicense / MIT", True),
    "scam-scamsniffer": ("GPL-3.0", False),
    "sms-en-smishing-mendeley": ("CC BY 4.0", True),
    "sms-en-uci": ("CC BY 4.0", True),
    "sms-fil-spam": ("MIT", True),
    "sms-id-fraud": ("none stated", False),
    "sms-th-scam": ("none stated", False),
    "sms-vi-smishing": ("none stated", False),
    "sms-zh-telecom-fraud5": ("GPL-3.0, research only, partly model-generated", False),
}

#: Host lists: (set, file, label).
DOMAIN_FILES: tuple[tuple[str, str, str], ...] = (
    ("gambling-hostsvn", "gambling.txt", "gambling"),
    ("gambling-hostsvn", "gambling-VN.txt", "gambling"),
    ("gambling-sinfonietta", "gambling-hosts", "gambling"),
    ("gambling-blocklistproject", "gambling.txt", "gambling"),
    ("gambling-hostsvn", "threat-VN.txt", "scam"),
    ("gambling-hostsvn", "threat.txt", "scam"),
    ("scam-blocklistproject", "scam.txt", "scam"),
    ("phishing-blocklistproject", "phishing-nl.txt", "scam"),
)


@dataclass(frozen=True)
class Sample:
    """One labelled text (a host or a message) and the set it came from."""

    text: str
    label: str
    source: str
    lang: str = ""


def permitted(source: str) -> bool:
    """May a shipped model learn from this set?"""
    return LICENCES.get(source, ("", False))[1]


def require_dir(data: Path) -> Path:
    if not data.is_dir():
        raise InvalidInput("data", f"{data} is not a directory of labelled sets")
    return data


def read_hosts(path: Path) -> Iterator[str]:
    """Host names from a hosts file or a one-per-line list (comments and blanks skipped)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            host = line.split()[-1].lower().rstrip(".")
            if host not in {"localhost", "0.0.0.0"} and "." in host:
                yield host


def positive_hosts(data: Path) -> list[Sample]:
    """Every gambling and scam host of the permitted lists (first label wins on overlap)."""
    seen: dict[str, Sample] = {}
    for source, name, label in DOMAIN_FILES:
        path = data / source / name
        if path.exists():
            for host in read_hosts(path):
                seen.setdefault(host, Sample(host, label, source))
    return list(seen.values())


def benign_hosts(data: Path) -> list[Sample]:
    """Umbrella top sites and the v2fly brand-owned domains."""
    samples: dict[str, Sample] = {}
    umbrella = data / "benign-umbrella-top" / "top-sites-100000.csv"
    if umbrella.exists():
        with umbrella.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                if len(row) == 2 and row[0].isdigit():
                    samples.setdefault(
                        row[1].lower(), Sample(row[1].lower(), "benign", umbrella.parent.name)
                    )
    for name in ("categories.csv", "geolocation-cn.csv"):
        path = data / "benign-v2fly" / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                for entry in csv.DictReader(handle):
                    if entry["category"].removeprefix("category-") in {
                        "urlshortner",
                        "number-verification-cn",
                    }:
                        continue
                    host = entry["domain"].lower()
                    samples.setdefault(host, Sample(host, "benign", "benign-v2fly"))
    return list(samples.values())


def scamsniffer_by_day(data: Path) -> list[tuple[str, str]]:
    """``(first_listed_day, domain)`` pairs of ScamSniffer's dated lists (GPL: evaluation only)."""
    first: dict[str, str] = {}
    folder = data / "scam-scamsniffer"
    for path in sorted(folder.glob("domains_by_day_*.csv*")):
        raw = path.read_bytes()
        text = gzip.decompress(raw) if path.suffix == ".gz" else raw
        for row in csv.reader(text.decode("utf-8").splitlines()):
            if len(row) == 2 and row[0][:2] == "20":
                day, domain = row[0], row[1].lower()
                if domain not in first or day < first[domain]:
                    first[domain] = day
    return sorted((day, domain) for domain, day in first.items())


# -- messages ----------------------------------------------------------------------------------


def _csv_rows(path: Path, encoding: str = "utf-8") -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding=encoding, errors="replace") as handle:
        yield from csv.DictReader(handle)


def messages(data: Path) -> list[Sample]:
    """Every message set, labelled ``scam``, ``spam`` or ``benign`` with its language."""
    out: list[Sample] = []
    base = data
    path = base / "sms-en-uci" / "SMSSpamCollection.tsv"
    if path.exists():
        with path.open(encoding="utf-8", errors="replace") as handle:
            next(handle, None)
            for line in handle:
                label, _, text = line.rstrip("\n").partition("\t")
                if text:
                    out.append(
                        Sample(text, "spam" if label == "spam" else "benign", "sms-en-uci", "en")
                    )
    path = base / "sms-en-smishing-mendeley" / "Dataset_5971.csv"
    if path.exists():
        mapping = {"smishing": "scam", "spam": "spam", "ham": "benign"}
        for row in _csv_rows(path, "latin-1"):
            kind = mapping.get((row.get("LABEL") or row.get("label") or "").strip().lower())
            if kind and row.get("TEXT"):
                out.append(Sample(row["TEXT"], kind, "sms-en-smishing-mendeley", "en"))
    path = base / "sms-fil-spam" / "cleaned_sms_text_labels_only_v2.csv"
    if path.exists():
        for row in _csv_rows(path):
            if row.get("text"):
                label = "spam" if row["label"] == "spam" else "benign"
                out.append(Sample(row["text"], label, "sms-fil-spam", "fil"))
    path = base / "sms-id-fraud" / "dataset_sms_spam_v1.csv"
    if path.exists():
        mapping = {"0": "benign", "1": "scam", "2": "spam"}
        for row in _csv_rows(path):
            if row.get("teks") and row.get("label") in mapping:
                out.append(Sample(row["teks"], mapping[row["label"]], "sms-id-fraud", "id"))
    path = base / "sms-th-scam" / "thai_sms_scam.csv"
    if path.exists():
        for row in _csv_rows(path):
            if row.get("text") and row.get("label") in {"0", "1"}:
                label = "scam" if row["label"] == "1" else "benign"
                out.append(Sample(row["text"], label, "sms-th-scam", "th"))
    path = base / "sms-vi-smishing" / "dataset.csv"
    if path.exists():
        for row in _csv_rows(path):
            if row.get("content") and row.get("label") in {"0", "1"}:
                label = "scam" if row["label"] == "1" else "benign"
                out.append(Sample(row["content"], label, "sms-vi-smishing", "vi"))
    folder = base / "sms-zh-telecom-fraud5"
    for name in (
        "label00-last.csv",
        "label01-last.csv",
        "label02-last.csv",
        "label03-last.csv",
        "label04-last.utf8.csv",
    ):
        path = folder / name
        if path.exists():
            label = "benign" if name.startswith("label00") else "scam"
            for row in _csv_rows(path):
                if row.get("content"):
                    out.append(Sample(row["content"], label, "sms-zh-telecom-fraud5", "zh"))
    return out


def label_counts(samples: list[Sample]) -> dict[str, dict[str, int]]:
    """Per source, how many samples of each label (for the model card)."""
    counts: dict[str, Counter[str]] = {}
    for sample in samples:
        counts.setdefault(sample.source, Counter())[sample.label] += 1
    return {source: dict(sorted(c.items())) for source, c in sorted(counts.items())}
