#!/usr/bin/env python3
"""Build ``src/foedus/library/geo/europe.geojson`` from world-atlas' ``countries-50m.json``.

One-off derivation, kept in the repository so the committed GeoJSON can be rebuilt::

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_europe_geojson.py /tmp/package/countries-50m.json

Steps (see ``src/foedus/library/geo/SOURCE.md`` for the why):

1. decode the quantized, delta-encoded TopoJSON arcs into lon/lat points (rings that cross the
   antimeridian, i.e. Russia's Chukotka and Wrangel Island, are unwrapped to lon > 180);
2. move the Crimea polygon from Russia to Ukraine and dissolve the shared Perekop arc, so Ukraine
   is drawn in its internationally recognised borders without an internal line;
3. simplify every arc once (Douglas-Peucker), so borders shared by two countries stay identical;
4. keep the countries whose geometry meets the Europe-and-neighbours window, drop their polygons
   that lie wholly outside a slightly wider box (Russia's Arctic and Pacific islands, the
   Canaries, Svalbard ...) and islands below an area threshold (never a country's largest one);
5. map ISO 3166-1 numeric ids to alpha-3 with pycountry (Kosovo -> XKX by name; entities without
   an ISO code get a name-based id that cannot collide with alpha-3 codes);
6. round to 3 decimals and write a FeatureCollection with properties ``iso3`` and ``name``.

Needs only the standard library and pycountry. Deterministic: same input, same bytes out.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import pycountry

Point = tuple[float, float]
Ring = list[Point]

# Countries meeting this window are kept (lon_min, lat_min, lon_max, lat_max). It is the view that
# foedus.report.maps draws, so every shape visible on the map is in the file.
WINDOW = (-25.0, 33.5, 50.0, 72.0)
# Polygons wholly outside this wider box are dropped; nothing is clipped.
KEEP_BOX = (-28.0, 30.5, 53.0, 75.0)
# Islands smaller than this (square degrees times cos(latitude), about 30 km^2) are dropped.
MIN_AREA = 0.0025
# Douglas-Peucker tolerance in degrees (about 1.1 km north-south).
SIMPLIFY_TOLERANCE = 0.01
DECIMALS = 3

# Natural Earth puts Crimea inside Russia. Any Russian polygon inside this box is moved to Ukraine.
CRIMEA_BOX = (32.4, 44.3, 36.7, 46.3)

# Entities in world-atlas without a numeric ISO id.
BY_NAME = {"Kosovo": "XKX"}
# Short display names where pycountry's name is the long official form.
DISPLAY_NAMES = {
    "RUS": "Russia",
    "VAT": "Vatican City",
    "PSE": "Palestine",
    "XKX": "Kosovo",
}
# The build fails if any of these is missing: they are what the map is for.
# fmt: off
REQUIRED = (
    "POL", "UKR", "RUS", "DEU", "FRA", "GBR", "TUR", "ISL", "XKX", "GEO", "ARM", "AZE", "KAZ",
    "CYP", "MAR", "DZA", "TUN", "SYR", "IRQ", "IRN", "NOR", "ESP", "PRT", "ITA", "GRC", "MLT",
)
# fmt: on


def decode_arcs(topology: dict) -> list[list[tuple[int, int]]]:
    """Undo the delta encoding: each arc becomes absolute quantized (x, y) integer positions."""
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x, y))
        arcs.append(points)
    return arcs


def dequantize(arc: list[tuple[int, int]], transform: dict) -> list[Point]:
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return [(x * sx + tx, y * sy + ty) for x, y in arc]


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Simplify an open polyline keeping both end points (iterative, no recursion limit)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        worst, worst_index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            dist = math.hypot(px - x1, py - y1) if norm == 0.0 else abs(dy * (px - x1) - dx * (py - y1)) / norm
            if dist > worst:
                worst, worst_index = dist, i
        if worst > tolerance:
            keep[worst_index] = True
            stack.append((first, worst_index))
            stack.append((worst_index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_arc(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on an arc; a closed arc (a whole island) is split at its farthest point."""
    if len(points) > 3 and points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        first = douglas_peucker(points[: far + 1], tolerance)
        second = douglas_peucker(points[far:], tolerance)
        simplified = first + second[1:]
        # A shape smaller than the tolerance (the Vatican) would collapse: keep it as it is.
        return simplified if len(simplified) >= 5 else points
    return douglas_peucker(points, tolerance)


def unwrap_antimeridian(ring: Ring) -> Ring:
    """Natural Earth joins Chukotka and Wrangel Island across lon 180/-180 inside one ring; drawn
    as is, such a ring sweeps across the whole map. Shift its western-hemisphere points by +360
    so the ring stays continuous (lon up to ~191); the keep box then drops or keeps it whole."""
    crosses = any(abs(b[0] - a[0]) > 180.0 for a, b in zip(ring, ring[1:], strict=False))
    if not crosses:
        return ring
    return [(x + 360.0 if x < 0 else x, y) for x, y in ring]


def arc_points(arcs: list[list[Point]], index: int) -> list[Point]:
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring_from_arcs(arcs: list[list[Point]], indices: Sequence[int]) -> Ring:
    ring: Ring = []
    for index in indices:
        points = arc_points(arcs, index)
        ring.extend(points if not ring else points[1:])
    return ring


def dissolve(
    polygons: list[list[list[int]]], qarcs: list[list[tuple[int, int]]]
) -> list[list[int]]:
    """Merge topological polygons (lists of arc-index rings) that share arcs into one polygon.

    Arcs used by one exterior as ``i`` and by another as ``~i`` are interior boundaries and go;
    the remaining directed arcs are chained end to start into the new exterior ring(s). Holes of
    the inputs are kept. Works on the quantized integer arcs, so end points match exactly.
    """
    exterior = [index for polygon in polygons for index in polygon[0]]
    present = set(exterior)
    remaining = [i for i in exterior if ~i not in present]
    if len(remaining) == len(exterior):
        raise ValueError("polygons share no arc; nothing to dissolve")

    def start(i: int) -> tuple[int, int]:
        return qarcs[i][0] if i >= 0 else qarcs[~i][-1]

    def end(i: int) -> tuple[int, int]:
        return qarcs[i][-1] if i >= 0 else qarcs[~i][0]

    by_start: dict[tuple[int, int], list[int]] = {}
    for i in remaining:
        by_start.setdefault(start(i), []).append(i)
    rings: list[list[int]] = []
    unused = list(remaining)
    while unused:
        ring = [unused[0]]
        by_start[start(unused[0])].remove(unused[0])
        unused.remove(unused[0])
        while end(ring[-1]) != start(ring[0]):
            following = by_start[end(ring[-1])].pop()
            unused.remove(following)
            ring.append(following)
        rings.append(ring)
    if len(rings) != 1:
        raise ValueError(f"dissolve produced {len(rings)} exterior rings, expected 1")
    holes = [ring for polygon in polygons for ring in polygon[1:]]
    return rings + holes


def move_crimea(
    geometries: list[dict], qarcs: list[list[tuple[int, int]]], arcs: list[list[Point]]
) -> str:
    """Move Russia's Crimea polygon into Ukraine and dissolve the shared border. Returns a note."""
    by_name = {g["properties"]["name"]: g for g in geometries}
    russia, ukraine = by_name["Russia"], by_name["Ukraine"]
    lon0, lat0, lon1, lat1 = CRIMEA_BOX
    inside: list[list[list[int]]] = []
    outside: list[list[list[int]]] = []
    for polygon in _polygons(russia):
        xs, ys = zip(*ring_from_arcs(arcs, polygon[0]), strict=True)
        in_box = lon0 <= min(xs) and max(xs) <= lon1 and lat0 <= min(ys) and max(ys) <= lat1
        (inside if in_box else outside).append(polygon)
    if len(inside) != 1:
        raise SystemExit(f"expected one Russian polygon in the Crimea box, got {len(inside)}")
    crimea = inside[0]
    russia["type"], russia["arcs"] = "MultiPolygon", outside
    ukraine_polygons = _polygons(ukraine)
    crimea_arcs = {~i for i in crimea[0]}
    touching = [p for p in ukraine_polygons if crimea_arcs & set(p[0])]
    if len(touching) == 1:
        merged = dissolve([touching[0], crimea], qarcs)
        ukraine_polygons = [merged if p is touching[0] else p for p in ukraine_polygons]
        note = "dissolved into the mainland polygon (shared Perekop arc removed)"
    else:  # not expected for world-atlas 2.0.2; keep it as a separate polygon of Ukraine
        ukraine_polygons = [*ukraine_polygons, crimea]
        note = "added to Ukraine as a separate polygon (no single shared arc found)"
    ukraine["type"], ukraine["arcs"] = "MultiPolygon", ukraine_polygons
    return note


def _polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def signed_area(ring: Ring) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2.0


def weighted_area(ring: Ring) -> float:
    """Planar area in square degrees, scaled by cos(mean latitude): comparable across Europe."""
    mean_lat = sum(y for _, y in ring) / len(ring)
    return abs(signed_area(ring)) * math.cos(math.radians(mean_lat))


def bbox(points: Sequence[Point]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def intersects_window(polygons: list[list[Ring]], window: tuple[float, ...]) -> bool:
    """True if some vertex lies in the window or some edge crosses it (bbox test, then edges)."""
    x0, y0, x1, y1 = window
    for polygon in polygons:
        exterior = polygon[0]
        if not overlaps(bbox(exterior), window):  # type: ignore[arg-type]
            continue
        for (ax, ay), (bx, by) in zip(exterior, exterior[1:], strict=False):
            if x0 <= ax <= x1 and y0 <= ay <= y1:
                return True
            # Liang-Barsky: does segment a-b meet the rectangle?
            t0, t1 = 0.0, 1.0
            dx, dy = bx - ax, by - ay
            hit = True
            for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
                if p == 0:
                    if q < 0:
                        hit = False
                        break
                    continue
                t = q / p
                if p < 0:
                    t0 = max(t0, t)
                else:
                    t1 = min(t1, t)
                if t0 > t1:
                    hit = False
                    break
            if hit:
                return True
        # The window may lie wholly inside a huge polygon (not the case here, but be correct).
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if point_in_ring((cx, cy), exterior):
            return True
    return False


def point_in_ring(point: Point, ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def round_ring(ring: Ring, exterior: bool) -> list[list[float]] | None:
    """Round to DECIMALS, drop repeated points, close, orient (RFC 7946: exterior CCW).

    A ring that rounding would collapse (the Vatican is ~0.006 degrees wide) gets one more decimal.
    """
    for decimals in (DECIMALS, DECIMALS + 1, DECIMALS + 2):
        rounded = _round_ring(ring, exterior, decimals)
        if rounded is not None:
            return rounded
    return None


def _round_ring(ring: Ring, exterior: bool, decimals: int) -> list[list[float]] | None:
    out: list[Point] = []
    for x, y in ring:
        p = (round(x, decimals), round(y, decimals))
        if not out or p != out[-1]:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3:
        return None
    area = signed_area(out)
    if area == 0.0:
        return None
    if (area > 0) != exterior:
        out.reverse()
    out.append(out[0])
    return [[x, y] for x, y in out]


def iso3_for(geometry: dict) -> tuple[str, str]:
    """(id, display name). Non-ISO entities get an upper-case name-based id longer than 3."""
    ne_name = geometry["properties"]["name"]
    numeric = geometry.get("id")
    if ne_name in BY_NAME:
        code = BY_NAME[ne_name]
        return code, DISPLAY_NAMES.get(code, ne_name)
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    if country is None:
        words = "".join(c if c.isalnum() else " " for c in ne_name.upper()).split()
        return "X_" + "_".join(words), ne_name
    code = country.alpha_3
    name = DISPLAY_NAMES.get(code) or getattr(country, "common_name", None) or country.name
    return code, name


def build(topology: dict) -> tuple[dict, list[str]]:
    transform = topology["transform"]
    qarcs = decode_arcs(topology)
    raw_arcs = [dequantize(a, transform) for a in qarcs]
    geometries = [dict(g) for g in topology["objects"]["countries"]["geometries"]]
    notes = [f"Crimea: {move_crimea(geometries, qarcs, raw_arcs)}"]
    arcs = [simplify_arc(a, SIMPLIFY_TOLERANCE) for a in raw_arcs]

    features: list[dict[str, object]] = []
    seen: dict[str, str] = {}
    small_total = 0
    for geometry in geometries:
        polygons = [
            [unwrap_antimeridian(ring_from_arcs(arcs, ring)) for ring in p]
            for p in _polygons(geometry)
        ]
        if not polygons or not intersects_window(polygons, WINDOW):
            continue
        code, name = iso3_for(geometry)
        if code in seen:
            raise SystemExit(f"{code} twice: {seen[code]!r} and {name!r}")
        seen[code] = name
        largest = max(polygons, key=lambda p: weighted_area(p[0]))
        kept = []
        dropped_far = dropped_small = 0
        for polygon in polygons:
            if not overlaps(bbox(polygon[0]), KEEP_BOX):
                dropped_far += 1
                continue
            if polygon is not largest and weighted_area(polygon[0]) < MIN_AREA:
                dropped_small += 1
                continue
            rings = [round_ring(polygon[0], exterior=True)]
            rings += [round_ring(hole, exterior=False) for hole in polygon[1:]]
            if rings[0] is None:
                continue
            kept.append([r for r in rings if r is not None])
        small_total += dropped_small
        if dropped_far:
            notes.append(f"{code}: {dropped_far} polygon(s) outside the keep box dropped")
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"iso3": code, "name": name},
                "geometry": {"type": "MultiPolygon", "coordinates": kept},
            }
        )
    missing = [code for code in REQUIRED if code not in seen]
    if missing:
        raise SystemExit(f"required countries missing: {missing}")
    features.sort(key=lambda f: str(f["id"]))
    notes.append(f"{small_total} islands below {MIN_AREA} weighted square degrees dropped")
    return {"type": "FeatureCollection", "features": features}, notes


def dumps(collection: dict) -> str:
    """Compact JSON, one feature per line (diffable, small)."""
    lines = ['{"type":"FeatureCollection","features":[']
    features = collection["features"]
    for i, feature in enumerate(features):
        text = json.dumps(feature, separators=(",", ":"), ensure_ascii=False)
        lines.append(text + ("," if i < len(features) - 1 else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    default_out = Path(__file__).resolve().parents[1] / "src/foedus/library/geo/europe.geojson"
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    collection, notes = build(topology)
    text = dumps(collection)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    for note in notes:
        print(note, file=sys.stderr)
    print(
        f"wrote {args.out} ({len(collection['features'])} features, {len(text.encode())} bytes)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
