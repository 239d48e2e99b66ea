"""Page verdicts: SEO injection by each documented technique, clean pages, whole-site classes."""

from __future__ import annotations

import pytest

from safemekong.detect.pages import classify_page
from safemekong.errors import InvalidInput

BODY = (
    "<h1>City council approves new flood defences</h1>"
    "<p>The council voted on Tuesday to fund a new levee along the river, after last year's "
    "floods damaged more than two hundred homes in the old quarter. Work starts in March and "
    "should finish before the monsoon season, the mayor said, adding that residents will be "
    "consulted on the route. Engineers from the provincial water office will supervise.</p>"
    "<p>Sport: the city team won its third match of the season.</p>"
)


def page(
    title: str = "City council approves flood defences", head: str = "", body: str = BODY
) -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def test_clean_news_page_is_benign_even_with_a_sport_section() -> None:
    verdict = classify_page(page(), "https://news.example.org/a/1")
    assert verdict.label == "benign", verdict.to_json()


def test_bracketed_brand_in_title_and_mirror_links_are_injection() -> None:
    html = page(
        title="【开云体育】City council approves flood defences",
        body=BODY
        + '<a href="https://161kaiyun.vip/">开云体育官网</a><a href="https://162kaiyun.vip/">注册</a>',
    )
    verdict = classify_page(html, "https://news.example.org/a/1")
    assert verdict.label == "seo-injection"
    found = {r.code for r in verdict.reasons}
    assert {"title-brand-prefix", "mirror-links", "anchor-gambling-terms"} <= found
    mirror = next(r for r in verdict.reasons if r.code == "mirror-links")
    assert "161kaiyun.vip" in mirror.detail["hosts"]


def test_hidden_block_of_gambling_links_is_injection() -> None:
    hidden = (
        '<div style="position:absolute;left:-9999px">'
        '<a href="https://slot-gacor88.com">slot gacor</a> '
        '<a href="https://togel4d.net">togel online</a></div>'
    )
    verdict = classify_page(page(body=BODY + hidden), "https://univ.example.ac.id/")
    assert verdict.label == "seo-injection"
    assert "hidden-block" in {r.code for r in verdict.reasons}


def test_user_agent_cloaking_script_is_reported() -> None:
    script = (
        "<script>var ua = navigator.userAgent.toLowerCase();"
        "if (/baiduspider|googlebot/.test(ua)) "
        "{ document.write('<a href=//88bet.vip>casino</a>'); }"
        "else if (document.referrer.indexOf('google') > -1) "
        "{ window.location.href = 'https://99slot.vip'; }"
        "</script>"
    )
    verdict = classify_page(page(head=script, title="Ministry notice | casino slot"))
    assert "cloaking-script" in {r.code for r in verdict.reasons}
    assert verdict.label == "seo-injection"


def test_gambling_site_and_phishing_login_are_told_apart() -> None:
    casino = page(
        title="Best online casino",
        body="<p>online casino slot baccarat jackpot free spins sportsbook</p>",
    )
    assert classify_page(casino).label == "gambling"
    login = page(
        title="Vietcombank - Đăng nhập",
        body='<form action="/x"><input name=u><input type="password" name=p></form>',
    )
    verdict = classify_page(login, "https://vcb-secure.top/login")
    assert verdict.label == "phishing"


def test_empty_page_is_refused() -> None:
    with pytest.raises(InvalidInput, match="page"):
        classify_page("  ")
