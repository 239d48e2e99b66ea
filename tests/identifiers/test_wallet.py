"""Wallet addresses: chain plus address, checksums verified (golden vectors from the specs)."""

from __future__ import annotations

import pytest

from safemekong.identifiers import IdentifierError, WalletAddress

from .support import parse_as

USDT_TRC20_CONTRACT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"

#: EIP-55's own test vectors (mixed case, all caps, all lower).
EIP55_VECTORS = (
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
)

#: BIP-173 and BIP-350 valid mainnet segwit addresses and their type.
SEGWIT_VALID = (
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "p2wpkh"),
    ("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", "p2wsh"),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "p2tr"),
    ("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "witness_v2"),
    ("BC1SW50QGDZ25J", "witness_v16"),
    (
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        "witness_v1",
    ),
)

#: BIP-173 and BIP-350 invalid mainnet addresses.
SEGWIT_INVALID = (
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",  # bad checksum
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",  # v1 with bech32
    "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",  # v16 with bech32
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",  # v0 with bech32m
    "bc1rw5uspcuh",  # program too short
    "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",  # 41 bytes
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",  # v0 with 16 bytes
    "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",  # mixed case
    "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",  # non-zero padding
    "bc1gmk9yu",  # empty data
)


def wallet(raw: str) -> WalletAddress:
    return parse_as(WalletAddress, raw)


@pytest.mark.parametrize(
    "raw",
    [
        USDT_TRC20_CONTRACT,
        f"tron:{USDT_TRC20_CONTRACT}",
        f"trc20:{USDT_TRC20_CONTRACT}",
        f"TRX {USDT_TRC20_CONTRACT}",
        f"wallet:tron:{USDT_TRC20_CONTRACT}",
        "tron:41a614f803b6fd780986a42c78ec9c7f77e6ded13c",  # hex form from TRON APIs
    ],
)
def test_tron_address_forms_get_one_key(raw: str) -> None:
    assert wallet(raw).key == f"wallet:tron:{USDT_TRC20_CONTRACT}"


def test_usdt_trc20_label_gives_chain_network_and_asset() -> None:
    ident = wallet(f"USDT-TRC20 {USDT_TRC20_CONTRACT}")
    assert ident.details()["chain"] == "tron"
    assert ident.details()["network"] == "tron"
    assert ident.details()["asset"] == "USDT"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", "checksum does not match"),
        ("tron:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "cannot look like"),
        ("41a614f803b6fd780986a42c78ec9c7f77e6ded13c", "not a wallet address"),
    ],
)
def test_tron_rejections(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        wallet(raw)


@pytest.mark.parametrize("address", EIP55_VECTORS)
def test_eip55_vectors_are_their_own_canonical_form(address: str) -> None:
    checksummed = wallet(address.lower()).details()["address"]
    assert wallet(address).key == f"wallet:eth:{checksummed}"
    if address[2:] not in (address[2:].lower(), address[2:].upper()):
        assert checksummed == address


def test_all_lower_and_all_upper_evm_addresses_get_the_eip55_form() -> None:
    expected = "wallet:eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    assert wallet("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").key == expected
    assert wallet("0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED").key == expected


def test_evm_address_with_a_wrong_mixed_case_checksum_is_rejected() -> None:
    with pytest.raises(IdentifierError, match="EIP-55"):
        wallet("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")


@pytest.mark.parametrize(
    ("prefix", "network"),
    [
        ("erc20:", "ethereum"),
        ("eth:", "ethereum"),
        ("bep20:", "bsc"),
        ("BSC ", "bsc"),
        ("polygon:", "polygon"),
        ("arbitrum:", "arbitrum"),
        ("USDT-BEP20 ", "bsc"),
        ("ethereum:", "ethereum"),
    ],
)
def test_every_evm_network_is_keyed_as_eth_with_the_network_kept(prefix: str, network: str) -> None:
    ident = wallet(prefix + "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
    assert ident.key == "wallet:eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    assert ident.details()["network"] == network


def test_eip681_payment_uri_is_accepted() -> None:
    ident = wallet("ethereum:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed@56")
    assert ident.key == "wallet:eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


@pytest.mark.parametrize(("address", "kind"), SEGWIT_VALID)
def test_bip173_and_bip350_valid_addresses(address: str, kind: str) -> None:
    ident = wallet(address)
    assert ident.key == f"wallet:btc:{address.lower()}"
    assert ident.details()["address_type"] == kind


@pytest.mark.parametrize("address", SEGWIT_INVALID)
def test_bip173_and_bip350_invalid_addresses_are_rejected(address: str) -> None:
    with pytest.raises(IdentifierError):
        wallet(address)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "p2pkh"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "p2sh"),
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "p2pkh"),
    ],
)
def test_bitcoin_base58_addresses(address: str, kind: str) -> None:
    ident = wallet(address)
    assert ident.key == f"wallet:btc:{address}"
    assert ident.details()["address_type"] == kind


def test_bip21_uri_is_accepted() -> None:
    ident = wallet("bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?amount=0.1")
    assert ident.key == "wallet:btc:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", "checksum"),
        ("btc:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "cannot look like"),
        ("dogecoin:DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", "not a known network"),
        ("trc20 erc20 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "names two networks"),
        ("hello", "not a wallet address"),
        ("erc20:", "no address"),
    ],
)
def test_wallet_rejections_say_why(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        wallet(raw)
