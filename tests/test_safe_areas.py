"""Area observations cost bounded work (issue 17, item 1): by vertex count and by their size on
the ellipsoid; an area across the antimeridian or larger than the theatre is refused by row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from pyproj import Geod
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.engine.areas import sample_areas
from standoff.errors import StandoffError
from standoff.geo.limits import AreaLimits, area_limits, set_area_limits
from standoff.model import Observation, ObservationSet
from tests._capped import capped_tests

WORLD = [(-180.0, -90.0), (180.0, -90.0), (180.0, 90.0), (-180.0, 90.0), (-180.0, -90.0)]
ACROSS = [(179.0, 10.0), (-179.0, 10.0), (-179.0, 11.0), (179.0, 11.0), (179.0, 10.0)]
GEOD = Geod(ellps="WGS84")


_capped = capped_tests(1500)  # every test here runs under a memory cap


def run(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


def _geojson(path: Path, ring: list[tuple[float, float]]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"id": "a1", "actor": "IRN", "time": "2018-07-01"}}]}), encoding="utf-8")
    return path


def _circle(n: int, lon: float = 35.9, lat: float = 33.1, radius_m: float = 3000.0) -> list:
    lons, lats, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), np.linspace(0, 360, n, endpoint=False),
                             np.full(n, radius_m))
    ring = list(zip(lons.tolist(), lats.tolist(), strict=True))
    return ring + [ring[0]]


def test_whole_world_polygon_refused_by_row(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "world.geojson", WORLD)
    res = run("check", path, "--pack", "golan", "-q")
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith(f"error: {path}: row 1: field 'geometry': an area of 510,")
    assert "is larger than the theatre" in res.stderr


def test_antimeridian_polygon_refused_by_row(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "across.geojson", ACROSS)
    res = run("check", path, "--pack", "golan", "-q")
    assert res.exit_code == 2, res.output
    assert "row 1: field 'geometry': an area across the antimeridian" in res.stderr
    assert "split it at ±180°" in res.stderr


def test_vertex_limit_and_its_flag(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "dense.geojson", _circle(12_000))
    res = run("check", path, "--pack", "golan", "-q")
    assert res.exit_code == 2
    assert "an area with 12,001 vertices; at most 10,000 (--max-area-vertices raises it)" in res.stderr
    res = run("check", path, "--pack", "golan", "-q", "--max-area-vertices", "20000")
    assert res.exit_code == 0, res.output


def _area_obs(ring: list[tuple[float, float]]) -> ObservationSet:
    c = shapely.Polygon(ring).centroid
    return ObservationSet.from_records([Observation(id="a1", actor="IRN", lon=c.x, lat=c.y,
                                                    area=ring)])


def test_engine_samples_a_whole_world_area_within_the_budget() -> None:
    obs = _area_obs(WORLD)
    samples = sample_areas(obs.area, np.array([0]), np.array([True]))
    assert len(samples.lon) <= area_limits().max_samples * 1.1
    result = standoff.check(obs, standoff.load_pack("golan"))
    assert len(result) > 0 and {v.status for v in result.verdicts} <= {"possible", "violation",
                                                                       "compliant"}


def test_engine_refuses_an_area_across_the_antimeridian() -> None:
    with pytest.raises(StandoffError, match="across the antimeridian"):
        standoff.check(_area_obs(ACROSS), standoff.load_pack("golan"))


@pytest.mark.parametrize("half_deg", [0.05, 0.5, 3.0])
def test_widened_spacing_keeps_every_point_within_the_slack(half_deg: float) -> None:
    """With a small budget the spacing widens; every point of the area stays within the slack
    of a sample (geodesic distances from pyproj.Geod)."""
    ring = [(36 - half_deg, 33 - half_deg), (36 + half_deg, 33 - half_deg),
            (36 + half_deg, 33 + half_deg), (36 - half_deg, 33 + half_deg), (36 - half_deg, 33 - half_deg)]
    old = area_limits()
    set_area_limits(AreaLimits(max_samples=1500))
    try:
        got = sample_areas([ring], np.array([0]), np.array([True]))
    finally:
        set_area_limits(old)
    assert len(got.lon) <= 1500 * 1.1
    rng = np.random.default_rng(3)
    px = rng.uniform(36 - half_deg, 36 + half_deg, 300)
    py = rng.uniform(33 - half_deg, 33 + half_deg, 300)
    gap = np.array([GEOD.inv(np.full(len(got.lon), x), np.full(len(got.lon), y), got.lon, got.lat)[2].min()
                    for x, y in zip(px, py, strict=True)])
    assert gap.max() <= got.slack_m[0], (gap.max(), got.slack_m[0])
