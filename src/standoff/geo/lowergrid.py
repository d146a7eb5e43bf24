"""Lower bounds of a (signed) distance read from a lon/lat grid instead of computed per point.

A distance, or a signed distance to an area's edge, changes by at most one metre per metre
moved. The grid holds a certified lower bound L at its nodes (`geo.bounds`). A point P of a
cell with corners c_i and bilinear weights w_i satisfies f(P) >= f(c_i) - dist(P, c_i) for
each i, so f(P) >= sum w_i L(c_i) - sum w_i dist(P, c_i). Going along P's parallel and then
along the corner's meridian, dist(P, c_i) <= |dlon_i| X + |dlat_i| Y (X, Y: the largest
parallel and meridian arcs per radian over the cell's latitudes), and with bilinear weights
the sum is 2 fx (1 - fx) across + 2 fy (1 - fy) along (the cell's sides in metres): zero at a
corner, the half diagonal at the centre. Points outside the grid get the per-point bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numba import njit

from standoff.geo.bounds import MAX_LATITUDE
from standoff.geo.grid import Layout
from standoff.geo.vincenty import A, F

E2 = F * (2 - F)
#: Nodes of one grid, about: the cell size follows from the box (cells of at least MIN_CELL_M).
NODES = 40_000
MIN_CELL_M = 250.0
#: Subtracted from every node bound before it is stored as float32 (rounding is < 0.1 m here).
ROUNDING_M = 1.0

Bound = Callable[[np.ndarray, np.ndarray], np.ndarray]


def cell_sides_m(lat_lo: np.ndarray, dlon: float, dlat: float) -> tuple[np.ndarray, np.ndarray]:
    """Per row of cells [lat_lo, lat_lo + dlat]: the longest parallel arc of dlon degrees and
    the meridian arc of dlat degrees at the largest meridional radius (m, plus 1e-9 relative)."""
    lat_a, lat_b = np.radians(lat_lo), np.radians(lat_lo + dlat)
    widest = np.where(lat_a * lat_b <= 0, 0.0, np.minimum(np.abs(lat_a), np.abs(lat_b)))
    parallel = A * np.cos(widest) / np.sqrt(1 - E2 * np.sin(widest) ** 2)
    steepest = np.maximum(np.abs(lat_a), np.abs(lat_b))
    meridian = A * (1 - E2) / (1 - E2 * np.sin(steepest) ** 2) ** 1.5
    return parallel * math.radians(dlon) * (1 + 1e-9), meridian * math.radians(dlat) * (1 + 1e-9)


@dataclass(frozen=True)
class LowerGrid:
    """Certified lower bounds at the nodes of a layout (float32) and each cell row's sides (m)."""

    layout: Layout
    nodes: np.ndarray  # (ny + 1, nx + 1) float32
    across_m: np.ndarray  # (ny,) float64
    along_m: np.ndarray

    @classmethod
    def over(cls, box: tuple[float, float, float, float], bound: Bound,
             nodes: int = NODES) -> LowerGrid | None:
        """A grid of about `nodes` nodes over `box` (west, south, east, north, degrees) holding
        `bound` there, or None where it makes no claim (beyond `bounds.MAX_LATITUDE`)."""
        west, south, east, north = box
        if max(abs(south), abs(north)) > MAX_LATITUDE or not east > west or not north > south:
            return None
        mid = math.cos(math.radians((south + north) / 2))
        area_m2 = (east - west) * 111_000.0 * mid * (north - south) * 111_000.0
        layout = Layout.over(west, south, east, north, max(MIN_CELL_M, math.sqrt(area_m2 / nodes)))
        lon, lat = layout.nodes()
        values = bound(lon, lat).reshape(layout.ny + 1, layout.nx + 1)
        if not np.isfinite(values).all():  # a node without a claimed bound: no grid
            return None
        rows = layout.lat0 + np.arange(layout.ny) * layout.dlat
        across, along = cell_sides_m(rows, layout.dlon, layout.dlat)
        return cls(layout, (values - ROUNDING_M).astype(np.float32), across, along)

    def lower(self, lon: np.ndarray, lat: np.ndarray, bound: Bound) -> np.ndarray:
        """A lower bound at each point: from the grid inside it, from `bound` outside."""
        lay = self.layout
        out = np.empty(len(lon))
        lon = np.ascontiguousarray(lon, np.float64)
        lat = np.ascontiguousarray(lat, np.float64)
        outside = _read(lon, lat, lay.lon0, lay.lat0, lay.dlon, lay.dlat, self.nodes, self.across_m,
                        self.along_m, out)
        if outside.any():
            out[outside] = bound(lon[outside], lat[outside])
        return out


@njit(cache=True, error_model="numpy")
def _read(lon: np.ndarray, lat: np.ndarray, lon0: float, lat0: float, dlon: float, dlat: float,
          nodes: np.ndarray, across: np.ndarray, along: np.ndarray,
          out: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    ny, nx = nodes.shape[0] - 1, nodes.shape[1] - 1
    outside = np.zeros(lon.shape[0], np.bool_)
    for q in range(lon.shape[0]):
        x, y = (lon[q] - lon0) / dlon, (lat[q] - lat0) / dlat
        if not (x >= 0.0 and y >= 0.0 and x < nx and y < ny):  # NaN too
            outside[q] = True
            out[q] = np.nan
            continue
        j, i = int(y), int(x)
        fx, fy = x - i, y - j
        a, b = float(nodes[j, i]), float(nodes[j, i + 1])
        c, e = float(nodes[j + 1, i]), float(nodes[j + 1, i + 1])
        v = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + e * fx) * fy
        out[q] = v - 2 * fx * (1 - fx) * across[j] - 2 * fy * (1 - fy) * along[j]
    return outside
