"""Geometric laws of the distance kernel, checked against pyproj.Geod (GeographicLib)."""

from __future__ import annotations

import os

import numpy as np
import shapely
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from standoff.geo.polyline import Polylines
from tests.oracle import GEOD, densify, distance_to_polyline

TOLERANCE_M = 1.0
# A fixed set of examples in `make test` (so CI cannot turn red by chance); set STANDOFF_EXAMPLES
# to explore more and randomly, as done before each change of the kernel (1,500 examples).
EXPLORE = os.environ.get("STANDOFF_EXAMPLES")
FAST = settings(max_examples=int(EXPLORE or 60), deadline=None, derandomize=not EXPLORE)


@st.composite
def feature_and_point(draw, max_vertices: int = 6, radius_m: float = 250_000.0):
    """A polyline up to 500 km across around a random mid-latitude centre, and a nearby point."""
    lon0 = draw(st.floats(-170, 170))
    lat0 = draw(st.floats(-60, 60))
    n = draw(st.integers(min(2, max_vertices), max_vertices))
    az = draw(st.lists(st.floats(0, 360), min_size=n, max_size=n))
    dist = draw(st.lists(st.floats(0, radius_m), min_size=n, max_size=n))
    lon, lat, _ = GEOD.fwd([lon0] * n, [lat0] * n, az, dist)
    coords = [(float(x), float(y)) for x, y in zip(lon, lat, strict=True)]
    paz = draw(st.floats(0, 360))
    pdist = draw(st.floats(0, 1.2 * radius_m))
    plon, plat, _ = GEOD.fwd(lon0, lat0, paz, pdist)
    return coords, float(plon), float(plat)


@FAST
@given(feature_and_point())
def test_distance_matches_geographiclib(case):
    coords, lon, lat = case
    d, _, flon, flat = Polylines.from_parts([np.array(coords)]).distance(np.array([lon]), np.array([lat]))
    assert abs(d[0] - distance_to_polyline(lon, lat, coords)) <= TOLERANCE_M
    # the reported nearest point is at that distance
    assert abs(GEOD.inv(lon, lat, flon[0], flat[0])[2] - d[0]) <= 0.01


@FAST
@given(feature_and_point(max_vertices=1))
def test_point_feature_is_plain_geodesic_distance(case):
    coords, lon, lat = case
    d, *_ = Polylines.from_parts([np.array(coords[:1])]).distance(np.array([lon]), np.array([lat]))
    assert abs(d[0] - GEOD.inv(lon, lat, *coords[0])[2]) <= 0.001


@FAST
@given(feature_and_point())
def test_reversing_a_line_keeps_distance_and_flips_side(case):
    coords, lon, lat = case
    assume(GEOD.line_length([c[0] for c in coords], [c[1] for c in coords]) > 1.0)
    p = (np.array([lon]), np.array([lat]))
    d1, right1, flon, flat = Polylines.from_parts([np.array(coords)]).distance(*p)
    d2, right2, *_ = Polylines.from_parts([np.array(coords[::-1])]).distance(*p)
    assert abs(d1[0] - d2[0]) <= 0.001
    # a line crossing or folding back onto itself, or a point on its continuation, has no side
    assume(shapely.LineString(coords).is_simple)
    for a, b, c in zip(coords[:-2], coords[1:-1], coords[2:], strict=True):
        turn = GEOD.inv(*b, *c)[0] - GEOD.inv(*a, *b)[1] - 180
        assume(abs(np.sin(np.radians(turn / 2 + 90))) > 0.05)
    for end, before in ((coords[0], coords[1]), (coords[-1], coords[-2])):
        if GEOD.inv(flon[0], flat[0], *end)[2] < 0.01:
            along = GEOD.inv(*before, *end)[0]
            to_point = GEOD.inv(*end, lon, lat)[0]
            assume(abs(np.sin(np.radians(to_point - along))) > 0.02)
    if d1[0] > 1.0:
        assert right1[0] != right2[0]


@FAST
@given(st.floats(-60, 60), st.floats(-170, 170), st.floats(0, 360), st.floats(20_000, 400_000),
       st.floats(0.1, 0.9), st.floats(1.0, 30_000.0), st.booleans())
def test_moving_along_the_normal_changes_distance_by_that_much(lat0, lon0, az, length, frac, d, right):
    lon1, lat1, _ = GEOD.fwd(lon0, lat0, az, length)
    line = Polylines.from_parts([np.array([(lon0, lat0), (lon1, lat1)])])
    flon, flat, back = GEOD.fwd(lon0, lat0, az, frac * length)
    heading = back + 180 + (90 if right else -90)  # perpendicular to the geodesic at the foot
    plon, plat, _ = GEOD.fwd(flon, flat, heading, d)
    got, got_right, *_ = line.distance(np.array([plon]), np.array([plat]))
    assert abs(got[0] - d) <= 0.01
    assert bool(got_right[0]) == right


@FAST
@given(feature_and_point(max_vertices=5, radius_m=100_000.0))
def test_polygon_side_agrees_with_point_in_polygon(case):
    coords, lon, lat = case
    poly = shapely.Polygon(coords + coords[:1]).convex_hull
    assume(poly.geom_type == "Polygon")
    assume(abs(GEOD.geometry_area_perimeter(poly)[0]) > 1e6)  # slivers have no inside to speak of
    ring = list(shapely.orient_polygons(poly, exterior_cw=True).exterior.coords)
    dense = shapely.Polygon(densify(ring, 500.0))
    # edges are geodesics: the shape must still be a simple clockwise ring when they bend
    assume(dense.is_valid and not dense.exterior.is_ccw)
    d, right, *_ = Polylines.from_parts([np.array(ring)]).distance(np.array([lon]), np.array([lat]))
    if d[0] > 1.0:
        assert bool(right[0]) == bool(shapely.contains_xy(dense, lon, lat))


@FAST
@given(feature_and_point(), st.integers(2, 40))
def test_array_equals_scalar(case, n):
    coords, lon, lat = case
    rng = np.random.default_rng(n)
    lons = lon + rng.uniform(-1, 1, n)
    lats = np.clip(lat + rng.uniform(-1, 1, n), -80, 80)
    line = Polylines.from_parts([np.array(coords)])
    together, *_ = line.distance(lons, lats)
    alone = [line.distance(lons[i:i + 1], lats[i:i + 1])[0][0] for i in range(n)]
    np.testing.assert_array_equal(together, alone)


def test_nan_point_gives_nan():
    line = Polylines.from_parts([np.array([(36.0, 33.0), (36.1, 33.1)])])
    d, _, flon, _ = line.distance(np.array([np.nan, 36.0]), np.array([33.0, 33.0]))
    assert np.isnan(d[0]) and np.isnan(flon[0])
    assert d[1] == 0.0


def test_point_on_vertex_and_zero_length_segment():
    line = Polylines.from_parts([np.array([(36.0, 33.0), (36.0, 33.0), (36.2, 33.2)])])
    d, *_ = line.distance(np.array([36.0, 36.2]), np.array([33.0, 33.2]))
    np.testing.assert_allclose(d, 0.0, atol=1e-6)


def test_long_segments_follow_the_geodesic_not_the_chord():
    # a 1,500 km east-west segment at 50 N: the geodesic bulges north of the parallel by ~50 km
    coords = [(0.0, 50.0), (20.0, 50.0)]
    line = Polylines.from_parts([np.array(coords)])
    d, *_ = line.distance(np.array([10.0]), np.array([50.0]))
    assert abs(d[0] - distance_to_polyline(10.0, 50.0, coords)) <= TOLERANCE_M
    assert d[0] > 40_000


def test_ring_whose_ends_differ_by_a_rounding_error_is_still_closed():
    # found by hypothesis: a convex hull ring ending at (-4.5e-23, 1) instead of (0, 1)
    ring = [(-4.539177694906641e-23, 1.0), (0.0, 1.00155551073554), (0.10447692537176177, 1.0631864400499853),
            (0.0, 1.0), (-4.539177694906641e-23, 1.0)]
    d, right, *_ = Polylines.from_parts([np.array(ring)]).distance(np.array([9.254731555217804e-06]),
                                                                   np.array([0.9999844961285353]))
    assert abs(d[0] - distance_to_polyline(9.254731555217804e-06, 0.9999844961285353, ring)) < 0.01
    assert not right[0]  # outside the clockwise ring
