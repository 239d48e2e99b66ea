"""Copy the main pages' screenshots of the browser tests into docs/ui/ for docs/ui.md.

Run by ``make ui-screenshots`` after the browser tests; each copy is quantised to a 256-colour
palette (a third of the size, the same to the eye).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).parent / "artifacts"
DOCS = ROOT / "docs" / "ui"
#: Screenshot name in the artefacts -> name in docs/ui/.
MAIN_PAGES = {
    "login": "login",
    "dashboard": "dashboard",
    "dashboard-live-alert": "dashboard-live-alert",
    "search": "search",
    "operation-busiest": "operation",
    "report-new": "report-new",
    "admin": "admin",
    "dashboard-zh": "dashboard-zh",
    "dashboard-th": "dashboard-th",
    "screening": "screening",
    "detection": "detection",
    "trail": "trail",
    "evidence-item": "evidence-item",
    "evidence-export": "evidence-export",
}


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for source, target in MAIN_PAGES.items():
        image = Image.open(ARTIFACTS / f"{source}.png").convert("RGB")
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
            DOCS / f"{target}.png", optimize=True
        )
        print(f"docs/ui/{target}.png")


if __name__ == "__main__":
    main()
