"""Message verdicts (scam, spam, benign) for SMS and chat text in the region's languages.

Zawgyi is detected first, then the language; a hashed character n-gram model scores the text
(n-grams work across scripts with and without spaces), and a typology table names the scam
script the message follows. URLs found in the text are reported so a caller can check them
with the domain detector.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from safemekong.detect.language import Language, detect_language
from safemekong.detect.linear import LinearModel
from safemekong.detect.typology import typology_hints
from safemekong.detect.verdict import Reason, Verdict, sorted_reasons
from safemekong.errors import InvalidInput
from safemekong.identifiers.text import valid_unicode

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILE = "message-model.npz"
META_FILE = "message-model.json"
MAX_MESSAGE = 10_000
DEFAULT_THRESHOLD = 0.5
#: How many times a typology cue feature is counted (its weight against the n-grams).
CUE_REPEAT = 4

#: Labels are bounded (DNS allows 63 characters, hosts seldom ten labels): unbounded repeats
#: backtrack quadratically over a long run such as "a.a.a.…".
_URL = re.compile(
    r"(?:https?://)?(?:[a-z0-9-]{1,63}\.){1,10}(?:com|net|org|info|top|xyz|vip|cc|co|me|ly|vn|"
    r"th|id|ph|cn|online|site|link|live|shop|club|io|app)(?:/[^\s]*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\+?\d[\d\s.-]{7,}\d")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")


@dataclass
class MessageModel:
    model: LinearModel
    threshold: float = DEFAULT_THRESHOLD
    meta: dict[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path = DATA_DIR) -> MessageModel:
        meta_path = folder / META_FILE
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        return cls(
            LinearModel.load(folder / MODEL_FILE),
            float(meta.get("threshold", DEFAULT_THRESHOLD)),
            meta,
        )


@cache
def default_model() -> MessageModel:
    return MessageModel.load()


def normalise(text: str) -> str:
    """Lower-case NFKC text with URLs, phone numbers and digits folded to placeholders."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _URL.sub(" ⟨url⟩ ", text)
    text = _PHONE.sub(" ⟨tel⟩ ", text)
    text = _DIGIT.sub("0", text)
    return _SPACE.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """Character 2–4-grams of the normalised text, words, URL/phone flags, typology cues."""
    norm = normalise(text)
    padded = f" {norm} "
    grams = [padded[i : i + n] for n in (2, 3, 4) for i in range(len(padded) - n + 1)]
    words = [f"w={w}" for w in norm.split() if len(w) > 1]
    flags = [f"has={name}" for name in ("⟨url⟩", "⟨tel⟩") if name in norm]
    # typology cues are shared across languages, so what English data teaches about them
    # carries over to languages with little training data
    cues = [f"typ={hint.typology}" for hint in typology_hints(text) for _ in range(CUE_REPEAT)]
    return grams + words + flags + cues


def urls_in(text: str) -> list[str]:
    return [m.group(0) for m in _URL.finditer(text)][:20]


def check_text(text: str, field_name: str = "text") -> str:
    if not text or not text.strip():
        raise InvalidInput(field_name, "is required")
    if len(text) > MAX_MESSAGE:
        raise InvalidInput(field_name, f"is longer than {MAX_MESSAGE} characters")
    if not valid_unicode(text):
        raise InvalidInput(field_name, "is not valid Unicode text (a lone surrogate)")
    return text


def verdict_for(
    text: str, language: Language, probs: dict[str, float], message_model: MessageModel
) -> Verdict:
    """Combine model probabilities, language and typology hints into one verdict."""
    bad = 1.0 - probs.get("benign", 0.0)
    worst = max(("scam", "spam"), key=lambda c: probs.get(c, 0.0))
    label = worst if bad >= message_model.threshold else "benign"
    score = bad if label != "benign" else probs.get("benign", 0.0)
    reasons: list[Reason] = []
    top = message_model.model.contributions(tokens(text), worst, top=5)
    said = ", ".join(repr(t.removeprefix("w=").strip()) for t, _ in top)
    reasons.append(
        Reason.of(
            "message-model-cues" if said else "message-model",
            probs.get(worst, 0.0),
            {"features": [t for t, _ in top]},
            code=f"model-{worst}",
            label=worst,
            probability=f"{probs.get(worst, 0.0):.2f}",
            cues=said,
        )
    )
    hints = typology_hints(text)
    for hint in hints[:3]:
        reasons.append(
            Reason.of(
                "typology",
                0.0,
                {"typology": hint.typology, "cues": list(hint.cues)},
                code=f"typology-{hint.typology}",
                typology=hint.typology.replace("-", " "),
                cues=", ".join(hint.cues[:4]),
            )
        )
    links = urls_in(text)
    if links:
        reasons.append(Reason.of("has-links", 0.0, links=", ".join(links[:5])))
    if language.zawgyi:
        reasons.append(Reason.of("zawgyi", 0.0))
    return Verdict(
        label,
        float(score),
        sorted_reasons(reasons),
        {
            "language": language.to_json(),
            "typologies": [h.typology for h in hints],
            "urls": links,
            "probabilities": {c: round(float(p), 4) for c, p in probs.items()},
        },
    )


def classify_messages(
    texts: Sequence[str], message_model: MessageModel | None = None, field_name: str = "text"
) -> list[Verdict]:
    """Verdicts for many messages (one model call for the batch)."""
    message_model = message_model or default_model()
    for text in texts:
        check_text(text, field_name)
    matrix = message_model.model.probabilities([tokens(t) for t in texts])
    classes = message_model.model.classes
    return [
        verdict_for(
            text, detect_language(text), dict(zip(classes, row, strict=True)), message_model
        )
        for text, row in zip(texts, matrix, strict=True)
    ]


def classify_message(text: str, message_model: MessageModel | None = None) -> Verdict:
    """Verdict for one SMS or chat message."""
    return classify_messages([text], message_model)[0]
