"""The cheap bounds that let exact geodesic work be skipped, and the results they must not change."""

from __future__ import annotations

from datetime import date

import numpy as np
import shapely
from hypothesis import given

from standoff.geo import bounds
from standoff.geo.features import ShapeCache, right_side_faces
from standoff.geo.polyline import Polylines
from standoff.geo.zones import EpochEvaluator
from standoff.model.zone import SideZone
from standoff.packs import load_pack
from tests.oracle import GEOD
from tests.test_geodesy import FAST, feature_and_point


@FAST
@given(feature_and_point())
def test_planar_distance_is_within_half_its_stated_error(case):
    coords, lon, lat = case
    lines = Polylines.from_parts([np.array(coords)])
    exact = lines.distance(np.array([lon]), np.array([lat]))[0]  # itself checked against pyproj.Geod
    approx = bounds.planar_distance_m(lines, np.array([lon]), np.array([lat]))
    assert abs(approx[0] - exact[0]) <= 0.5 * bounds.error_m(exact)[0]
    assert bounds.distance_lower_bound_m(lines, np.array([lon]), np.array([lat]))[0] <= exact[0]


@FAST
@given(feature_and_point(max_vertices=5, radius_m=100_000.0))
def test_signed_lower_bound_is_below_the_signed_distance(case):
    coords, lon, lat = case
    ring = np.array(coords + coords[:1])
    polygon = shapely.Polygon(ring)
    if not polygon.is_valid or polygon.area == 0:
        return
    outer = shapely.orient_polygons(polygon, exterior_cw=True).exterior  # interior on the right
    rings = Polylines.from_parts([np.asarray(outer.coords)])
    d, inside, _, _ = rings.distance(np.array([lon]), np.array([lat]))
    signed = d[0] if inside[0] else -d[0]
    assert bounds.signed_lower_bound_m(rings, np.array([lon]), np.array([lat]))[0] <= signed


def test_no_shortcut_near_the_poles():
    lines = Polylines.from_parts([np.array([[10.0, 70.0], [12.0, 71.0]])])
    lower = bounds.distance_lower_bound_m(lines, np.array([11.0]), np.array([72.5]))
    assert lower[0] <= 0.0


def _golan_points(n: int = 20_000) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    return rng.uniform(35.2, 37.2, n), rng.uniform(32.1, 34.1, n)


def test_extended_side_from_the_line_and_its_tails_equals_the_extended_line():
    pack = load_pack("golan")
    shapes = ShapeCache(pack)
    day = date(2018, 6, 1)
    theatre = shapes.get(pack.theatre, day)
    lon, lat = _golan_points()
    evaluator = EpochEvaluator(shapes, lon, lat, day)
    for fid in ("LINE_A", "LINE_B", "M5", "DAMASCUS_SUWAYDA"):
        shape = shapes.get(fid, day)
        d, right, flon, flat = evaluator._memo_get(shape, "side")
        d2, right2, flon2, flat2 = shape.extended(theatre.geometry, theatre.label).distance(lon, lat)
        assert np.abs(d - d2).max() < 1e-6, fid
        assert np.array_equal(right, right2), fid
        moved = GEOD.inv(flon, flat, flon2, flat2)[2]
        assert moved.max() < 1e-3, fid


def test_side_zone_is_the_exact_minimum_of_line_side_and_theatre_edge():
    pack = load_pack("golan")
    shapes = ShapeCache(pack)
    day = date(2018, 6, 1)
    lon, lat = _golan_points()
    agreement = pack.agreements["israel-demand-m5"]
    zone = SideZone.model_validate({"side": {"of": "M5", "facing": "east"}})
    got = EpochEvaluator(shapes, lon, lat, day).zone(zone, agreement)
    theatre = shapes.get(pack.theatre, day)
    m5 = shapes.get("M5", day)
    d, right, _, _ = m5.extended(theatre.geometry, theatre.label).distance(lon, lat)

    side = np.where(right == right_side_faces(m5, "east"), d, -d)
    edge = theatre.signed_distance_m(lon, lat)[0]
    assert np.abs(got.margin_m - np.minimum(side, edge)).max() < 1e-6
    # both parts decide somewhere in this sample, so the shortcut was exercised both ways
    assert 0 < np.count_nonzero(edge < side) < len(lon)
