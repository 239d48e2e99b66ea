"""The screening and detection pages in Chromium, over the demo world (its watch list and
missing-person list): a manifest screened to its results, a name, a domain, and axe-core in
the three languages. Skipped as tests/web/test_browser.py is, saying why."""

from __future__ import annotations

import re
from typing import Any

from safemekong.web.pages.screening import SAMPLE
from tests.web import test_browser
from tests.web.test_browser import shot, sign_in, violations

#: The browser tests' fixtures: Chromium, a fresh page per context, the demo world.
browser, new_page, world = test_browser.browser, test_browser.new_page, test_browser.world


def screen_the_demo_manifest(page: Any) -> None:
    page.goto("/screening")
    page.set_input_files("#manifest", str(SAMPLE))
    page.click("button:has-text('Screen the manifest')")
    page.wait_for_url(re.compile(r".*/screening/jobs/[\w-]+$"))
    page.wait_for_selector("#job table.manifest-results")


def test_the_demo_manifest_shows_a_subject_and_a_possible_victim(new_page: Any) -> None:
    page = new_page()
    sign_in(page, "th.analyst")
    screen_the_demo_manifest(page)
    zhao = page.locator("#job tr", has_text="Zhao Wei")
    assert zhao.locator(".badge").inner_text() == "Hit"
    assert "Regional subjects (demo)" in zhao.inner_text()
    victim = page.locator("#job tr", has_text="Nguyen Van An")
    assert victim.locator(".badge").inner_text() == "Possible victim"
    assert page.locator("#job tbody tr").first.get_attribute("class") == "row-victim"
    assert page.locator("a[href$='/results.csv']").count() == 1
    shot(page, "screening")
    assert violations(page) == []


def test_a_name_in_chinese_script_and_a_gambling_domain(new_page: Any) -> None:
    page = new_page()
    sign_in(page, "th.analyst")
    page.goto("/screening")
    page.fill("#name", "趙偉")
    page.fill("#dob", "1952")
    page.select_option("#nationality", "CN")
    page.click("form[action='/screening#matches'] button[type=submit]")
    page.wait_for_selector("#matches .match-hit")
    assert "Mandarin pinyin" in page.locator("#matches .match-hit").first.inner_text()
    shot(page, "screening-person")
    assert violations(page) == []

    page.goto("/detect")
    page.fill("#input", "ufabet888.com")
    page.click("button:has-text('Check the address')")
    page.wait_for_selector("#verdict")
    assert "Illegal gambling" in page.locator("#verdict h2").inner_text()
    assert page.locator("#verdict table.reasons tbody tr").count() >= 2
    shot(page, "detection")
    assert violations(page) == []


def test_the_pages_have_no_serious_accessibility_violations_in_chinese_and_thai(
    new_page: Any,
) -> None:
    page = new_page()
    sign_in(page, "th.analyst")
    screen_the_demo_manifest(page)
    job = page.url
    found: dict[str, list[dict[str, Any]]] = {}
    for language in ("zh_Hans", "th"):
        page.click(f"form.languages button[value={language}]")
        page.wait_for_load_state()
        for path in ("/screening", job, "/detect"):
            page.goto(path)
            found[f"{path} ({language})"] = violations(page)
        page.fill("#input", "ufabet888.com")
        page.locator("#input").press("Enter")
        page.wait_for_selector("#verdict")
        found[f"/detect verdict ({language})"] = violations(page)
    assert {where: v for where, v in found.items() if v} == {}
