"""Training of the shipped models from the permitted sets (``safemekong detect train``).

Pure given the samples: the front doors read the data folder, these functions fit and return
:class:`LinearModel` objects and a model card. Seeds are fixed so a rerun gives the same files.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from safemekong.detect import datasets
from safemekong.detect.datasets import Sample
from safemekong.detect.lexical import HostParts, features, parse_target
from safemekong.detect.linear import LinearModel, hasher, l2_rows
from safemekong.errors import InvalidInput

SEED = 7
DOMAIN_FEATURES = 2**20
MESSAGE_FEATURES = 2**19
#: Hosts kept per registered domain, so one phishing kit's thousand subdomains do not dominate.
MAX_HOSTS_PER_DOMAIN = 3
#: Progress steps :func:`train_all` reports (one ``say`` call each).
STEPS = 5


def fit_linear(
    token_lists: Sequence[list[str]],
    labels: Sequence[str],
    n_features: int,
    alpha: float = 2e-6,
    epochs: int = 12,
    intercept: bool = True,
) -> LinearModel:
    """Logistic regression by SGD on hashed, L2-normalised token counts (classes balanced)."""
    from sklearn.linear_model import SGDClassifier

    matrix = l2_rows(hasher(n_features).transform(token_lists))
    model = SGDClassifier(
        loss="log_loss",
        alpha=alpha,
        max_iter=epochs,
        tol=None,
        class_weight="balanced",
        random_state=SEED,
        average=True,
        fit_intercept=intercept,
    )
    model.fit(matrix, list(labels))
    return LinearModel.from_estimator(model, n_features)


def host_parts(samples: Sequence[Sample]) -> tuple[list[HostParts], list[str], list[Sample]]:
    """Parse sample hosts, dropping those that are not valid host names."""
    parts, labels, kept = [], [], []
    for sample in samples:
        try:
            parsed = parse_target(sample.text)
        except InvalidInput:
            continue
        parts.append(parsed)
        labels.append(sample.label)
        kept.append(sample)
    return parts, labels, kept


def domain_training_set(data: Path, permitted_only: bool = True) -> list[Sample]:
    """Positives and benign hosts, overlap removed and capped per registered domain."""
    positives = [s for s in datasets.positive_hosts(data) if datasets.permitted(s.source)]
    benign = [s for s in datasets.benign_hosts(data) if datasets.permitted(s.source)]
    if not permitted_only:  # pragma: no cover - benches add research sets explicitly
        pass
    positive_hosts = {s.text for s in positives}
    parts, _, kept = host_parts(positives)
    positive_domains = {p.registered for p in parts}
    per_domain: Counter[str] = Counter()
    capped = []
    for part, sample in zip(parts, kept, strict=True):
        per_domain[part.registered] += 1
        if per_domain[part.registered] <= MAX_HOSTS_PER_DOMAIN:
            capped.append(sample)
    bparts, _, bkept = host_parts(benign)
    clean = [
        s
        for p, s in zip(bparts, bkept, strict=True)
        if s.text not in positive_hosts and p.registered not in positive_domains
    ]
    return capped + clean


def train_domain_model(samples: Sequence[Sample]) -> LinearModel:
    parts, labels, _ = host_parts(samples)
    return fit_linear([features(p) for p in parts], labels, DOMAIN_FEATURES)


def group_split(
    keys: Sequence[str], test_share: float = 0.2, seed: int = SEED
) -> tuple[list[int], list[int]]:
    """Indices of a train/test split where every key (brand family) sits on one side only."""
    unique = sorted(set(keys))
    random.Random(seed).shuffle(unique)
    test_keys = set(unique[: int(len(unique) * test_share)])
    train: list[int] = []
    test: list[int] = []
    for i, key in enumerate(keys):
        (test if key in test_keys else train).append(i)
    return train, test


def by_label(samples: Sequence[Sample]) -> dict[str, list[Sample]]:
    groups: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        groups[sample.label].append(sample)
    return dict(groups)


ProgressFn = Callable[[str], Any]


def threshold_at_fpr(benign_scores: Sequence[float], fpr: float) -> float:
    """The smallest score threshold whose false-positive rate on ``benign_scores`` is ≤ ``fpr``."""
    import numpy as np

    ranked = np.sort(np.asarray(benign_scores, dtype=np.float64))[::-1]
    allowed = int(len(ranked) * fpr)
    if len(ranked) == 0:
        return 0.5
    return float(np.nextafter(ranked[allowed], 1.0)) if allowed < len(ranked) else 0.0


def recall_at(scores: Sequence[float], threshold: float) -> float:
    return sum(s >= threshold for s in scores) / max(1, len(scores))


def class_thresholds(
    classes: Sequence[str], probs: Any, labels: Sequence[str], fpr: float
) -> tuple[dict[str, float], dict[str, float]]:
    """Per class, the P(class) threshold with ``fpr`` false positives on the benign rows, and
    the recall of that class's rows at it."""
    benign = [i for i, y in enumerate(labels) if y == "benign"]
    thresholds, recalls = {}, {}
    for column, label in enumerate(classes):
        if label == "benign":
            continue
        threshold = threshold_at_fpr([float(probs[i, column]) for i in benign], fpr)
        thresholds[label] = round(threshold, 6)
        mine = [float(probs[i, column]) for i, y in enumerate(labels) if y == label]
        recalls[label] = round(recall_at(mine, threshold), 4)
    return thresholds, recalls


def train_all(data: Path, out: Path, say: ProgressFn = print, fpr: float = 0.001) -> dict[str, Any]:
    """Train the shipped domain and message models from the permitted sets in ``data``.

    Writes ``domain-model.npz/.json``, ``message-model.npz/.json`` and ``MODEL_CARD.md`` to
    ``out`` and returns the card's facts. The domain threshold is the one that keeps the false
    positive rate at ``fpr`` on benign hosts held out by brand family.
    """
    import json
    from datetime import UTC, datetime

    from safemekong.detect import own_messages
    from safemekong.detect.lexical import family
    from safemekong.detect.messages import tokens

    datasets.require_dir(data)
    out.mkdir(parents=True, exist_ok=True)
    say("reading host lists")
    samples = domain_training_set(data)
    parts, labels, kept = host_parts(samples)
    if not parts:
        raise InvalidInput("data", f"no permitted host lists found in {data}")
    say(f"hashing {len(parts)} hosts")
    token_lists = [features(p) for p in parts]
    keys = [
        family(p.label) if y != "benign" else p.registered
        for p, y in zip(parts, labels, strict=True)
    ]
    train_idx, test_idx = group_split(keys)
    say("fitting the held-out model (split by brand family)")
    held = fit_linear(
        [token_lists[i] for i in train_idx], [labels[i] for i in train_idx], DOMAIN_FEATURES
    )
    probs = held.probabilities([token_lists[i] for i in test_idx])
    test_labels = [labels[i] for i in test_idx]
    thresholds, held_out = class_thresholds(held.classes, probs, test_labels, fpr / 2)
    say("fitting the domain model on every permitted host")
    domain_model = fit_linear(token_lists, labels, DOMAIN_FEATURES)
    domain_model.save(out / "domain-model.npz")
    today = datetime.now(UTC).date().isoformat()
    domain_meta = {
        "trained": today,
        "thresholds": thresholds,
        "target_fpr": fpr,
        "held_out_recall_at_threshold": held_out,
        "samples": datasets.label_counts(kept),
        "features": DOMAIN_FEATURES,
    }
    (out / "domain-model.json").write_text(json.dumps(domain_meta, indent=2) + "\n")

    say("fitting the message model")
    message_samples = [s for s in datasets.messages(data) if datasets.permitted(s.source)]
    message_samples += own_messages.expand()
    message_model = fit_linear(
        [tokens(s.text) for s in message_samples],
        [s.label for s in message_samples],
        MESSAGE_FEATURES,
        alpha=1e-5,
        intercept=False,  # no class prior: text in a language it barely saw is judged on cues
    )
    message_model.save(out / "message-model.npz")
    message_meta = {
        "trained": today,
        "threshold": 0.5,
        "samples": datasets.label_counts(message_samples),
        "features": MESSAGE_FEATURES,
    }
    (out / "message-model.json").write_text(json.dumps(message_meta, indent=2) + "\n")
    card = {"domain": domain_meta, "message": message_meta}
    (out / "MODEL_CARD.md").write_text(model_card(card))
    return card


def model_card(card: dict[str, Any]) -> str:
    """The model card: data and licences, split, metrics, date."""
    domain, message = card["domain"], card["message"]
    lines = [
        "# SafeMekong detection models",
        "",
        f"Trained {domain['trained']} by `safemekong detect train` from the permitted sets of "
        "`shared/data/detect` only (MIT, Apache-2.0, CC BY, Unlicense) plus SafeMekong's own "
        "message set (`safemekong/detect/own_messages.py`). GPL-3.0 and unlicensed sets "
        "(ScamSniffer, the Vietnamese, Thai, Indonesian and Chinese SMS sets) are used for "
        "evaluation only, in `bench/run_detect.py`.",
        "",
        "Both models are logistic regressions (scikit-learn SGD, log loss, balanced classes) over "
        "hashed features, stored as arrays (`.npz`): no pickle, nothing downloaded at run time.",
        "",
        "## Domain model (benign, gambling, scam)",
        "",
        "Features: character 3–5-grams of the registered name, TLD, length, digits, hyphens, "
        "numbered-mirror pattern, gambling and scam vocabulary in the name and subdomains, "
        "URL path words.",
        "",
        f"Decision: gambling or scam when P(class) reaches the class's threshold "
        f"{domain['thresholds']}, each chosen to keep false positives at "
        f"{domain['target_fpr'] / 2:.2%} (so ≤ {domain['target_fpr']:.1%} together) on benign "
        "hosts held out by brand family (20% of families; numbered mirrors of one brand never "
        "on both sides).",
        "",
        f"Held-out recall at that threshold: {domain['held_out_recall_at_threshold']}.",
        "",
        "| source | labels |",
        "|---|---|",
        *[f"| {s} | {c} |" for s, c in domain["samples"].items()],
        "",
        "## Message model (benign, spam, scam)",
        "",
        "Features: character 2–4-grams and words of the NFKC lower-cased text with URLs, phone "
        "numbers and digits folded to placeholders, plus the typology cues of `typology.py` "
        "(shared across languages). Fitted without an intercept, so a message in a language the "
        "model barely saw is judged on its cues and n-grams, not on a class prior.",
        "",
        "| source | labels |",
        "|---|---|",
        *[f"| {s} | {c} |" for s, c in message["samples"].items()],
        "",
        "Measured results, per language and against the baselines, are in `docs/benchmarks.md`.",
        "",
    ]
    return "\n".join(lines)
