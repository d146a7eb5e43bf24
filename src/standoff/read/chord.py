"""Which pairs of points may lie within a distance, before asking for their geodesic distance.

The straight line through the Earth between two points on the WGS84 ellipsoid (the chord) is
never longer than the geodesic between them, so a pair whose chord exceeds a distance has no
geodesic within it. The resolver asks pyproj.Geod only for the pairs the chord leaves.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SLACK_KM", "chord_km", "ecef_km"]

_A_KM = 6378.137  # WGS84 semi-major axis
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
#: Added to every bound: rounding in the chord is far below a metre, so no pair within the
#: distance is ever left out.
SLACK_KM = 1.0


def ecef_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Earth-centred coordinates (n x 3, km) of points on the ellipsoid (degrees)."""
    phi, lam = np.radians(lat), np.radians(lon)
    n_km = _A_KM / np.sqrt(1 - _E2 * np.sin(phi) ** 2)
    return np.column_stack([n_km * np.cos(phi) * np.cos(lam), n_km * np.cos(phi) * np.sin(lam),
                            n_km * (1 - _E2) * np.sin(phi)])


def chord_km(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Straight-line distances (km) between rows of two `ecef_km` arrays of the same shape."""
    out: np.ndarray = np.sqrt(((p - q) ** 2).sum(axis=1))
    return out
