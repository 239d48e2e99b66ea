"""Build ``data/region-map.json`` (the dashboard's map) from Natural Earth country borders.

Run once when the map should change, never at run time::

    npm install                                   # brings world-atlas (Natural Earth 1:50m)
    python -m safemekong.web.mapgen node_modules/world-atlas/countries-50m.json

It decodes the TopoJSON, clips each country to the region's frame, projects it (equirectangular
with the longitude scaled by the cosine of the frame's middle latitude), simplifies each ring
(Douglas-Peucker) and writes SVG path data per ISO 3166 alpha-2 code. Natural Earth is in the
public domain.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]

#: The frame shown: longitude and latitude bounds in degrees.
WEST, EAST, SOUTH, NORTH = 91.0, 127.0, -9.5, 29.5
#: Width of the SVG's coordinate system; the height follows from the projection.
WIDTH = 720.0
#: Ring simplification tolerance and the smallest island kept, in degrees and square degrees.
TOLERANCE = 0.06
MIN_AREA = 0.04
#: Countries shaded by data (ISO numeric id -> alpha-2); others in the frame are drawn as context.
SHADED = {
    "156": "CN",
    "764": "TH",
    "704": "VN",
    "608": "PH",
    "458": "MY",
    "360": "ID",
    "702": "SG",
    "116": "KH",
    "104": "MM",
    "418": "LA",
}
CONTEXT = {"356": "IN", "050": "BD", "064": "BT", "158": "TW", "096": "BN", "626": "TL"}
#: Tiny countries that simplification would erase: drawn as a small circle instead.
POINTS = {"SG": (103.82, 1.35)}


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Absolute lon/lat points of every arc of a quantised TopoJSON topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_of(arcs: list[Ring], indexes: list[int]) -> Ring:
    """Join the arcs of one ring (a negative index ``~i`` means arc ``i`` reversed)."""
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


#: The frame's four edges: (axis, bound, sign); a point is inside when sign * (p - bound) >= 0.
EDGES: tuple[tuple[int, float, int], ...] = (
    (0, WEST, 1),
    (0, EAST, -1),
    (1, SOUTH, 1),
    (1, NORTH, -1),
)


def clip(ring: Ring) -> Ring:
    """Sutherland-Hodgman clipping of a ring to the frame."""
    for axis, bound, sign in EDGES:
        if not ring:
            break
        out: Ring = []
        previous = ring[-1]
        for point in ring:
            inside, was_inside = (sign * (p[axis] - bound) >= 0 for p in (point, previous))
            if inside != was_inside:
                out.append(_cross(previous, point, axis, bound))
            if inside:
                out.append(point)
            previous = point
        ring = out
    return ring


def _cross(a: Point, b: Point, axis: int, bound: float) -> Point:
    """Where the segment a-b crosses the line ``axis == bound``."""
    t = (bound - a[axis]) / (b[axis] - a[axis])
    x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    return (bound, y) if axis == 0 else (x, bound)


def simplify(ring: Ring, tolerance: float = TOLERANCE) -> Ring:
    """Douglas-Peucker simplification of a closed ring, cut in two at its farthest point from
    the first (iterative, so long coasts do not recurse deeply)."""
    if len(ring) < 4:
        return ring
    start = ring[0]
    far = max(range(len(ring)), key=lambda i: math.dist(start, ring[i]))
    return _simplify(ring[: far + 1], tolerance)[:-1] + _simplify([*ring[far:], start], tolerance)


def _simplify(ring: Ring, tolerance: float) -> Ring:
    if len(ring) < 3:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = ring[first], ring[last]
        length = math.hypot(bx - ax, by - ay) or 1e-12
        worst, worst_at = 0.0, first
        for i in range(first + 1, last):
            px, py = ring[i]
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > worst:
                worst, worst_at = distance, i
        if worst > tolerance:
            keep[worst_at] = True
            stack += [(first, worst_at), (worst_at, last)]
    return [p for p, kept in zip(ring, keep, strict=True) if kept]


def area(ring: Ring) -> float:
    return (
        abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True)))
        / 2
    )


def project(point: Point) -> Point:
    scale = WIDTH / ((EAST - WEST) * math.cos(math.radians((NORTH + SOUTH) / 2)))
    x = (point[0] - WEST) * math.cos(math.radians((NORTH + SOUTH) / 2)) * scale
    return (x, (NORTH - point[1]) * scale)


def path_of(rings: list[Ring]) -> str:
    parts = []
    for ring in rings:
        points = [project(p) for p in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def country_rings(arcs: list[Ring], geometry: dict[str, Any]) -> list[Ring]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings: list[Ring] = []
    for polygon in polygons:
        for indexes in polygon:
            ring = simplify(clip(ring_of(arcs, indexes)))
            if len(ring) >= 3 and area(ring) >= MIN_AREA:
                rings.append(ring)
    return rings


def build(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    shaded: dict[str, str] = {}
    context: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = SHADED.get(geometry.get("id", "")) or CONTEXT.get(geometry.get("id", ""))
        if code is None or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        rings = country_rings(arcs, geometry)
        if rings:
            (shaded if code in SHADED.values() else context)[code] = path_of(rings)
    _, height = project((WEST, SOUTH))
    points = {code: [round(c, 1) for c in project(lonlat)] for code, lonlat in POINTS.items()}
    return {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via world-atlas",
        "view_box": f"0 0 {WIDTH:.0f} {height:.0f}",
        "countries": dict(sorted(shaded.items())),
        "context": dict(sorted(context.items())),
        "points": points,
    }


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else Path("node_modules/world-atlas/countries-50m.json")
    target = Path(__file__).parent / "data" / "region-map.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(build(json.loads(source.read_text())), indent=1) + "\n")
    print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv)
