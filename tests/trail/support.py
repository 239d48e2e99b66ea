"""Helpers for money-trail tests: valid TRON addresses and a hub with a ledger."""

from __future__ import annotations

import hashlib
from pathlib import Path

import base58

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "trail"


def tron_address(n: int) -> str:
    """A valid TRON base58check address made from the number ``n``."""
    payload = b"\x41" + n.to_bytes(20, "big")
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return str(base58.b58encode(payload + check).decode())


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("tx_id,timestamp,from,to,amount,currency\n" + "\n".join(rows) + "\n")
    return path
