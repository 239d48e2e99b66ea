"""Crypto wallet addresses: chain plus address, with the chain's checksum verified.

TRON (base58check, version 0x41), EVM chains (``0x`` + 40 hex, EIP-55 checksum; every EVM
network is keyed as ``eth`` and the network given is kept as a detail), Bitcoin (base58check
P2PKH/P2SH, bech32 segwit v0 and bech32m v1+ per BIP-173 and BIP-350).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import base58
import bech32
from Crypto.Hash import keccak

from safemekong.identifiers.base import Identifier, Reject


class Network(NamedTuple):
    """A network name as people write it, the chain it is keyed under, its canonical name."""

    chain: str
    network: str


#: Network and token-standard names as they appear in reports, folded to lower case.
NETWORKS: dict[str, Network] = {
    "tron": Network("tron", "tron"),
    "trx": Network("tron", "tron"),
    "trc20": Network("tron", "tron"),
    "trc10": Network("tron", "tron"),
    "eth": Network("eth", "ethereum"),
    "ethereum": Network("eth", "ethereum"),
    "erc20": Network("eth", "ethereum"),
    "evm": Network("eth", "ethereum"),
    "bsc": Network("eth", "bsc"),
    "bep20": Network("eth", "bsc"),
    "bnb": Network("eth", "bsc"),
    "polygon": Network("eth", "polygon"),
    "matic": Network("eth", "polygon"),
    "arbitrum": Network("eth", "arbitrum"),
    "arb": Network("eth", "arbitrum"),
    "optimism": Network("eth", "optimism"),
    "op": Network("eth", "optimism"),
    "base": Network("eth", "base"),
    "avalanche": Network("eth", "avalanche"),
    "avax": Network("eth", "avalanche"),
    "btc": Network("btc", "bitcoin"),
    "bitcoin": Network("btc", "bitcoin"),
    "omni": Network("btc", "bitcoin"),
}
#: Token names that may stand before the network (``USDT-TRC20``); kept as the ``asset`` detail.
ASSETS: frozenset[str] = frozenset({"usdt", "usdc", "dai", "busd", "tusd", "fdusd"})
#: The chain's native coin, when the word given was a coin rather than a network.
_NATIVE_ASSET: dict[str, str] = {"trx": "TRX", "bnb": "BNB", "matic": "MATIC", "avax": "AVAX"}

_WORD = re.compile(r"[A-Za-z0-9]+")
_TRON = re.compile(r"T[1-9A-HJ-NP-Za-km-z]{33}")
_TRON_HEX = re.compile(r"41[0-9a-fA-F]{40}")
_EVM = re.compile(r"0[xX][0-9a-fA-F]{40}")
_BASE58_BTC = re.compile(r"[13][1-9A-HJ-NP-Za-km-z]{24,34}")
_BECH32_BTC = re.compile(r"(?:bc|BC)1[0-9A-Za-z]{6,87}")
_BTC_VERSIONS: dict[int, str] = {0x00: "p2pkh", 0x05: "p2sh"}
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3
_MAX_CHARS = 200


@dataclass(frozen=True, eq=False, kw_only=True)
class WalletAddress(Identifier):
    """A wallet address on one chain (``tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t``)."""

    type: ClassVar[str] = "wallet"

    chain: str
    address: str
    network: str
    address_type: str
    asset: str | None = None


def parse_wallet(text: str, default_region: str | None = None) -> WalletAddress:
    """Parse ``chain:address``, ``USDT-TRC20 T…``, ``erc20:0x…`` or a bare address."""
    if len(text) > _MAX_CHARS:
        raise Reject(f"longer than {_MAX_CHARS} characters for a wallet address")
    prefix, address = _split(text)
    network, asset = _network_and_asset(prefix)
    chain, canonical, address_type = _address(address, network)
    return WalletAddress(
        f"{chain}:{canonical}",
        chain=chain,
        address=canonical,
        network=network.network if network else _DEFAULT_NETWORK[chain],
        address_type=address_type,
        asset=asset,
    )


_DEFAULT_NETWORK = {"tron": "tron", "eth": "ethereum", "btc": "bitcoin"}


def _split(text: str) -> tuple[str, str]:
    """Split the network/asset words from the address (the last word)."""
    text = text.strip()
    if text[:8].lower() in ("bitcoin:", "ethereum"):  # BIP-21 and EIP-681 URIs
        text = re.split(r"[?@/]", text, maxsplit=1)[0]
    cut = max(text.rfind(" "), text.rfind(":"), text.rfind("\t"))
    return text[: cut + 1], text[cut + 1 :]


def _network_and_asset(prefix: str) -> tuple[Network | None, str | None]:
    network, asset = None, None
    for word in _WORD.findall(prefix.lower()):
        if word in NETWORKS:
            if network is not None and NETWORKS[word] != network:
                raise Reject(f"names two networks ({network.network} and {word})")
            network = NETWORKS[word]
            asset = asset or _NATIVE_ASSET.get(word)
        elif word in ASSETS:
            asset = word.upper()
        else:
            raise Reject(f"{word!r} is not a known network or token (tron, erc20, bep20, btc …)")
    return network, asset


def _address(address: str, network: Network | None) -> tuple[str, str, str]:
    """Chain, canonical address and address type, checksum verified."""
    if not address:
        raise Reject("no address")
    chain = _chain_of(address, network)
    if network is not None and chain != network.chain:
        raise Reject(f"a {network.network} address cannot look like this {chain} address")
    if chain == "tron":
        return chain, _tron(address), "account"
    if chain == "eth":
        return chain, eip55(address), "account"
    canonical, address_type = _bitcoin(address)
    return chain, canonical, address_type


def _chain_of(address: str, network: Network | None) -> str:
    if _TRON.fullmatch(address) or (
        network is not None and network.chain == "tron" and _TRON_HEX.fullmatch(address)
    ):
        return "tron"
    if _EVM.fullmatch(address):
        return "eth"
    if _BASE58_BTC.fullmatch(address) or _BECH32_BTC.fullmatch(address):
        return "btc"
    raise Reject(
        "not a wallet address: TRON T… (34), EVM 0x + 40 hex, Bitcoin 1…/3…/bc1…"
        if network is None
        else f"not a {network.network} address"
    )


def _tron(address: str) -> str:
    if _TRON_HEX.fullmatch(address):  # the hex form TRON's APIs return
        return base58.b58encode_check(bytes.fromhex(address)).decode("ascii")
    payload = _base58check(address)
    if len(payload) != 21 or payload[0] != 0x41:
        raise Reject("not a TRON address (version byte is not 0x41)")
    return address


def eip55(address: str) -> str:
    """The EIP-55 checksummed form; Reject a mixed-case address whose checksum is wrong."""
    hex_part = address[2:]
    lower = hex_part.lower()
    digest = keccak.new(digest_bits=256, data=lower.encode("ascii")).hexdigest()
    checksummed = "".join(
        char.upper() if int(nibble, 16) >= 8 else char
        for char, nibble in zip(lower, digest, strict=False)
    )
    if hex_part not in (lower, hex_part.upper()) and hex_part != checksummed:
        raise Reject("the EIP-55 mixed-case checksum does not match")
    return "0x" + checksummed


def _bitcoin(address: str) -> tuple[str, str]:
    if address[:3].lower() == "bc1":
        return _segwit(address)
    payload = _base58check(address)
    if len(payload) != 21 or payload[0] not in _BTC_VERSIONS:
        raise Reject("not a Bitcoin mainnet address (version byte)")
    return address, _BTC_VERSIONS[payload[0]]


def _base58check(address: str) -> bytes:
    try:
        number = base58.b58decode_int(address)
    except ValueError as exc:
        raise Reject("not base58") from exc
    # The same bytes as base58.b58decode, in half the time (its byte loop is pure Python).
    zeros = len(address) - len(address.lstrip("1"))
    raw = bytes(zeros) + number.to_bytes((number.bit_length() + 7) // 8, "big")
    payload, check = raw[:-4], raw[-4:]
    if len(raw) < 5 or hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        raise Reject("the base58check checksum does not match")
    return payload


def _segwit(address: str) -> tuple[str, str]:
    """Decode a bech32/bech32m Bitcoin address per BIP-173 and BIP-350."""
    if address.lower() != address and address.upper() != address:
        raise Reject("a bech32 address is all lower-case or all upper-case")
    lower = address.lower()
    if len(lower) > 90:
        raise Reject("a bech32 address has at most 90 characters")
    hrp, _, data_part = lower.rpartition("1")
    if hrp != "bc" or any(char not in bech32.CHARSET for char in data_part):
        raise Reject("not a bech32 Bitcoin address")
    data = [bech32.CHARSET.index(char) for char in data_part]
    if len(data) < 7:
        raise Reject("too short for a bech32 address")
    const = bech32.bech32_polymod(bech32.bech32_hrp_expand(hrp) + data)
    if const not in (_BECH32_CONST, _BECH32M_CONST):
        raise Reject("the bech32 checksum does not match")
    version, program = data[0], bech32.convertbits(data[1:-6], 5, 8, False)
    if version > 16 or program is None or not 2 <= len(program) <= 40:
        raise Reject("not a valid segwit program")
    if (version == 0) != (const == _BECH32_CONST):
        raise Reject("segwit v0 uses bech32, v1 and later bech32m (BIP-350)")
    if version == 0 and len(program) not in (20, 32):
        raise Reject("a segwit v0 program has 20 or 32 bytes")
    address_type = {(0, 20): "p2wpkh", (0, 32): "p2wsh", (1, 32): "p2tr"}
    return lower, address_type.get((version, len(program)), f"witness_v{version}")


def looks_like_address(text: str) -> bool:
    """True when the last word of ``text`` has the shape of a TRON, EVM or Bitcoin address."""
    address = _split(text)[1]
    return any(shape.fullmatch(address) for shape in (_TRON, _EVM, _BASE58_BTC, _BECH32_BTC))
