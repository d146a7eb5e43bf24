"""Part of a line between two points projected onto it: `segment: {of, from, to}` in a pack."""

from __future__ import annotations

import math

import numpy as np

from standoff.geo.ellipsoid import GEOD
from standoff.geo.polyline import Polylines

__all__ = ["cut_line", "foot_on_line"]

LonLat = tuple[float, float]


def foot_on_line(coords: list[LonLat], point: LonLat) -> tuple[float, LonLat]:
    """Where `point` projects onto a polyline of geodesic segments.

    Returns the position along the vertices (segment index plus the fraction of that segment's
    length, so 2.5 is half-way from vertex 2 to vertex 3) and the foot in degrees.
    """
    pts = np.asarray(coords, dtype=np.float64)
    lon, lat = np.array([point[0]]), np.array([point[1]])
    best: tuple[float, int, float, float] | None = None
    for i in range(len(pts) - 1):
        if GEOD.inv(*pts[i], *pts[i + 1])[2] == 0:
            continue
        d, _, flon, flat = Polylines.from_parts([pts[i:i + 2]]).distance(lon, lat)
        if best is None or d[0] < best[0]:
            best = (float(d[0]), i, float(flon[0]), float(flat[0]))
    if best is None:
        raise ValueError("the line has no segment of non-zero length")
    _, i, foot_lon, foot_lat = best
    length = GEOD.inv(pts[i][0], pts[i][1], pts[i + 1][0], pts[i + 1][1])[2]
    along = GEOD.inv(pts[i][0], pts[i][1], foot_lon, foot_lat)[2]
    return i + min(max(float(along) / float(length), 0.0), 1.0), (foot_lon, foot_lat)


def cut_line(coords: list[LonLat], start: LonLat, end: LonLat) -> list[LonLat]:
    """The part of a geodesic polyline between the feet of `start` and `end`, from start to end.

    The cut follows the same geodesics as the line, so distances to it are exact.
    """
    t_start, foot_start = foot_on_line(coords, start)
    t_end, foot_end = foot_on_line(coords, end)
    (lo, foot_lo), (hi, foot_hi) = sorted([(t_start, foot_start), (t_end, foot_end)])
    inner = [tuple(map(float, coords[k])) for k in range(math.floor(lo) + 1, math.ceil(hi))
             if lo < k < hi]
    out: list[LonLat] = []
    for p in [foot_lo, *inner, foot_hi]:
        if not out or GEOD.inv(out[-1][0], out[-1][1], p[0], p[1])[2] > 1e-3:
            out.append((p[0], p[1]))
    return out if t_start <= t_end else out[::-1]
