"""Chat and social handles: platform plus handle, with each platform's own character rules.

Accepted: ``telegram:@name``, ``LINE ID: name``, ``微信: name``, ``@name`` (Telegram), profile
URLs (``t.me/name``, ``line.me/ti/p/~id``, ``wa.me/66812345678``, ``facebook.com/name``,
``instagram.com/name``, ``tiktok.com/@name``). WhatsApp is a phone number and implies it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import parse_qs, unquote

from safemekong.identifiers.base import Identifier, Reject
from safemekong.identifiers.phone import parse_phone
from safemekong.identifiers.text import fold, split_label
from safemekong.identifiers.web import split_url


@dataclass(frozen=True)
class Platform:
    """One platform's handle rules: pattern on the folded handle, aliases, hosts, profile URL."""

    name: str
    pattern: re.Pattern[str]
    rule: str
    labels: tuple[str, ...]
    hosts: tuple[str, ...]
    profile: Callable[[str], str | None]
    reserved: frozenset[str] = frozenset()
    drop_dots: bool = False


PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "telegram",
        re.compile(r"[a-z][a-z0-9_]{4,31}"),
        "5–32 letters, digits or _, starting with a letter",
        ("telegram", "tg", "tele"),
        ("t.me", "telegram.me", "telegram.dog"),
        "https://t.me/{}".format,
        frozenset(
            {"joinchat", "addstickers", "addemoji", "addtheme", "addlist", "share", "proxy"}
            | {"socks", "login", "setlanguage", "confirmphone", "invoice", "contact", "boost"}
        ),
    ),
    Platform(
        "line",
        re.compile(r"@?[a-z0-9._-]{4,20}"),
        "4–20 letters, digits, '.', '_' or '-' (official accounts start with @)",
        ("line", "ไลน์", "ライン"),
        ("line.me", "page.line.me"),
        lambda handle: "https://line.me/R/ti/p/" + (handle if handle[0] == "@" else "~" + handle),
    ),
    Platform(
        "wechat",
        re.compile(r"[a-z][a-z0-9_-]{5,19}"),
        "6–20 letters, digits, '_' or '-', starting with a letter",
        ("wechat", "weixin", "微信", "微信号", "wx", "vx"),
        (),
        lambda handle: None,
    ),
    Platform(
        "whatsapp",
        re.compile(r"\+[0-9]{4,17}"),
        "a phone number",
        ("whatsapp", "wa", "whatsapp number"),
        ("wa.me", "api.whatsapp.com", "web.whatsapp.com", "whatsapp.com", "chat.whatsapp.com"),
        lambda handle: "https://wa.me/" + handle[1:],
    ),
    Platform(
        "facebook",
        re.compile(r"[a-z0-9.]{5,50}"),
        "at least 5 letters, digits or dots, or a numeric profile id",
        ("facebook", "fb", "เฟซบุ๊ก", "เฟสบุ๊ค"),
        ("facebook.com", "fb.com", "fb.me"),
        lambda handle: (
            f"https://www.facebook.com/profile.php?id={handle}"
            if handle.isdigit()
            else f"https://www.facebook.com/{handle}"
        ),
        frozenset(
            {"profile.php", "people", "groups", "pages", "events", "watch", "share", "sharer"}
            | {"story.php", "permalink.php", "photo.php", "photo", "photos", "login", "home.php"}
            | {"marketplace", "hashtag", "help", "messages", "settings", "friends", "gaming"}
            | {"reel", "reels", "videos", "search", "notifications", "dialog", "plugins", "ads"}
            | {"policies", "privacy", "business", "l.php", "stories", "media", "live"}
        ),
        drop_dots=True,
    ),
    Platform(
        "instagram",
        re.compile(r"[a-z0-9._]{1,30}"),
        "at most 30 letters, digits, '.' or '_'",
        ("instagram", "ig", "insta"),
        ("instagram.com", "instagr.am"),
        "https://www.instagram.com/{}".format,
        frozenset(
            {"p", "reel", "reels", "explore", "stories", "accounts", "direct", "tv", "about"}
            | {"legal", "developer", "web", "challenge", "session"}
        ),
    ),
    Platform(
        "tiktok",
        re.compile(r"[a-z0-9._]{2,24}"),
        "2–24 letters, digits, '.' or '_'",
        ("tiktok", "tt"),
        ("tiktok.com", "vm.tiktok.com", "vt.tiktok.com"),
        "https://www.tiktok.com/@{}".format,
    ),
)
_BY_NAME = {platform.name: platform for platform in PLATFORMS}
_BY_LABEL = {
    form: platform
    for platform in PLATFORMS
    for label in (platform.name, *platform.labels)
    for form in (fold(label), fold(label) + "id", fold(label) + "号")
}
_BY_HOST = {host: platform for platform in PLATFORMS for host in platform.hosts}
_HOST_PREFIXES: tuple[str, ...] = ("www.", "m.", "mobile.", "web.", "mbasic.")
_LABEL_AND_NAME = re.compile(r"(\S.{0,24}?)\s+(@?\S+)")
_SHORT_LINK_HOSTS = frozenset({"vm.tiktok.com", "vt.tiktok.com", "fb.me"})
HANDLE_HOSTS: frozenset[str] = frozenset(_BY_HOST)


@dataclass(frozen=True, eq=False, kw_only=True)
class Handle(Identifier):
    """A handle on one platform (``telegram:somchai_th``); WhatsApp handles imply the phone."""

    type: ClassVar[str] = "handle"

    platform: str
    handle: str
    kind: str
    url: str | None

    def implied(self) -> tuple[Identifier, ...]:
        """A WhatsApp handle reveals its phone number."""
        return (parse_phone(self.handle, None),) if self.platform == "whatsapp" else ()


def parse_handle(text: str, default_region: str | None = None) -> Handle:
    """Parse ``platform:name``, ``@name`` (Telegram) or a profile URL into a handle."""
    if text[:5].lower() == "tg://":
        return _from_tg_link(text, default_region)
    labelled = _labelled(text)
    if labelled is not None:
        platform, name = labelled
        if "/" in name and not name.startswith("@"):
            return _from_url(name, default_region, expected=platform)
        return _validate(platform, name, default_region)
    if text.startswith("@"):
        return _validate(_BY_NAME["telegram"], text, default_region)
    if "/" in text or "." in text:
        return _from_url(text, default_region)
    raise Reject("give the platform (telegram:@name, line:name, wechat:name …) or a profile URL")


def platform_for_host(host: str) -> str | None:
    """The platform whose profile URLs live on ``host`` (``www.`` and ``m.`` ignored)."""
    platform = _platform_for_host(host)
    return platform.name if platform else None


def platform_handle(platform: str, name: str, default_region: str | None = None) -> Handle:
    """Check ``name`` against one platform's rules (``platform_handle("wechat", "abc_123")``)."""
    return _validate(_BY_NAME[platform], name, default_region)


def is_labelled(text: str) -> bool:
    """True for ``@name`` and ``platform: name`` texts (the shape, not yet the rules)."""
    return text.startswith("@") or _labelled(text) is not None


def _labelled(text: str) -> tuple[Platform, str] | None:
    split = split_label(text)
    if split is not None and split[0] in _BY_LABEL:
        return _BY_LABEL[split[0]], split[1]
    match = _LABEL_AND_NAME.fullmatch(text)
    if match and fold(match.group(1)) in _BY_LABEL:
        return _BY_LABEL[fold(match.group(1))], match.group(2)
    return None


def _platform_for_host(host: str) -> Platform | None:
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    if host.endswith(".t.me"):
        return _BY_NAME["telegram"]
    return _BY_HOST.get(host)


def _from_url(text: str, region: str | None, expected: Platform | None = None) -> Handle:
    parts = split_url(text)
    host = parts.host.ascii
    platform = _platform_for_host(host)
    if platform is None:
        raise Reject(f"{host} is not the profile site of a known chat or social platform")
    if expected is not None and platform is not expected:
        raise Reject(f"a {platform.name} link was given as {expected.name}")
    if host in _SHORT_LINK_HOSTS:
        raise Reject(f"{host} links are short links, not handles: open one to find the profile")
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    name = _URL_NAMES[platform.name](host, segments, query)
    return _validate(platform, name, region)


def _first(segments: list[str], what: str) -> str:
    if not segments:
        raise Reject(f"the link has no {what}")
    return segments[0]


def _telegram_url(host: str, segments: list[str], query: dict[str, list[str]]) -> str:
    if host.endswith(".t.me") and host != "t.me":
        return host[: -len(".t.me")]
    if segments[:1] == ["s"]:  # t.me/s/name is the web preview of a channel
        segments = segments[1:]
    name = _first(segments, "username")
    if name in ("c", "joinchat"):
        raise Reject(f"t.me/{name}/… is a private chat link, not a handle")
    return name


def _line_url(host: str, segments: list[str], query: dict[str, list[str]]) -> str:
    if host == "page.line.me":
        return "@" + _first(segments, "account id")
    if segments[:1] == ["R"] or segments[:1] == ["r"]:
        segments = segments[1:]
    if [segment.lower() for segment in segments[:2]] != ["ti", "p"] or len(segments) < 3:
        raise Reject("a LINE ID link is line.me/ti/p/~ID (other line.me links are not IDs)")
    name = segments[2]
    if name[:1] == "~":
        return name[1:]
    if name[:1] == "@":
        return name
    raise Reject("line.me/ti/p/<code> is a QR-code token, not a LINE ID")


def _whatsapp_url(host: str, segments: list[str], query: dict[str, list[str]]) -> str:
    if host == "chat.whatsapp.com":
        raise Reject("chat.whatsapp.com links invite to a group, not a person")
    if "phone" in query:
        return "+" + query["phone"][0].lstrip("+ ")
    number = _first(segments, "phone number")
    if not number.lstrip("+").isdigit():
        raise Reject(f"wa.me/{number} is not a phone link (wa.me/<international number>)")
    return "+" + number.lstrip("+")


def _facebook_url(host: str, segments: list[str], query: dict[str, list[str]]) -> str:
    first = _first(segments, "profile")
    if first == "profile.php":
        if "id" not in query:
            raise Reject("facebook.com/profile.php needs ?id=<number>")
        return query["id"][0]
    if first == "people" and len(segments) >= 3:
        return segments[2]  # facebook.com/people/Display-Name/1000123456
    return first


def _instagram_url(host: str, segments: list[str], query: dict[str, list[str]]) -> str:
    return _first(segments, "username")


def _tiktok_url(host: str, segments: list[str], query: dict[str, list[str]]) -> str:
    name = _first(segments, "@handle")
    if not name.startswith("@"):
        raise Reject("a TikTok profile link is tiktok.com/@name")
    return name


_URL_NAMES: dict[str, Callable[[str, list[str], dict[str, list[str]]], str]] = {
    "telegram": _telegram_url,
    "line": _line_url,
    "whatsapp": _whatsapp_url,
    "facebook": _facebook_url,
    "instagram": _instagram_url,
    "tiktok": _tiktok_url,
}


def _from_tg_link(text: str, region: str | None) -> Handle:
    _, _, query = text.partition("?")
    names = parse_qs(query).get("domain")
    if not names:
        raise Reject("a tg:// link names a user only as tg://resolve?domain=<username>")
    return _validate(_BY_NAME["telegram"], names[0], region)


def _validate(platform: Platform, name: str, region: str | None) -> Handle:
    name = name.strip()
    if platform.name == "whatsapp":
        phone = parse_phone(name, region)
        return _handle(platform, phone.canonical, "phone")
    if platform.name != "line":
        name = name.removeprefix("@")
    name = name.lower()
    if platform.name == "telegram" and name.startswith("+"):
        if name[1:].isdigit():
            raise Reject("t.me/+<number> links a phone number: parse it as a phone")
        raise Reject("an invite link (t.me/+… or joinchat) names a private chat, not a handle")
    if not platform.pattern.fullmatch(name):
        raise Reject(f"{name!r} is not a valid {platform.name} handle: {platform.rule}")
    if name in platform.reserved:
        raise Reject(f"{name!r} is a reserved {platform.name} path, not a handle")
    if platform.drop_dots:
        name = name.replace(".", "")  # facebook: "somchai.k" and "somchaik" are one account
        if len(name) < 5:
            raise Reject(f"not a valid {platform.name} handle: {platform.rule}")
    kind = "username"
    if name.startswith("@"):
        kind = "official_account"
    elif platform.name == "facebook" and name.isdigit():
        kind = "id"
    return _handle(platform, name, kind)


def _handle(platform: Platform, name: str, kind: str) -> Handle:
    return Handle(
        f"{platform.name}:{name}",
        platform=platform.name,
        handle=name,
        kind=kind,
        url=platform.profile(name),
    )
