"""Reports and operations as STIX 2.1 bundles, and bundles back into the report JSON contract.

Export (see ``docs/sharing-stix.md`` for the design): each victim report becomes a ``report``
(with the ``victim-report`` property extension for typology, loss and each identifier's role
and raw text), an ``observed-data`` holding its observables, and a ``sighting`` of its
operation's ``campaign`` by the filing agency's ``identity``. Ids of reports, observed data,
sightings and identities are UUIDv5 of the agency code and external id, so a report exports
identically from every node; observables use STIX 2.1 §2.9 deterministic ids. Every object
carries the TLP 2.0 marking of its report (an observable or campaign the strictest of the
reports in the bundle that reference it).

Import is pure: :func:`bundle_to_items` turns a bundle into report items of the JSON contract
(``safemekong.intel.intake``), listing objects it had to skip and why; filing them is the
hub's job.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import stix2

from safemekong import limits
from safemekong.errors import InvalidInput
from safemekong.identifiers import IdentifierError, parse, parse_key
from safemekong.intel.vocabulary import TYPOLOGIES
from safemekong.policy.tlp import TLP
from safemekong.sharing.extensions import (
    AGENCY,
    ALL_SPECS,
    OPERATION,
    SPECS,
    VICTIM_REPORT,
    derived_id,
    extension_definition,
    extension_of,
    publisher,
)
from safemekong.sharing.markings import TLP2_MARKINGS, marking_definition, strictest, tlp_of
from safemekong.sharing.observables import NotAnIdentifier, from_observable, to_observable
from safemekong.sharing.plan import ImportPlan
from safemekong.sharing.records import AgencyRecord, OperationRecord, ReportRecord

#: Most objects one imported bundle may hold, and most bytes of its JSON (checked before any work).
MAX_BUNDLE_OBJECTS = 100_000
MAX_BUNDLE_BYTES = 128 * 1024**2
REPORT_TYPES = ["observed-data"]


def _listed(container: Mapping[str, Any], key: str) -> list[Any]:
    """A list property of an imported object; absent, null or not a list reads as empty."""
    value = container.get(key)
    return value if isinstance(value, list) else []


def _stamp(moment: datetime) -> str:
    """STIX timestamp (UTC, ``Z``), keeping the stored precision."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + "Z"


def _utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def agency_id(code: str) -> str:
    return derived_id("identity", f"agency/{code}")


def campaign_id(operation_id: int) -> str:
    """Node-local: another node numbers its operations differently."""
    return derived_id("campaign", f"operation/{operation_id}")


def report_object_id(record: ReportRecord) -> str:
    """The id of a victim report's STIX ``report`` (the same on every node)."""
    return _report_ids(record)[0]


def _report_ids(record: ReportRecord) -> tuple[str, str, str]:
    name = f"{record.agency.code}/{record.external_id}"
    return (
        derived_id("report", name),
        derived_id("observed-data", name),
        derived_id("sighting", name),
    )


@lru_cache(maxsize=1024)
def _identity(agency: AgencyRecord) -> str:
    """The identity of an agency, serialised (built once per agency)."""
    return str(
        stix2.Identity(
            id=agency_id(agency.code),
            created="2026-01-01T00:00:00Z",
            modified="2026-01-01T00:00:00Z",
            name=agency.name,
            identity_class="organization",
            sectors=["government-national"],
            extensions={
                AGENCY.id: {
                    "extension_type": "property-extension",
                    "code": agency.code,
                    "country": agency.country,
                }
            },
            allow_custom=True,
        ).serialize()
    )


@lru_cache(maxsize=65536)
def _observable(key: str) -> str:
    """The serialised observable of a canonical key (the same for every report naming it)."""
    return str(to_observable(parse_key(key)).serialize())


@dataclass
class _Builder:
    """Collects the objects of one bundle, each once."""

    objects: dict[str, Any] = field(default_factory=dict)
    tlps: set[TLP] = field(default_factory=set)
    observables: dict[str, Any] = field(default_factory=dict)
    observable_tlps: dict[str, list[TLP]] = field(default_factory=dict)

    def add(self, obj: Any) -> None:
        """Add a ``stix2`` object or an already serialised one."""
        if isinstance(obj, str):
            obj = json.loads(obj)
        elif not isinstance(obj, dict):
            obj = json.loads(obj.serialize())
        self.objects.setdefault(obj["id"], obj)

    def observable(self, key: str, tlp: TLP) -> str:
        sco = self.observables.get(key)
        if sco is None:
            sco = self.observables[key] = json.loads(_observable(key))
        self.observable_tlps.setdefault(sco["id"], []).append(tlp)
        return str(sco["id"])


def _sdo(kind: str, object_id: str, **properties: Any) -> dict[str, Any]:
    """A STIX 2.1 domain or relationship object as a dict.

    Built directly rather than through ``stix2``'s classes, whose checks cost about a
    millisecond an object; every shape built here is checked by the OASIS validator in tests.
    """
    return {"type": kind, "spec_version": "2.1", "id": object_id, **properties}


def _stamp_ms(moment: datetime) -> str:
    """A ``created``/``modified`` timestamp: at least millisecond precision, as STIX asks."""
    fraction = f"{moment.microsecond:06d}".rstrip("0").ljust(3, "0")
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{fraction}Z"


def _report_objects(builder: _Builder, record: ReportRecord, campaign: str) -> None:
    tlp = TLP(record.tlp)
    builder.tlps.add(tlp)
    marking = [TLP2_MARKINGS[tlp]]
    report_id, observed_id, sighting_id = _report_ids(record)
    author = agency_id(record.agency.code)
    builder.add(_identity(record.agency))
    when = _stamp(record.received_at)
    refs: dict[str, None] = {}
    entries = []
    for sighting in record.sightings:
        ref = builder.observable(sighting.key, tlp)
        refs.setdefault(ref)
        entry: dict[str, Any] = {"ref": ref, "role": sighting.role, "raw": sighting.raw}
        if sighting.derived:
            entry["derived"] = True
        entries.append(entry)
    stamp = _stamp_ms(record.received_at)
    common = {"created_by_ref": author, "created": stamp, "modified": stamp}
    observed = []
    if refs:  # observed data must hold at least one observable
        observed = [observed_id]
        builder.add(
            _sdo(
                "observed-data",
                observed_id,
                **common,
                first_observed=when,
                last_observed=when,
                number_observed=1,
                object_refs=list(refs),
                object_marking_refs=marking,
            )
        )
    builder.add(
        _sdo(
            "sighting",
            sighting_id,
            **common,
            first_seen=when,
            last_seen=when,
            count=1,
            sighting_of_ref=campaign,
            **({"observed_data_refs": observed} if observed else {}),
            where_sighted_refs=[author],
            object_marking_refs=marking,
        )
    )
    extension: dict[str, Any] = {
        "extension_type": "property-extension",
        "external_id": record.external_id,
        "typology": record.typology,
        "identifiers": entries,
    }
    if record.amount_lost is not None:
        extension["amount_lost"] = f"{record.amount_lost:.2f}"
    if record.currency:
        extension["currency"] = record.currency
    if record.language:
        # Not STIX's ``lang``: the OASIS validator's RFC 5646 table lacks km, my, lo, zh-Hans.
        extension["language"] = record.language
    sharing: dict[str, Any] = {
        "sharing_groups": record.sharing_groups or None,
        "recipients": record.recipients or None,
        "purpose": record.purpose or None,
        "legal_basis": record.legal_basis or None,
        "retain_until": _stamp(record.retain_until) if record.retain_until else None,
        "approval_ref": record.approval_ref,
    }
    extension.update({k: v for k, v in sharing.items() if v is not None})
    optional = {"description": record.narrative} if record.narrative else {}
    builder.add(
        _sdo(
            "report",
            report_id,
            **common,
            name=f"{record.agency.code} {record.external_id}",
            **optional,
            report_types=REPORT_TYPES,
            published=when,
            object_refs=[*observed, sighting_id, *refs],
            labels=[record.typology],
            object_marking_refs=marking,
            extensions={VICTIM_REPORT.id: extension},
        )
    )


def _campaign(operation: OperationRecord, tlps: list[TLP]) -> dict[str, Any]:
    summary = operation.summary
    countries = list(summary["countries"])
    typologies = list(summary["typologies"])
    description = (
        f"Scam operation linked by shared identifiers: {summary['reports']} report(s) from "
        f"{', '.join(countries)}; typologies {', '.join(typologies)}."
    )
    return _sdo(
        "campaign",
        campaign_id(operation.id),
        created=_stamp_ms(operation.created_at),
        modified=_stamp_ms(max(operation.updated_at, operation.created_at)),
        name=f"SafeMekong operation {operation.id}",
        description=description,
        first_seen=_stamp(_utc(summary["first_seen"])),
        last_seen=_stamp(_utc(summary["last_seen"])),
        object_marking_refs=[TLP2_MARKINGS[strictest(tlps)]],
        extensions={
            OPERATION.id: {
                "extension_type": "property-extension",
                "reports": int(summary["reports"]),
                "countries": countries,
                "typologies": typologies,
            }
        },
    )


def export_bundle(
    reports: Sequence[ReportRecord], operations: Mapping[int, OperationRecord]
) -> dict[str, Any]:
    """A STIX 2.1 bundle (JSON-ready dict) of ``reports`` and the operations they belong to.

    ``operations`` maps each report's ``operation_id`` to its record (summary and dates); an
    operation left out gets no campaign object (its reports' sightings still name its id).
    """
    builder = _Builder()
    by_operation: dict[int, list[TLP]] = {}
    for record in reports:
        _report_objects(builder, record, campaign_id(record.operation_id))
        by_operation.setdefault(record.operation_id, []).append(TLP(record.tlp))
    for operation_id, tlps in by_operation.items():
        if operation_id in operations:
            builder.add(_campaign(operations[operation_id], tlps))
    observables = [
        _marked(sco, strictest(builder.observable_tlps[sco["id"]]))
        for sco in builder.observables.values()
    ]
    used = {sco["type"] for sco in observables}
    header = [
        publisher(),
        *(extension_definition(spec) for spec in SPECS if spec.name in used),
        *(extension_definition(spec) for spec in (VICTIM_REPORT, AGENCY, OPERATION)),
        *(marking_definition(tlp) for tlp in TLP if tlp in builder.tlps),
    ]
    objects = list(builder.objects.values())
    return {
        "type": "bundle",
        "id": f"bundle--{uuid.uuid4()}",
        "objects": header + objects + observables,
    }


def _marked(sco: dict[str, Any], tlp: TLP) -> dict[str, Any]:
    return {**sco, "object_marking_refs": [TLP2_MARKINGS[tlp]]}


# -- import ---------------------------------------------------------------------------------


#: Fields of the victim-report extension that are fields of the report contract as they are.
_CARRIED = (
    "amount_lost",
    "currency",
    "language",
    "sharing_groups",
    "recipients",
    "purpose",
    "legal_basis",
    "retain_until",
    "approval_ref",
)
#: Object types an import reads; others (indicators, malware …) are skipped with a reason.
_READ_TYPES = frozenset({"report", "grouping", "observed-data", "identity", "marking-definition"})
#: Containers read as reports: STIX's report, and the grouping OpenCTI and others also use.
_CONTAINERS = frozenset({"report", "grouping"})
_IGNORED_TYPES = frozenset(
    {"extension-definition", "sighting", "campaign", "relationship", "language-content"}
)


def load_bundle(raw: bytes | str | Mapping[str, Any]) -> dict[str, Any]:
    """A bundle's JSON, checked for shape and size; InvalidInput naming the problem."""
    if isinstance(raw, bytes | str):
        if len(raw) > MAX_BUNDLE_BYTES:
            raise InvalidInput("bundle", f"is larger than {MAX_BUNDLE_BYTES} bytes")
        try:
            data = limits.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput("bundle", f"is not valid JSON ({exc})") from None
    else:
        data = dict(raw)
        if limits.too_deep(data):
            raise InvalidInput("bundle", f"nests deeper than {limits.MAX_DEPTH} levels")
    if not isinstance(data, dict) or data.get("type") != "bundle":
        raise InvalidInput("bundle", 'must be a JSON object with "type": "bundle"')
    objects = data.get("objects", [])
    if not isinstance(objects, list):
        raise InvalidInput("bundle.objects", "must be a list")
    if len(objects) > MAX_BUNDLE_OBJECTS:
        raise InvalidInput("bundle.objects", f"holds more than {MAX_BUNDLE_OBJECTS} objects")
    return data


@lru_cache(maxsize=1)
def _published() -> list[dict[str, Any]]:
    """Objects SafeMekong publishes unchanged in every bundle (no need to check them again)."""
    return [
        publisher(),
        *(extension_definition(spec) for spec in ALL_SPECS),
        *(marking_definition(tlp) for tlp in TLP),
    ]


def _check(obj: object, index: int, plan: ImportPlan) -> dict[str, Any] | None:
    """The object when ``stix2`` accepts it; otherwise it is listed as invalid."""
    if isinstance(obj, dict) and obj in _published():
        return obj
    if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
        plan.invalid.append({"index": index, "id": None, "reason": "not a STIX object (no type)"})
        return None
    if not _is_stix_id(obj.get("id"), obj["type"]):
        # stix2 lets objects of a type it does not know through unchecked: check the id here.
        reason: str | None = "the id is not type--UUID"
    elif obj["type"] in _IGNORED_TYPES:
        # Not read (a report's sighting and campaign are derived again from the report): only
        # the id is checked, which costs nothing next to stix2's full check.
        reason = None
    elif "created" not in obj or obj["type"] == "identity":
        # Observables and agencies recur across bundles: check each distinct one once.
        reason = _cached_reason(json.dumps(obj, sort_keys=True))
    else:
        reason = _reason(obj)
    if reason is not None:
        plan.invalid.append({"index": index, "id": obj.get("id"), "reason": reason})
        return None
    return obj


def _is_stix_id(value: object, kind: str) -> bool:
    prefix, _, rest = str(value).partition("--")
    try:
        uuid.UUID(rest)
    except ValueError:
        return False
    return prefix == kind


def _reason(obj: dict[str, Any]) -> str | None:
    """Why ``stix2`` refuses ``obj``, or None when it accepts it."""
    try:
        stix2.parse(obj, allow_custom=True, version="2.1")
    except Exception as exc:  # stix2 raises many kinds; each means "this object is invalid"
        return str(exc)[:300]
    return None


@lru_cache(maxsize=16384)
def _cached_reason(text: str) -> str | None:
    return _reason(json.loads(text))


def bundle_to_items(
    bundle: Mapping[str, Any],
    regions: Callable[[str], str | None],
    default_agency: str | None = None,
) -> ImportPlan:
    """Report items of the JSON contract for the reports and observed data of ``bundle``.

    ``regions`` maps an agency code to its country (None when unknown), used to check that a
    report's raw values still parse to the same identifiers; ``default_agency`` is the agency
    of reports whose creator is not a SafeMekong agency (None: the caller's own).
    """
    plan = ImportPlan()
    objects: dict[str, dict[str, Any]] = {}
    for index, obj in enumerate(bundle.get("objects", [])):
        checked = _check(obj, index, plan)
        if checked is not None:
            objects[str(checked.get("id"))] = checked
    markings = {k: v for k, v in objects.items() if v["type"] == "marking-definition"}
    codes = {k: _agency_code(v) for k, v in objects.items()}
    agencies = {k: code for k, code in codes.items() if code is not None}
    reported: set[str] = set()
    for obj in objects.values():
        if obj["type"] in _CONTAINERS:
            reported.update(_listed(obj, "object_refs"))
    context = _Context(objects, markings, agencies, regions, default_agency, plan)
    for obj in objects.values():
        kind = obj["type"]
        if kind in _CONTAINERS:
            context.report(obj)
        elif kind == "observed-data" and obj["id"] not in reported:
            context.observed(obj)
        elif kind not in _READ_TYPES | _IGNORED_TYPES and "created" in obj:
            plan.skip(obj["id"], f"{kind} objects are not read by SafeMekong")
    return plan


def _agency_code(obj: dict[str, Any]) -> str | None:
    """The code of the agency an identity is, from SafeMekong's agency extension."""
    agency = extension_of(obj, AGENCY.id) if obj["type"] == "identity" else None
    code = agency.get("code") if agency else None
    return code if isinstance(code, str) else None


@dataclass
class _Context:
    objects: dict[str, dict[str, Any]]
    markings: dict[str, dict[str, Any]]
    agencies: dict[str, str]
    regions: Callable[[str], str | None]
    default_agency: str | None
    plan: ImportPlan

    def _base(self, obj: dict[str, Any], received: object) -> dict[str, Any]:
        item: dict[str, Any] = {"external_id": obj["id"], "received_at": received}
        agency = self.agencies.get(str(obj.get("created_by_ref"))) or self.default_agency
        if agency:
            item["agency"] = agency
        tlp = tlp_of(_listed(obj, "object_marking_refs"), self.markings)
        if tlp is not None:
            item["tlp"] = tlp.value
        return item

    def _identifier(self, ref: str, role: str, raw: str | None, region: str | None) -> Any:
        sco = self.objects.get(ref)
        if sco is None:
            self.plan.skip(ref, "the observable is not in the bundle")
            return None
        try:
            kind, value = from_observable(sco)
        except NotAnIdentifier as exc:
            self.plan.skip(ref, str(exc))
            return None
        if raw and raw != value:
            try:
                if parse(kind, raw, region).key == parse(kind, value, region).key:
                    value = raw
            except IdentifierError:
                pass  # the observable's own value stands
        return self.plan.identifier(ref, kind, value, role, region)

    def _observables(self, refs: Iterable[str], seen: set[str]) -> list[str]:
        """Observable ids among ``refs``, following observed-data to its objects."""
        found: list[str] = []
        for ref in refs:
            if ref in seen:
                continue
            seen.add(ref)
            target = self.objects.get(ref)
            if target is not None and target["type"] == "observed-data":
                found.extend(self._observables(_listed(target, "object_refs"), seen))
                embedded = target.get("objects") or {}
                for sco in embedded.values():  # STIX 2.0 style: observables inside
                    if isinstance(sco, dict) and "type" in sco:
                        key = f"{ref}#{len(found)}"
                        self.objects[key] = sco
                        found.append(key)
            elif target is None or "created" not in target:
                found.append(ref)
        return found

    def report(self, obj: dict[str, Any]) -> None:
        extension = extension_of(obj, VICTIM_REPORT.id)
        item = self._base(obj, obj.get("published") or obj.get("created"))
        region = self.regions(item["agency"]) if "agency" in item else None
        if extension is not None:
            item["external_id"] = extension.get("external_id")
            item["typology"] = extension.get("typology")
            for name in _CARRIED:
                if extension.get(name) is not None:
                    item[name] = extension[name]
            identifiers = [
                self._identifier(
                    str(e.get("ref")), str(e.get("role", "mentioned")), e.get("raw"), region
                )
                for e in _listed(extension, "identifiers")
                if isinstance(e, dict) and not e.get("derived")
            ]
        else:
            labels = [x for x in _listed(obj, "labels") if isinstance(x, str) and x in TYPOLOGIES]
            item["typology"] = labels[0] if labels else "other"
            refs = self._observables(_listed(obj, "object_refs"), set())
            identifiers = [self._identifier(ref, "mentioned", None, region) for ref in refs]
        narrative = obj.get("description") or ("" if extension else obj.get("name", ""))
        if narrative:
            item["narrative"] = narrative
        if obj.get("lang") and "language" not in item:
            item["language"] = obj["lang"]
        self.plan.add(obj["id"], item, identifiers)

    def observed(self, obj: dict[str, Any]) -> None:
        item = self._base(obj, obj.get("first_observed"))
        region = self.regions(item["agency"]) if "agency" in item else None
        refs = self._observables([obj["id"]], set())
        self.plan.add(
            obj["id"], item, [self._identifier(r, "mentioned", None, region) for r in refs]
        )
