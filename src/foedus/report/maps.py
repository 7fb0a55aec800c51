"""Offline maps of Europe coloured by a per-country value: inline SVG (HTML) and PNG (matplotlib).

The shapes come from ``foedus/library/geo/europe.geojson``, derived once from Natural Earth via
the npm package ``world-atlas`` (see ``library/geo/SOURCE.md``; Crimea is drawn as part of
Ukraine). Nothing is downloaded at run time.

Values are keyed by ISO 3166-1 alpha-3 code (``XKX`` for Kosovo) and coloured with a discrete
scale: a sequence of ``(threshold, colour, legend label)`` steps in ascending threshold order. A
value takes the colour of the last step whose threshold it reaches (values below the first
threshold take the first colour). ``None``, NaN, a missing key and entities without an ISO code
are drawn grey as "no data".

The projection is equirectangular with the longitude scaled by cos(52 deg), which keeps Europe's
shapes close to what readers expect at this scale.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]  # exterior ring first, then holes
ScaleStep = tuple[float, str, str]  # (threshold, fill colour, legend label)

# Colour-blind-safe sequential palette: ColorBrewer YlGnBu, 6 classes.
PROTECTION_SCALE: tuple[ScaleStep, ...] = (
    (0.0, "#ffffcc", "none"),
    (1.0, "#c7e9b4", "consultation / UN referral"),
    (2.0, "#7fcdbb", "consultation within a deadline + support"),
    (3.0, "#41b6c4", "political guarantee of assistance"),
    (4.0, "#2c7fb8", "binding collective defence (means chosen by each ally)"),
    (5.0, "#253494", "automatic military assistance"),
)
NO_DATA_COLOUR = "#cfcfcf"
NO_DATA_LABEL = "no data"
SEA_COLOUR = "#e3edf4"
BORDER_COLOUR = "#ffffff"
HIGHLIGHT_COLOUR = "#d95f02"  # dark orange: stands out against the whole YlGnBu range

# Visible window (lon_min, lat_min, lon_max, lat_max) and projection.
VIEW = (-25.0, 33.5, 50.0, 71.5)
LON_SCALE = math.cos(math.radians(52.0))
_SVG_UNITS_PER_DEGREE = 16.0
_CLIP_MARGIN = 1.0  # degrees: shapes are cut to the view plus this before drawing

_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Feature:
    """One country or territory: ISO 3166-1 alpha-3 code (or a name-based ``X_...`` id for
    entities without one), display name, and polygons in lon/lat degrees."""

    iso3: str
    name: str
    polygons: tuple[Polygon, ...]

    @property
    def has_iso_code(self) -> bool:
        return bool(_ISO3.match(self.iso3))

    @property
    def area(self) -> float:
        """Rough projected area of the exteriors (for draw order: large countries first)."""
        return sum(abs(_signed_area(polygon[0])) for polygon in self.polygons) * LON_SCALE


@cache
def _load() -> tuple[Feature, ...]:
    text = resources.files("foedus.library.geo").joinpath("europe.geojson").read_text("utf-8")
    collection = json.loads(text)
    features = []
    for item in collection["features"]:
        geometry = item["geometry"]
        coordinates = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            coordinates = [coordinates]
        polygons = tuple(
            tuple(tuple((float(x), float(y)) for x, y in ring) for ring in polygon)
            for polygon in coordinates
        )
        props = item["properties"]
        features.append(Feature(iso3=props["iso3"], name=props["name"], polygons=polygons))
    return tuple(features)


def load_europe() -> list[Feature]:
    """The countries of Europe and its neighbours (read once, then cached)."""
    return list(_load())


# --- scale -------------------------------------------------------------------------------------


def _check_scale(scale: Sequence[ScaleStep]) -> list[ScaleStep]:
    steps = [(float(t), str(c), str(label)) for t, c, label in scale]
    if not steps:
        raise ValueError("scale needs at least one (threshold, colour, label) step")
    thresholds = [t for t, _, _ in steps]
    if any(b <= a for a, b in zip(thresholds, thresholds[1:], strict=False)):
        raise ValueError(f"scale thresholds must be strictly ascending, got {thresholds}")
    return steps


def _step_for(value: float | None, steps: Sequence[ScaleStep]) -> ScaleStep | None:
    if value is None:
        return None
    value = float(value)
    if math.isnan(value):
        return None
    chosen = steps[0]
    for step in steps:
        if value >= step[0]:
            chosen = step
    return chosen


def _classify(
    features: Sequence[Feature],
    values: Mapping[str, float | None],
    steps: Sequence[ScaleStep],
) -> dict[str, ScaleStep | None]:
    return {
        f.iso3: _step_for(values.get(f.iso3), steps) if f.has_iso_code else None for f in features
    }


# --- geometry helpers --------------------------------------------------------------------------


def _signed_area(ring: Sequence[Point]) -> float:
    total = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        total += x1 * y2 - x2 * y1
    return total / 2.0


def _crossing(a: Point, b: Point, axis: int, bound: float) -> Point:
    t = (bound - a[axis]) / (b[axis] - a[axis])
    other = a[1 - axis] + t * (b[1 - axis] - a[1 - axis])
    return (bound, other) if axis == 0 else (other, bound)


def _clip_ring(ring: Sequence[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland-Hodgman clip of a ring to an axis-aligned box.

    Exact for the filled area; concave shapes may gain zero-width spurs along the box edge,
    which is why the box is the view plus a margin (the spurs stay outside what is shown).
    """
    x0, y0, x1, y1 = box
    points = list(ring)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    for axis, bound, keep_above in ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False)):
        if not points:
            break
        out: list[Point] = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            now_in = current[axis] >= bound if keep_above else current[axis] <= bound
            was_in = previous[axis] >= bound if keep_above else previous[axis] <= bound
            if now_in != was_in:
                out.append(_crossing(previous, current, axis, bound))
            if now_in:
                out.append(current)
        points = out
    return points if len(points) >= 3 else []


def _visible_rings(feature: Feature) -> list[list[Point]]:
    """The feature's rings cut to the view (plus a margin), in lon/lat; empty if out of view."""
    lon0, lat0, lon1, lat1 = VIEW
    box = (lon0 - _CLIP_MARGIN, lat0 - _CLIP_MARGIN, lon1 + _CLIP_MARGIN, lat1 + _CLIP_MARGIN)
    rings = []
    for polygon in feature.polygons:
        for ring in polygon:
            clipped = _clip_ring(ring, box)
            if clipped:
                rings.append(clipped)
    return rings


def _draw_order(features: Sequence[Feature], highlight: set[str]) -> list[Feature]:
    """Large countries first so enclaves (San Marino, Vatican) sit on top; highlights last."""
    return sorted(features, key=lambda f: (f.iso3 in highlight, -f.area, f.iso3))


def _tooltip(feature: Feature, step: ScaleStep | None, labels: Mapping[str, str] | None) -> str:
    if labels is not None and feature.iso3 in labels:
        return f"{feature.name}: {labels[feature.iso3]}"
    return f"{feature.name}: {step[2] if step else NO_DATA_LABEL}"


# --- SVG ---------------------------------------------------------------------------------------


def _svg_xy(lon: float, lat: float) -> tuple[float, float]:
    lon0, _, _, lat1 = VIEW
    return (
        (lon - lon0) * LON_SCALE * _SVG_UNITS_PER_DEGREE,
        (lat1 - lat) * _SVG_UNITS_PER_DEGREE,
    )


def _num(quanta: int, decimals: int) -> str:
    """An integer count of 10**-decimals units as the shortest SVG number ("-1.3", ".5", "2")."""
    text = f"{abs(quanta) / 10**decimals:.{decimals}f}".rstrip("0").rstrip(".")
    if text.startswith("0."):
        text = text[1:]
    if text in ("", "0"):
        return "0"
    return ("-" if quanta < 0 else "") + text


def _svg_ring(ring: Sequence[Point], decimals: int) -> str | None:
    """One closed subpath in relative coordinates, or None if it collapses at this precision."""
    factor = 10**decimals
    points: list[tuple[int, int]] = []
    for lon, lat in ring:
        x, y = _svg_xy(lon, lat)
        q = (round(x * factor), round(y * factor))
        if not points or q != points[-1]:
            points.append(q)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return None
    parts = [f"M{_num(points[0][0], decimals)} {_num(points[0][1], decimals)}l"]
    deltas = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        dx, dy = _num(x1 - x0, decimals), _num(y1 - y0, decimals)
        deltas.append(dx + ("" if dy.startswith("-") else " ") + dy)
    parts.append(" ".join(deltas))
    parts.append("z")
    return "".join(parts)


def _svg_path_data(rings: Iterable[Sequence[Point]]) -> str:
    """Path data at 0.1 user units; a ring too small for that (Vatican, Monaco) gets more
    decimals instead of vanishing, so every country in view has a hoverable path."""
    parts = []
    for ring in rings:
        for decimals in (1, 2, 3):
            subpath = _svg_ring(ring, decimals)
            if subpath is not None:
                parts.append(subpath)
                break
    return "".join(parts)


def europe_map_svg(
    values: Mapping[str, float | None],
    *,
    title: str,
    scale: Sequence[ScaleStep],
    highlight: Iterable[str] = (),
    labels: Mapping[str, str] | None = None,
) -> str:
    """A self-contained inline ``<svg>`` map (no JavaScript, no external references).

    One ``<path data-iso3=...>`` per country with a ``<title>`` ("name: label") for hover and
    screen readers; the label is ``labels[iso3]`` if given, else the legend label of the value's
    step, else "no data". Highlighted countries get a thick outline and are drawn last.
    """
    steps = _check_scale(scale)
    features = load_europe()
    marked = set(highlight)
    classes = _classify(features, values, steps)

    lon0, lat0, lon1, lat1 = VIEW
    map_w, map_h = _svg_xy(lon1, lat0)
    pad = 10.0
    title_h = 30.0
    font = 12.0
    row_h = 20.0
    swatch = 14.0
    entries: list[tuple[str, str, str]] = [(c, label, "step") for _, c, label in steps]
    entries.append((NO_DATA_COLOUR, NO_DATA_LABEL, "no-data"))
    if marked:
        entries.append(("none", "highlighted", "highlight"))
    longest = max(len(label) for _, label, _ in entries)
    col_w = swatch + 8 + longest * font * 0.55 + 16
    columns = max(1, min(len(entries), int(map_w // col_w)))
    rows = math.ceil(len(entries) / columns)
    col_w = map_w / columns
    legend_h = rows * row_h + 8
    width = map_w + 2 * pad
    height = title_h + map_h + legend_h + 2 * pad

    digest = hashlib.sha1(
        json.dumps(
            [title, sorted((k, repr(v)) for k, v in values.items()), steps, sorted(marked)]
        ).encode()
    ).hexdigest()[:10]
    clip_id = f"foedus-map-clip-{digest}"

    out: list[str] = []
    label_text = f"{title}. Map of Europe; colour shows: " + "; ".join(
        f"{label} ({colour})" for _, colour, label in steps
    )
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="foedus-map" role="img" '
        f'aria-label="{escape(label_text)}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" '
        f'style="max-width:100%;height:auto;font-family:sans-serif">'
    )
    out.append(f"<title>{escape(title)}</title>")
    out.append(
        f'<defs><clipPath id="{clip_id}"><rect x="0" y="0" width="{map_w:.1f}" '
        f'height="{map_h:.1f}"/></clipPath></defs>'
    )
    out.append(
        f'<text x="{pad:.0f}" y="{pad + 16:.0f}" font-size="16" font-weight="bold" '
        f'fill="#222">{escape(title)}</text>'
    )
    out.append(f'<g transform="translate({pad:.0f} {pad + title_h:.0f})">')
    out.append(
        f'<rect x="0" y="0" width="{map_w:.1f}" height="{map_h:.1f}" fill="{SEA_COLOUR}" '
        f'stroke="#999" stroke-width="0.5"/>'
    )
    out.append(
        f'<g clip-path="url(#{clip_id})" fill-rule="evenodd" stroke="{BORDER_COLOUR}" '
        f'stroke-width="0.5" stroke-linejoin="round">'
    )
    for feature in _draw_order(features, marked):
        data = _svg_path_data(_visible_rings(feature))
        if not data:
            continue
        step = classes[feature.iso3]
        fill = step[1] if step else NO_DATA_COLOUR
        extra = ""
        if feature.iso3 in marked:
            extra = f' stroke="{HIGHLIGHT_COLOUR}" stroke-width="2.5" data-highlight="true"'
        out.append(
            f'<path data-iso3="{escape(feature.iso3)}" fill="{fill}"{extra} d="{data}">'
            f"<title>{escape(_tooltip(feature, step, labels))}</title></path>"
        )
    out.append("</g></g>")

    top = pad + title_h + map_h + 10
    out.append(f'<g class="legend" font-size="{font:.0f}" fill="#222">')
    for i, (colour, label, kind) in enumerate(entries):
        col, row = divmod(i, rows)
        x = pad + col * col_w
        y = top + row * row_h
        if kind == "highlight":
            box = (
                f'<rect x="{x + 1.5:.1f}" y="{y + 1.5:.1f}" width="{swatch - 3:.0f}" '
                f'height="{swatch - 3:.0f}" fill="{NO_DATA_COLOUR}" stroke="{HIGHLIGHT_COLOUR}" '
                f'stroke-width="2.5"/>'
            )
        else:
            box = (
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{swatch:.0f}" height="{swatch:.0f}" '
                f'fill="{colour}" stroke="#777" stroke-width="0.5"/>'
            )
        out.append(
            f'<g class="legend-item" data-kind="{kind}">{box}'
            f'<text x="{x + swatch + 6:.1f}" y="{y + swatch - 2.5:.1f}">{escape(label)}</text></g>'
        )
    out.append("</g></svg>")
    return "\n".join(out)


# --- PNG ---------------------------------------------------------------------------------------


def europe_map_png(
    values: Mapping[str, float | None],
    path: str | Path,
    *,
    title: str,
    scale: Sequence[ScaleStep],
    highlight: Iterable[str] = (),
) -> Path:
    """Draw the same map with matplotlib to a PNG at 150 dpi; returns the path.

    Uses a bare ``Figure`` on the Agg canvas rather than pyplot, so it works headless and never
    switches the backend of a caller who uses pyplot interactively.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.path import Path as MplPath

    steps = _check_scale(scale)
    features = load_europe()
    marked = set(highlight)
    classes = _classify(features, values, steps)

    def compound(rings: list[list[Point]]) -> tuple[list[tuple[float, float]], list[int]]:
        verts: list[tuple[float, float]] = []
        codes: list[int] = []
        for ring in rings:
            verts.extend((lon * LON_SCALE, lat) for lon, lat in ring)
            verts.append((ring[0][0] * LON_SCALE, ring[0][1]))
            codes.append(int(MplPath.MOVETO))
            codes.extend([int(MplPath.LINETO)] * (len(ring) - 1))
            codes.append(int(MplPath.CLOSEPOLY))
        return verts, codes

    shapes: list[tuple[list[tuple[float, float]], list[int]]] = []
    fills: list[str] = []
    outlines: list[tuple[list[tuple[float, float]], list[int]]] = []
    for feature in _draw_order(features, marked):
        rings = _visible_rings(feature)
        if not rings:
            continue
        shape = compound(rings)
        shapes.append(shape)
        step = classes[feature.iso3]
        fills.append(step[1] if step else NO_DATA_COLOUR)
        if feature.iso3 in marked:
            outlines.append(shape)

    lon0, lat0, lon1, lat1 = VIEW
    aspect = (lon1 - lon0) * LON_SCALE / (lat1 - lat0)
    fig_w = 9.0
    fig = Figure(figsize=(fig_w, fig_w / aspect + 1.6), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_facecolor(SEA_COLOUR)
    countries = PolyCollection([], facecolors=fills, edgecolors=BORDER_COLOUR, linewidths=0.4)
    # Compound paths (MOVETO per ring) so holes such as Italy's around San Marino stay holes.
    # matplotlib's stub types `codes` as one flat list; at run time it is one list per path.
    all_codes: Any = [c for _, c in shapes]
    countries.set_verts_and_codes([v for v, _ in shapes], all_codes)
    ax.add_collection(countries)
    if outlines:
        ring = PolyCollection(
            [], facecolors="none", edgecolors=HIGHLIGHT_COLOUR, linewidths=2.0, zorder=3
        )
        outline_codes: Any = [c for _, c in outlines]
        ring.set_verts_and_codes([v for v, _ in outlines], outline_codes)
        ax.add_collection(ring)
    ax.set_xlim(lon0 * LON_SCALE, lon1 * LON_SCALE)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#999999")
        spine.set_linewidth(0.5)
    ax.set_title(title, fontsize=13, fontweight="bold", loc="left")

    handles = [
        Patch(facecolor=c, edgecolor="#777777", linewidth=0.5, label=lab) for _, c, lab in steps
    ]
    handles.append(
        Patch(facecolor=NO_DATA_COLOUR, edgecolor="#777777", linewidth=0.5, label=NO_DATA_LABEL)
    )
    if marked:
        handles.append(
            Patch(
                facecolor=NO_DATA_COLOUR,
                edgecolor=HIGHLIGHT_COLOUR,
                linewidth=2.0,
                label="highlighted",
            )
        )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncol=2,
        fontsize=8.5,
        frameon=False,
        handlelength=1.6,
        columnspacing=1.5,
    )
    fig.tight_layout()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(target, dpi=150, bbox_inches="tight", pad_inches=0.1, facecolor="white")
    return target
