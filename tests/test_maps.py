"""The offline Europe map: the bundled GeoJSON, the SVG and the PNG renderers, the build script."""

from __future__ import annotations

import importlib.util
import json
import math
import struct
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest

from foedus.report.maps import (
    HIGHLIGHT_COLOUR,
    NO_DATA_COLOUR,
    PROTECTION_SCALE,
    Feature,
    europe_map_png,
    europe_map_svg,
    load_europe,
)

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[1]


def point_in_ring(point: tuple[float, float], ring) -> bool:
    """Even-odd ray casting; the ring may or may not repeat its first point."""
    x, y = point
    inside = False
    n = len(ring)
    for i in range(n):
        (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def covers(feature: Feature, point: tuple[float, float]) -> bool:
    return any(
        point_in_ring(point, polygon[0]) and not any(point_in_ring(point, h) for h in polygon[1:])
        for polygon in feature.polygons
    )


def by_iso3() -> dict[str, Feature]:
    return {f.iso3: f for f in load_europe()}


# --- the GeoJSON ------------------------------------------------------------------------------


def test_geojson_loads_and_is_cached():
    features = load_europe()
    assert len(features) > 40
    assert all(f.polygons for f in features)
    assert len({f.iso3 for f in features}) == len(features)
    assert load_europe() == features
    features.clear()  # callers get a copy; the cache is unharmed
    assert load_europe()


def test_geojson_is_small_and_well_formed():
    resource = resources.files("foedus.library.geo").joinpath("europe.geojson")
    raw = resource.read_bytes()
    assert len(raw) < 400_000
    data = json.loads(raw)
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert set(feature["properties"]) == {"iso3", "name"}
        assert feature["id"] == feature["properties"]["iso3"]
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for k, ring in enumerate(polygon):
                assert len(ring) >= 4 and ring[0] == ring[-1]
                area = sum(
                    x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)
                )
                assert (area > 0) == (k == 0), "RFC 7946: exterior CCW, holes CW"
                assert all(round(v, 3) == v for point in ring for v in point)


@pytest.mark.parametrize(
    "code", ["POL", "UKR", "RUS", "DEU", "FRA", "GBR", "TUR", "ISL", "XKX", "GEO", "KAZ", "CYP"]
)
def test_expected_countries_present(code):
    assert code in by_iso3()


def test_names_and_non_iso_entities():
    features = by_iso3()
    assert features["XKX"].name == "Kosovo"
    assert features["BIH"].name == "Bosnia and Herzegovina"
    non_iso = [f for f in features.values() if not f.has_iso_code]
    assert [f.name for f in non_iso] == ["N. Cyprus"]
    assert non_iso[0].iso3 == "X_N_CYPRUS"


@pytest.mark.parametrize(
    "point",
    [(34.1, 45.3), (34.10, 44.95), (33.52, 44.60), (36.40, 45.33), (34.40, 45.71)],
    ids=["centre", "simferopol", "sevastopol", "kerch", "dzhankoi"],
)
def test_crimea_is_ukraine(point):
    features = by_iso3()
    assert covers(features["UKR"], point)
    assert not covers(features["RUS"], point)


def test_crimea_is_joined_to_mainland_ukraine():
    """Dissolved, not stacked: the polygon holding Crimea also holds Kyiv."""
    ukraine = by_iso3()["UKR"]
    crimea = [p for p in ukraine.polygons if point_in_ring((34.1, 45.3), p[0])]
    assert len(crimea) == 1
    assert point_in_ring((30.52, 50.45), crimea[0][0])


@pytest.mark.parametrize(
    ("code", "point"),
    [
        ("RUS", (37.62, 55.75)),
        ("RUS", (20.5, 54.7)),
        ("UKR", (30.52, 50.45)),
        ("POL", (21.0, 52.23)),
        ("ISL", (-21.9, 64.1)),
        ("TUR", (32.85, 39.93)),
    ],
)
def test_known_places(code, point):
    assert covers(by_iso3()[code], point)


def test_no_ring_crosses_the_antimeridian():
    for feature in load_europe():
        for polygon in feature.polygons:
            for ring in polygon:
                for (x1, _), (x2, _) in zip(ring, ring[1:], strict=False):
                    assert abs(x2 - x1) < 90, feature.iso3


# --- SVG -------------------------------------------------------------------------------------

VALUES = {"POL": 4, "UKR": 2, "FRA": 4.0, "CHE": 0, "MDA": 1.5, "RUS": None, "SRB": math.nan}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the SVG is well-formed XML


def paths(root: ET.Element) -> dict[str, ET.Element]:
    found = root.iter(f"{SVG}path")
    return {p.get("data-iso3"): p for p in found}


def test_svg_one_path_per_country():
    svg = europe_map_svg(VALUES, title="Test", scale=PROTECTION_SCALE)
    root = parse(svg)
    elements = list(root.iter(f"{SVG}path"))
    assert len(elements) == len(load_europe())
    assert {p.get("data-iso3") for p in elements} == {f.iso3 for f in load_europe()}
    for p in elements:
        assert p.get("d", "").startswith("M")
        assert p.find(f"{SVG}title") is not None


def test_svg_accessible_and_self_contained():
    svg = europe_map_svg(VALUES, title="Who helps <Poland> & when", scale=PROTECTION_SCALE)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert "Who helps <Poland> & when" in root.get("aria-label")
    assert root.find(f"{SVG}title").text == "Who helps <Poland> & when"
    assert "<script" not in svg and "href" not in svg and "<image" not in svg
    assert " on" + "click" not in svg
    assert svg.count("http") == 1  # the xmlns only: nothing is fetched


def test_svg_fills():
    root = parse(europe_map_svg(VALUES, title="T", scale=PROTECTION_SCALE))
    by_code = paths(root)
    colour = {t: c for t, c, _ in PROTECTION_SCALE}
    assert by_code["POL"].get("fill") == colour[4]
    assert by_code["UKR"].get("fill") == colour[2]
    assert by_code["CHE"].get("fill") == colour[0]
    assert by_code["MDA"].get("fill") == colour[1]  # 1.5 falls in the step starting at 1
    for missing in ("DEU", "RUS", "SRB", "X_N_CYPRUS"):  # absent, None, NaN, no ISO code
        assert by_code[missing].get("fill") == NO_DATA_COLOUR


def test_svg_titles_default_to_step_label_or_given_label():
    root = parse(
        europe_map_svg(VALUES, title="T", scale=PROTECTION_SCALE, labels={"UKR": "Budapest 1994"})
    )
    by_code = paths(root)
    assert by_code["POL"].find(f"{SVG}title").text == (
        "Poland: binding collective defence (means chosen by each ally)"
    )
    assert by_code["UKR"].find(f"{SVG}title").text == "Ukraine: Budapest 1994"
    assert by_code["DEU"].find(f"{SVG}title").text == "Germany: no data"


def test_svg_legend_has_one_entry_per_step():
    root = parse(europe_map_svg(VALUES, title="T", scale=PROTECTION_SCALE))
    items = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend-item"]
    steps = [g for g in items if g.get("data-kind") == "step"]
    assert len(steps) == len(PROTECTION_SCALE)
    assert [g.find(f"{SVG}text").text for g in steps] == [lab for _, _, lab in PROTECTION_SCALE]
    assert [g.find(f"{SVG}rect").get("fill") for g in steps] == [c for _, c, _ in PROTECTION_SCALE]
    assert [g.get("data-kind") for g in items][len(steps) :] == ["no-data"]


def test_svg_highlight():
    root = parse(europe_map_svg(VALUES, title="T", scale=PROTECTION_SCALE, highlight=["POL"]))
    elements = list(root.iter(f"{SVG}path"))
    assert elements[-1].get("data-iso3") == "POL"  # drawn last so no neighbour covers the outline
    assert elements[-1].get("stroke") == HIGHLIGHT_COLOUR
    assert float(elements[-1].get("stroke-width")) >= 2
    assert all(p.get("stroke") is None for p in elements[:-1])
    kinds = [g.get("data-kind") for g in root.iter(f"{SVG}g") if g.get("class") == "legend-item"]
    assert kinds[-1] == "highlight"


def test_svg_custom_scale_and_validation():
    scale = [(10.0, "#eeeeee", "low"), (20.0, "#777777", "mid"), (30.0, "#111111", "high")]
    by_code = paths(parse(europe_map_svg({"DEU": 25, "FRA": 3, "ITA": 99}, title="T", scale=scale)))
    assert by_code["DEU"].get("fill") == "#777777"
    assert by_code["FRA"].get("fill") == "#eeeeee"  # below the first threshold: first step
    assert by_code["ITA"].get("fill") == "#111111"
    with pytest.raises(ValueError):
        europe_map_svg({}, title="T", scale=[(1, "#000", "a"), (1, "#fff", "b")])
    with pytest.raises(ValueError):
        europe_map_svg({}, title="T", scale=[])


def test_svg_tiny_countries_keep_a_path():
    by_code = paths(parse(europe_map_svg({}, title="T", scale=PROTECTION_SCALE)))
    for code in ("VAT", "MCO", "SMR", "LIE", "MLT"):
        assert len(by_code[code].get("d")) > 10


def test_protection_scale_shape():
    assert [t for t, _, _ in PROTECTION_SCALE] == [0, 1, 2, 3, 4, 5]
    colours = [c for _, c, _ in PROTECTION_SCALE]
    assert len(set(colours)) == 6 and NO_DATA_COLOUR not in colours


# --- PNG -------------------------------------------------------------------------------------


def test_png_written(tmp_path):
    out = europe_map_png(
        VALUES,
        tmp_path / "sub" / "map.png",
        title="Test",
        scale=PROTECTION_SCALE,
        highlight=["POL"],
    )
    assert out == tmp_path / "sub" / "map.png"
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert 1100 <= width <= 1600, width  # 9 in at 150 dpi, trimmed by bbox_inches="tight"
    assert 1000 <= height <= 1500, height
    assert len(data) > 50_000


# --- the build script ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def build():
    path = ROOT / "scripts" / "build_europe_geojson.py"
    spec = importlib.util.spec_from_file_location("build_europe_geojson", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_decodes_delta_arcs(build):
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[3, 3], [-1, 1]]],
    }
    quantized = build.decode_arcs(topology)
    assert quantized == [[(0, 0), (2, 0), (2, 4)], [(3, 3), (2, 4)]]
    assert build.dequantize(quantized[0], topology["transform"]) == [
        (10.0, 20.0),
        (11.0, 20.0),
        (11.0, 21.0),
    ]


def test_build_dissolves_shared_arc(build):
    # Two unit squares side by side; arc 0 is their shared edge x=1 (upwards).
    qarcs = [
        [(1, 0), (1, 1)],  # 0: shared edge
        [(1, 1), (0, 1), (0, 0), (1, 0)],  # 1: rest of the left square
        [(1, 0), (2, 0), (2, 1), (1, 1)],  # 2: rest of the right square
    ]
    left = [[0, 1]]
    right = [[2, ~0]]
    merged = build.dissolve([left, right], qarcs)
    assert len(merged) == 1 and sorted(merged[0]) == [1, 2]
    ring = build.ring_from_arcs(qarcs, merged[0])
    assert ring[0] == ring[-1] and abs(build.signed_area(ring[:-1])) == 2


def test_build_unwraps_antimeridian(build):
    ring = [(179.0, 65.0), (-179.0, 65.0), (-179.0, 66.0), (179.0, 66.0)]
    assert build.unwrap_antimeridian(ring) == [
        (179.0, 65.0),
        (181.0, 65.0),
        (181.0, 66.0),
        (179.0, 66.0),
    ]
    assert build.unwrap_antimeridian([(1.0, 1.0), (2.0, 2.0)]) == [(1.0, 1.0), (2.0, 2.0)]
