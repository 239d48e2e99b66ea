"""The pages in a real browser (Chromium through Playwright) against a real uvicorn server:
sign in, a report filed at one agency reaching a partner's dashboard live, the link chart,
search, the three languages, and an axe-core check of every page.

Skipped, with the reason, where the machine lacks Chromium (``make install-dev`` installs it),
the Playwright package, or the npm bundle (``make install``). Screenshots of every page go to
tests/web/artifacts/ (``make ui-screenshots`` copies the main ones to docs/ui/).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from safemekong.demo import load_demo
from safemekong.web import assets
from tests.conftest import make_members
from tests.web.conftest import PASSWORD, SHARED_PHONE, World, populate

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = Path(os.environ.get("SAFEMEKONG_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: axe-core impacts that fail the check.
BLOCKING = {"serious", "critical"}

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (make install-dev)"
)
if not CHROMIUM.exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: run make install-dev (as root it installs Debian's chromium "
        "and the CJK and Thai fonts), or set SAFEMEKONG_CHROMIUM",
        allow_module_level=True,
    )
if assets.missing_libraries():
    pytest.skip(
        f"the pages' npm bundle lacks {', '.join(assets.missing_libraries())}: run make install",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A small synthetic region (so maps, tables and charts have something to show), the web
    users, and the reports the tests rely on."""
    members = make_members(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'hub.db'}")
    load_demo(members.hub, tmp_path_factory.mktemp("keys") / "keys.json", scale=400)
    yield populate(members)
    members.hub.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
            )
        except playwright_api.Error as error:
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {error.message.splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any, web_server: str) -> Iterator[Any]:
    """``new_page()``: a page in a fresh browser context (its own cookies) on the server."""
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(
            base_url=web_server, viewport={"width": 1360, "height": 900}, locale="en-GB"
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(page: Any, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())  # evaluated by the debugger protocol: the CSP allows it
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in found
        if v["impact"] in BLOCKING
    ]


def test_sign_in_shows_the_dashboard(new_page: Any) -> None:
    page = new_page()
    page.goto("/")
    assert "/login" in page.url
    shot(page, "login")
    sign_in(page, "th.analyst")
    assert page.locator("h1").inner_text().startswith("Dashboard")
    assert page.locator(".region-map path.country").count() >= 9
    assert page.locator("#recent-reports tr").count() > 0
    page.wait_for_selector("body[data-stream='open']")
    shot(page, "dashboard")


def test_a_report_filed_in_thailand_alerts_china_live(new_page: Any, world: World) -> None:
    cn = new_page()
    sign_in(cn, "cn.analyst")
    cn.wait_for_selector("body[data-stream='open']")
    before = cn.locator("#alerts li").count()

    th = new_page()
    sign_in(th, "th.analyst")
    th.goto("/reports/new")
    th.fill("#external_id", "CCIB-LIVE-1")
    th.select_option("#typology", "pig-butchering")
    th.fill("#amount_lost", "125000")
    th.fill("#currency", "THB")
    th.fill("#narrative", "ชายที่รู้จักทางไลน์ชวนลงทุนในแพลตฟอร์มคริปโต")
    th.check("input[name=sharing_groups][value=CN-TH]")
    first = th.locator("input[name=id_value]").nth(0)
    first.fill(SHARED_PHONE)
    th.locator(".identifier-row").nth(0).locator(".check .good").wait_for()
    assert "+8613800138000" in th.locator(".identifier-row .check").nth(0).inner_text()
    second = th.locator("input[name=id_value]").nth(1)
    second.fill("12")
    th.locator("select[name=id_type]").nth(1).select_option("phone")
    th.locator(".identifier-row").nth(1).locator(".check .bad").wait_for()
    second.fill("")
    th.click("button:has-text('Add an identifier')")
    th.locator(".identifier-row").nth(3).wait_for()
    assert th.locator(".identifier-row").count() == 4
    shot(th, "report-new")
    th.click("button:has-text('File the report')")
    th.wait_for_url(re.compile(r".*/reports/\d+\?filed=created"))
    assert f"operation {world.cn_operation}." in th.locator(".success").inner_text()
    shot(th, "report")

    alert = cn.locator("#alerts li.fresh").first
    alert.wait_for(timeout=10_000)
    assert "TH-CCIB" in alert.inner_text()
    assert cn.locator("#alerts li").count() == before + 1
    shot(cn, "dashboard-live-alert")


def test_the_operation_page_draws_its_link_chart(new_page: Any, world: World) -> None:
    page = new_page()
    sign_in(page, "cn.analyst")
    page.goto(f"/operations/{world.cn_operation}")
    page.wait_for_selector("#graph[data-ready=true]")
    assert int(page.get_attribute("#graph", "data-nodes")) >= 3
    assert page.locator("#graph canvas").count() > 0
    assert page.locator("a[href$='/stix']").count() == 1
    shot(page, "operation")
    page.goto("/operations")  # the most reported operation, for a fuller chart
    page.locator("table.data tbody tr a").first.click()
    page.wait_for_selector("#graph[data-ready=true]")
    page.click("#graph", position={"x": 5, "y": 5})
    shot(page, "operation-busiest")


def test_search_finds_the_shared_number(new_page: Any, world: World) -> None:
    page = new_page()
    sign_in(page, "th.analyst")
    page.fill("#quick-q", "+86 138 0013 8000")
    page.press("#quick-q", "Enter")
    page.wait_for_selector("#results h2")
    assert "+8613800138000" in page.locator("#results h2").first.inner_text()
    assert page.locator("#results a", has_text="AFC-1").count() == 1
    shot(page, "search")
    # The search page's own form swaps only the results (htmx) and keeps the address current.
    page.evaluate("() => { window.notReloaded = true; }")
    page.fill("#q", "invest-usdt-pro.com")
    page.press("#q", "Enter")
    page.wait_for_selector("#results h2:has-text('invest-usdt-pro.com')")
    assert page.evaluate("() => window.notReloaded") is True
    assert "q=invest-usdt-pro.com" in page.url


def test_switching_language_translates_the_pages(new_page: Any) -> None:
    page = new_page()
    sign_in(page, "th.analyst")
    page.click("form.languages button[value=zh_Hans]")
    page.wait_for_selector("html[lang=zh-Hans]")
    assert page.locator("h1").inner_text().startswith("总览")
    assert "最活跃的团伙" in page.content()
    shot(page, "dashboard-zh")
    page.click("form.languages button[value=th]")
    page.wait_for_selector("html[lang=th]")
    assert page.locator("h1").inner_text().startswith("แดชบอร์ด")
    page.goto("/search")
    assert "ค้นหา" in page.locator("h1").inner_text()
    page.goto("/")
    shot(page, "dashboard-th")


PAGES = [
    ("th.analyst", "/"),
    ("th.analyst", "/search?q=%2B8613800138000"),
    ("th.analyst", "/operations"),
    ("th.analyst", "/operations/{cn_operation}"),
    ("th.analyst", "/reports/new"),
    ("th.admin", "/admin"),
    ("cn.analyst", "/"),
]


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not installed at {AXE} (make install)")
def test_no_page_has_serious_accessibility_violations(new_page: Any, world: World) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    anonymous = new_page()
    anonymous.goto("/login")
    found["/login"] = violations(anonymous)
    pages: dict[str, Any] = {}
    for username, path in PAGES:
        if username not in pages:
            pages[username] = new_page()
            sign_in(pages[username], username)
        page = pages[username]
        page.goto(path.format(cn_operation=world.cn_operation))
        if "#graph" in page.content():
            page.wait_for_selector("#graph[data-ready=true]")
        found[f"{username} {path}"] = violations(page)
        if path == "/admin":
            shot(page, "admin")
    page = pages["th.analyst"]
    for language in ("zh_Hans", "th"):
        page.goto("/reports/new")
        page.click(f"form.languages button[value={language}]")
        page.wait_for_load_state()
        found[f"/reports/new ({language})"] = violations(page)
        page.goto("/")
        found[f"/ ({language})"] = violations(page)
    assert {where: v for where, v in found.items() if v} == {}
