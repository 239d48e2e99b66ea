"""docs/ui.md does not drift: every page is listed, every screenshot it shows exists."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.routing import APIRoute

from safemekong.web import PARTS

DOC = Path(__file__).resolve().parents[2] / "docs" / "ui.md"


def test_every_page_is_listed_in_the_docs() -> None:
    text = DOC.read_text()
    paths = {
        route.path for part in PARTS for route in part.router.routes if isinstance(route, APIRoute)
    }
    assert len(paths) >= 15
    assert {
        path for path in paths if f"`{path}`" not in text and f"`POST {path}`" not in text
    } == set()


def test_every_screenshot_the_docs_show_exists() -> None:
    images = re.findall(r"\]\((ui/[^)]+\.png)\)", DOC.read_text())
    assert len(images) >= 9
    for image in images:
        assert (DOC.parent / image).is_file(), image
