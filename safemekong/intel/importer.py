"""Bulk import: feed numbered report items to a filing function in batches, keep the score.

The filing function is the hub's (local store) or a remote hub's API; rejected items come back
by batch index and are reported here by their line in the input file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from safemekong.intel.files import Item, LineError

#: Items per batch: large enough to amortise a transaction, small enough to bound memory.
DEFAULT_BATCH = 2000
#: Rejections listed in full in a summary (the count is always exact).
MAX_LISTED_REJECTIONS = 1000


@dataclass
class ImportSummary:
    """What an import did, by count, with the rejected lines and why."""

    created: int = 0
    unchanged: int = 0
    rejected_count: int = 0
    alerts: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, line: int, external_id: object, errors: list[dict[str, str]]) -> None:
        self.rejected_count += 1
        if len(self.rejected) < MAX_LISTED_REJECTIONS:
            self.rejected.append({"line": line, "external_id": external_id, "errors": errors})

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "unchanged": self.unchanged,
            "rejected_count": self.rejected_count,
            "alerts": self.alerts,
            "rejected": self.rejected,
        }


def import_items(
    items: Iterable[tuple[int, Item]],
    submit: Callable[[Sequence[object]], dict[str, Any]],
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Submit ``items`` in batches; ``progress`` is told the last input line done."""
    summary = ImportSummary()
    batch: list[tuple[int, dict[str, Any]]] = []

    def flush() -> None:
        if not batch:
            return
        result = submit([item for _, item in batch])
        for accepted in result["accepted"]:
            if accepted["status"] == "created":
                summary.created += 1
            else:
                summary.unchanged += 1
        for rejected in result["rejected"]:
            summary.reject(
                batch[rejected["index"]][0], rejected.get("external_id"), rejected["errors"]
            )
        summary.alerts += int(result.get("alerts", 0))
        if progress is not None:
            progress(batch[-1][0])
        batch.clear()

    for line, item in items:
        if isinstance(item, LineError):
            summary.reject(line, None, [{"field": f"line {line}", "reason": item.reason}])
            continue
        batch.append((line, item))
        if len(batch) >= batch_size:
            flush()
    flush()
    return summary
