"""Map shapes: europe.geojson (derived from Natural Earth; see SOURCE.md)."""
