"""Pack feature geometry for the reader: shapes in lon/lat, buffers measured in metres."""

from __future__ import annotations

from datetime import date

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely import Geometry, LineString, Point, Polygon

from standoff.model import Pack

__all__ = ["buffer_m", "distance_m", "feature_shape", "theatre_shape"]

GEOD = Geod(ellps="WGS84")


def feature_shape(pack: Pack, feature_id: str, day: date | None = None) -> Geometry | None:
    """The feature's geometry (lon/lat) in force on `day`, or None when it has none then."""
    feature = pack.features.get(feature_id)
    version = feature.version_at(day) if feature else None
    if version is None:
        return None
    if version.rings:
        return Polygon(version.rings[0], version.rings[1:])
    if version.between:
        a = feature_shape(pack, version.between[0], day)
        b = feature_shape(pack, version.between[1], day)
        if a is None or b is None:
            return None
        ring = list(a.coords) + list(b.coords)[::-1]
        return Polygon(ring).buffer(0)
    coords = version.coords or []
    if feature is not None and feature.kind == "point" or len(coords) == 1:
        return Point(coords[0])
    return LineString(coords)




def theatre_shape(pack: Pack) -> Geometry | None:
    """The theatre's area (lon/lat), or None when the pack's theatre feature is not an area."""
    shape = feature_shape(pack, pack.theatre)
    return shape if isinstance(shape, Polygon) else None


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance in metres between two lon/lat points."""
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2])


def buffer_m(shape: Geometry, radius_m: float) -> Polygon:
    """`shape` grown by `radius_m` metres, computed in an azimuthal equidistant projection."""
    c = shape.centroid
    proj = f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m"
    fwd = Transformer.from_crs("EPSG:4326", proj, always_xy=True)
    back = Transformer.from_crs(proj, "EPSG:4326", always_xy=True)

    def apply(tr: Transformer) -> object:
        return lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))

    grown = shapely.transform(shape, apply(fwd)).buffer(radius_m, quad_segs=8)
    return shapely.transform(grown, apply(back))  # type: ignore[return-value]
