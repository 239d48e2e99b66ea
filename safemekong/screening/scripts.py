"""Which writing system a name is in, from its letters' Unicode blocks."""

from __future__ import annotations

from collections import Counter
from typing import Final

#: Unicode ranges per script, as data: (first, last, script).
RANGES: Final[tuple[tuple[int, int, str], ...]] = (
    (0x0041, 0x024F, "latin"),
    (0x1E00, 0x1EFF, "latin"),  # Latin Extended Additional: Vietnamese letters
    (0x0400, 0x052F, "cyrillic"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0E00, 0x0E7F, "thai"),
    (0x0E80, 0x0EFF, "lao"),
    (0x1000, 0x109F, "burmese"),
    (0xAA60, 0xAA7F, "burmese"),
    (0x1780, 0x17FF, "khmer"),
    (0x19E0, 0x19FF, "khmer"),
    (0x1100, 0x11FF, "hangul"),
    (0xAC00, 0xD7AF, "hangul"),
    (0x3040, 0x30FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xF900, 0xFAFF, "han"),
    (0x20000, 0x2FA1F, "han"),
)

#: Letters only Vietnamese uses among Latin-script languages of the region.
VIETNAMESE_LETTERS: Final = frozenset("ăâđêôơưĂÂĐÊÔƠƯ") | frozenset(
    chr(c) for c in range(0x1EA0, 0x1EFA)
)


def char_script(char: str) -> str | None:
    """The script of one character, or None for digits, punctuation and spaces."""
    code = ord(char)
    if code < 0x41:
        return None
    for first, last, script in RANGES:
        if first <= code <= last:
            if script == "latin" and not char.isalpha():
                return None
            return script
    return "other" if char.isalpha() else None


def detect_script(text: str) -> str:
    """The dominant script of ``text``; Latin text with Vietnamese letters is "vietnamese"."""
    if text.isascii():
        return "latin"
    counts = Counter(s for s in map(char_script, text) if s is not None)
    if not counts:
        return "latin"
    script = counts.most_common(1)[0][0]
    if script == "latin" and any(c in VIETNAMESE_LETTERS for c in text):
        return "vietnamese"
    return script
