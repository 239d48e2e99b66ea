"""The money-trail and evidence pages in Chromium against a real server on the demo world: a
trace from an offered starting point, an evidence item's custody, a court package's
verification, and an axe-core check of each page in the three languages."""

from __future__ import annotations

import re
from typing import Any

import pytest

from safemekong.demo import DEMO_CASE
from tests.web import test_browser
from tests.web.test_browser import AXE, shot, sign_in, violations

#: The browser tests' fixtures: Chromium, a fresh page per context, the demo world.
browser, new_page, world = test_browser.browser, test_browser.new_page, test_browser.world


def test_a_trace_from_an_offered_starting_point_draws_the_flow(new_page: Any) -> None:
    page = new_page()
    sign_in(page, "th.analyst")
    page.goto("/trail")
    assert "transfers that you may see" in page.locator(".ledger-stats").inner_text()
    # The demo tags the mule account of its evidence case: a starting point.
    assert DEMO_CASE in page.locator("ul.starts").inner_text()
    page.locator("#examples-title ~ table a").first.click()
    page.wait_for_selector("svg.sankey")
    assert page.locator("svg.sankey rect").count() >= 2
    # Within five hops the baht reaches USDT through an OTC desk.
    assert page.locator("text=OTC conversion").count() >= 1
    shot(page, "trail")
    # Deeper, it reaches the exchanges' deposit addresses.
    page.fill("#hops", "12")
    page.click("button:has-text('Trace the money')")
    page.wait_for_selector("svg.sankey rect.endpoint")
    assert "Exchange" in page.locator("#endpoints-title + table").inner_text()
    page.goto("/trail/mules")
    page.locator("table.mules details summary").first.click()
    shot(page, "trail-mules")


def test_an_evidence_item_shows_its_chain_of_custody(new_page: Any) -> None:
    page = new_page()
    sign_in(page, "th.analyst")
    page.goto("/evidence")
    assert page.locator("section.case h2", has_text=DEMO_CASE).count() == 1
    shot(page, "evidence")
    page.click("a:text-is('E2')")
    page.wait_for_selector("ol.custody")
    events = page.locator("ol.custody li")
    assert events.count() >= 3
    assert "Acquired from its source" in events.first.inner_text()
    assert "Viewed" in events.last.inner_text() and "th.analyst" in events.last.inner_text()
    shot(page, "evidence-item")


def test_the_case_package_is_exported_and_verified(new_page: Any) -> None:
    page = new_page()
    sign_in(page, "th.analyst")
    page.goto("/evidence")
    page.click(f"button:has-text('Export the court package of case {DEMO_CASE}')")
    page.wait_for_selector("#export .verification, #export .problem", timeout=60_000)
    assert "Verified" in page.locator("#export").inner_text(), page.locator("#export").inner_text()
    assert re.search(r": VERIFIED", page.locator("pre.verify-report").inner_text())
    with page.expect_download() as download:
        page.click("a:has-text('Download the package (zip)')")
    assert download.value.suggested_filename.endswith(".zip")
    shot(page, "evidence-export")


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not installed at {AXE} (make install)")
def test_the_trail_and_evidence_pages_have_no_serious_accessibility_violations(
    new_page: Any,
) -> None:
    page = new_page()
    sign_in(page, "th.analyst")
    page.goto("/evidence")
    page.click("a:text-is('E1')")
    page.wait_for_selector("ol.custody")
    item = page.url
    page.goto("/trail")
    page.locator("#examples-title ~ table a").first.click()
    page.wait_for_selector("svg.sankey")
    trace = page.url
    found: dict[str, list[dict[str, Any]]] = {}
    for language in ("en", "zh_Hans", "th"):
        page.click(f"form.languages button[value={language}]")
        page.wait_for_load_state()
        for path in (trace, "/trail/mules", "/evidence", item, "/evidence/new"):
            page.goto(path)
            found[f"{path} ({language})"] = violations(page)
    assert {where: v for where, v in found.items() if v} == {}
