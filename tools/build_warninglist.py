"""Build ``safemekong/intel/data/warninglist.csv`` from the public benign lists in shared/data.

Takes the registered domains of the top Cisco Umbrella hosts and of chosen v2fly categories
(banks, finance, exchanges, platforms, e-commerce, logistics, big companies), drops every domain
that a gambling, scam or phishing list names, and writes ``key,list,reason`` rows keyed by
``safemekong.identifiers.parse``. Keys the hand-curated file already lists are left to it.

Usage: python tools/build_warninglist.py [DETECT_DIR] [--out CSV] [--top N]
(DETECT_DIR defaults to ../shared/data/detect next to the repository.)
"""

from __future__ import annotations

import argparse
import csv
import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from safemekong.identifiers import IdentifierError, parse
from safemekong.intel.warninglist import BUILT_CSV, CURATED_CSV, WarningEntry, read_csv, write_csv

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DETECT_DIR = REPO.parent / "shared" / "data" / "detect"
UMBRELLA = "benign-umbrella-top/top-sites-100000.csv"
V2FLY = "benign-v2fly/categories.csv"
#: How many top Umbrella hosts give their registered domain to the ``top-domains`` list.
TOP_HOSTS = 5000

#: v2fly categories taken, and the warning list each goes to. ``companies`` is long: a company
#: domain is taken only when it is also among the Umbrella top 100,000 (see COMPANY_CATEGORIES).
CATEGORY_LISTS: dict[str, str] = {
    "category-bank-cn": "banks",
    "category-bank-mm": "banks",
    "category-finance": "finance",
    "category-securities-cn": "finance",
    "category-cryptocurrency": "crypto-exchanges",
    "category-social-media-!cn": "platforms",
    "category-social-media-cn": "platforms",
    "category-communication": "platforms",
    "category-ecommerce": "ecommerce",
    "category-logistics-cn": "logistics",
    "category-companies": "companies",
}
COMPANY_CATEGORIES = frozenset({"category-companies"})


@dataclass(frozen=True)
class PositiveList:
    """A gambling, scam or phishing host list in shared/data/detect and how its lines look."""

    path: str
    #: "hosts" (``0.0.0.0 name`` or a bare name per line) or "day,domain" (CSV, maybe gzipped).
    form: str


#: Hosts these lists name are never benign: a candidate domain is dropped when one of them
#: lists it, or its ``www.`` host, exactly. A listed subdomain (``sites.google.com`` in a
#: phishing feed, ``12bet.zendesk.com`` in a gambling list) is a page hosted on a platform and
#: does not condemn the platform. ScamSniffer (GPL-3.0) is only read to filter; nothing of it
#: is copied into the output.
POSITIVE_LISTS: tuple[PositiveList, ...] = (
    PositiveList("gambling-blocklistproject/gambling.txt", "hosts"),
    PositiveList("gambling-sinfonietta/gambling-hosts", "hosts"),
    PositiveList("gambling-hostsvn/gambling.txt", "hosts"),
    PositiveList("gambling-hostsvn/gambling-VN.txt", "hosts"),
    PositiveList("gambling-hostsvn/threat.txt", "hosts"),
    PositiveList("gambling-hostsvn/threat-VN.txt", "hosts"),
    PositiveList("scam-blocklistproject/scam.txt", "hosts"),
    PositiveList("phishing-blocklistproject/phishing-nl.txt", "hosts"),
    PositiveList("scam-scamsniffer/domains_by_day_2022-05-31_to_2023-12-31.csv.gz", "day,domain"),
    PositiveList("scam-scamsniffer/domains_by_day_2024-01-01_to_2026-08-15.csv.gz", "day,domain"),
    PositiveList("scam-scamsniffer/domains_by_day_2025-08-16_to_2026-08-15.csv", "day,domain"),
)


def _lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            text = line.strip()
            if text and not text.startswith("#"):
                yield text


def read_hosts(path: Path, form: str) -> Iterator[str]:
    """The lower-cased host names of one positive list."""
    for line in _lines(path):
        if form == "day,domain":
            day, _, host = line.partition(",")
            if day == "first_listed_day":
                continue
        else:
            host = line.split()[-1]
        yield host.lower().rstrip(".")


def positive_hosts(detect_dir: Path) -> set[str]:
    """Every host named by the gambling, scam and phishing lists."""
    hosts: set[str] = set()
    for listed in POSITIVE_LISTS:
        hosts.update(read_hosts(detect_dir / listed.path, listed.form))
    return hosts


def is_listed(domain: str, positives: set[str]) -> bool:
    """True when a positive list names the registered domain itself or its ``www.`` host."""
    return domain in positives or f"www.{domain}" in positives


def registered_domain(host: str) -> str | None:
    """The registered domain of a host name (``None`` for suffixes, IPs and junk)."""
    try:
        return parse("domain", host).canonical
    except IdentifierError:
        return None


def umbrella_ranks(detect_dir: Path) -> Iterator[tuple[int, str]]:
    """``(rank, host)`` of the Umbrella top list, best first."""
    with (detect_dir / UMBRELLA).open(newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) == 2 and row[0].isdigit():
                yield int(row[0]), row[1].strip().lower()


def build(detect_dir: Path, top: int = TOP_HOSTS, skip: Iterable[str] = ()) -> list[WarningEntry]:
    """The built warning list: top domains and brand categories minus the positive lists."""
    best_rank: dict[str, int] = {}
    for rank, host in umbrella_ranks(detect_dir):
        domain = registered_domain(host)
        if domain is not None:
            best_rank.setdefault(domain, rank)
    found: dict[str, WarningEntry] = {}
    with (detect_dir / V2FLY).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            category = row["category"]
            if category not in CATEGORY_LISTS:
                continue
            domain = registered_domain(row["domain"])
            # A "full" rule names one host only; it stands for its domain only when it is one.
            if domain is None or (row["match"] == "full" and domain != row["domain"]):
                continue
            if category in COMPANY_CATEGORIES and domain not in best_rank:
                continue
            reason = f"v2fly {category}" + _rank_note(best_rank.get(domain))
            found.setdefault(
                domain, WarningEntry(f"domain:{domain}", CATEGORY_LISTS[category], reason)
            )
    for domain, rank in best_rank.items():
        if rank <= top and domain not in found:
            reason = f"Cisco Umbrella top {top}" + _rank_note(rank)
            found[domain] = WarningEntry(f"domain:{domain}", "top-domains", reason)
    positives = positive_hosts(detect_dir)
    skipped = set(skip)
    return [
        entry
        for domain, entry in found.items()
        if entry.key not in skipped and not is_listed(domain, positives)
    ]


def _rank_note(rank: int | None) -> str:
    return "" if rank is None else f"; Umbrella rank {rank}"


def main(argv: list[str] | None = None) -> None:
    """Command line: build the list and write it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("detect_dir", nargs="?", type=Path, default=DEFAULT_DETECT_DIR)
    parser.add_argument("--out", type=Path, default=BUILT_CSV)
    parser.add_argument("--top", type=int, default=TOP_HOSTS, help="Umbrella hosts to take")
    args = parser.parse_args(argv)
    curated = {entry.key for entry in read_csv(CURATED_CSV)}
    entries = build(args.detect_dir, args.top, skip=curated)
    write_csv(args.out, entries)
    print(f"wrote {len(entries)} entries to {args.out}")


if __name__ == "__main__":
    main()
