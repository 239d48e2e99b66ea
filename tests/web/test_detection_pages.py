"""The detection page without a browser: a gambling domain, a scam message, an injected page,
and the hub's own reports as evidence."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from safemekong.detect import domains, messages
from safemekong.web import labels
from tests.web.conftest import World, csrf_of
from tests.web.test_screening_pages import text_of

Client = Callable[[str | None], TestClient]
#: A news page with a gambling brand in its title and links to numbered mirror domains.
INJECTED_PAGE = (
    "<html><head><title>【开云体育】City council approves flood defences</title></head><body>"
    "<h1>City council approves new flood defences</h1><p>The council voted on Tuesday to fund "
    "a new levee along the river, after last year's floods damaged more than two hundred homes "
    "in the old quarter. Work starts in March, the mayor said.</p>"
    '<a href="https://161kaiyun.vip/">开云体育官网</a><a href="https://162kaiyun.vip/">注册</a>'
    "</body></html>"
)
POLICE_SMS = (
    "【公安局】您的身份证涉嫌一起洗钱案件，请立即联系办案民警配合调查，否则将冻结您名下所有账户。"
)


def check(client: TestClient, files: dict[str, Any] | None = None, **fields: str) -> Any:
    token = csrf_of(client.get("/detect").text)
    return client.post("/detect", data={"csrf_token": token, **fields}, files=files)


def reasons(page: str) -> dict[str, str]:
    """Each reason's code and the text of its row (reason, weight, detail)."""
    rows = re.findall(r"<tr><td><code>([^<]+)</code></td>(.*?)</tr>", page, re.S)
    return {code: text_of(row).strip() for code, row in rows}


def test_a_numbered_gambling_domain_is_illegal_gambling(client_for: Client) -> None:
    answer = check(client_for("th.analyst"), kind="host", input="ufabet888.com")
    assert answer.status_code == 200
    assert "Verdict: Illegal gambling" in text_of(answer.text)
    found = reasons(answer.text)
    assert found["model-gambling"].startswith("lexical model gives Illegal gambling")
    assert found["numbered-mirror"] == "'ufabet888' is a numbered mirror name 0.1"
    assert 'value="ufabet888.com"' in answer.text  # the form keeps what was checked


def test_a_police_impersonation_sms_is_a_scam(client_for: Client) -> None:
    answer = check(client_for("th.analyst"), kind="message", text=POLICE_SMS)
    page = text_of(answer.text)
    assert answer.status_code == 200 and "Verdict: Scam" in page
    assert "Language zh" in page
    found = reasons(answer.text)
    assert found["model-scam"].startswith("message model gives Scam")
    police = found["typology-impersonation-police"]
    assert police.startswith("reads like impersonation police") and "cues 公安" in police


def test_gambling_links_injected_into_a_news_page_are_found(client_for: Client) -> None:
    # Pages are posted as multipart/form-data, as the page's form does.
    answer = check(
        client_for("th.analyst"),
        files={"page": (None, INJECTED_PAGE)},
        kind="page",
        url="https://news.example.org/a/1",
    )
    assert answer.status_code == 200
    assert "Verdict: SEO injection (hacked site promoting gambling)" in text_of(answer.text)
    found = reasons(answer.text)
    assert "title-brand-prefix" in found and "anchor-gambling-terms" in found
    assert "hosts 161kaiyun.vip, 162kaiyun.vip" in found["mirror-links"]


def test_a_page_larger_than_an_ordinary_form_can_be_checked(client_for: Client) -> None:
    filler = "<p>" + "ข่าวท้องถิ่น " * 60_000 + "</p>"  # 2 MB of Thai, beyond 512 KB forms
    answer = check(
        client_for("th.analyst"), files={"page": (None, INJECTED_PAGE + filler)}, kind="page"
    )
    assert answer.status_code == 200 and "title-brand-prefix" in reasons(answer.text)


def test_a_domain_the_hub_has_reports_of_brings_them_as_evidence(
    client_for: Client, world: World
) -> None:
    answer = check(client_for("th.analyst"), kind="host", input="https://invest-usdt-pro.com/x")
    found = reasons(answer.text)
    assert found["known-operation"].startswith(f"already linked to operation {world.cn_operation}")
    assert f'href="/operations/{world.cn_operation}"' in answer.text
    assert "Verdict: Scam" in text_of(answer.text)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "host", "input": " "}, "input", "Web address or domain: is required"),
        ({"kind": "host", "input": "no such host"}, "input", "Web address or domain:"),
        ({"kind": "message", "text": "x" * 10_001}, "text", "Message: is longer than 10000"),
        ({"kind": "page", "page": ""}, "page", "Page HTML: is empty"),
        (
            {"kind": "page", "page": INJECTED_PAGE, "url": "http://[::1"},
            "url",
            "The page's address:",
        ),
        ({"kind": "fax"}, None, "What to check: use one of host, message, page"),
    ],
)
def test_bad_input_answers_422_naming_the_field(
    client_for: Client, fields: dict[str, str], field: str | None, message: str
) -> None:
    answer = check(client_for("th.analyst"), **fields)
    assert answer.status_code == 422
    assert f"Not checked. {message}" in text_of(answer.text)
    if field:
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', answer.text)
    assert 'id="verdict"' not in answer.text


def test_a_check_without_this_sessions_csrf_token_is_refused(client_for: Client) -> None:
    client = client_for("th.analyst")
    answer = client.post("/detect", data={"kind": "host", "input": "ufabet888.com"})
    assert answer.status_code == 403
    assert "Verdict" not in answer.text


@pytest.mark.parametrize(
    ("language", "title", "mirrors"),
    [
        (
            "zh-CN",
            "标题以括号内的赌博品牌开头 '【开云体育】'",
            "链接到带编号的镜像域名 161kaiyun.vip",
        ),
        ("th", "ชื่อหน้าขึ้นต้นด้วยแบรนด์การพนันในวงเล็บ '【开云体育】'", "ลิงก์ไปยังโดเมนสำรองแบบมีหมายเลข"),
    ],
)
def test_reasons_are_shown_in_the_readers_language(
    client_for: Client, language: str, title: str, mirrors: str
) -> None:
    client = client_for("th.analyst")
    client.headers["Accept-Language"] = language
    answer = check(client, files={"page": (None, INJECTED_PAGE)}, kind="page")
    found = reasons(answer.text)
    assert found["title-brand-prefix"].startswith(title)
    assert found["mirror-links"].startswith(mirrors)


def test_every_verdict_a_detector_returns_has_a_label() -> None:
    pages = {"benign", "seo-injection", "gambling", "scam-investment", "phishing"}
    classes = set(messages.default_model().model.classes)
    assert set(domains.LABELS) | classes | pages <= set(labels.VERDICTS)
