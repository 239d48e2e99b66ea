"""Languages: every message of the pages translated, labels for every code, Babel formats."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from safemekong.detect import verdict
from safemekong.identifiers import IDENTIFIER_TYPES
from safemekong.intel import alerts
from safemekong.intel.vocabulary import ROLES, TYPOLOGIES
from safemekong.policy.principals import ROLES as USER_ROLES
from safemekong.policy.tlp import TLP
from safemekong.web import i18n, labels

WEB = Path(i18n.__file__).parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "sentence": None}


def extracted() -> set[str | tuple[str, ...]]:
    """The messages of the templates, the web package and the detection reasons' sentences,
    as `make web-messages` finds them."""
    with (WEB / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: set[str | tuple[str, ...]] = set()
    messages = [m for _, _, m, _, _ in extract_from_dir(WEB, method_map, options_map, KEYWORDS)]
    messages += [m for _, m, _, _ in extract_from_file("python", verdict.__file__, KEYWORDS)]
    for message in messages:
        found.add(message if isinstance(message, str) else tuple(message))
    assert set(verdict.TEXTS.values()) <= found
    return found


@pytest.mark.parametrize("language", [code for code in i18n.LANGUAGES if code != i18n.DEFAULT])
def test_every_message_of_the_pages_is_translated(language: str) -> None:
    path = i18n.TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    translated = {
        (m.id if isinstance(m.id, str) else tuple(m.id))
        for m in catalog
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    wanted = extracted()
    assert wanted - translated == set(), "run make web-messages and translate these"
    assert translated - wanted == set(), "messages no page uses any more"


def test_translations_load_from_the_catalogues() -> None:
    assert i18n.translations("zh_Hans").gettext("Dashboard") == "总览"
    assert i18n.translations("th").gettext("Dashboard") == "แดชบอร์ด"
    assert i18n.translations("th").ngettext("%(num)s report", "%(num)s reports", 5) == "%(num)s ฉบับ"
    assert i18n.translations("en").gettext("Dashboard") == "Dashboard"


def test_every_code_a_page_shows_has_a_label() -> None:
    assert set(labels.TYPOLOGIES) == set(TYPOLOGIES)
    assert set(labels.ROLES) == set(ROLES)
    assert set(labels.IDENTIFIER_TYPES) == set(IDENTIFIER_TYPES)
    assert set(labels.TLP_LEVELS) == {t.value for t in TLP}
    assert set(labels.ROLE_NAMES) == set(USER_ROLES)


def test_every_alert_text_has_a_wording_with_the_same_values() -> None:
    assert set(labels.ALERT_TEXTS) == set(alerts.TEXTS)
    for code, english in alerts.TEXTS.items():
        assert set(re.findall(r"%\((\w+)\)s", labels.ALERT_TEXTS[code])) == set(
            re.findall(r"\{(\w+)\}", english)
        ), code


@pytest.mark.parametrize(
    ("cookie", "header", "chosen"),
    [
        ("th", "zh-CN", "th"),
        (None, "zh-CN,zh;q=0.9,en;q=0.8", "zh_Hans"),
        (None, "zh-TW,en;q=0.5", "en"),
        (None, "fr-FR, th;q=0.8", "th"),
        (None, "de;q=0.9, en;q=0.95", "en"),
        ("xx", None, "en"),
        (None, "th;q=0, zh;q=0.1", "zh_Hans"),
    ],
)
def test_language_choice(cookie: str | None, header: str | None, chosen: str) -> None:
    assert i18n.choose(cookie, header) == chosen


def test_dates_numbers_and_money_follow_the_locale() -> None:
    moment = datetime(2026, 11, 28, 2, 15, tzinfo=UTC)
    thai = i18n.Formats("th", "Asia/Bangkok")
    chinese = i18n.Formats("zh_Hans", "Asia/Shanghai")
    assert "พ.ย." in thai.when(moment) and "09:15" in thai.when(moment)
    assert chinese.when(moment.isoformat()).startswith("2026年11月28日 10:15")
    assert thai.money("125000.50", "THB") == "฿125,000.50"
    assert chinese.money("52000", "CNY") == "¥52,000.00"
    assert "USDT" in thai.money("10", "USDT")
    assert thai.country("MM").startswith("เมียนมา") and chinese.country("KH") == "柬埔寨"
    assert chinese.number(1234567) == "1,234,567"
    assert i18n.Formats("en").when(None) == "" and i18n.Formats("en").money(None, "THB") == ""
