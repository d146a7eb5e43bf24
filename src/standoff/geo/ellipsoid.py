"""The WGS84 ellipsoid (pyproj's GeographicLib), without the compiled kernels.

Reading a table or a pack needs geodesic distances but not numba: import `GEOD` from here.
"""

from __future__ import annotations

from pyproj import Geod

__all__ = ["GEOD"]

#: Every geodesic distance, azimuth and area of standoff is measured on this ellipsoid.
GEOD = Geod(ellps="WGS84")
