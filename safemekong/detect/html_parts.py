"""The parts of an HTML page the page detector reads, extracted with the standard library parser.

Title, meta description and keywords, visible and hidden text, anchors (href and text, and
whether they sit in a hidden block), scripts, and forms with password fields. Hidden means an
element (or an ancestor) styled ``display:none``, ``visibility:hidden``, ``font-size:0``,
far off-screen, zero-sized, or carrying the ``hidden`` attribute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px)?\s*(?:;|$)|"
    r"(?:left|top|text-indent)\s*:\s*-\d{3,}px|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)",
    re.IGNORECASE,
)
#: A zero-height box hides what overflows it: two searches (the declarations come in any
#: order), not one pattern whose gap between them backtracks quadratically.
_ZERO_HEIGHT = re.compile(r"height\s*:\s*0(?:px)?\s*;", re.IGNORECASE)
_OVERFLOW_HIDDEN = re.compile(r"overflow\s*:\s*hidden", re.IGNORECASE)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})  # fmt: skip
MAX_PAGE = 5_000_000


@dataclass
class Anchor:
    href: str
    text: str
    hidden: bool


@dataclass
class PageParts:
    """What a page says, split by where it says it."""

    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)
    hidden_text: list[str] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    password_fields: int = 0
    forms: list[str] = field(default_factory=list)  # form actions
    headings: list[str] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        return " ".join(self.text)


def _hidden_style(style: str) -> bool:
    if _HIDDEN_STYLE.search(style):
        return True
    return bool(_ZERO_HEIGHT.search(style) and _OVERFLOW_HIDDEN.search(style))


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts = PageParts()
        self._stack: list[tuple[str, bool]] = []
        self._in: str = ""
        self._anchor: Anchor | None = None
        self._script: list[str] = []

    @property
    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        hidden = "hidden" in values or _hidden_style(values.get("style", ""))
        if tag == "meta":
            name = (values.get("name") or values.get("property") or "").lower()
            if name in {"description", "keywords", "og:title", "og:description"}:
                self.parts.meta[name] = values.get("content", "")
            return
        if tag == "input" and values.get("type", "").lower() == "password":
            self.parts.password_fields += 1
        if tag == "form":
            self.parts.forms.append(values.get("action", ""))
        if tag in _VOID:
            return
        self._stack.append((tag, hidden))
        if tag in {"title", "script", "style", "h1", "h2"}:
            self._in = tag
        if tag == "a":
            self._anchor = Anchor(values.get("href", ""), "", self._hidden)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            self.parts.anchors.append(self._anchor)
            self._anchor = None
        if tag == "script" and self._script:
            self.parts.scripts.append("".join(self._script))
            self._script = []
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break
        if tag == self._in:
            self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self._script.append(data)
            return
        if self._in == "style":
            return
        text = " ".join(data.split())
        if not text:
            return
        if self._in == "title":
            self.parts.title += text
            return
        if self._anchor is not None:
            self._anchor.text = f"{self._anchor.text} {text}".strip()
        if self._in in {"h1", "h2"}:
            self.parts.headings.append(text)
        (self.parts.hidden_text if self._hidden else self.parts.text).append(text)


def parse_page(html: str) -> PageParts:
    """Split an HTML document into the parts the detector reads (tolerates broken markup)."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    if parser._script:
        parser.parts.scripts.append("".join(parser._script))
    return parser.parts
