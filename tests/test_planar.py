"""The certified planar distance (`geo.planar`) against pyproj.Geod: within 0.05 % + 5 m, with room."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from standoff.geo import planar
from standoff.geo.polyline import Polylines
from tests.oracle import GEOD, distance_to_polyline
from tests.test_geodesy import FAST, feature_and_point


def _bound(d: np.ndarray) -> np.ndarray:
    return planar.error_m(np.asarray(d, np.float64))


@FAST
@given(feature_and_point(radius_m=300_000.0))
def test_planar_distance_is_within_a_fifth_of_its_bound_of_geographiclib(case):
    coords, lon, lat = case
    lines = Polylines.from_parts([np.array(coords)])
    d, _ = planar.distance(lines, np.array([lon]), np.array([lat]))
    oracle = distance_to_polyline(lon, lat, coords)
    assert abs(d[0] - oracle) <= 0.2 * _bound(np.array([oracle]))[0]


@pytest.mark.parametrize("lat0", [-60.0, -33.0, 0.0, 45.0, 60.0])
@pytest.mark.parametrize("az", [90.0, 45.0, 0.0])
def test_long_segments_off_the_chord_at_high_latitude(lat0, az):
    """A 600 km geodesic (split by the kernel into 20 km segments, then for the bound), points
    along its normals at 0-1,400 km: the exact distance is the normal's length (pyproj.Geod)."""
    end = GEOD.fwd(20.0, lat0, az, 600_000.0)
    a, b = (20.0, lat0), (end[0], end[1])
    lines = Polylines.from_parts([np.array([a, b])])
    rng = np.random.default_rng(int(abs(lat0) * 10 + az + (lat0 < 0)))
    n = 4000
    along = rng.uniform(0.02, 0.98, n) * 600_000.0
    foot_lon, foot_lat, back = GEOD.fwd(np.full(n, a[0]), np.full(n, a[1]), np.full(n, az), along)
    heading = np.asarray(back) + 180.0  # the geodesic's azimuth at the foot
    away = np.where(rng.random(n) < 0.5, 1.0, 40.0) * rng.uniform(0.0, 1.0, n) ** 2 * 35_000.0
    side = np.where(rng.random(n) < 0.5, 90.0, -90.0)
    plon, plat, _ = GEOD.fwd(foot_lon, foot_lat, heading + side, away)
    keep = np.abs(plat) <= planar.MAX_LATITUDE
    d, right = planar.distance(lines, plon[keep], plat[keep])
    exact = away[keep]
    # the normal is the shortest way to the segment only where it meets it inside (checked, to 1 m)
    brute = np.array([distance_to_polyline(x, y, [a, b]) for x, y in zip(plon[keep][:40], plat[keep][:40],
                                                                           strict=True)])
    assert np.abs(brute - exact[:40]).max() < 1.0
    assert np.all(np.abs(d - exact) <= 0.2 * _bound(exact))
    far = d > _bound(d)
    assert np.array_equal(right[far] > 0, side[keep][far] > 0)


def test_the_vertex_model_holds_wherever_the_planar_distance_is_claimed():
    """Lone vertices anywhere within 65 degrees of latitude, points anywhere: wherever the planar
    distance is at most MAX_DISTANCE_M it is within EPS of pyproj.Geod's (and within its bound)."""
    rng = np.random.default_rng(3)
    worst = 0.0
    for _ in range(40):
        vlon, vlat = rng.uniform(-180, 180), rng.uniform(-65, 65)
        lines = Polylines.from_parts([np.array([[vlon, vlat]])])
        n = 5000
        plon = (vlon + rng.normal(0.0, 12.0, n) + 180.0) % 360.0 - 180.0
        plat = np.clip(vlat + rng.normal(0.0, 8.0, n), -65.0, 65.0)
        d, _ = planar.distance(lines, plon, plat)
        s = GEOD.inv(np.full(n, vlon), np.full(n, vlat), plon, plat)[2]
        near = (d <= planar.MAX_DISTANCE_M) & (s > 1_000.0)
        worst = max(worst, float(np.abs(d[near] / s[near] - 1).max()))
        assert np.all(np.abs(d[near] - s[near]) <= _bound(s[near]))
        # beyond the claimed range the geodesic distance still exceeds far_lower_m
        assert np.all(s[d > planar.MAX_DISTANCE_M] >= planar.far_lower_m())
    assert worst <= planar.EPS


def test_side_is_the_exact_kernels_away_from_a_ring_and_unknown_at_open_ends():
    ring = np.array([[35.0, 33.0], [36.5, 33.2], [36.2, 34.4], [35.1, 34.0], [35.0, 33.0]])
    rings = Polylines.from_parts([ring])
    line = Polylines.from_parts([ring[:3]])
    rng = np.random.default_rng(9)
    lon, lat = rng.uniform(34.0, 37.5, 20_000), rng.uniform(32.0, 35.5, 20_000)
    for lines in (rings, line):
        d, side = planar.distance(lines, lon, lat)
        exact, right, _, _ = lines.distance(lon, lat)
        assert np.all(np.abs(d - exact) <= 0.2 * _bound(exact))
        known = (d > _bound(d)) & (side != 0)
        assert np.array_equal(side[known] > 0, right[known])
    assert not (planar.distance(rings, lon, lat)[1] == 0).any()  # a ring has no open end
    assert (planar.distance(line, lon, lat)[1] == 0).sum() > 1000  # beyond the line's ends


def test_no_claim_near_the_poles_and_nan_stays_nan():
    lines = Polylines.from_parts([np.array([[10.0, 70.0], [12.0, 71.0]])])
    assert not planar.claimed(lines, np.array([60.0])).any()
    d, side = planar.distance(Polylines.from_parts([np.array([[10.0, 40.0], [12.0, 41.0]])]),
                              np.array([np.nan, 11.0]), np.array([40.0, 40.5]))
    assert np.isnan(d[0]) and side[0] == 0 and np.isfinite(d[1])
    assert planar.segment_limit_m(60.0) < planar.segment_limit_m(30.0) <= 20_000.0
