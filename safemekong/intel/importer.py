"""Bulk import: feed numbered report items to a filing function in batches, keep the score.

The filing function is the hub's (local store) or a remote hub's API; rejected items come back
by batch index and are reported here by their line in the input file.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    file_batches: Callable[[Iterable[Sequence[object]]], Iterable[dict[str, Any]]],
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Hand ``items`` to ``file_batches`` in batches (it answers one result per batch, in
    order); ``progress`` is told the last input line done."""
    summary = ImportSummary()
    lines_of: deque[list[int]] = deque()  # input lines of the batches handed out, in order

    def batches() -> Iterator[list[object]]:
        lines: list[int] = []
        batch: list[object] = []
        for line, item in items:
            if isinstance(item, LineError):
                summary.reject(line, None, [{"field": f"line {line}", "reason": item.reason}])
                continue
            lines.append(line)
            batch.append(item)
            if len(batch) >= batch_size:
                lines_of.append(lines)
                yield batch
                lines, batch = [], []
        if batch:
            lines_of.append(lines)
            yield batch

    for result in file_batches(batches()):
        lines = lines_of.popleft()
        for accepted in result["accepted"]:
            if accepted["status"] == "created":
                summary.created += 1
            else:
                summary.unchanged += 1
        for rejected in result["rejected"]:
            line = lines[rejected["index"]]
            summary.reject(line, rejected.get("external_id"), rejected["errors"])
        summary.alerts += int(result.get("alerts", 0))
        if progress is not None:
            progress(lines[-1])
    # Batches are read ahead of their results: list the rejections in input order.
    summary.rejected.sort(key=lambda rejection: int(rejection["line"]))
    return summary
