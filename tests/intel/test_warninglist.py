"""The warning list: benign hotlines, emergency numbers and platform roots never link reports."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from safemekong.identifiers import parse, parse_key
from safemekong.intel.warninglist import (
    BUILT_CSV,
    CURATED_CSV,
    WarningEntry,
    WarningList,
    read_csv,
)

REPO = Path(__file__).resolve().parents[2]
DETECT = REPO.parent / "shared" / "data" / "detect"
NO_DETECT = f"the public lists are not at {DETECT} (../shared/data is absent)"
#: Curated keys a positive list also names, each checked by hand: the listing is a false
#: positive of the positive list (ScamSniffer lists x.com and www.youtube.com, phishing-nl
#: lists www.ccb.com, China Construction Bank's own site).
REVIEWED_FALSE_POSITIVES = {"domain:x.com", "domain:youtube.com", "domain:ccb.com"}


@cache
def _builder() -> ModuleType:
    """tools/build_warninglist.py, imported from its path (tools/ is not a package)."""
    path = REPO / "tools" / "build_warninglist.py"
    spec = importlib.util.spec_from_file_location("build_warninglist", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def default() -> WarningList:
    return WarningList.default()


@pytest.mark.parametrize(
    "raw", ["t.me", "https://t.me/", "http://T.ME", "https://www.facebook.com/"]
)
def test_platform_roots_are_benign(default: WarningList, raw: str) -> None:
    entry = default.match(parse("auto", raw))
    assert entry is not None and entry.list == "platform-roots"
    assert default.match_key("domain:t.me") == WarningEntry(
        "domain:t.me", "platform-roots", "Telegram"
    )


@pytest.mark.parametrize(
    ("raw", "region", "listed"),
    [
        ("02-888-8888", "TH", "bank-hotlines"),
        ("1333", "TH", "bank-hotlines"),
        ("95588", "CN", "bank-hotlines"),
        ("+66 2 777 7777", None, "bank-hotlines"),
        ("191", "TH", "emergency-numbers"),
        ("110", "CN", "emergency-numbers"),
        ("999", "SG", "emergency-numbers"),
        ("96110", "CN", "government-hotlines"),
    ],
)
def test_hotline_in_local_format_matches(
    default: WarningList, raw: str, region: str | None, listed: str
) -> None:
    entry = default.match(parse("phone", raw, default_region=region))
    assert entry is not None and entry.list == listed


def test_same_short_code_in_another_country_is_another_key(default: WarningList) -> None:
    assert default.match(parse("phone", "1333", default_region="TH")) is not None
    assert default.match_key("phone:+861333") is None


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("domain", "kaiyun-88.vip"),
        ("url", "https://t.me/usdt_mentor_lisa"),
        ("url", "https://t.me/?start=ref88"),
        ("url", "https://www.facebook.com/somchai.rich88"),
        ("handle", "https://t.me/usdt_mentor_lisa"),
        ("phone", "081-234-5678"),
        ("email", "kevin.trade88@gmail.com"),
    ],
)
def test_scam_identifiers_do_not_match(default: WarningList, kind: str, raw: str) -> None:
    assert default.match(parse(kind, raw, default_region="TH")) is None


def test_url_on_a_listed_domain_still_implies_the_benign_domain(default: WarningList) -> None:
    url = parse("url", "https://t.me/usdt_mentor_lisa")
    assert default.match(url) is None
    assert [default.match(d) is not None for d in url.implied()] == [True]


def test_empty_list_matches_nothing() -> None:
    empty = WarningList.empty()
    assert len(empty) == 0 and empty.match(parse("domain", "t.me")) is None


def test_default_is_loaded_once_and_holds_both_files(default: WarningList) -> None:
    assert WarningList.default() is default
    assert len(default) == len(read_csv(BUILT_CSV)) + len(read_csv(CURATED_CSV))
    counts = default.counts()
    assert counts["type:domain"] > 1000 and counts["type:phone"] > 50


def test_later_file_replaces_earlier_entry(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("key,list,reason\ndomain:t.me,top-domains,rank 1\n")
    second.write_text("key,list,reason\ndomain:t.me,platform-roots,Telegram\n")
    listed = WarningList.from_csv(first, second)
    assert len(listed) == 1 and listed.match_key("domain:t.me").list == "platform-roots"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text", ["domain,list,reason\nt.me,x,y\n", "key,list,reason\nt.me,x,y\n", "key,list\n"]
)
def test_malformed_csv_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=r"bad\.csv"):
        WarningList.from_csv(path)


@pytest.mark.parametrize("path", [BUILT_CSV, CURATED_CSV], ids=["built", "curated"])
def test_shipped_keys_reparse_to_themselves(path: Path) -> None:
    entries = read_csv(path)
    assert entries and len({e.key for e in entries}) == len(entries)
    assert [e.key for e in entries if parse_key(e.key).key != e.key] == []


def test_shipped_csv_stays_small() -> None:
    assert BUILT_CSV.stat().st_size + CURATED_CSV.stat().st_size < 600_000


def test_built_and_curated_files_do_not_repeat_keys() -> None:
    built = {e.key for e in read_csv(BUILT_CSV)}
    assert built.isdisjoint(e.key for e in read_csv(CURATED_CSV))


@pytest.mark.skipif(not DETECT.is_dir(), reason=NO_DETECT)
def test_no_overlap_with_gambling_scam_and_phishing_lists() -> None:
    builder = _builder()
    positives = builder.positive_hosts(DETECT)
    assert len(positives) > 100_000

    def overlap(path: Path) -> set[str]:
        return {
            e.key
            for e in read_csv(path)
            if e.key.startswith("domain:") and builder.is_listed(e.key.partition(":")[2], positives)
        }

    assert overlap(BUILT_CSV) == set()
    assert overlap(CURATED_CSV) == REVIEWED_FALSE_POSITIVES


@pytest.mark.skipif(not DETECT.is_dir(), reason=NO_DETECT)
def test_shipped_built_file_is_what_the_tool_builds(tmp_path: Path) -> None:
    out = tmp_path / "warninglist.csv"
    _builder().main([str(DETECT), "--out", str(out)])
    assert out.read_bytes() == BUILT_CSV.read_bytes()
