"""The published extensions: definitions, JSON Schemas, deterministic observable ids."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from safemekong.identifiers import parse
from safemekong.sharing.extensions import (
    ALL_SPECS,
    SCHEMA_DIR,
    SCO_NAMESPACE,
    SPECS,
    extension_definition,
    json_schema,
    write_schemas,
)
from safemekong.sharing.observables import from_observable, to_observable
from safemekong.sharing.validate import validate_bundle
from tests.sharing.support import EVERY_TYPE

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sharing-stix.md"


def test_shipped_schemas_are_the_declared_ones(tmp_path: Path) -> None:
    for path in write_schemas(tmp_path):
        assert (SCHEMA_DIR / path.name).read_text() == path.read_text(), path.name


def test_docs_print_every_extension_definition_id_and_schema() -> None:
    text = DOCS.read_text()
    for spec in ALL_SPECS:
        assert spec.id in text, spec.name
        assert json.dumps(json_schema(spec), indent=2, ensure_ascii=False) in text, spec.name


def test_extension_definitions_are_valid_stix() -> None:
    objects = [extension_definition(spec) for spec in ALL_SPECS]
    verdict = validate_bundle(
        {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}
    )
    assert verdict.valid, verdict.errors
    assert {o["extension_types"][0] for o in objects} == {"new-sco", "property-extension"}


def test_observable_ids_are_uuid5_of_the_id_contributing_properties() -> None:
    """STIX 2.1 §2.9: UUIDv5 in the SCO namespace over the canonical JSON of those properties."""
    contributing = {spec.name: spec.id_contributing for spec in SPECS}
    contributing |= {"url": ("value",), "domain-name": ("value",), "email-addr": ("value",)}
    for value, kind, _ in EVERY_TYPE:
        sco = json.loads(to_observable(parse(kind, value, "TH")).serialize())
        if sco["type"] == "file":
            body = {"hashes": sco["hashes"]}
        else:
            body = {k: sco[k] for k in contributing[sco["type"]] if k in sco}
        name = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert sco["id"] == f"{sco['type']}--{uuid.uuid5(SCO_NAMESPACE, name)}", value


def test_same_account_written_two_ways_is_one_observable() -> None:
    thai = to_observable(parse("bank", "KBANK 123-4-56789-0", "TH"))
    keyed = to_observable(parse("bank", "TH:004:1234567890", "CN"))
    assert thai.id == keyed.id
    assert (thai.branch_code, thai.bank_code, thai.country) == ("123", "004", "TH")


def test_bank_account_is_not_iban_only_and_wallet_names_its_chain() -> None:
    account = to_observable(parse("bank", "KBANK 123-4-56789-0", "TH"))
    assert account.account_kind == "account" and "iban" not in account
    iban = to_observable(parse("bank", "DE89 3704 0044 0532 0130 00"))
    assert iban.account_kind == "iban" and iban.iban == "DE89370400440532013000"
    wallet = to_observable(parse("wallet", "bep20 0x52908400098527886E0F7030069857D2E4169EE7"))
    assert (wallet.chain, wallet.address) == ("eth", "0x52908400098527886E0F7030069857D2E4169EE7")


def test_every_observable_reads_back_as_the_same_identifier() -> None:
    for value, kind, _ in EVERY_TYPE:
        identifier = parse(kind, value, "TH")
        sco = json.loads(to_observable(identifier).serialize())
        back_kind, back_value = from_observable(sco)
        assert parse(back_kind, back_value, None).key == identifier.key, value


def test_observables_of_other_publishers_are_read() -> None:
    assert from_observable(
        {"type": "cryptocurrency-wallet", "value": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"}
    ) == (
        "wallet",
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
    )
    account = {"type": "user-account", "account_type": "telegram", "account_login": "kenny_trade"}
    assert parse(*from_observable(account)).key == "handle:telegram:kenny_trade"
