"""A certified local planar distance to polylines: within 0.05 % + 5 m of the geodesic one.

Each vertex V is placed in a plane centred on the point P by a second-order local scale model
(dlon, dlat in radians, phi_m the mean latitude, N and M the radii of curvature, P's and V's
halves averaged as in `kernels._approximate`):

    x = dlon (N cos lat)_avg (1 + dlat^2 / 8) (1 - dlon^2 sin^2 phi_m / 24)
    y = dlat M_avg (1 - dlon^2 (1 + 2 sin^2 phi_m) / 24)

Why: on a sphere, Gauss's analogies give exactly sin^2(s/2) = cos^2 phi_m sin^2(dlon/2) +
sin^2(dlat/2) cos^2(dlon/2). Expanded to fourth order, s^2 = X^2 + Y^2 - X^2 dlon^2 sin^2 phi_m
/ 12 - dlon^2 dlat^2 (1 + 2 sin^2 phi_m) / 12 with X = dlon cos phi_m, Y = dlat; the two factors
above remove those terms, and (1 + dlat^2 / 8) turns the mean of the two cosines into the cosine
of the mean latitude (cos a + cos b = 2 cos phi_m cos(dlat / 2)). What is left is of sixth order
and the ellipsoid's flattening times the second-order terms: |r| / s - 1 measured against
pyproj.Geod over every pair with |lat| <= 65 degrees and |r| <= 2100 km (any dlon, 2 x 10^7 pairs):
-1.0e-5 .. 0.6e-5 up to 500 km, -4.2e-5 .. 2.1e-5 up to 1000 km, -9.3e-5 .. 4.1e-5 up to 1500 km
(the model without the three factors, `kernels._approximate`'s: 2.8e-4 at 300 km, 4e-3 at 1000 km).

A geodesic segment is not straight in this plane: its image bows away from the chord between its
vertices' images by at most L^2 / 8 times the image's curvature, which is at most
(1.5 tan phi + (D / R) (1 + tan^2 phi) / 2) / R for a segment at distance D from P (the meridian
term is the geodesic's own turn, tan phi / R; the others come from the x scale varying with
latitude). Segments are split along the geodesic (`segment_limit_m`) so the bow is at most
`BOW_M`. The distance to the chords is therefore within EPS d + BOW_M (1 + EPS) of the
geodesic distance, where EPS bounds the vertex error: 1e-4 here, under a fifth of
`RELATIVE_ERROR`; `tests/test_planar.py` checks the stated bound against pyproj.Geod.

Claimed only where every vertex and the point lie within `MAX_LATITUDE` and the planar distance
is at most `MAX_DISTANCE_M`; beyond it the distance is only known to exceed `far_lower_m()`.
The side (right of the path) is read from the nearest chord as in the exact kernel; it is the
geodesic side wherever the distance exceeds its error (the chords stay within BOW_M of the path).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from standoff.geo import threads
from standoff.geo.polyline import MAX_SEGMENT_M, Polylines
from standoff.geo.vincenty import E2, TWO_PI, A, frame

RELATIVE_ERROR = 0.0005
ABSOLUTE_ERROR_M = 5.0
#: The bow of a segment's image off its chord that `segment_limit_m` allows (m).
BOW_M = 1.0
#: Relative error of the vertex model within MAX_DISTANCE_M (measured 9.3e-5; see above).
EPS = 1e-4
MAX_LATITUDE = 65.0
MAX_DISTANCE_M = 1_500_000.0
R_MIN = A * (1 - 1 / 298.257223563) ** 2  # the smallest radius of curvature of WGS84 (M at the equator)


def error_m(distance_m: np.ndarray) -> np.ndarray:
    """Bound on |planar distance - geodesic distance| (m), within `MAX_DISTANCE_M`."""
    return RELATIVE_ERROR * distance_m + ABSOLUTE_ERROR_M


def far_lower_m() -> float:
    """A lower bound of the geodesic distance where the planar one exceeds MAX_DISTANCE_M.

    A point whose geodesic distance s is below this has a planar distance of at most
    s (1 + EPS) + BOW_M (1 + EPS) <= MAX_DISTANCE_M."""
    return (MAX_DISTANCE_M - BOW_M * (1 + EPS)) / (1 + EPS)


def segment_limit_m(max_abs_lat: float) -> float:
    """The longest segment (m) whose image bows at most BOW_M off its chord, for vertices
    within `max_abs_lat` degrees and points within MAX_DISTANCE_M."""
    t = math.tan(math.radians(min(max_abs_lat, MAX_LATITUDE)))
    kappa = (1.5 * t + (MAX_DISTANCE_M + MAX_SEGMENT_M) / R_MIN * (1 + t * t) / 2) / R_MIN
    return min(MAX_SEGMENT_M, math.sqrt(8 * BOW_M / kappa))


def claimed(lines: Polylines, lat: np.ndarray) -> np.ndarray:
    """Per point, whether the bound is claimed for its latitude and these lines'."""
    if len(lines.lat) == 0 or np.abs(lines.lat).max() > MAX_LATITUDE:
        return np.zeros(len(lat), bool)
    ok: np.ndarray = np.abs(lat) <= MAX_LATITUDE
    return ok


def distance(lines: Polylines, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Planar distance (m) to the polylines and side, for each point (degrees).

    The distance is within `error_m` of the geodesic one where `claimed` and at most
    MAX_DISTANCE_M; NaN for NaN coordinates. The side is 1 right of the path, -1 left, 0 unknown:
    the nearest point is an open end or a lone vertex, where right and left are not sides of the
    line. The polylines are split further for the bound (`Polylines.planar`)."""
    dense = lines.planar
    lon = np.ascontiguousarray(lon, np.float64)
    lat = np.ascontiguousarray(lat, np.float64)
    d, right = np.empty(len(lon)), np.empty(len(lon), np.int8)
    vt = _vertex_table(np.radians(dense.lat), np.radians(dense.lon), dense.kind)
    run = _threads if threads.wanted(len(lon)) else _serial
    run(lat, lon, vt, dense.kind, dense.prev_seg, dense.next_seg, d, right)
    return d, right


LON, LAT, SIN, COS, HN, HM, SEG, PEN = range(8)


@njit(cache=True, error_model="numpy")
def _vertex_table(vlat: np.ndarray, vlon: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Rows LON..PEN per vertex (radians; halves of N cos lat and M); one spare column."""
    m = vlat.shape[0]
    vt = np.zeros((8, m + 1))
    for k in range(m):
        vt[LON, k], vt[LAT, k] = vlon[k], vlat[k]
        vt[SIN, k], vt[COS, k] = math.sin(vlat[k]), math.cos(vlat[k])
        vt[HN, k], vt[HM, k], _, _ = frame(vlat[k])
        vt[SEG, k] = 1.0 if kind[k] == 1 else 0.0
        vt[PEN, k] = np.inf if kind[k] < 0 else 0.0
    return vt


@njit(cache=True, error_model="numpy")
def _serial(plat: np.ndarray, plon: np.ndarray, vt: np.ndarray, kind: np.ndarray, prev_seg: np.ndarray,
            next_seg: np.ndarray, out_d: np.ndarray, out_right: np.ndarray) -> None:  # pragma: no cover
    _rows(0, plat.shape[0], plat, plon, vt, kind, prev_seg, next_seg, out_d, out_right)


@njit(cache=True, parallel=True, error_model="numpy")
def _threads(plat: np.ndarray, plon: np.ndarray, vt: np.ndarray, kind: np.ndarray, prev_seg: np.ndarray,
             next_seg: np.ndarray, out_d: np.ndarray, out_right: np.ndarray) -> None:  # pragma: no cover
    chunk = 512
    n = plat.shape[0]
    for c in prange((n + chunk - 1) // chunk):
        _rows(c * chunk, min(n, (c + 1) * chunk), plat, plon, vt, kind, prev_seg, next_seg, out_d, out_right)


@njit(cache=True, error_model="numpy")
def _rows(i0: int, i1: int, plat: np.ndarray, plon: np.ndarray, vt: np.ndarray, kind: np.ndarray,
          prev_seg: np.ndarray, next_seg: np.ndarray, out_d: np.ndarray,
          out_right: np.ndarray) -> None:  # pragma: no cover - compiled
    m = vt.shape[1] - 1
    wx, wy, da = np.empty(m + 1), np.empty(m + 1), np.empty(m)
    for i in range(i0, i1):
        la, lo = plat[i] * (math.pi / 180.0), plon[i] * (math.pi / 180.0)
        if math.isnan(la) or math.isnan(lo):
            out_d[i], out_right[i] = np.nan, 0
            continue
        sp, cp = math.sin(la), math.cos(la)
        w = math.sqrt(1 - E2 * sp * sp)
        hn_p, hm_p = 0.5 * A / w * cp, 0.5 * A * (1 - E2) / (w * w * w)  # as `vincenty.frame`
        for j in range(m):  # the vertices in P's plane (branch-free: the loop vectorizes)
            dlon = vt[LON, j] - lo
            dlon -= TWO_PI * math.floor((dlon + math.pi) / TWO_PI)  # across the antimeridian
            dlat = vt[LAT, j] - la
            s2 = 0.5 * (1.0 - vt[COS, j] * cp + vt[SIN, j] * sp)  # sin^2 of the mean latitude
            l2 = dlon * dlon
            wx[j] = dlon * (vt[HN, j] + hn_p) * (1.0 + dlat * dlat / 8.0) * (1.0 - l2 * s2 / 24.0)
            wy[j] = dlat * (vt[HM, j] + hm_p) * (1.0 - l2 * (1.0 + 2.0 * s2) / 24.0)
        wx[m] = wy[m] = 0.0
        for k in range(m):
            ax, ay = wx[k], wy[k]
            ex, ey = (wx[k + 1] - ax) * vt[SEG, k], (wy[k + 1] - ay) * vt[SEG, k]
            ll = ex * ex + ey * ey
            t = min(1.0, max(0.0, -(ax * ex + ay * ey) / (ll if ll > 0.0 else 1.0)))
            fx, fy = ax + t * ex, ay + t * ey
            da[k] = fx * fx + fy * fy + vt[PEN, k]  # squared: one square root per point
        k = int(np.argmin(da))
        out_d[i] = math.sqrt(da[k])
        out_right[i] = _right(k, wx, wy, kind, prev_seg, next_seg)


@njit(cache=True, error_model="numpy")
def _right(k: int, wx: np.ndarray, wy: np.ndarray, kind: np.ndarray, prev_seg: np.ndarray,
           next_seg: np.ndarray) -> int:  # pragma: no cover - compiled
    """1 where P (the origin) lies right of the path at its nearest part k, as the exact kernel
    decides it (by the segment's direction, or at a shared vertex by the sector between the
    incoming and outgoing directions), -1 left, 0 at an open end or a lone vertex."""
    if kind[k] != 1:
        return 0
    ax, ay = wx[k], wy[k]
    ex, ey = wx[k + 1] - ax, wy[k + 1] - ay
    ll = ex * ex + ey * ey
    t = min(1.0, max(0.0, -(ax * ex + ay * ey) / (ll if ll > 0.0 else 1.0)))
    fx, fy = ax + t * ex, ay + t * ey
    right = ey * fx - ex * fy < 0.0  # cross(direction, P - foot) < 0
    if t <= 0.0:
        p = prev_seg[k]
        if p < 0:
            return 0
        right = _sector(wx[p + 1] - wx[p], wy[p + 1] - wy[p], ex, ey, -ax, -ay)
    elif t >= 1.0:
        q = next_seg[k]
        if q < 0:
            return 0
        right = _sector(ex, ey, wx[q + 1] - wx[q], wy[q + 1] - wy[q], -wx[k + 1], -wy[k + 1])
    return 1 if right else -1


@njit(cache=True, error_model="numpy")
def _sector(inx: float, iny: float, outx: float, outy: float, px: float, py: float) -> bool:
    """At a vertex with incoming and outgoing directions, whether direction p lies right of the
    path (azimuths clockwise from north, as `kernels._right_of_vertex`)."""
    az_in, az_out, az_p = math.atan2(inx, iny), math.atan2(outx, outy), math.atan2(px, py)
    sector = (az_in + math.pi - az_out) % TWO_PI
    return (az_p - az_out) % TWO_PI < sector
