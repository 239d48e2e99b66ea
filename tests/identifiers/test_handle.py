"""Chat and social handles: one key per account whatever form the report used."""

from __future__ import annotations

import pytest

from safemekong.identifiers import Handle, IdentifierError

from .support import parse_as


def handle(raw: str, region: str | None = None) -> Handle:
    return parse_as(Handle, raw, region)


@pytest.mark.parametrize(
    "raw",
    [
        "telegram:@Somchai_TH",
        "telegram: somchai_th",
        "Telegram @somchai_th",
        "tg:somchai_th",
        "@Somchai_TH",
        "t.me/somchai_th",
        "https://t.me/Somchai_TH",
        "https://t.me/s/somchai_th",
        "https://t.me/somchai_th/1234",
        "telegram.me/somchai_th",
        "tg://resolve?domain=somchai_th",
        "handle:telegram:somchai_th",
        "＠somchai_th",
    ],
)
def test_every_telegram_form_gets_one_lower_case_key(raw: str) -> None:
    ident = handle(raw)
    assert ident.key == "handle:telegram:somchai_th"
    assert ident.details()["url"] == "https://t.me/somchai_th"


def test_telegram_username_subdomain_form() -> None:
    assert handle("https://somchaith.t.me/").key == "handle:telegram:somchaith"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("https://t.me/joinchat/AAAAAEk", "private chat link, not a handle"),
        ("t.me/+AbCdEfGh123", "invite link"),
        ("telegram:+AbCdEf", "invite link"),
        ("t.me/+66812345678", "phone number"),
        ("t.me/c/1234567/89", "private chat link"),
        ("@abc", "5–32"),
        ("telegram:1abcdef", "starting with a letter"),
        ("telegram:" + "a" * 33, "5–32"),
        ("t.me/addstickers", "reserved"),
        ("t.me/", "no username"),
    ],
)
def test_telegram_links_that_are_not_handles_are_rejected(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        handle(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "line:somchai.th",
        "LINE ID: Somchai.TH",
        "Line id somchai.th",
        "ไลน์: somchai.th",
        "line.me/ti/p/~somchai.th",
        "https://line.me/R/ti/p/~somchai.th",
    ],
)
def test_line_id_forms_get_one_key(raw: str) -> None:
    ident = handle(raw)
    assert ident.key == "handle:line:somchai.th"
    assert ident.details()["kind"] == "username"


def test_line_official_accounts_keep_their_at_sign() -> None:
    ident = handle("https://line.me/R/ti/p/%40abc1234x")
    assert ident.key == "handle:line:@abc1234x"
    assert ident.details()["kind"] == "official_account"
    assert handle("line:@abc1234x") == ident


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("line:abc", "4–20"),
        ("line.me/ti/p/xYz123Abc", "QR-code token"),
        ("line.me/home", "line.me/ti/p/~ID"),
        ("line:some one", "not a valid line handle"),
    ],
)
def test_line_rejections_say_why(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        handle(raw)


@pytest.mark.parametrize(
    "raw", ["wechat:Somchai_88", "weixin:somchai_88", "微信:somchai_88", "微信号：somchai_88"]
)
def test_wechat_ids_are_case_insensitive(raw: str) -> None:
    assert handle(raw).key == "handle:wechat:somchai_88"


@pytest.mark.parametrize("raw", ["wechat:8abcdef", "wechat:abc", "wechat:abc.defg"])
def test_invalid_wechat_ids_are_rejected(raw: str) -> None:
    with pytest.raises(IdentifierError, match="6–20"):
        handle(raw)


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("wa.me/66812345678", None),
        ("https://api.whatsapp.com/send?phone=66812345678&text=hi", None),
        ("whatsapp:+66 81 234 5678", None),
        ("WhatsApp: 081-234-5678", "TH"),
    ],
)
def test_whatsapp_is_a_phone_number_and_implies_it(raw: str, region: str | None) -> None:
    ident = handle(raw, region)
    assert ident.key == "handle:whatsapp:+66812345678"
    assert [i.key for i in ident.implied()] == ["phone:+66812345678"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("https://chat.whatsapp.com/AbCdEf", "group"),
        ("wa.me/message/ABCDEF", "not a phone link"),
        ("whatsapp:0812345678", "no country code"),
    ],
)
def test_whatsapp_links_without_a_number_are_rejected(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        handle(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "facebook.com/somchai.k",
        "https://www.facebook.com/Somchai.K",
        "https://m.facebook.com/somchaik?ref=bookmarks",
        "fb:somchai.k",
        "facebook:somchaik",
    ],
)
def test_facebook_usernames_ignore_dots_and_case(raw: str) -> None:
    assert handle(raw).key == "handle:facebook:somchaik"


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.facebook.com/profile.php?id=100012345678",
        "https://www.facebook.com/people/Somchai-K/100012345678/",
        "facebook:100012345678",
    ],
)
def test_facebook_numeric_profile_ids(raw: str) -> None:
    ident = handle(raw)
    assert ident.key == "handle:facebook:100012345678"
    assert ident.details()["kind"] == "id"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("https://www.facebook.com/groups/12345", "reserved"),
        ("https://www.facebook.com/profile.php", "needs \\?id="),
        ("facebook.com/abc", "at least 5"),
        ("https://fb.me/abcdef", "short links"),
    ],
)
def test_facebook_links_that_are_not_profiles_are_rejected(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        handle(raw)


@pytest.mark.parametrize(
    "raw", ["instagram.com/Some.One_", "https://www.instagram.com/some.one_/", "ig:@some.one_"]
)
def test_instagram_handles(raw: str) -> None:
    assert handle(raw).key == "handle:instagram:some.one_"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("instagram.com/p/Cx1abc", "reserved"), ("instagram:" + "a" * 31, "at most 30")],
)
def test_instagram_rejections(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        handle(raw)


@pytest.mark.parametrize(
    "raw", ["tiktok.com/@Some.One", "https://www.tiktok.com/@some.one/video/123", "tiktok:some.one"]
)
def test_tiktok_handles(raw: str) -> None:
    assert handle(raw).key == "handle:tiktok:some.one"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("tiktok.com/some.one", "tiktok.com/@name"),
        ("https://vm.tiktok.com/ZSabc123/", "short links"),
        ("tiktok:a", "2–24"),
    ],
)
def test_tiktok_rejections(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        handle(raw)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("somchai_th", "give the platform"),
        ("https://example.com/somchai", "not the profile site"),
        ("telegram:https://instagram.com/somchai", "instagram link was given as telegram"),
        ("tg://msg?text=hi", "tg://resolve"),
    ],
)
def test_handles_without_a_known_platform_are_rejected(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        handle(raw)
