"""Checking a bundle with the OASIS ``stix2-validator``, our SCOs against their published schemas.

``stix2-validator`` is in the ``sharing`` extra (``pip install 'safemekong[sharing]'``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from safemekong.errors import SafeMekongError
from safemekong.sharing.extensions import SCHEMA_DIR


@dataclass
class Validation:
    """The validator's verdict: errors make a bundle invalid, warnings do not."""

    valid: bool
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def validate_bundle(bundle: Mapping[str, Any]) -> Validation:
    """Validate ``bundle`` as STIX 2.1, with the shipped JSON Schemas of the new SCOs."""
    try:
        from stix2validator import ValidationOptions, validate_string
    except ImportError as exc:  # the optional extra is missing
        raise SafeMekongError(
            "validation needs stix2-validator: pip install 'safemekong[sharing]'"
        ) from exc
    options = ValidationOptions(version="2.1", schema_dir=str(SCHEMA_DIR))
    results = validate_string(json.dumps(bundle), options)
    outcome = Validation(valid=bool(results.is_valid))
    for result in results.object_results if hasattr(results, "object_results") else [results]:
        for error in result.errors:
            outcome.errors.append(f"{result.object_id}: {error}")
        for warning in result.warnings:
            outcome.warnings.append(f"{result.object_id}: {warning}")
    return outcome
