"""Build safemekong/detect/data/brands.csv from the v2fly brand domain lists (MIT), and
brands-generic.txt: the tokens that Umbrella's popular hosts (Apache-2.0) show to be words.

Each row is ``token,domain,category``: the registered domain a brand owns and the token its
label reduces to (``bank-of-china.com`` -> ``bankofchina``). The impersonation check treats
these domains as the brand's own and every other host carrying the token as a suspect.

    python tools/build_brands.py ../shared/data/detect
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from safemekong.detect.brands import (
    BRANDS_CSV,
    CURATED_CSV,
    GENERIC_TXT,
    INFRASTRUCTURE_TXT,
    brand_rows_from_v2fly,
    generic_tokens,
    read_brand_csv,
    read_words,
)
from safemekong.detect.datasets import benign_hosts


def main(source: str) -> None:
    data = Path(source)
    rows = brand_rows_from_v2fly(data / "benign-v2fly" / "categories.csv")
    popular = [s.text for s in benign_hosts(data) if s.source == "benign-umbrella-top"]
    infrastructure = set(read_words(INFRASTRUCTURE_TXT))
    popular = [h for h in popular if not any(h.endswith("." + i) for i in infrastructure)]  # CDN
    curated = list(read_brand_csv(CURATED_CSV))
    hand_picked = {token for token, _, _ in curated if len(token) >= 4}
    generic = [t for t in generic_tokens([*rows, *curated], popular) if t not in hand_picked]
    header = (
        "# Brand tokens found inside 3+ unrelated Umbrella top hosts (CDN hosts left out):\n"
        "# words, not brands. Built by tools/build_brands.py; curated brands of 4+ letters\n"
        "# are never listed.\n"
    )
    GENERIC_TXT.write_text(header + "\n".join(generic) + "\n")
    with BRANDS_CSV.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("token", "domain", "category"))
        writer.writerows(rows)
    print(f"{len(rows)} brand domains written to {BRANDS_CSV}, {len(generic)} generic tokens")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/detect")
