"""Detection: gambling, scam and phishing domains, URLs, messages and pages, with reasons.

Library entry points (pure, models loaded once per process from ``data/``):
:func:`classify_host`, :func:`classify_message`, :func:`classify_page`; with the hub's own
intelligence, :class:`safemekong.detect.service.Detector` (``hub.detect``). Every verdict is a
:class:`Verdict` whose ``to_json()`` is ``{"label", "score", "reasons": [...]}``.
"""

from safemekong.detect.domains import classify_host, classify_hosts
from safemekong.detect.messages import classify_message, classify_messages
from safemekong.detect.pages import classify_page
from safemekong.detect.verdict import Reason, Verdict

__all__ = [
    "Reason",
    "Verdict",
    "classify_host",
    "classify_hosts",
    "classify_message",
    "classify_messages",
    "classify_page",
]
