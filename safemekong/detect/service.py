"""Detection with the hub's own intelligence: verdicts plus what the store knows, by policy.

:class:`Detector` wraps the pure classifiers. For a domain or URL it also asks the store whether
the registered domain was already reported or linked to an operation, through the same lookup
(and so the same visibility rule) as ``GET /api/v1/lookup``: a domain seen only in reports the
caller may not see adds nothing to the verdict.
"""

from __future__ import annotations

from typing import Any

from safemekong.detect.domains import classify_host
from safemekong.detect.messages import classify_message
from safemekong.detect.pages import classify_page
from safemekong.detect.verdict import Reason, Verdict, sorted_reasons
from safemekong.errors import InvalidInput
from safemekong.identifiers import parse
from safemekong.identifiers.base import IdentifierError
from safemekong.intel import lookup
from safemekong.intel.warninglist import WarningList
from safemekong.policy.audit import record_read
from safemekong.policy.principals import Permission, Principal, require
from safemekong.store import Store

#: Weights of the hub's own evidence.
OPERATION_WEIGHT = 0.99
REPORTED_WEIGHT = 0.9
#: Report typologies that make a known domain a gambling one rather than a scam.
GAMBLING_TYPOLOGIES = frozenset({"gambling", "illegal-gambling", "gambling-promotion"})


class Detector:
    """The detection capability over one store, as the hub exposes it (``hub.detect``)."""

    def __init__(self, store: Store, warning_list: WarningList) -> None:
        self.store = store
        self.warning_list = warning_list

    def host(self, principal: Principal, text: str) -> Verdict:
        """Verdict for a domain or URL, with the hub's sightings and operation as evidence."""
        require(principal, Permission.READ)
        verdict = classify_host(text)
        return self._with_intelligence(principal, verdict)

    def message(self, principal: Principal, text: str) -> Verdict:
        """Verdict for a message; the links in it are checked as hosts too."""
        require(principal, Permission.READ)
        verdict = classify_message(text)
        link_reasons = []
        worst: Verdict | None = None
        for link in verdict.extra.get("urls", [])[:5]:
            try:
                host = self._with_intelligence(principal, classify_host(link))
            except InvalidInput:  # a malformed link in a message is not the caller's error
                continue
            if host.label != "benign":
                link_reasons.append(
                    Reason.of(
                        "link",
                        host.score,
                        {"url": link, "verdict": host.to_json()},
                        code=f"link-{host.label}",
                        url=link,
                        label=host.label,
                        reason=host.reasons[0].text,
                    )
                )
                worst = host if worst is None or host.score > worst.score else worst
        if worst is None:
            return verdict
        label, score = verdict.label, verdict.score
        if worst.score > (score if label != "benign" else 0.0):
            label = "scam" if worst.label == "scam" else ("spam" if label == "benign" else label)
            score = worst.score
        return Verdict(
            label, score, sorted_reasons([*verdict.reasons, *link_reasons]), verdict.extra
        )

    def page(self, principal: Principal, html: str, url: str = "") -> Verdict:
        """Verdict for an HTML page (SEO injection, or a gambling, investment or phishing site)."""
        require(principal, Permission.READ)
        return classify_page(html, url)

    def _with_intelligence(self, principal: Principal, verdict: Verdict) -> Verdict:
        domain = verdict.extra.get("registered_domain")
        if not domain:
            return verdict
        try:
            identifier = parse("domain", domain)
        except IdentifierError:
            return verdict
        with self.store.read() as conn:
            known = lookup.lookup(conn, principal, identifier, self.warning_list, limit=5).body
        record_read(
            self.store,
            principal,
            "read:detect",
            {s["agency"] for s in known["sightings"]},
            {"key": identifier.key, "reports": [s["report_id"] for s in known["sightings"]]},
        )
        return merge_intelligence(verdict, known)


def merge_intelligence(verdict: Verdict, known: dict[str, Any]) -> Verdict:
    """Add what the hub knows (a lookup result) to a host verdict."""
    reasons: list[Reason] = []
    label, score = verdict.label, verdict.score
    operation = known.get("operation")
    total = int(known.get("sightings_total", 0))
    warning = known["identifier"].get("warning_list")
    if operation:
        typologies = set(operation.get("typologies", {}))
        label = "gambling" if typologies and typologies <= GAMBLING_TYPOLOGIES else "scam"
        score = max(score, OPERATION_WEIGHT) if verdict.label != "benign" else OPERATION_WEIGHT
        reasons.append(
            Reason.of(
                "known-operation",
                OPERATION_WEIGHT,
                {"operation_id": operation["id"], "typologies": sorted(typologies)},
                operation=operation["id"],
                count=operation["reports"],
                agencies=", ".join(operation["agencies"]),
            )
        )
    elif total:
        label = "scam" if verdict.label == "benign" else verdict.label
        score = max(score, REPORTED_WEIGHT) if verdict.label != "benign" else REPORTED_WEIGHT
        reasons.append(Reason.of("reported", REPORTED_WEIGHT, {"sightings": total}, count=total))
    if warning:
        reasons.append(
            Reason.of("warning-list", -0.5, list=warning["list"], reason=warning["reason"])
        )
    extra = {
        **verdict.extra,
        "hub": {"sightings": total, "operation_id": operation["id"] if operation else None},
    }
    # the hub's own evidence decides, so it is read first
    return Verdict(label, score, (*sorted_reasons(reasons), *verdict.reasons), extra)
