"""Fine cells near a zone's edge whose interpolated margin is certified within half a metre.

Coarse cells (`geo.grid`) decide the reports far beyond every threshold; within tolerance +
10 km of one the margin must be exact (within 1 m of GeographicLib), so those reports went to
the exact kernel. For a zone that is one distance leaf (`within` with round ends or `beyond`, of
a line or a point), margin = +-(km - f) with f the geodesic distance to the feature, and the
bilinear interpolant If of f over a small lon/lat cell has a provable error on both sides:

- f(p) >= If(p) - e_lo. f is a distance to a set, the minimum of distances r to its points; on a
  surface of positive curvature each r has Hessian <= 1/r, and a parallel bends away from a
  geodesic by k = tan|lat| / N, so along parallels and meridians f is (1/f_min + k)-semiconcave,
  and a semiconcave function lies at most (1/f_min + k) (hx^2 + hy^2) / 8 below its bilinear
  interpolant (hx, hy the cell's sides in metres) — ridges of f included.
- f(p) <= If(p) + e_up. f(p) <= r(p), the distance to the nearest point F of the cell's first
  corner; r is convex along geodesics (meridians) and within k hx^2 / 8 of it along parallels, so
  f(p) <= Ir(p) + k hx^2 / 8 <= If(p) + max over the corners of (r - f) + k hx^2 / 8, that
  maximum computed when the cells are built.

A fine cell whose bound, plus the nodes' own error (`NODE_M`), is at most `ERROR_M` holds a
certified margin. A report there is decided (inside, outside or possible) when its interpolated
margin is more than bound + `SLACK_M` from both thresholds; the others go to the exact kernel.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numba import njit

from standoff.geo.vincenty import A, F, frame, inverse_reduced

E2 = F * (2 - F)
#: Largest certified interpolation error of a margin that counts as exact (m): with the
#: kernel's own error, well within the 1 m the issue allows against GeographicLib.
ERROR_M = 0.5
#: Larger errors are kept up to this (m) for reports far beyond their tolerance (geo.grid.FAR_M),
#: where an interpolated margin may be off by 0.05 % + 5 m.
KEEP_M = 50.0
#: The nodes' own error, twice: the exact kernel's distances (< 0.03 m) and Vincenty's to the feet.
NODE_M = 0.1
#: Fine cells per coarse cell side (400 m coarse cells: 100 m fine cells).
K = 4
#: Fine cells are built where a report with a radius up to this (m) could need an exact margin.
RADIUS_M = 10_000.0
#: Error bounds are looked up as one byte: code c stands for ERROR_STEPS[c] m, rounded up from
#: the bound (5 mm steps to ERROR_M, then 3 % steps to KEEP_M; 255: no bound).
ERROR_STEPS = np.concatenate([np.arange(101) / 200, np.geomspace(ERROR_M, KEEP_M, 155)[1:], [np.inf]])


@dataclass(frozen=True)
class FineBlocks:
    """K x K fine cells in some coarse cells of a grid: margins at their nodes and error bounds."""

    block: np.ndarray  # (ny, nx) int32: the coarse cell's block, -1: none
    margin_m: np.ndarray  # (blocks, K + 1, K + 1) margin at the fine nodes (row = latitude)
    distance_m: np.ndarray  # (blocks, K + 1, K + 1) distance to the feature
    error_m: np.ndarray  # (blocks, K, K) certified bound of the interpolated margin's error, inf: none
    label: int  # index into the grid's labels of the one deciding feature version
    distance_from: tuple[float, float]  # (offset, sign): distance = offset + sign * margin (one leaf)

    def arrays(self) -> dict[str, np.ndarray]:
        return {"fine_block": self.block, "fine_margin": self.margin_m, "fine_distance": self.distance_m,
                "fine_error": self.error_m, "fine_label": np.array([self.label], np.int64),
                "fine_from": np.array(self.distance_from, np.float64)}

    @classmethod
    def from_arrays(cls, a: dict[str, np.ndarray]) -> FineBlocks:
        offset, sign = (float(x) for x in a["fine_from"])
        return cls(a["fine_block"], a["fine_margin"], a["fine_distance"], a["fine_error"],
                   int(a["fine_label"][0]), (offset, sign))


def cell_sides_m(lat_lo: np.ndarray, dlon: float, dlat: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell row: the longest parallel side, the longest meridian side (m), and k = tan|lat| / N max."""
    lat_a, lat_b = np.radians(lat_lo), np.radians(lat_lo + dlat)
    widest = np.where(lat_a * lat_b <= 0, 0.0, np.minimum(np.abs(lat_a), np.abs(lat_b)))
    steepest = np.maximum(np.abs(lat_a), np.abs(lat_b))
    hx = A * np.cos(widest) / np.sqrt(1 - E2 * np.sin(widest) ** 2) * math.radians(dlon)
    hy = A * (1 - E2) / (1 - E2 * np.sin(steepest) ** 2) ** 1.5 * math.radians(dlat)
    return hx * (1 + 1e-9), hy * (1 + 1e-9), np.tan(steepest) / A  # N >= A


def error_bound_m(f: np.ndarray, excess_m: np.ndarray, lat_lo: np.ndarray, dlon: float, dlat: float
                  ) -> np.ndarray:
    """The certified bound of |f - If| per fine cell (see the module), inf where f may reach 0.

    `f` (..., 2, 2) holds the corners' distances, `excess_m` the largest r - f over the corners,
    `lat_lo` the cells' southern latitudes (broadcast against `excess_m`).
    """
    hx, hy, k = cell_sides_m(lat_lo, dlon, dlat)
    reach = (hx + hy) / 2  # every point of the cell is within this of a corner (geo.grid)
    f_min = f.min(axis=(-2, -1)) - reach
    # the meridian's arc per degree of latitude varies: M' <= 1.5 A e2, a second-order term
    lat_term = 1.5 * A * E2 * math.radians(dlat) ** 2 / 8
    lower = np.where(f_min > 0, (1 / np.maximum(f_min, 1e-9) + k) * hx**2 / 8
                     + hy**2 / (8 * np.maximum(f_min, 1e-9)), np.inf)
    upper = np.maximum(excess_m, 0.0) + k * hx**2 / 8
    bound: np.ndarray = np.maximum(lower, upper) + lat_term + NODE_M
    return bound


def build(lon0: float, lat0: float, dlon: float, dlat: float, candidates: np.ndarray,
          evaluate: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, ...]],
          distance_from: tuple[float, float]) -> FineBlocks | None:
    """Fine blocks in the coarse cells where `candidates` (ny, nx) is True.

    `evaluate(lon, lat)` gives the zone's margin, the distance to its one feature, and that
    distance's nearest point (lon, lat) at the fine nodes; `distance_from` (offset, sign) gives
    the distance from the margin (within km: (km, -1), beyond km: (-km, 1), in metres).
    Blocks with no certified cell are dropped.
    """
    cj, ci = np.nonzero(candidates)
    if not len(cj):
        return None
    steps = np.arange(K + 1) / K
    shape = (len(cj), K + 1, K + 1)
    lat = np.broadcast_to(lat0 + (cj[:, None, None] + steps[None, :, None]) * dlat, shape)
    lon = np.broadcast_to(lon0 + (ci[:, None, None] + steps[None, None, :]) * dlon, shape)
    margin, dist, foot_lon, foot_lat = (np.asarray(a, np.float64).reshape(shape)
                                        for a in evaluate(lon.ravel(), lat.ravel()))
    err = cell_errors_m(lon, lat, margin, dist, foot_lon, foot_lat, dlon / K, dlat / K)
    err[~(err <= KEEP_M)] = np.inf
    keep = np.isfinite(err).any(axis=(1, 2))
    if not keep.any():
        return None
    block = np.full(candidates.shape, -1, np.int32)
    block[cj[keep], ci[keep]] = np.arange(int(keep.sum()), dtype=np.int32)
    return FineBlocks(block, margin[keep], dist[keep], err[keep], 0, distance_from)


def cell_errors_m(lon: np.ndarray, lat: np.ndarray, margin: np.ndarray, dist: np.ndarray,
                  foot_lon: np.ndarray, foot_lat: np.ndarray, dlon: float, dlat: float) -> np.ndarray:
    """The certified bound of each cell's interpolation error (m; inf where unknown or f may be 0).

    Node arrays are (..., rows + 1, cols + 1) over cells of dlon x dlat degrees: position, the
    one-leaf zone's margin, the distance f to its feature and f's nearest point; the result is
    (..., rows, cols). The upper side's excess is r - f at the other corners, r the distance from
    the first (south-west) corner's nearest point (Vincenty's inverse, as the kernel's).
    """
    fl, fa = foot_lon[..., :-1, :-1], foot_lat[..., :-1, :-1]
    ok = np.isfinite(fl) & np.isfinite(fa)
    excess = np.full(fl.shape, -np.inf)
    for dj, di in ((0, 1), (1, 0), (1, 1)):
        rows, cols = slice(dj, dist.shape[-2] - 1 + dj), slice(di, dist.shape[-1] - 1 + di)
        r = np.full(fl.shape, np.inf)
        r[ok] = geodesic_m(fl[ok], fa[ok], lon[..., rows, cols][ok], lat[..., rows, cols][ok])
        excess = np.maximum(excess, r - dist[..., rows, cols])
    at_corners = corners(dist)
    err = error_bound_m(at_corners.reshape(*excess.shape, 2, 2), excess, lat[..., :-1, :-1], dlon, dlat)
    known = np.isfinite(at_corners).all(-1) & np.isfinite(corners(margin)).all(-1)
    return np.where(known, err, np.inf)


def geodesic_m(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    """Geodesic distances (m) between points in degrees, pair by pair (Vincenty, compiled)."""
    out = np.empty(len(lon1))
    lon1, lat1, lon2, lat2 = (np.ascontiguousarray(a, np.float64) for a in (lon1, lat1, lon2, lat2))
    _geodesic(lon1, lat1, lon2, lat2, out)
    return out


@njit(cache=True, error_model="numpy")
def _geodesic(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray,
              out: np.ndarray) -> None:  # pragma: no cover - compiled
    for i in range(lon1.shape[0]):
        _, _, su1, cu1 = frame(math.radians(lat1[i]))
        _, _, su2, cu2 = frame(math.radians(lat2[i]))
        out[i] = inverse_reduced(su1, cu1, su2, cu2, math.radians(lon2[i] - lon1[i]))[0]


def corners(nodes: np.ndarray) -> np.ndarray:
    """(..., R + 1, C + 1) node values -> (..., R, C, 4) values at each cell's corners."""
    return np.stack([nodes[..., :-1, :-1], nodes[..., :-1, 1:], nodes[..., 1:, :-1], nodes[..., 1:, 1:]], -1)


def tables(fine: FineBlocks) -> tuple[np.ndarray, np.ndarray]:
    """What a look-up reads, small enough to stay in cache: per block the margins at its
    (K + 1)^2 nodes (float32, row = latitude) and per fine cell its error bound's code (uint8,
    `ERROR_STEPS`). A block is 100 + 16 bytes instead of K^2 records of 36."""
    nodes = np.ascontiguousarray(fine.margin_m.reshape(len(fine.margin_m), -1), np.float32)
    codes = np.searchsorted(ERROR_STEPS, fine.error_m.reshape(len(fine.error_m), -1), side="left")
    return nodes, np.minimum(codes, len(ERROR_STEPS) - 1).astype(np.uint8)


@njit(cache=True, error_model="numpy")
def refine(fx: float, fy: float, radius: float, accuracy: float, slack: float, far: float,
           nodes: np.ndarray, codes: np.ndarray, f: int, steps: np.ndarray,
           distance_from: tuple[float, float]) -> tuple[int, float, float]:  # pragma: no cover - compiled
    """One report at (fx, fy) in [0, 1)^2 of a coarse cell whose fine block is block `f` of `nodes`,
    `codes` (`tables`; `steps` is ERROR_STEPS): (state, margin, distance).

    With an error bound up to ERROR_M: state 2 certainly inside, -2 certainly outside, 3 possible;
    with a larger one, 1 / -1 when the report is more than `far` beyond its tolerance and the
    error within 0.05 % + 5 m of the margin; 0: ask the exact kernel. Margins are float32 (their
    rounding, < 0.01 m, is within the nodes' allowance NODE_M); the distance follows from the
    margin (`FineBlocks.distance_from`).
    """
    gx, gy = fx * K, fy * K
    i, j = min(int(gx), K - 1), min(int(gy), K - 1)
    e = steps[codes[f, j * K + i]]  # inf (no bound): every test below fails, state 0
    ux, uy = gx - i, gy - j
    n = j * (K + 1) + i
    v = ((nodes[f, n] * (1 - ux) + nodes[f, n + 1] * ux) * (1 - uy)
         + (nodes[f, n + K + 1] * (1 - ux) + nodes[f, n + K + 2] * ux) * uy)
    tol, s = radius + accuracy, e + slack
    # selects rather than branches: the outcome varies from report to report
    near = 2 if v - s > tol else -2 if v + s < -tol else 3 if (-tol + s < v) & (v < tol - s) else 0
    far_ok = (abs(v) - s - tol > far) & (e <= 0.0005 * (abs(v) - e) + 5.0)
    state = near if e <= ERROR_M else ((1 if v > 0 else -1) if far_ok else 0)
    dist = max(distance_from[0] + distance_from[1] * v, 0.0)
    return state, v if state != 0 else math.nan, dist if state != 0 else math.nan
