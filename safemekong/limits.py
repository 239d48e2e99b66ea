"""Limits every importer enforces before work is done: line length, nesting, entity expansion.

Importers read files and bodies written by others. With these, no single hostile input takes
all memory or stack: a line is never read past its limit; JSON or YAML nested deeper than
:data:`MAX_DEPTH` is refused as broken; and what expands a few kilobytes into gigabytes (the
"billion laughs": XML entities declared in a DTD, YAML aliases) is refused before it is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any, TextIO
from xml.parsers import expat

import yaml
from yaml.nodes import Node

from safemekong.errors import InvalidInput

#: Deepest JSON or YAML nesting accepted (STIX bundles and MISP events need about ten levels).
MAX_DEPTH = 64
_LINE_ENDS = ("\n", "\r")


def loads(text: str | bytes) -> Any:
    """``json.loads`` that refuses nesting deeper than :data:`MAX_DEPTH` with a
    ``JSONDecodeError``, so every importer reports it as the broken JSON it is."""
    try:
        value = json.loads(text)
        deep = too_deep(value)
    except RecursionError:  # deeper than Python's own stack, before MAX_DEPTH is looked at
        deep = True
    if deep:
        raise json.JSONDecodeError(f"nested deeper than {MAX_DEPTH} levels", "", 0)
    return value


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when lists and dicts in ``value`` nest deeper than ``limit`` (read level by level,
    never recursively)."""
    level, nodes = 0, [value]
    while nodes:
        containers = [node for node in nodes if isinstance(node, dict | list)]
        if not containers:
            return False
        level += 1
        if level > limit:
            return True
        nodes = [
            child
            for node in containers
            for child in (node.values() if isinstance(node, dict) else node)
        ]
    return False


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases (nested ones expand exponentially once read) and
    with nesting bounded (its composer recurses once per level)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases (*name) are not accepted")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _date_as_text(loader: _SafeLoader, node: Node) -> Any:
    """Dates stay text: PyYAML makes a date of any YYYY-MM-DD scalar and raises ValueError, not
    a YAMLError, for one such as 2024-22-26."""
    return loader.construct_yaml_str(node)


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_as_text)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` without aliases, with nesting bounded and dates kept as text;
    YAMLError otherwise."""
    return yaml.load(text, Loader=_SafeLoader)


def lines(stream: TextIO, limit: int) -> Iterator[str | None]:
    """The lines of ``stream`` (with their ends); None for a line longer than ``limit``
    characters, whose rest is skipped without ever being held in memory."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(_LINE_ENDS):
            yield line
            continue
        while line and not line.endswith(_LINE_ENDS):
            line = stream.readline(limit)
        yield None


def csv_lines(stream: TextIO, limit: int, where: str = "line") -> Iterator[str]:
    """Lines for a ``csv`` reader; InvalidInput (``<where> <number>``) naming the first line
    longer than ``limit``."""
    for number, line in enumerate(lines(stream, limit), start=1):
        if line is None:
            raise InvalidInput(f"{where} {number}", f"is longer than {limit} characters")
        yield line


class _Declared(Exception):
    """Raised from expat's handlers at the first DOCTYPE or entity declaration."""


def check_xml(source: bytes | IO[bytes], field: str) -> None:
    """InvalidInput naming ``field`` when the XML ``source`` declares a DTD or names an encoding
    expat cannot read. Expat itself reads it (with handlers for nothing else, so it is fast):
    no encoding, comment or CDATA section hides a declaration. XML malformed in other ways is
    left to the importer's own parser, which says where."""

    def declared(*_: object) -> None:
        raise _Declared

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = declared
    parser.EntityDeclHandler = declared
    try:
        if isinstance(source, bytes):
            parser.Parse(source, True)
        else:
            parser.ParseFile(source)
    except _Declared:
        raise InvalidInput(
            field, "XML with a DOCTYPE or entity declarations is refused (entity expansion)"
        ) from None
    except (LookupError, ValueError) as exc:  # an unknown or a multi-byte encoding
        raise InvalidInput(field, f"XML in an unsupported encoding ({exc})") from None
    except expat.ExpatError:
        pass
