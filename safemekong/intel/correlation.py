"""Correlation of reports into operations: incremental connected components (union-find).

Reports that share a non-benign identifier belong to one operation. The store keeps, for every
identifier, the operation it belongs to; a batch of new reports is planned here, in memory,
from that state, and the plan says which operations to create, which to merge into which, and
where each new report and identifier goes. Pure: no I/O.

Existing operations always survive a merge over new ones, and among existing ones the larger
(then the older) survives, so an operation id an analyst noted stays valid; merged ids are kept
as redirects by the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: Handle of an operation during planning: a positive stored id, or a negative new one.
Handle = int


@dataclass
class LinkPlan:
    """What a batch does to the operations."""

    #: New operations to create (negative handles), with the number of reports each gets.
    new_operations: dict[Handle, int] = field(default_factory=dict)
    #: Stored operations merged away -> the operation (handle) that absorbs them.
    merges: dict[int, Handle] = field(default_factory=dict)
    #: Final operation of each report of the batch, in batch order.
    report_operations: list[Handle] = field(default_factory=list)
    #: Final operation of every linking identifier key of the batch.
    identifier_operations: dict[str, Handle] = field(default_factory=dict)
    #: Reports added to each surviving stored operation (for its size).
    added: dict[int, int] = field(default_factory=dict)


class _UnionFind:
    def __init__(self, sizes: Mapping[int, int]) -> None:
        self.parent: dict[Handle, Handle] = {}
        self.size: dict[Handle, int] = dict(sizes)
        self._next_new = -1

    def new(self) -> Handle:
        handle = self._next_new
        self._next_new -= 1
        self.parent[handle] = handle
        self.size[handle] = 0
        return handle

    def find(self, handle: Handle) -> Handle:
        root = self.parent.setdefault(handle, handle)
        while root != self.parent[root]:
            root = self.parent[root]
        while handle != root:  # path compression
            self.parent[handle], handle = root, self.parent[handle]
        return root

    def _rank(self, handle: Handle) -> tuple[bool, int, int]:
        # Stored operations first, then the larger, then the older (smaller id).
        return (handle > 0, self.size.get(handle, 0), -abs(handle))

    def union(self, handles: Iterable[Handle]) -> Handle:
        roots = {self.find(h) for h in handles}
        winner = max(roots, key=self._rank)
        for root in roots - {winner}:
            self.parent[root] = winner
            self.size[winner] = self.size.get(winner, 0) + self.size.get(root, 0)
        return winner


def plan_links(
    reports: Sequence[Sequence[str]],
    known: Mapping[str, int | None],
    sizes: Mapping[int, int],
) -> LinkPlan:
    """Plan the operations of a batch.

    ``reports`` holds, per new report, the keys of its *linking* identifiers (benign ones
    already left out); ``known`` maps keys already stored to their operation (None if they
    belong to none yet); ``sizes`` gives the report count of the stored operations named in
    ``known``.
    """
    uf = _UnionFind(sizes)
    state: dict[str, Handle] = {k: op for k, op in known.items() if op is not None}
    assigned: list[Handle] = []
    for keys in reports:
        linked = {state[k] for k in keys if k in state}
        root = uf.union(linked) if linked else uf.new()
        uf.size[root] = uf.size.get(root, 0) + 1
        for key in keys:
            state[key] = root
        assigned.append(root)

    plan = LinkPlan()
    plan.report_operations = [uf.find(h) for h in assigned]
    batch_keys = {k for keys in reports for k in keys}
    plan.identifier_operations = {k: uf.find(state[k]) for k in batch_keys}
    for handle in list(uf.parent):
        root = uf.find(handle)
        if handle > 0 and root != handle:
            plan.merges[handle] = root
    for root in plan.report_operations:
        if root < 0:
            plan.new_operations[root] = plan.new_operations.get(root, 0) + 1
        else:
            plan.added[root] = plan.added.get(root, 0) + 1
    return plan
