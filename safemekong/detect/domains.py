"""Domain and URL verdicts: the lexical model, the impersonation check and named facts combined.

``classify_host`` is pure: give it a host or URL, the model and the brand index, and it returns
a :class:`Verdict` whose reasons say which brand is impersonated and which lexical features
weighed. The hub's own intelligence is added by :mod:`safemekong.detect.service`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from safemekong.detect.brands import BrandIndex, default_index
from safemekong.detect.lexical import HostParts, features, is_numbered_mirror, parse_target
from safemekong.detect.linear import LinearModel
from safemekong.detect.verdict import Reason, Verdict, sorted_reasons

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILE = "domain-model.npz"
META_FILE = "domain-model.json"
LABELS = ("benign", "gambling", "scam")
#: Default decision threshold on 1 - P(benign) when the model card gives none.
DEFAULT_THRESHOLD = 0.5


@dataclass
class DomainModel:
    """The shipped lexical model and its decision threshold (chosen at 0.1% FPR in training)."""

    model: LinearModel
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict[str, object] = field(default_factory=dict)

    def threshold(self, label: str) -> float:
        return self.thresholds.get(label, DEFAULT_THRESHOLD)

    @classmethod
    def load(cls, folder: Path = DATA_DIR) -> DomainModel:
        meta_path = folder / META_FILE
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        thresholds = {str(k): float(v) for k, v in meta.get("thresholds", {}).items()}
        return cls(LinearModel.load(folder / MODEL_FILE), thresholds, meta)


@cache
def default_model() -> DomainModel:
    """The model shipped in the package, loaded once per process."""
    return DomainModel.load()


def _past(p: float, threshold: float) -> float:
    """A decided class's score: 0.5 at its threshold, 1 at certainty."""
    return 0.5 + 0.5 * (p - threshold) / max(1e-9, 1.0 - threshold)


def _describe(token: str) -> str:
    name, _, value = token.partition("=")
    descriptions = {
        "tld": f"top-level domain .{value}",
        "g": f"gambling word {value!r} in the name",
        "sg": f"gambling word {value!r} in a subdomain",
        "s": f"scam word {value!r} in the name",
        "ss": f"scam word {value!r} in a subdomain",
        "p": f"word {value!r} in the path",
        "sub": f"subdomain {value!r}",
        "mirror": f"numbered mirror of the {value!r} family" if value else "numbered mirror name",
        "len": "length of the name",
        "dig": "digits in the name",
        "hyph": "hyphens in the name",
        "depth": "number of subdomain levels",
        "idn": "internationalised (punycode) name",
    }
    if token == "mirror":
        return descriptions["mirror"]
    if value and name in descriptions:
        return descriptions[name]
    return f"letters {token.strip('^$')!r}"


def model_reasons(model: LinearModel, tokens: list[str], label: str, p: float) -> list[Reason]:
    """The model's probability as a reason, with the features that pushed it most."""
    top = model.contributions(tokens, label, top=4)
    said = ", ".join(dict.fromkeys(_describe(t) for t, _ in top))
    return [
        Reason.of(
            "domain-model-cues" if said else "domain-model",
            p,
            {"features": [t for t, _ in top]},
            code=f"model-{label}",
            label=label,
            probability=f"{p:.2f}",
            cues=said,
        )
    ]


def classify_parts(
    parts: HostParts, domain_model: DomainModel, brands: BrandIndex, probabilities: Sequence[float]
) -> Verdict:
    """Combine the model's class probabilities for ``parts`` with the impersonation check."""
    model = domain_model.model
    probs = dict(zip(model.classes, probabilities, strict=True))
    # how far each bad class is past its threshold; above 1 means the class is decided
    ratio = {c: probs.get(c, 0.0) / domain_model.threshold(c) for c in ("gambling", "scam")}
    worst = max(ratio, key=lambda c: ratio[c])
    decided = ratio[worst] >= 1.0
    reasons: list[Reason] = []
    impersonation = brands.check(parts)
    official = brands.is_official(parts.registered)
    if official:
        brand = brands.official[parts.registered]
        reasons.append(
            Reason.of("brand-owned", -1.0, domain=parts.registered, brand=repr(brand.token))
        )
    if is_numbered_mirror(parts.label) and worst == "gambling" and decided:
        reasons.append(Reason.of("numbered-mirror", 0.1, label=repr(parts.label)))
    if official:
        label, score = "benign", 1.0
    elif impersonation:
        label, score = "scam", max(max(r.weight for r in impersonation), probs.get("scam", 0.0))
    elif decided:
        label, score = worst, _past(probs.get(worst, 0.0), domain_model.threshold(worst))
    else:
        label, score = "benign", 1.0 - 0.5 * ratio[worst]
    shown = label if label != "benign" else worst
    if not official:
        reasons.extend(model_reasons(model, features(parts), shown, probs.get(shown, 0.0)))
    return Verdict(
        label,
        float(score),
        sorted_reasons(impersonation) + sorted_reasons(reasons),  # the deciding evidence first
        {
            "host": parts.unicode_host,
            "registered_domain": parts.registered,
            "probabilities": {c: round(float(p), 4) for c, p in probs.items()},
        },
    )


def classify_hosts(
    texts: Sequence[str],
    domain_model: DomainModel | None = None,
    brands: BrandIndex | None = None,
    field_name: str = "input",
) -> list[Verdict]:
    """Verdicts for many hosts or URLs at once (one model call for the batch)."""
    domain_model = domain_model or default_model()
    brands = brands or default_index()
    parts = [parse_target(text, field_name) for text in texts]
    probs = domain_model.model.probabilities([features(p) for p in parts])
    return [
        classify_parts(p, domain_model, brands, row) for p, row in zip(parts, probs, strict=True)
    ]


def classify_host(
    text: str, domain_model: DomainModel | None = None, brands: BrandIndex | None = None
) -> Verdict:
    """Verdict for one domain, host or URL."""
    return classify_hosts([text], domain_model, brands)[0]
