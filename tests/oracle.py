"""An independent geodesic oracle built only on pyproj.Geod (GeographicLib)."""

from __future__ import annotations

import numpy as np
from pyproj import Geod

GEOD = Geod(ellps="WGS84")


def _segment_min(lon: float, lat: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    az, _, s = GEOD.inv(a[0], a[1], b[0], b[1])
    if s == 0:
        return float(GEOD.inv(lon, lat, a[0], a[1])[2])

    def dist(t: np.ndarray) -> np.ndarray:
        plon, plat, _ = GEOD.fwd(np.full(len(t), a[0]), np.full(len(t), a[1]), np.full(len(t), az), t)
        return GEOD.inv(np.full(len(t), lon), np.full(len(t), lat), plon, plat)[2]

    ts = np.linspace(0, s, 401)
    d = dist(ts)
    k = int(np.argmin(d))
    lo, hi = ts[max(k - 1, 0)], ts[min(k + 1, len(ts) - 1)]
    phi = (np.sqrt(5) - 1) / 2
    for _ in range(60):  # golden-section search inside the bracketing samples
        m1, m2 = hi - phi * (hi - lo), lo + phi * (hi - lo)
        d1, d2 = dist(np.array([m1, m2]))
        if d1 < d2:
            hi = m2
        else:
            lo = m1
    return float(min(d.min(), dist(np.array([(lo + hi) / 2]))[0]))


def distance_to_polyline(lon: float, lat: float, coords: list[tuple[float, float]]) -> float:
    """Brute-force geodesic distance (m) from a point to a polyline of geodesic segments."""
    if len(coords) == 1:
        return float(GEOD.inv(lon, lat, coords[0][0], coords[0][1])[2])
    return min(_segment_min(lon, lat, a, b) for a, b in zip(coords[:-1], coords[1:], strict=True))


def densify(coords: list[tuple[float, float]], step_m: float = 1000.0) -> np.ndarray:
    """Vertices plus geodesic points every `step_m` metres."""
    out = [np.asarray(coords[:1], dtype=float)]
    for a, b in zip(coords[:-1], coords[1:], strict=True):
        s = GEOD.inv(a[0], a[1], b[0], b[1])[2]
        n = int(s // step_m)
        if n:
            out.append(np.asarray(GEOD.npts(a[0], a[1], b[0], b[1], n)))
        out.append(np.asarray([b], dtype=float))
    return np.concatenate(out)
