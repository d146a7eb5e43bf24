"""Zone shapes as polygons, for maps, GeoJSON and areas (not for verdicts).

Buffers and sides are built in an azimuthal equidistant projection centred on the theatre,
then returned in lon/lat. Its scale error grows as (r/R)^2/6 with the distance r from the
centre: about 1e-4 at 150 km, so shapes and areas are good to ~0.02 %; verdicts never use them.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import shapely
import shapely.ops
from pyproj import Proj
from shapely.geometry.base import BaseGeometry

from standoff.geo.ellipsoid import GEOD, densify
from standoff.geo.features import ShapeCache, right_side_faces
from standoff.model import Agreement, Pack, Zone
from standoff.model import zone as zm


class Plane:
    """A local AEQD plane centred on the theatre, with transforms both ways."""

    def __init__(self, theatre: BaseGeometry) -> None:
        c = theatre.centroid
        # a bare Proj: no CRS database look-up, so a plane costs microseconds, not ~15 ms
        self._proj = Proj(proj="aeqd", lat_0=c.y, lon_0=c.x, ellps="WGS84", units="m")

    def to_plane(self, geom: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geom, lambda xy: np.column_stack(self._proj(xy[:, 0], xy[:, 1])))

    def to_lonlat(self, geom: BaseGeometry) -> BaseGeometry:
        return shapely.transform(
            geom, lambda xy: np.column_stack(self._proj(xy[:, 0], xy[:, 1], inverse=True)))


def _densified(geom: BaseGeometry) -> BaseGeometry:
    """Add geodesic points (segments of at most 2 km) so straight lines in the plane follow the geodesics."""
    def dense(xy: np.ndarray) -> np.ndarray:
        return densify(xy, 2000.0)

    if geom.geom_type == "LineString":
        return shapely.LineString(dense(np.asarray(geom.coords)))
    if isinstance(geom, shapely.Polygon):
        return shapely.Polygon(dense(np.asarray(geom.exterior.coords)),
                               [dense(np.asarray(r.coords)) for r in geom.interiors])
    if geom.geom_type.startswith("Multi"):
        return shapely.union_all([_densified(g) for g in shapely.get_parts(geom)])
    return geom


class ZoneShaper:
    """Builds zone polygons (lon/lat) for one pack on one day."""

    def __init__(self, pack: Pack, day: date | None = None) -> None:
        self.pack, self.day = pack, day
        self.shapes = ShapeCache(pack)
        theatre = self.shapes.get(pack.theatre, day)
        assert theatre is not None, "the theatre has no version on this day"
        self.plane = Plane(theatre.geometry)
        self.theatre = self.plane.to_plane(_densified(theatre.geometry))

    def _feature(self, fid: str) -> BaseGeometry:
        shape = self.shapes.get(fid, self.day)
        if shape is None:
            return shapely.Polygon()
        return self.plane.to_plane(_densified(shape.geometry))

    def zone(self, zone: Zone, agreement: Agreement) -> BaseGeometry:
        """The zone as a (multi)polygon in lon/lat degrees."""
        return shapely.make_valid(self.plane.to_lonlat(shapely.make_valid(self._plane_zone(zone, {}))))

    @property
    def theatre_lonlat(self) -> BaseGeometry:
        """The theatre polygon (densified) in lon/lat degrees."""
        return self.plane.to_lonlat(self.theatre)

    def _plane_zone(self, zone: Zone, memo: dict[int, BaseGeometry]) -> BaseGeometry:
        """The zone in the plane; a zone named more than once is built once (memo by identity)."""
        if id(zone) not in memo:
            memo[id(zone)] = self._build(zone, memo)
        return memo[id(zone)]

    def _build(self, zone: Zone, memo: dict[int, BaseGeometry]) -> BaseGeometry:
        match zone:
            case zm.RefZone():
                return self._plane_zone(zone.target, memo)
            case zm.WithinZone(within=w):
                return self._feature(w.of).buffer(w.km * 1000, 64, cap_style=w.ends)
            case zm.BeyondZone(beyond=w):
                return self.theatre.difference(self._feature(w.of).buffer(w.km * 1000, 64))
            case zm.BandZone(band=b):
                f = self._feature(b.of)
                outer = f.buffer(b.to_km * 1000, 64)
                inner = f.buffer(b.from_km * 1000, 64) if b.from_km else None
                return outer if inner is None else outer.difference(inner)
            case zm.AreaZone(area=area):
                return self._feature(area)
            case zm.SideZone(side=side):
                return self._side(side)
            case zm.AllOfZone(all_of=members):
                return shapely.intersection_all([self._plane_zone(z, memo) for z in members])
            case zm.AnyOfZone(any_of=members):
                return shapely.union_all([self._plane_zone(z, memo) for z in members])
            case zm.NotZone(not_=inner):
                return self.theatre.difference(self._plane_zone(inner, memo))
        raise AssertionError(zone.op)  # pragma: no cover

    def _side(self, spec: zm.Side) -> BaseGeometry:
        shape = self.shapes.get(spec.of, self.day)
        theatre = self.shapes.get(self.pack.theatre, self.day)
        if shape is None or theatre is None:
            return shapely.Polygon()
        ext = shape.extended(theatre.geometry, theatre.label)
        line = self.plane.to_plane(_densified(shapely.LineString(np.column_stack([ext.lon, ext.lat]))))
        pieces = shapely.get_parts(shapely.ops.split(self.theatre, line))
        if spec.facing is not None:
            want_right = right_side_faces(shape, spec.facing)
        else:
            assert spec.toward is not None  # a Side has toward or facing
            target = self.shapes.get(spec.toward, self.day)
            tlon, tlat = target.representative_point() if target else (np.nan, np.nan)
            _, right, _, _ = ext.distance(np.array([tlon]), np.array([tlat]))
            want_right = bool(right[0])
        keep = []
        for piece in pieces:
            p = self.plane.to_lonlat(piece.representative_point())
            _, right, _, _ = ext.distance(np.array([shapely.get_x(p)]), np.array([shapely.get_y(p)]))
            if bool(right[0]) == want_right:
                keep.append(piece)
        return shapely.union_all(keep) if keep else shapely.Polygon()


def buffer_m(shape: BaseGeometry, radius_m: float) -> BaseGeometry:
    """`shape` (lon/lat) grown by `radius_m` metres, in an AEQD plane centred on the shape itself."""
    plane = Plane(shape)
    return plane.to_lonlat(plane.to_plane(shape).buffer(radius_m, quad_segs=8))


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Area on the ellipsoid of a lon/lat (multi)polygon, km²."""
    return abs(GEOD.geometry_area_perimeter(shapely.make_valid(geom))[0]) / 1e6 if not geom.is_empty else 0.0
