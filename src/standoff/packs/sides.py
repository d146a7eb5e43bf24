"""Side zones checked when the pack loads: a side that cannot be told apart fails then, not at first use.

A `side` names a line and which side of it: `facing` a compass direction, or `toward` a feature.
For every version of the line (and of the `toward` feature) in force at some time:
- `facing` must not run within 15 degrees of the line's own direction;
- the `toward` feature's representative point must lie farther from the line than the line's stated
  accuracy, or it names neither side.
Distances use an azimuthal equidistant plane centred on that point, where distances from the centre are
geodesic; the line is densified to 1 km first, so the error is far below any stated accuracy.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import shapely

from standoff.geo.ellipsoid import densify
from standoff.geo.features import AMBIGUOUS_FACING, ShapeCache, ambiguous_facing, facing_cosine
from standoff.geo.shapes import Plane
from standoff.model import Pack
from standoff.model.zone import Side


def _days(pack: Pack, side: Side) -> list[date | None]:
    """One day inside each version of the features the side names (None: the latest version)."""
    days: set[date | None] = {None}
    for fid in (side.of, side.toward):
        if fid is not None and fid in pack.features:
            days |= {v.valid_from for v in pack.features[fid].versions if v.valid_from is not None}
    return sorted(days, key=lambda d: (d is not None, d or date.min))


def gap_m(line: np.ndarray, lon: float, lat: float) -> float:
    """Distance (m) from a point to a lon/lat polyline, in an AEQD plane centred on the point."""
    plane = Plane(shapely.Point(lon, lat))
    dense = plane.to_plane(shapely.LineString(densify(line, 1000.0)))
    return float(dense.distance(shapely.Point(0.0, 0.0)))


def side_problems(pack: Pack, side: Side) -> list[tuple[str, str]]:
    """(field, message) for each way this side is ambiguous, over the versions in force."""
    if side.of not in pack.features or (side.toward is not None and side.toward not in pack.features):
        return []  # unknown features are reported by the reference check
    cache, problems = ShapeCache(pack), {}
    for day in _days(pack, side):
        line = cache.get(side.of, day)
        if line is None:
            continue
        coords = np.asarray(line.geometry.coords)
        if side.facing is not None and abs(facing_cosine(coords, side.facing)) < AMBIGUOUS_FACING:
            problems["facing"] = ambiguous_facing(side.of, side.facing)
        target = cache.get(side.toward, day) if side.toward is not None else None
        if target is not None:
            lon, lat = target.representative_point()
            gap = gap_m(coords, lon, lat)
            if gap <= max(line.feature.accuracy_m, 1.0):
                problems["toward"] = (f"feature {side.toward} lies {gap:.0f} m from line {side.of}, "
                                      f"within its accuracy ({line.feature.accuracy_m:.0f} m): "
                                      "it names neither side")
    return sorted(problems.items())
