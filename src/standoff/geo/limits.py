"""What one observation's geometry may cost to check, and the geometries refused outright.

Kept in geo/ (no numba) so that reading a table can apply them; `engine.areas` samples areas
within the same limits. `--max-area-vertices` raises the vertex limit (`set_area_limits`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from standoff.geo.ellipsoid import GEOD

__all__ = ["AreaLimits", "area_limits", "area_problem", "geometry_problem", "lonlat_area_m2",
           "set_area_limits"]


@dataclass(frozen=True)
class AreaLimits:
    """What one area observation may cost. `--max-area-vertices` raises the vertex limit."""

    max_vertices: int = 10_000
    max_samples: int = 20_000  # per area; beyond, the spacing (and the slack) grows


DEFAULT_AREA_LIMITS = AreaLimits()
_LIMITS: contextvars.ContextVar[AreaLimits | None] = contextvars.ContextVar("standoff_area_limits",
                                                                            default=None)


def set_area_limits(limits: AreaLimits) -> None:
    """Use `limits` for the area observations read and checked from now on (in this context)."""
    _LIMITS.set(limits)


def area_limits() -> AreaLimits:
    """The limits in force."""
    return _LIMITS.get() or DEFAULT_AREA_LIMITS


def area_problem(ring: Sequence[Sequence[float]] | np.ndarray) -> str | None:
    """Why an area (outer ring, lon/lat) cannot be checked within the limits, or None."""
    xy = np.asarray(ring, dtype=float)
    limits = area_limits()
    if len(xy) > limits.max_vertices:
        return (f"an area with {len(xy):,} vertices; at most {limits.max_vertices:,} "
                "(--max-area-vertices raises it)")
    lon = xy[:, 0] if len(xy) else np.zeros(0)
    on_edge = np.abs(lon) == 180  # an edge from -180 to 180 runs along the map's edge (a pole)
    if len(xy) > 1 and ((np.abs(np.diff(lon)) > 180) & ~(on_edge[:-1] & on_edge[1:])).any():
        return ("an area across the antimeridian (an edge spans more than 180° of longitude): "
                "split it at ±180° into two rows")
    return None


AUTHALIC_RADIUS_M = 6_371_007.2


def lonlat_area_m2(geom: BaseGeometry) -> float:
    """Area of a polygon whose edges are straight in lon/lat (as shapely and the area sampler
    see it), on the authalic sphere: its area in the equal-area plane (lon rad, sin lat)."""
    dense = shapely.segmentize(geom, 0.5)  # degrees: edges stay near straight in the new plane
    flat = shapely.transform(dense, lambda xy: np.column_stack(
        [np.radians(xy[:, 0]), np.sin(np.radians(xy[:, 1]))]))
    return float(flat.area) * AUTHALIC_RADIUS_M**2


def geometry_problem(geom: BaseGeometry, theatre_m2: float | None = None) -> str | None:
    """Why an observation's geometry (point, line or area) is refused, or None.

    Beyond `area_problem` for each ring or line, an area larger than the theatre (`theatre_m2`,
    geodesic) is refused: nothing inside it could be judged.
    """
    if shapely.get_num_coordinates(geom) > area_limits().max_vertices:
        return area_problem(shapely.get_coordinates(geom))
    parts = shapely.get_parts(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        parts = shapely.get_rings(parts)
    for part in parts:
        problem = area_problem(shapely.get_coordinates(part))
        if problem:
            return problem
    if theatre_m2 and geom.geom_type in ("Polygon", "MultiPolygon"):
        size_m2 = max(abs(GEOD.geometry_area_perimeter(geom)[0]), lonlat_area_m2(geom))
        if size_m2 > theatre_m2:
            return (f"an area of {size_m2 / 1e6:,.0f} km² is larger than the theatre "
                    f"({theatre_m2 / 1e6:,.0f} km²)")
    return None
