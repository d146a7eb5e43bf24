"""Far reports with planar margins (`engine.farplanar`, STANDOFF_FAR_PLANAR=1): the exact kernel's
status, feature and versions on every row; margins within the bound; near ones stay exact."""

from __future__ import annotations

import numpy as np
import pytest

import standoff
from standoff.engine import cells
from standoff.geo.grid import FAR_M
from tests.test_cells import _exact, _observations


@pytest.fixture()
def grids_on(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANDOFF_CACHE", str(tmp_path_factory.getbasetemp() / "grids"))
    monkeypatch.setattr(cells, "CELL_M", 1500.0)
    monkeypatch.setattr(cells, "BUILD_MIN", 1)
    monkeypatch.setattr(cells, "USE_MIN", 1)


def _named(result, column: str) -> np.ndarray:
    """A label column as text (label codes depend on the order labels were met)."""
    names = np.array([*result.labels, ""], dtype=object)
    codes = getattr(result, column)
    return names[np.where(codes >= 0, codes, len(names) - 1)]


@pytest.mark.parametrize("seed,spread", [(1, 0.0), (2, 0.5)])
def test_far_rows_take_planar_margins_with_the_exact_status(grids_on, monkeypatch, seed, spread):
    golan = standoff.load_pack("golan")
    obs = _observations(golan, 6000, seed, spread)
    plain = standoff.check(obs, golan)
    monkeypatch.setenv("STANDOFF_FAR_PLANAR", "1")
    fast = standoff.check(obs, golan)
    exact = _exact(obs, golan, monkeypatch)
    assert np.array_equal(fast.obs_index, exact.obs_index)
    assert np.array_equal(fast.status, exact.status)
    for column in ("tolerance_m", "lower", "upper"):
        assert np.array_equal(getattr(fast, column), getattr(exact, column), equal_nan=True), column
    for column in ("decider", "versions"):
        assert np.array_equal(_named(fast, column), _named(exact, column)), column
    assert fast.margin_exact is not None and plain.margin_exact is not None
    planar_rows = ~fast.margin_exact & plain.margin_exact  # the grid left them; the planar pass took them
    assert planar_rows.sum() > 200
    m, e = fast.margin_m[planar_rows], exact.margin_m[planar_rows]
    assert np.all(np.abs(e) > fast.tolerance_m[planar_rows] + FAR_M)
    # the bound is 0.05 % of the distance to the deciding feature + 5 m (+ 1 m for the kernel);
    # that distance is at most |margin| + 100 km in these zones; measured errors are far smaller
    assert np.all(np.abs(m - e) <= 0.0005 * (np.abs(e) + 100_000.0) + 6.0)
    assert np.abs(m - e).max() < 20.0
    # every other row is as without the planar pass
    same = ~planar_rows
    assert np.array_equal(fast.margin_m[same], plain.margin_m[same], equal_nan=True)
