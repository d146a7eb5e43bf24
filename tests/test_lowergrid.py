"""Lower bounds read from a grid (`geo.lowergrid`) stay below the exact distances they bound."""

from __future__ import annotations

from datetime import date

import numpy as np
import shapely
from hypothesis import given

from standoff.geo import bounds, lowergrid
from standoff.geo.features import ShapeCache
from standoff.geo.lowergrid import LowerGrid
from standoff.geo.polyline import Polylines
from standoff.packs import load_pack
from tests.oracle import GEOD
from tests.test_geodesy import FAST, feature_and_point


def _box_points(box: tuple[float, float, float, float], n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    west, south, east, north = box
    return rng.uniform(west, east, n), rng.uniform(south, north, n)


@FAST
@given(feature_and_point(radius_m=150_000.0))
def test_grid_bound_is_below_the_distance_everywhere_in_its_box(case):
    coords, _, _ = case
    lines = Polylines.from_parts([np.array(coords)])
    lon, lat = np.array(coords)[:, 0], np.array(coords)[:, 1]
    box = (lon.min() - 1.0, lat.min() - 1.0, lon.max() + 1.0, lat.max() + 1.0)
    # coarse cells, so that the cell term matters
    grid = LowerGrid.over(box, lambda x, y: bounds.distance_lower_bound_m(lines, x, y), nodes=900)
    assert grid is not None
    plon, plat = _box_points(box, 400, 1)
    exact = lines.distance(plon, plat)[0]  # itself checked against pyproj.Geod
    assert (grid.lower(plon, plat, lambda x, y: np.full(len(x), np.nan)) <= exact).all()


def test_grid_bound_is_exact_at_the_nodes_and_half_a_diagonal_low_at_a_centre():
    grid = LowerGrid.over((35.0, 32.5, 36.5, 34.0), lambda x, y: GEOD.inv(
        x, y, np.full(len(x), 35.9), np.full(len(y), 33.1))[2])  # a point's exact distance
    assert grid is not None
    lay = grid.layout
    node_lon, node_lat = lay.lon0 + 7 * lay.dlon, lay.lat0 + 9 * lay.dlat
    centre_lon, centre_lat = node_lon + lay.dlon / 2, node_lat + lay.dlat / 2
    got = grid.lower(np.array([node_lon, centre_lon]), np.array([node_lat, centre_lat]), lambda x, y: x)
    exact = GEOD.inv([node_lon, centre_lon], [node_lat, centre_lat], [35.9] * 2, [33.1] * 2)[2]
    assert exact[0] - lowergrid.ROUNDING_M - 0.1 <= got[0] <= exact[0]
    half_diagonal = (grid.across_m[9] + grid.along_m[9]) / 2
    assert exact[1] - half_diagonal - lowergrid.ROUNDING_M - 1.0 <= got[1] <= exact[1]


def test_points_outside_the_box_get_the_per_point_bound():
    grid = LowerGrid.over((35.0, 32.5, 36.5, 34.0), lambda x, y: np.zeros(len(x)))
    assert grid is not None
    got = grid.lower(np.array([34.0, 35.5, np.nan]), np.array([33.0, 33.0, 33.0]), lambda x, y: x * 100)
    assert got[0] == 3400.0 and got[1] <= 0.0 and np.isnan(got[2])


def test_no_grid_where_the_bound_makes_no_claim():
    assert LowerGrid.over((10.0, 66.0, 12.0, 70.0), lambda x, y: np.zeros(len(x))) is None
    rings = Polylines.from_parts([np.array([[10.0, 70.0], [12.0, 70.0], [12.0, 71.0], [10.0, 70.0]])])
    far_outside = bounds.signed_lower_bound_m(rings, np.array([40.0]), np.array([72.0]))
    assert far_outside[0] == -np.inf


def test_theatre_and_tails_bounds_from_grids_stay_below_the_exact_distances():
    pack = load_pack("golan")
    shapes = ShapeCache(pack)
    day = date(2018, 6, 1)
    theatre = shapes.get(pack.theatre, day)
    assert theatre is not None
    west, south, east, north = theatre.geometry.bounds
    lon, lat = _box_points((west - 0.2, south - 0.2, east + 0.2, north + 0.2), lowergrid.NODES + 10_000, 5)
    signed = theatre.signed_lower_bound(lon, lat)
    assert "signed" in theatre._lower and theatre._lower["signed"] is not None  # read from a grid
    exact_signed = theatre.signed_distance_m(lon, lat)[0]
    assert (signed <= exact_signed).all()
    # looser than the per-point bound by less than about a cell (so the grid saves work, not moves it)
    per_point = bounds.signed_lower_bound_m(theatre.polylines, lon, lat)
    inside = shapely.contains_xy(shapely.box(west, south, east, north), lon, lat)
    assert np.median(per_point[inside] - signed[inside]) < 1000.0
    for fid in ("LINE_A", "M5"):
        shape = shapes.get(fid, day)
        assert shape is not None
        tails = shape.tails(theatre.geometry, theatre.label)
        got = shape.tails_lower_bound(theatre, lon, lat)
        assert (got <= tails.distance(lon, lat)[0]).all(), fid
