"""The synthetic region used by the demo, the tests and the benchmarks.

``generate_world(seed, scale)`` builds agencies of ten countries and scam operations run from
compounds (ground truth), and streams ``scale`` victim reports in the hub's intake JSON contract;
``write_world(world, out_dir)`` writes them to files. The same seed and scale give byte-identical
files. See docs/synth.md.
"""

from safemekong.synth.region import AGENCY_ROWS
from safemekong.synth.world import GENERATOR_VERSION, World, generate_world, operation_count
from safemekong.synth.writer import write_world

#: The reporting agencies of the region: ``{"code", "country", "name"}``.
AGENCIES: list[dict[str, str]] = [
    {"code": a.code, "country": a.country, "name": a.name} for a in AGENCY_ROWS
]

__all__ = [
    "AGENCIES",
    "GENERATOR_VERSION",
    "World",
    "generate_world",
    "operation_count",
    "write_world",
]
