"""RFC 9162 Merkle tree: tree heads and proofs over stored perfect subtrees (pure functions).

A log stores the hash of every *perfect* subtree (``2**level`` leaves starting at
``index * 2**level``) as it grows; any tree head, inclusion path or consistency proof is then
a handful of lookups. Verification lives in :mod:`safemekong.evidence.verify` so that the hub
and the court's stand-alone verifier run the same code.
"""

from __future__ import annotations

from collections.abc import Callable

from safemekong.evidence.verify import leaf_hash, node_hash, verify_consistency, verify_inclusion

#: ``subtree(level, index)``: hash of the perfect subtree of 2**level leaves at index*2**level.
Subtree = Callable[[int, int], bytes]

EMPTY_ROOT = bytes.fromhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

__all__ = [
    "EMPTY_ROOT",
    "Subtree",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "new_nodes",
    "node_hash",
    "root",
    "verify_consistency",
    "verify_inclusion",
]


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(subtree: Subtree, start: int, end: int) -> bytes:
    """MTH(D[start:end]) (RFC 9162 2.1.1); the empty tree's head is SHA-256 of nothing."""
    n = end - start
    if n == 0:
        return EMPTY_ROOT
    if n & (n - 1) == 0 and start % n == 0:
        return subtree(n.bit_length() - 1, start // n)
    k = _split(n)
    return node_hash(root(subtree, start, start + k), root(subtree, start + k, end))


def inclusion_proof(subtree: Subtree, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) (RFC 9162 2.1.3.1)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    path: list[bytes] = []
    start, end, m = 0, size, index
    while end - start > 1:
        k = _split(end - start)
        if m < k:
            path.append(root(subtree, start + k, end))
            end = start + k
        else:
            path.append(root(subtree, start, start + k))
            start, m = start + k, m - k
    path.reverse()
    return path


def consistency_proof(subtree: Subtree, first: int, second: int) -> list[bytes]:
    """PROOF(first, D[0:second]) (RFC 9162 2.1.4.1); empty when first is 0 or equals second."""
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from size {first} to {second}")
    if first in (0, second):
        return []
    proof: list[bytes] = []
    start, end, m, whole = 0, second, first, True
    while m != end - start:
        k = _split(end - start)
        if m <= k:
            proof.append(root(subtree, start + k, end))
            end = start + k
        else:
            proof.append(root(subtree, start, start + k))
            start, m, whole = start + k, m - k, False
    if not whole:
        proof.append(root(subtree, start, end))
    proof.reverse()
    return proof


def new_nodes(index: int, leaf: bytes, subtree: Subtree) -> list[tuple[int, int, bytes]]:
    """The perfect subtrees completed by appending leaf hash ``leaf`` at ``index``.

    Returns ``(level, index, hash)`` rows to store, starting with the leaf itself.
    """
    rows = [(0, index, leaf)]
    level, at, current = 0, index, leaf
    while at & 1:
        current = node_hash(subtree(level, at - 1), current)
        level, at = level + 1, at >> 1
        rows.append((level, at, current))
    return rows
