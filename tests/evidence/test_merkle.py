"""The log's Merkle tree is RFC 9162's: heads and proofs match the RFC's definitions, worked
out independently here, the Certificate Transparency test vectors, and pymerkle as an oracle."""

from __future__ import annotations

import hashlib
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pymerkle import InmemoryTree

from safemekong.evidence import merkle
from safemekong.evidence.verify import verify_consistency, verify_inclusion

# The leaves of the Certificate Transparency reference tests, and their roots for sizes 1-8.
CT_LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    bytes(range(0x60, 0x70)),
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


# -- RFC 9162 section 2.1, transcribed literally (recursion on lists of leaves) -------------
def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def rfc_mth(d: list[bytes]) -> bytes:
    if not d:
        return _h(b"")
    if len(d) == 1:
        return _h(b"\x00" + d[0])
    k = _k(len(d))
    return _h(b"\x01" + rfc_mth(d[:k]) + rfc_mth(d[k:]))


def rfc_path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*rfc_path(m, d[:k]), rfc_mth(d[k:])]
    return [*rfc_path(m - k, d[k:]), rfc_mth(d[:k])]


def rfc_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [rfc_mth(d)]
    k = _k(n)
    if m <= k:
        return [*rfc_subproof(m, d[:k], b), rfc_mth(d[k:])]
    return [*rfc_subproof(m - k, d[k:], False), rfc_mth(d[:k])]


def _stored(leaves: list[bytes]) -> merkle.Subtree:
    """Perfect-subtree hashes as the log stores them, built with merkle.new_nodes."""
    nodes: dict[tuple[int, int], bytes] = {}
    for index, leaf in enumerate(leaves):
        for level, idx, digest in merkle.new_nodes(
            index, merkle.leaf_hash(leaf), lambda lv, ix: nodes[(lv, ix)]
        ):
            nodes[(level, idx)] = digest
    return lambda level, idx: nodes[(level, idx)]


LEAVES = [f"leaf {i}".encode() for i in range(70)]
SUBTREE = _stored(LEAVES)


def test_roots_match_the_certificate_transparency_vectors() -> None:
    subtree = _stored(CT_LEAVES)
    for size, expected in enumerate(CT_ROOTS, start=1):
        assert merkle.root(subtree, 0, size).hex() == expected
        assert rfc_mth(CT_LEAVES[:size]).hex() == expected


def test_empty_tree_head_is_the_hash_of_nothing() -> None:
    assert merkle.root(SUBTREE, 0, 0) == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("size", range(1, 70))
def test_heads_and_inclusion_paths_follow_the_rfc_definitions(size: int) -> None:
    d = LEAVES[:size]
    root = merkle.root(SUBTREE, 0, size)
    assert root == rfc_mth(d)
    for m in range(size):
        path = merkle.inclusion_proof(SUBTREE, m, size)
        assert path == rfc_path(m, d)
        assert verify_inclusion(m, size, merkle.leaf_hash(d[m]), path, root)


@pytest.mark.parametrize("second", range(1, 40))
def test_consistency_proofs_follow_the_rfc_definitions(second: int) -> None:
    second_root = rfc_mth(LEAVES[:second])
    for first in range(0, second + 1):
        proof = merkle.consistency_proof(SUBTREE, first, second)
        expected = [] if first in (0, second) else rfc_subproof(first, LEAVES[:second], True)
        assert proof == expected
        first_root = rfc_mth(LEAVES[:first])
        assert verify_consistency(first, second, first_root, second_root, proof)


def test_pymerkle_agrees_on_roots_and_inclusion_paths() -> None:
    oracle = InmemoryTree(algorithm="sha256")
    for leaf in LEAVES[:40]:
        oracle.append_entry(leaf)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for size in range(1, 41):
            assert merkle.root(SUBTREE, 0, size) == oracle.get_state(size)
            for m in range(size):
                theirs = oracle.prove_inclusion(m + 1, size).serialize()["path"]
                # pymerkle lists the leaf itself first, then the RFC's path bottom-up.
                ours = merkle.inclusion_proof(SUBTREE, m, size)
                assert [bytes.fromhex(h) for h in theirs[1:]] == ours


@given(st.integers(1, 69), st.data())
def test_a_proof_for_another_leaf_index_or_root_fails(size: int, data: st.DataObject) -> None:
    m = data.draw(st.integers(0, size - 1))
    root = merkle.root(SUBTREE, 0, size)
    path = merkle.inclusion_proof(SUBTREE, m, size)
    leaf = merkle.leaf_hash(LEAVES[m])
    other = data.draw(st.integers(0, size - 1).filter(lambda x: x != m)) if size > 1 else None
    if other is not None:
        assert not verify_inclusion(other, size, leaf, path, root)
    assert not verify_inclusion(m, size, merkle.leaf_hash(b"forged"), path, root)
    assert not verify_inclusion(m, size, leaf, path, hashlib.sha256(b"x").digest())
    if path:
        assert not verify_inclusion(m, size, leaf, path[:-1], root)


@given(st.integers(2, 69), st.data())
def test_a_fork_or_truncation_fails_the_consistency_check(size: int, data: st.DataObject) -> None:
    first = data.draw(st.integers(1, size - 1))
    proof = merkle.consistency_proof(SUBTREE, first, size)
    first_root, second_root = rfc_mth(LEAVES[:first]), rfc_mth(LEAVES[:size])
    forked = rfc_mth([*LEAVES[: first - 1], b"rewritten"])
    assert not verify_consistency(first, size, forked, second_root, proof)
    assert not verify_consistency(first, size, first_root, forked, proof)
    assert not verify_consistency(size, first, second_root, first_root, proof)


def test_proofs_outside_the_tree_are_refused() -> None:
    with pytest.raises(ValueError):
        merkle.inclusion_proof(SUBTREE, 5, 5)
    with pytest.raises(ValueError):
        merkle.consistency_proof(SUBTREE, 6, 5)
