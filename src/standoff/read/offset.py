"""'N km east of X': the point N km from X along the compass direction, on the WGS84 ellipsoid.

A compass word names a sector 45° wide (22.5° either side), so the stated point is uncertain
across the direction by N·tan(22.5°), and along it by the distance's own spread (10 %, or 20 %
when hedged with 'about'); the place's own uncertainty adds to both.
"""

from __future__ import annotations

import math

from pyproj import Geod

__all__ = ["BEARING_DEG", "offset_point", "offset_radius_m"]

GEOD = Geod(ellps="WGS84")
#: Azimuth in degrees clockwise from north of each compass word.
BEARING_DEG: dict[str, float] = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
    "southwest": 225.0, "west": 270.0, "northwest": 315.0,
}
_HALF_SECTOR_RAD = math.radians(22.5)


def bearing_deg(facing: str) -> float | None:
    """Azimuth of a compass word ('north-east', 'northeastern', 'East'), or None."""
    word = facing.lower().replace("-", "").replace(" ", "").removesuffix("ern")
    return BEARING_DEG.get(word)


def offset_point(lon: float, lat: float, km: float, facing: str) -> tuple[float, float]:
    """The point `km` from (lon, lat) toward `facing` (geodesic direct problem)."""
    az = bearing_deg(facing)
    if az is None:
        raise ValueError(f"not a compass direction: {facing!r}")
    lon2, lat2, _ = GEOD.fwd(lon, lat, az, km * 1000.0)
    return float(lon2), float(lat2)


def offset_radius_m(place_radius_m: float, km: float, approximate: bool = False) -> float:
    """Uncertainty radius (m) of 'km toward a compass direction from a place'."""
    along_m = km * 1000.0 * (0.2 if approximate else 0.1)
    across_m = km * 1000.0 * math.tan(_HALF_SECTOR_RAD)
    return place_radius_m + math.hypot(along_m, across_m)
