"""URLs and domains: canonical URLs, IDNA hosts, registered domains from the bundled PSL."""

from __future__ import annotations

import pytest

from safemekong.identifiers import TRACKING_PARAMETERS, Domain, IdentifierError, Url

from .support import parse_as


def url(raw: str) -> Url:
    return parse_as(Url, raw)


def domain(raw: str) -> Domain:
    return parse_as(Domain, raw)


def test_url_is_lower_cased_without_default_port_fragment_and_tracking() -> None:
    ident = url("HTTPS://WWW.Example.co.th:443/Login?utm_source=sms&id=7&fbclid=abc#top")
    assert ident.key == "url:https://www.example.co.th/Login?id=7"


def test_url_keeps_other_query_parameters_in_their_order() -> None:
    assert url("https://x.com/p?b=2&a=1&gclid=9&c=3").canonical == "https://x.com/p?b=2&a=1&c=3"


@pytest.mark.parametrize("name", TRACKING_PARAMETERS)
def test_every_declared_tracking_parameter_is_removed(name: str) -> None:
    assert url(f"https://x.com/?{name}=1&keep=1").canonical == "https://x.com/?keep=1"


def test_url_with_only_tracking_parameters_loses_the_question_mark() -> None:
    assert url("https://x.com/a?utm_campaign=x&utm_medium=y").canonical == "https://x.com/a"


def test_empty_path_becomes_slash() -> None:
    assert url("https://example.com").canonical == "https://example.com/"


def test_url_without_scheme_is_taken_as_http() -> None:
    assert url("example.com/path").key == "url:http://example.com/path"


def test_non_default_port_is_kept() -> None:
    assert url("http://example.com:8080/").canonical == "http://example.com:8080/"
    assert url("https://example.com:80/").canonical == "https://example.com:80/"


@pytest.mark.parametrize(
    "raw",
    [
        "hxxps://evil[.]example[.]com/login",
        "hXXps[:]//evil[.]example[.]com/login",
        "https://evil(.)example(.)com/login",
    ],
)
def test_defanged_urls_are_refanged(raw: str) -> None:
    assert url(raw).canonical == "https://evil.example.com/login"


def test_idn_host_is_punycoded_with_unicode_in_details() -> None:
    ident = url("https://ธนาคาร.ไทย/")
    assert ident.details()["host"] == "xn--42c3bd5b5db.xn--o3cw4h"
    assert ident.details()["unicode_host"] == "ธนาคาร.ไทย"
    assert ident.canonical == "https://xn--42c3bd5b5db.xn--o3cw4h/"


def test_non_ascii_path_is_percent_encoded_once() -> None:
    once = url("https://x.com/ทดสอบ").canonical
    assert once == "https://x.com/%E0%B8%97%E0%B8%94%E0%B8%AA%E0%B8%AD%E0%B8%9A"
    assert url(once).canonical == once


def test_percent_escapes_are_normalised() -> None:
    assert url("https://x.com/%7euser/%2f%41").canonical == "https://x.com/~user/%2FA"


def test_url_details_name_the_registered_domain_and_imply_it() -> None:
    ident = url("https://login.scam.blogspot.com/x")
    assert ident.details()["domain"] == "scam.blogspot.com"
    assert [i.key for i in ident.implied()] == ["domain:scam.blogspot.com"]


def test_ip_address_url_is_accepted_without_a_domain() -> None:
    ident = url("http://203.0.113.7:8080/pay")
    assert ident.canonical == "http://203.0.113.7:8080/pay"
    assert ident.details()["domain"] is None
    assert ident.implied() == ()


def test_ipv6_url_is_accepted() -> None:
    assert url("http://[2001:DB8::1]/").canonical == "http://[2001:db8::1]/"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("ftp://example.com/file", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("mailto:someone@example.com", "only http and https"),
        ("http://localhost/", "Public Suffix List"),
        ("http://intranet.corp-notatld/", "Public Suffix List"),
        ("https://exa mple.com/", "no spaces"),
        ("https://a_b.example.com/", "not a valid host name label"),
        ("https://example.com:99999/", "out of range"),
        ("https://example.com:abc/", "not a number"),
        ("https:///path", "no host"),
        ("http://[zz::1]/", "IPv6"),
        ("http://999.1.1.1/", "IPv4"),
        ("https://xn--zz.com/", "internationalised host"),
    ],
)
def test_url_rejections_say_why(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        url(raw)


def test_domain_is_the_registered_domain_in_ascii() -> None:
    ident = domain("www.Example.co.th")
    assert ident.key == "domain:example.co.th"
    assert ident.details() == {
        "host": "www.example.co.th",
        "unicode": "example.co.th",
        "suffix": "co.th",
        "subdomain": "www",
        "private_suffix": False,
    }


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("scam.blogspot.com", "domain:scam.blogspot.com"),
        ("x.github.io", "domain:x.github.io"),
        ("a.b.x.github.io", "domain:x.github.io"),
    ],
)
def test_private_suffixes_make_separate_sites(raw: str, key: str) -> None:
    assert domain(raw).key == key


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.example.com/login?x=1",
        "example.com:8443",
        "EXAMPLE.COM.",
        "example[.]com",
        "domain:example.com",
    ],
)
def test_domain_accepts_hosts_urls_and_www_forms(raw: str) -> None:
    assert domain(raw).key == "domain:example.com"


def test_unicode_domain_keys_in_punycode_with_unicode_in_details() -> None:
    ident = domain("www.例子.中国")
    assert ident.key == "domain:xn--fsqu00a.xn--fiqs8s"
    assert ident.details()["unicode"] == "例子.中国"
    assert domain("xn--fsqu00a.xn--fiqs8s").details()["unicode"] == "例子.中国"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("192.0.2.1", "IP address, not a domain"),
        ("http://[2001:db8::1]/", "IP address, not a domain"),
        ("foo.notatld", "Public Suffix List"),
        ("localhost", "Public Suffix List"),
        ("github.io", "public suffix, not a registered domain"),
        ("co.th", "public suffix, not a registered domain"),
        ("-bad-.com", "not a valid host name label"),
        ("a..com", "not a valid host name label"),
        ("x" * 64 + ".com", "not a valid host name label"),
        ("1.2.3", "last label is a number"),
    ],
)
def test_domain_rejections_say_why(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        domain(raw)
