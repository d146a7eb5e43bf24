"""Decide by cell: the grid path gives the exact kernel's status on every row, and caches on disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import standoff
from standoff.engine import cells
from standoff.geo import band
from standoff.geo.grid import FAR_M, CellGrid, Layout, half_diagonal_m
from standoff.model import ObservationSet
from tests.oracle import GEOD


def _observations(pack, n: int, seed: int, spread: float) -> ObservationSet:
    """n reports around the theatre (and a little beyond it), every actor, days over 2017-2019."""
    rng = np.random.default_rng(seed)
    v = pack.features[pack.theatre].versions[0]
    ring = np.asarray(v.rings[0])
    (x0, y0), (x1, y1) = ring.min(axis=0) - spread, ring.max(axis=0) + spread
    codes = np.array(sorted(pack.actors), dtype=object)
    units = np.array(["tank", "artillery", "sam", "soldier"], dtype=object)
    first = np.datetime64("2017-01-01")
    lon, lat = rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)
    lon[:3] = np.nan  # reports without a position stay not applicable
    return ObservationSet(
        id=np.array([f"o{i}" for i in range(n)], dtype=object), actor=codes[np.arange(n) % len(codes)],
        lon=lon, lat=lat, radius_m=np.where(rng.random(n) < 0.5, 0.0, rng.uniform(0, 30_000, n)),
        time=(first + rng.integers(0, 1095, n)).astype("datetime64[D]"),
        time_end=np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"),
        count=rng.integers(1, 40, n).astype(np.float64), unit=units[rng.integers(0, len(units), n)],
        source=np.full(n, "", dtype=object), quote=np.full(n, "", dtype=object),
        attribution=np.full(n, "", dtype=object), confidence=np.ones(n), origin="test")


@pytest.fixture(scope="module")
def golan():
    return standoff.load_pack("golan")


@pytest.fixture()
def grids_on(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Grids for any batch, coarse cells (quick to build), kept in one folder for the module."""
    folder = tmp_path_factory.getbasetemp() / "grids"
    monkeypatch.setenv("STANDOFF_CACHE", str(folder))
    monkeypatch.setattr(cells, "CELL_M", 1500.0)
    monkeypatch.setattr(cells, "BUILD_MIN", 1)
    monkeypatch.setattr(cells, "USE_MIN", 1)
    return folder


def _exact(obs: ObservationSet, pack, monkeypatch: pytest.MonkeyPatch, **kw):
    with monkeypatch.context() as m:
        m.setattr(cells, "USE_MIN", 10**12)
        return standoff.check(obs, pack, **kw)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), spread=st.sampled_from([0.0, 0.5]))
def test_status_equals_the_exact_kernels_on_every_row(golan, grids_on, monkeypatch, seed, spread):
    obs = _observations(golan, 3000, seed, spread)
    fast, exact = standoff.check(obs, golan), _exact(obs, golan, monkeypatch)
    assert np.array_equal(fast.obs_index, exact.obs_index)
    assert np.array_equal(fast.status, exact.status)
    for column in ("tolerance_m", "decider", "versions", "lower", "upper"):
        assert np.array_equal(getattr(fast, column), getattr(exact, column), equal_nan=True), column
    kept = fast.margin_exact
    assert kept is not None and (~kept).sum() > 100  # the grid decided a good share of the rows
    # exact margins: the kernel's, or certified fine cells' within band.ERROR_M (+ the kernel's error)
    gap = np.abs(fast.margin_m[kept] - exact.margin_m[kept])
    unknown = np.isnan(fast.margin_m[kept]) & np.isnan(exact.margin_m[kept])
    assert np.all((gap <= band.ERROR_M + 0.03) | unknown)
    # interpolated margins are far from every threshold and within 0.05 % + 5 m of the exact ones
    m, e = fast.margin_m[~kept], exact.margin_m[~kept]
    assert np.all(np.abs(e) > fast.tolerance_m[~kept] + FAR_M)
    assert np.all(np.abs(m - e) <= 0.0005 * np.abs(e) + 5.0)


def test_a_second_run_loads_the_grids_instead_of_building_them(golan, grids_on):
    obs = _observations(golan, 2000, 7, 0.0)
    first = cells.Grids(golan, standoff.geo.features.ShapeCache(golan))
    agreement = golan.agreements["israel-demand-60km"]
    clause = agreement.clauses[0]
    grid = first.get(agreement, clause, None, len(obs))
    again = cells.Grids(golan, standoff.geo.features.ShapeCache(golan))
    loaded = again.get(agreement, clause, None, len(obs))
    assert grid is not None and loaded is not None and again.built == 0
    assert np.array_equal(grid.margin_m, loaded.margin_m, equal_nan=True) and grid.labels == loaded.labels
    stored = list((grids_on / "grids").iterdir())
    assert stored and all(p.suffix in (".npy", ".txt") for d in stored for p in d.iterdir())
    assert standoff.check(obs, golan).margin_exact is not None


def test_every_point_of_a_cell_is_within_the_bound_of_a_corner():
    rng = np.random.default_rng(5)
    for lat0 in (-70.0, -1.0, 0.0, 33.0, 59.5):
        lay = Layout.over(35.0, lat0, 35.2, lat0 + 0.2, 900.0)
        h = half_diagonal_m(np.array([lay.lat0]), lay.dlon, lay.dlat)[0]
        fx, fy = rng.random(2000), rng.random(2000)
        lon, lat = lay.lon0 + fx * lay.dlon, lay.lat0 + fy * lay.dlat
        corners = [(lay.lon0 + i * lay.dlon, lay.lat0 + j * lay.dlat) for i in (0, 1) for j in (0, 1)]
        nearest = np.min([GEOD.inv(lon, lat, np.full(2000, cx), np.full(2000, cy))[2]
                          for cx, cy in corners], axis=0)
        assert nearest.max() <= h
        # the bound follows a parallel then a meridian, so it gives away up to sqrt(2) but no more
        assert nearest.max() > 0.65 * h


def test_cells_near_the_line_go_to_the_exact_kernel_far_ones_are_interpolated():
    lay = Layout.over(0.0, 0.0, 1.0, 1.0, 1000.0)
    lon, lat = lay.nodes()
    d = np.abs(lat - 0.05) * 110_574.0  # ~ distance to a line along the parallel 0.05
    n = len(lon)
    grid = CellGrid.build(lay, 100_000 - d, d, np.zeros(n, np.int32), lon, np.full(n, 0.05), np.zeros(n),
                          ["LINE@1"])
    state, margin, _, _ = grid.decide(np.array([0.5, 0.5, 0.5]), np.array([0.051, 0.5, 0.5]),
                                      np.array([0.0, 0.0, 40_000.0]))
    assert state[0] == 0 and np.isnan(margin[0])  # 110 m from the line: too close to interpolate
    assert state[1] == 1 and margin[1] == pytest.approx(100_000 - 0.45 * 110_574.0, abs=1.0)
    assert state[2] == 0  # a 40 km radius brings the threshold within 10 km: exact


def test_fine_cells_give_every_status_and_margins_within_half_a_metre(golan, tmp_path, monkeypatch):
    """One distance clause (within 60 km of LINE_A), 400 m cells: most rows near the zone's edge
    are decided in certified fine cells, none differently from the exact kernel."""
    monkeypatch.setenv("STANDOFF_CACHE", str(tmp_path))
    monkeypatch.setattr(cells, "BUILD_MIN", 1)
    monkeypatch.setattr(cells, "USE_MIN", 1)
    n, day = 20_000, np.datetime64("2018-06-01")
    rng = np.random.default_rng(3)
    obs = _observations(golan, n, 3, 0.0)
    obs.actor[:] = "IRN.IRGC"
    obs.time[:] = day
    obs.radius_m[:] = np.where(rng.random(n) < 0.5, 0.0, rng.uniform(0, 5000, n))
    fast = standoff.check(obs, golan, agreements=["israel-demand-60km"])
    exact = _exact(obs, golan, monkeypatch, agreements=["israel-demand-60km"])
    assert np.array_equal(fast.status, exact.status) and np.array_equal(fast.tolerance_m, exact.tolerance_m)
    kept = fast.margin_exact
    assert kept is not None
    gap = np.abs(fast.margin_m - exact.margin_m)
    near = np.abs(exact.margin_m) <= exact.tolerance_m + FAR_M  # must be exact (within 1 m)
    assert near.sum() > 0.15 * n and kept[near].all() and np.all(gap[near] <= band.ERROR_M + 0.03)
    fine = kept & (gap > 0)  # decided in fine cells, not by the kernel
    assert fine.sum() > 0.8 * near.sum()
    allowed = 0.0005 * np.abs(exact.margin_m) + 5.0
    assert np.all(gap[~kept] <= allowed[~kept])


def test_margins_do_not_depend_on_grids_an_earlier_run_left_in_the_cache(golan, tmp_path, monkeypatch):
    """A batch too small to build grids gets the same margins before and after a larger run
    cached them (in memory and on disk): the input alone decides what is interpolated."""
    import dataclasses

    monkeypatch.setenv("STANDOFF_CACHE", str(tmp_path / "grids"))
    monkeypatch.setattr(cells, "CELL_M", 1500.0)
    cells.forget()
    agreements = ["israel-demand-60km"]

    def one_actor(n: int, seed: int) -> ObservationSet:
        obs = _observations(golan, n, seed, 0.0)
        return dataclasses.replace(obs, actor=np.full(n, "IRN", dtype=object))

    mid = one_actor(cells.BUILD_MIN // 2, 1)
    before = standoff.check(mid, golan, agreements=agreements)
    standoff.check(one_actor(cells.BUILD_MIN * 2, 2), golan, agreements=agreements)
    assert any((tmp_path / "grids").iterdir())  # the larger run did cache grids
    after = standoff.check(mid, golan, agreements=agreements)
    cells.forget()
    assert np.array_equal(before.status, after.status)
    assert np.array_equal(before.margin_m, after.margin_m, equal_nan=True)
    assert before.margin_exact is None or np.array_equal(before.margin_exact, after.margin_exact)


@pytest.mark.parametrize("every", [True, False])
def test_rows_decided_in_place_are_the_same_on_one_thread_and_on_two(golan, grids_on, monkeypatch, every):
    """The compiled pass that decides by cell and writes the rows (`engine.decide`): a clause that
    binds every report, or some of them with a few area reports among them; statuses equal the
    exact kernel's, and two threads write the very same columns as one."""
    import dataclasses

    from standoff.geo import threads

    n = 90_000  # two thirds bound: above geo.threads.MIN_POINTS
    obs = _observations(golan, n, 11, 0.0)
    actor = np.full(n, "IRN", dtype=object)
    areas: list[list[tuple[float, float]] | None] = []
    if not every:
        actor[::3] = "SYR.SAA"  # not bound by the clause
        areas = [None] * n
        for k in (10, 11, 500, 80_002):
            x, y = float(obs.lon[k]), float(obs.lat[k])
            areas[k] = [(x, y), (x + 0.05, y), (x + 0.05, y + 0.05), (x, y + 0.05), (x, y)]
    obs = dataclasses.replace(obs, actor=actor, area=areas, time=np.full(n, np.datetime64("2018-06-01")))
    agreements = ["israel-demand-60km"]
    runs = []
    for count in ("1", "2"):
        monkeypatch.setenv("STANDOFF_THREADS", count)
        assert threads.wanted(n * 2 // 3) == (count == "2")
        runs.append(standoff.check(obs, golan, agreements=agreements))
    one, two = runs
    exact = _exact(obs, golan, monkeypatch, agreements=agreements)
    assert len(one) == (n if every else n - len(range(0, n, 3)))
    assert np.array_equal(one.status, exact.status) and np.array_equal(one.tolerance_m, exact.tolerance_m)
    assert one.margin_exact is not None and (~one.margin_exact).sum() > n // 4
    for column in ("status", "margin_m", "distance_m", "tolerance_m", "decider", "versions", "foot_lon"):
        assert np.array_equal(getattr(one, column), getattr(two, column), equal_nan=True), column
    assert np.array_equal(one.margin_exact, two.margin_exact)
    if not every:  # the area reports went to the exact kernel: their margins are its own
        rows = np.searchsorted(one.obs_index, [10, 11, 500, 80_002])
        assert one.margin_exact[rows].all()
        assert np.array_equal(one.margin_m[rows], exact.margin_m[rows])
