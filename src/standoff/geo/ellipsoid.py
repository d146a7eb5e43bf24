"""The WGS84 ellipsoid (pyproj's GeographicLib), without the compiled kernels.

Reading a table or a pack needs geodesic distances but not numba: import `GEOD` from here.
"""

from __future__ import annotations

import numpy as np
from pyproj import Geod

__all__ = ["GEOD", "densify", "distance_m"]

#: Every geodesic distance, azimuth and area of standoff is measured on this ellipsoid.
GEOD = Geod(ellps="WGS84")


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance in metres between two lon/lat points."""
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2])


def densify(coords: np.ndarray, max_segment_m: float) -> np.ndarray:
    """The [lon, lat] vertices with geodesic points inserted so no segment exceeds `max_segment_m`.

    A segment of length s gets ceil(s / max_segment_m) - 1 points, evenly spaced along the
    geodesic; the vertices themselves are kept exactly.
    """
    coords = np.asarray(coords, dtype=np.float64).reshape(-1, 2)
    out = [coords[:1]]
    for (lon1, lat1), (lon2, lat2) in zip(coords[:-1], coords[1:], strict=True):
        _, _, s = GEOD.inv(lon1, lat1, lon2, lat2)
        n_extra = int(np.ceil(s / max_segment_m)) - 1
        if n_extra > 0:
            out.append(np.array(GEOD.npts(lon1, lat1, lon2, lat2, n_extra), dtype=np.float64))
        out.append(np.array([[lon2, lat2]]))
    return np.concatenate(out)
