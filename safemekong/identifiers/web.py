"""Domains and URLs: IDNA hosts, the registered domain from the Public Suffix List, clean URLs.

The Public Suffix List is tldextract's bundled snapshot, loaded once at import and never
fetched; its private section counts, so ``scam.blogspot.com`` and ``x.github.io`` are sites of
their own.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar, NamedTuple
from urllib.parse import quote, urlsplit

import idna
import tldextract

from safemekong.identifiers.base import Identifier, Reject

#: Query parameters that only track a click; a canonical URL drops them (and every ``utm_*``).
TRACKING_PARAMETERS: tuple[str, ...] = (
    "fbclid",
    "gclid",
    "gbraid",
    "wbraid",
    "dclid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "mc_cid",
    "mc_eid",
    "igshid",
    "igsh",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "ref_src",
    "spm",
)
TRACKING_PREFIXES: tuple[str, ...] = ("utm_",)
_TRACKING = frozenset(TRACKING_PARAMETERS)

#: Defanged forms analysts paste, and what they stand for.
DEFANGS: tuple[tuple[str, str], ...] = (
    ("[.]", "."),
    ("(.)", "."),
    ("{.}", "."),
    ("[dot]", "."),
    ("(dot)", "."),
    ("[:]", ":"),
    ("[://]", "://"),
    ("[/]", "/"),
    ("[@]", "@"),
    ("[at]", "@"),
)
_DEFANG = re.compile("|".join(re.escape(old) for old, _ in DEFANGS), re.IGNORECASE)
_REFANGED = {old: new for old, new in DEFANGS}
_DEFANGED_SCHEME = re.compile(r"h(?:xx|\*\*)p(s?)(?=:)", re.IGNORECASE)

SCHEMES: dict[str, int] = {"http": 80, "https": 443}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_PORT_AFTER_COLON = re.compile(r"[0-9]+(?:[/?#]|$)")
_FORBIDDEN_IN_URL = re.compile(r"[\s\x00-\x1f\x7f]")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_DOTTED_IPV4 = re.compile(r"[0-9]+(?:\.[0-9]+){3}")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_URL_SAFE = "!$&'()*+,;=:@/?[]~%"
_MAX_HOST = 253

_PSL = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
_PSL("example.com")  # build the suffix trie now, not on the first report


class Host(NamedTuple):
    """A normalised host: ASCII (punycode) and Unicode forms; ``ip`` for address literals."""

    ascii: str
    unicode: str
    ip: bool


class UrlParts(NamedTuple):
    """An http(s) URL split into normalised parts (path and query not yet cleaned)."""

    scheme: str
    userinfo: str
    host: Host
    port: int | None
    path: str
    query: str


@dataclass(frozen=True, eq=False, kw_only=True)
class Domain(Identifier):
    """A registered domain (``example.co.th``), keyed in its ASCII (punycode) form."""

    type: ClassVar[str] = "domain"

    host: str
    unicode: str
    suffix: str
    subdomain: str
    private_suffix: bool


@dataclass(frozen=True, eq=False, kw_only=True)
class Url(Identifier):
    """An http(s) URL in canonical form; implies its registered domain."""

    type: ClassVar[str] = "url"

    scheme: str
    host: str
    unicode_host: str
    domain: str | None

    def implied(self) -> tuple[Identifier, ...]:
        """The URL's registered domain, when its host is a name and not an address."""
        return (domain_of_host(self.host),) if self.domain else ()


def refang(text: str) -> str:
    """Undo the defanging analysts apply (``hxxps://``, ``[.]``, ``[@]`` …)."""
    if "[" in text or "(" in text or "{" in text:
        text = _DEFANG.sub(lambda m: _REFANGED[m.group(0).lower()], text)
    if text[:1] in "hH":
        text = _DEFANGED_SCHEME.sub(r"http\1", text, count=1)
    return text


def parse_url(text: str, default_region: str | None = None) -> Url:
    """Parse an http(s) URL; a URL without a scheme is taken as ``http://``."""
    parts = split_url(text)
    host = parts.host
    domain = None if host.ip else _registered(host.ascii, require_domain=False)
    port = "" if parts.port is None else f":{parts.port}"
    userinfo = f"{parts.userinfo}@" if parts.userinfo else ""
    query = _clean_query(parts.query)
    canonical = (
        f"{parts.scheme}://{userinfo}{host.ascii}{port}{_escapes(parts.path or '/')}"
        f"{'?' if query else ''}{query}"
    )
    return Url(
        canonical,
        scheme=parts.scheme,
        host=host.ascii,
        unicode_host=host.unicode,
        domain=domain.canonical if domain else None,
    )


def parse_domain(text: str, default_region: str | None = None) -> Domain:
    """Parse a host name, a ``www.`` form or a URL into its registered domain."""
    text = refang(text)
    host = split_url(text).host if any(char in text for char in "/:@?#") else normal_host(text)
    if host.ip:
        raise Reject(f"{host.ascii} is an IP address, not a domain")
    domain = _registered(host.ascii, require_domain=True)
    assert domain is not None
    return domain


def domain_of_host(ascii_host: str) -> Domain:
    """The registered domain of an already normalised host name."""
    domain = _registered(ascii_host, require_domain=True)
    assert domain is not None
    return domain


def split_url(text: str) -> UrlParts:
    """Refang and split an http(s) URL (scheme optional) and normalise its host and port."""
    text = refang(text)
    if _FORBIDDEN_IN_URL.search(text):
        raise Reject("a URL has no spaces or control characters")
    text = _with_scheme(text)
    try:
        split = urlsplit(text)
    except ValueError as exc:
        raise Reject(f"not a valid URL ({exc})") from exc
    scheme = split.scheme.lower()
    userinfo, _, hostport = split.netloc.rpartition("@")
    host_text, port_text = _host_and_port(hostport)
    port = None
    if port_text:
        port = int(port_text)
        if port > 65535:
            raise Reject(f"port {port} is out of range")
        if port == SCHEMES[scheme]:
            port = None
    return UrlParts(scheme, userinfo, normal_host(host_text), port, split.path, split.query)


def _with_scheme(text: str) -> str:
    if text.startswith("//"):
        return "http:" + text
    match = _SCHEME.match(text)
    if match is None:
        return "http://" + text
    scheme = match.group(1).lower()
    rest = text[match.end() :]
    if rest.startswith("//"):
        if scheme not in SCHEMES:
            raise Reject(f"only http and https URLs are accepted, not {scheme}:")
        return text
    if _PORT_AFTER_COLON.match(rest):  # "example.com:8080/path"
        return "http://" + text
    raise Reject(f"only http and https URLs are accepted, not {scheme}:")


def _host_and_port(hostport: str) -> tuple[str, str]:
    if hostport.startswith("["):
        host, bracket, rest = hostport.partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise Reject("not a valid IPv6 address literal")
        host, port = host + "]", rest[1:]
    else:
        host, colon, port = hostport.rpartition(":")
        if not colon:
            return hostport, ""
    if port and not (port.isascii() and port.isdigit()):  # "[::1]::1" and "x.com:²" too
        raise Reject(f"port {port!r} is not a number")
    return host, port


@lru_cache(maxsize=65536)
def normal_host(host: str) -> Host:
    """Lower-case, IDNA (UTS 46) ASCII and Unicode forms of a host; IP literals kept apart."""
    host = host[:-1] if host.endswith(".") else host
    if not host:
        raise Reject("no host")
    if host.startswith("["):
        try:
            address = ipaddress.IPv6Address(host[1:-1])
        except ValueError as exc:
            raise Reject("not a valid IPv6 address") from exc
        return Host(f"[{address.compressed}]", f"[{address.compressed}]", True)
    if len(host) > _MAX_HOST:
        raise Reject(f"a host name has at most {_MAX_HOST} characters")
    if host.isascii():
        ascii_host = host.lower()
        if _DOTTED_IPV4.fullmatch(ascii_host):
            try:
                return Host(str(ipaddress.IPv4Address(ascii_host)), ascii_host, True)
            except ValueError as exc:
                raise Reject(f"{ascii_host} is not a valid IPv4 address") from exc
        labels = ascii_host.split(".")
        for label in labels:
            if not _LABEL.fullmatch(label):
                raise Reject(
                    f"{label!r} is not a valid host name label (letters, digits, inner hyphens)"
                )
        if not any(label[2:4] == "--" for label in labels):
            return Host(ascii_host, ascii_host, False)
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
        return Host(ascii_host, idna.decode(ascii_host), False)
    except (idna.IDNAError, UnicodeError) as exc:
        raise Reject(f"not a valid internationalised host name ({exc})") from exc


@lru_cache(maxsize=65536)
def _registered(ascii_host: str, require_domain: bool) -> Domain | None:
    if ascii_host.rsplit(".", 1)[-1].isdigit():
        raise Reject(f"{ascii_host} is not a host name (its last label is a number)")
    parts = _PSL(ascii_host)
    if not parts.suffix:
        raise Reject(f"{ascii_host} does not end in a suffix of the Public Suffix List")
    if not parts.domain:
        if require_domain:
            raise Reject(f"{ascii_host} is a public suffix, not a registered domain")
        return None
    registered = f"{parts.domain}.{parts.suffix}"
    labels = registered.count(".") + 1
    unicode_host = idna.decode(ascii_host) if "xn--" in ascii_host else ascii_host
    return Domain(
        registered,
        host=ascii_host,
        unicode=".".join(unicode_host.split(".")[-labels:]),
        suffix=parts.suffix,
        subdomain=parts.subdomain,
        private_suffix=parts.is_private,
    )


def _clean_query(query: str) -> str:
    if not query:
        return ""
    kept = []
    for pair in query.split("&"):
        name = pair.partition("=")[0].lower()
        if pair and name not in _TRACKING and not name.startswith(TRACKING_PREFIXES):
            kept.append(pair)
    return _escapes("&".join(kept))


def _escapes(text: str) -> str:
    """Percent-encode what must be, upper-case escapes, decode escaped unreserved characters."""
    text = quote(text, safe=_URL_SAFE)
    if "%" not in text:
        return text
    return _ESCAPE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()
