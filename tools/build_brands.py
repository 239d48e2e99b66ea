"""Build safemekong/detect/data/brands.csv from the v2fly brand domain lists (MIT).

Each row is ``token,domain,category``: the registered domain a brand owns and the token its
label reduces to (``bank-of-china.com`` -> ``bankofchina``). The impersonation check treats
these domains as the brand's own and every other host carrying the token as a suspect.

    python tools/build_brands.py ../shared/data/detect/benign-v2fly
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from safemekong.detect.brands import BRANDS_CSV, brand_rows_from_v2fly


def main(source: str) -> None:
    rows = brand_rows_from_v2fly(Path(source) / "categories.csv")
    with BRANDS_CSV.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("token", "domain", "category"))
        writer.writerows(rows)
    print(f"{len(rows)} brand domains written to {BRANDS_CSV}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/detect/benign-v2fly")
