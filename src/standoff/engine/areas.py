"""Area observations: sample points over the area, so a verdict holds for all of it.

A zone's margin changes by at most one metre per metre moved (it is a signed distance), so
the true minimum over an area is at least the sampled minimum less the largest distance from
any point of the area to its nearest sample. Samples every `h` metres on the boundary and on
a grid inside keep that gap below `h`, which is the slack used.

The work is bounded (issue 17): an area may have at most `AreaLimits.max_vertices` vertices,
must not cross the antimeridian (a ring with an edge longer than 180° of longitude is refused:
split it at ±180° into two observations), and is sampled with at most about
`AreaLimits.max_samples` points: a larger area gets a wider spacing `h`, and so a wider slack.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from standoff.errors import StandoffError
from standoff.geo.ellipsoid import GEOD
from standoff.geo.limits import area_limits, area_problem

METRES_PER_DEGREE = 111_000.0


@dataclass(frozen=True)
class AreaSamples:
    """Sample points of the area observations among a selection of observations."""

    lon: np.ndarray
    lat: np.ndarray
    owner: np.ndarray  # position (in the selection) of the observation each sample belongs to
    slack_m: np.ndarray  # per selected observation: sampling slack in metres (0 for points)


def has_area(areas: list[list[tuple[float, float]] | None], n: int) -> np.ndarray:
    """Which of n observations carry an area."""
    if not areas:
        return np.zeros(n, bool)
    return np.fromiter((a is not None for a in areas), bool, count=n)


def sample_areas(areas: list[list[tuple[float, float]] | None], positions: np.ndarray,
                 with_area: np.ndarray) -> AreaSamples:
    """Samples for the observations at `positions` that carry an area (a polygon ring)."""
    lons, lats, owners = [], [], []
    slack = np.zeros(len(positions))
    if not areas:  # no report carries an area (the columns stay untouched)
        return AreaSamples(np.zeros(0), np.zeros(0), np.zeros(0, np.int64), slack)
    for k in np.flatnonzero(with_area[positions]):
        ring = areas[int(positions[k])]
        if not ring or len(ring) < 4:
            continue
        poly = shapely.Polygon(ring)
        if poly.is_empty or poly.area == 0:
            continue
        problem = area_problem(ring)
        if problem:
            raise StandoffError(f"observation at position {int(positions[k])}: {problem}")
        size_m = np.sqrt(abs(GEOD.geometry_area_perimeter(poly)[0]))
        h = _spacing_m(poly, float(np.clip(size_m / 15.0, 100.0, 2000.0)))
        lat_step = h / METRES_PER_DEGREE
        lon_step = lat_step / max(np.cos(np.radians(poly.centroid.y)), 0.1)
        edge = shapely.get_coordinates(shapely.segmentize(poly.exterior, min(lat_step, lon_step)))
        x0, y0, x1, y1 = poly.bounds
        gx, gy = np.meshgrid(np.arange(x0, x1 + lon_step, lon_step), np.arange(y0, y1 + lat_step, lat_step))
        inside = shapely.contains_xy(poly, gx.ravel(), gy.ravel())
        pts = np.vstack([edge, np.column_stack([gx.ravel()[inside], gy.ravel()[inside]])])
        lons.append(pts[:, 0])
        lats.append(pts[:, 1])
        owners.append(np.full(len(pts), k))
        slack[k] = h
    if not lons:
        empty = np.zeros(0)
        return AreaSamples(empty, empty, np.zeros(0, np.int64), slack)
    return AreaSamples(np.concatenate(lons), np.concatenate(lats), np.concatenate(owners), slack)


def _spacing_m(poly: shapely.Polygon, h: float) -> float:
    """The sample spacing: `h`, widened until the boundary and the grid over the bounding box
    hold at most about `max_samples` points together."""
    budget = area_limits().max_samples
    x0, y0, x1, y1 = poly.bounds
    cos_lat = max(np.cos(np.radians(poly.centroid.y)), 0.1)
    box_m2 = (y1 - y0) * METRES_PER_DEGREE * (x1 - x0) * METRES_PER_DEGREE * cos_lat
    edge_m = poly.exterior.length * METRES_PER_DEGREE  # degrees, sampled at the finer step
    return max(h, float(np.sqrt(2 * box_m2 / budget)), 4 * edge_m / budget)


def margin_range(point_margin: np.ndarray, owner: np.ndarray,
                 sample_margin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest margin over each observation (its point, plus its area samples).

    `owner` gives, for each sample margin, the position in `point_margin` of its observation.
    """
    lo = point_margin.copy()
    hi = point_margin.copy()
    if len(owner):
        np.fmin.at(lo, owner, sample_margin)
        np.fmax.at(hi, owner, sample_margin)
    return lo, hi
