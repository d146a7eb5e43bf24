"""Feature versions as geometry: shapely shapes in lon/lat and kernel-ready polylines."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import cast

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from standoff.errors import PackError
from standoff.geo.ellipsoid import GEOD
from standoff.geo.polyline import Polylines, oriented_rings
from standoff.model import Feature, FeatureVersion, Pack


def version_geometry(pack: Pack, feature: Feature, version: FeatureVersion,
                     day: date | None = None) -> BaseGeometry:
    """The version's shape in lon/lat degrees.

    An area built `between` two lines uses the lines' versions in force on `day`.
    """
    if version.between is not None:
        day = day or version.valid_from
        a, b = (pack.features[f].version_at(day) for f in version.between)
        if a is None or b is None:
            raise PackError(f"feature {feature.id}: its lines have no version on {day}")
        ring = list(a.coords or []) + list(reversed(b.coords or []))
        if ring[0] != ring[-1]:
            ring.append(ring[0])
        return shapely.make_valid(shapely.Polygon(ring))
    if version.rings is not None:
        return shapely.make_valid(shapely.Polygon(version.rings[0], version.rings[1:]))
    coords = version.coords or []
    return shapely.Point(coords[0]) if feature.kind == "point" else shapely.LineString(coords)


def feature_geometry(pack: Pack, feature_id: str, day: date | None = None) -> BaseGeometry | None:
    """The feature's shape (lon/lat) in force on `day`; None when it (or a line it lies between) has none."""
    feature = pack.features.get(feature_id)
    version = feature.version_at(day) if feature else None
    if feature is None or version is None:
        return None
    if any(pack.features[f].version_at(day or version.valid_from) is None for f in version.between or ()):
        return None
    return version_geometry(pack, feature, version, day)


def _polygons(geom: BaseGeometry) -> list[shapely.Polygon]:
    return [g for g in shapely.get_parts(geom) if isinstance(g, shapely.Polygon) and not g.is_empty]


@dataclass
class VersionShape:
    """One feature version, compiled for distance queries."""

    feature: Feature
    version: FeatureVersion
    geometry: BaseGeometry
    lines: tuple[str, ...] = ()  # versions of the lines an area is built between
    _extended: dict[str, tuple[Polylines, Polylines]] = field(default_factory=dict)
    _lower: dict[str, object] = field(default_factory=dict)  # geo.lowergrid grids (None: no grid)

    @property
    def label(self) -> str:
        lines = f"({'+'.join(self.lines)})" if self.lines else ""
        return f"{self.feature.id}@{self.version.version}{lines}"

    @cached_property
    def polylines(self) -> Polylines:
        """Boundary rings (interior on the right) for areas; the path itself for lines and points."""
        if self.feature.kind == "area":
            rings = [r for p in _polygons(self.geometry) for r in oriented_rings(p)]
            return Polylines.from_parts(rings)
        return Polylines.from_parts([np.asarray(self.geometry.coords)])

    def distance_m(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, ...]:
        """Geodesic distance to the feature (0 inside an area) and the nearest point on it."""
        d, right, flon, flat = self.polylines.distance(lon, lat)
        if self.feature.kind == "area":
            d = np.where(right, 0.0, d)
        return d, flon, flat

    def signed_distance_m(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, ...]:
        """Distance to an area's boundary, positive inside, and the nearest boundary point."""
        d, right, flon, flat = self.polylines.distance(lon, lat)
        return np.where(right, d, -d), flon, flat

    def extended(self, theatre: BaseGeometry, key: str) -> Polylines:
        """The line prolonged along its end directions until both ends leave the theatre."""
        return self._prolonged(theatre, key)[0]

    def tails(self, theatre: BaseGeometry, key: str) -> Polylines:
        """Only the two prolongations of `extended`, as separate parts."""
        return self._prolonged(theatre, key)[1]

    def _prolonged(self, theatre: BaseGeometry, key: str) -> tuple[Polylines, Polylines]:
        if key not in self._extended:
            coords = np.asarray(self.geometry.coords)
            bounds_pts = shapely.get_coordinates(theatre.envelope)
            ends = []
            for tip, before in ((coords[0], coords[1]), (coords[-1], coords[-2])):
                az, _, _ = GEOD.inv(before[0], before[1], tip[0], tip[1])
                _, _, reach = GEOD.inv(np.full(len(bounds_pts), tip[0]), np.full(len(bounds_pts), tip[1]),
                                       bounds_pts[:, 0], bounds_pts[:, 1])
                lon, lat, _ = GEOD.fwd(tip[0], tip[1], az, float(np.max(reach)) * 1.1 + 10_000)
                ends.append((lon, lat))
            path = np.vstack([[ends[0]], coords, [ends[1]]])
            tails = [np.vstack([[ends[0]], coords[:1]]), np.vstack([coords[-1:], [ends[1]]])]
            self._extended[key] = (Polylines.from_parts([path]), Polylines.from_parts(tails))
        return self._extended[key]

    def signed_lower_bound(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """A lower bound of the signed distance (m, positive inside) to an area's edge."""
        from standoff.geo.bounds import signed_lower_bound_m

        return self._lowest("signed", self.geometry.bounds, lambda x, y: signed_lower_bound_m(
            self.polylines, x, y), lon, lat)

    def tails_lower_bound(self, theatre: VersionShape, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """A lower bound of the distance (m) to the tails of the line extended across `theatre`."""
        from standoff.geo.bounds import distance_lower_bound_m

        tails = self.tails(theatre.geometry, theatre.label)
        return self._lowest(f"tails {theatre.label}", theatre.geometry.bounds,
                            lambda x, y: distance_lower_bound_m(tails, x, y), lon, lat)

    def _lowest(self, key: str, box: tuple[float, ...], bound: Callable[[np.ndarray, np.ndarray], np.ndarray],
                lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """`bound` at the points, read from a grid over `box` (built once, when the points
        outnumber its nodes) where the points lie in it (`geo.lowergrid`)."""
        from standoff.geo import lowergrid

        if key not in self._lower:
            if len(lon) < lowergrid.NODES:  # few points: the grid would cost more than it saves
                return bound(lon, lat)
            west, south, east, north = box
            pad_lon, pad_lat = 0.02 * (east - west) + 0.01, 0.02 * (north - south) + 0.01
            self._lower[key] = lowergrid.LowerGrid.over(
                (west - pad_lon, south - pad_lat, east + pad_lon, north + pad_lat), bound)
        grid = self._lower[key]
        if grid is None:
            return bound(lon, lat)
        assert isinstance(grid, lowergrid.LowerGrid)
        return grid.lower(lon, lat, bound)

    def representative_point(self) -> tuple[float, float]:
        p = self.geometry if self.feature.kind == "point" else shapely.point_on_surface(self.geometry)
        if self.feature.kind == "line":
            p = shapely.line_interpolate_point(cast(shapely.LineString, self.geometry), 0.5, normalized=True)
        return float(shapely.get_x(p)), float(shapely.get_y(p))


COMPASS_DEG = {"north": 0.0, "east": 90.0, "south": 180.0, "west": 270.0}


#: |cos| below this: the line runs within 15 degrees of the compass direction, so 'facing' is ambiguous.
AMBIGUOUS_FACING = 0.26


def facing_cosine(coords: np.ndarray, compass: str) -> float:
    """How squarely the right-hand side of a line (first to last vertex) faces `compass`: 1 fully, -1 not."""
    az, _, _ = GEOD.inv(coords[0, 0], coords[0, 1], coords[-1, 0], coords[-1, 1])
    return math.cos(math.radians(az + 90.0 - COMPASS_DEG[compass]))


def ambiguous_facing(feature_id: str, compass: str) -> str:
    """The message for a line that runs along the direction it is said to face."""
    return (f"line {feature_id} runs toward the {compass}: 'facing: {compass}' is ambiguous; "
            "use 'toward: FEATURE'")


def right_side_faces(shape: VersionShape, compass: str) -> bool:
    """Whether the right-hand side of the line (walking first to last vertex) faces `compass`."""
    facing = facing_cosine(np.asarray(shape.geometry.coords), compass)
    if abs(facing) < AMBIGUOUS_FACING:
        raise PackError(ambiguous_facing(shape.feature.id, compass))
    return facing > 0


class ShapeCache:
    """Compiled feature versions of one pack, built once and reused across epochs."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._shapes: dict[tuple[str, ...], VersionShape] = {}

    def get(self, feature_id: str, day: date | None) -> VersionShape | None:
        """The compiled version of a feature in force on `day` (None when none is)."""
        feature = self.pack.features[feature_id]
        version = feature.version_at(day)
        if version is None:
            return None
        lines = tuple(str(getattr(self.pack.features[f].version_at(day), "version", None))
                      for f in version.between or ())
        key = (feature_id, version.version, *lines)
        if key not in self._shapes:
            geometry = version_geometry(self.pack, feature, version, day)
            self._shapes[key] = VersionShape(feature, version, geometry, lines=lines)
        return self._shapes[key]
