"""`within: {km, of: LINE, ends: flat}`: a corridor cut square at the line's ends, against pyproj.Geod."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import standoff
from standoff.errors import AgreementError
from standoff.model import Observation, ObservationSet
from standoff.packs import init_pack, load_pack
from tests.oracle import GEOD, distance_to_polyline

CORRIDOR = """\
id: corridor
title: 5 km each side of Line X, square at its ends
status: signed
sources: [{id: s, title: placeholder, published: 2020-01-01}]
zones: {strip: {within: {km: 5, of: LINE_X, ends: flat}}}
clauses:
  - {id: c, actor: ["*"], kind: must_not_enter, zone: strip, quote: placeholder, source: s}
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory):
    folder = init_pack(tmp_path_factory.mktemp("flat") / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "agreements" / "corridor.yaml").write_text(CORRIDOR)
    return load_pack(folder)


def margins(pack, points: list[tuple[float, float]]) -> np.ndarray:
    obs = ObservationSet.from_records([Observation(id=str(i), actor="RED", lon=lon, lat=lat, time=None)
                                       for i, (lon, lat) in enumerate(points)])
    result = standoff.check(obs, pack, agreements=["corridor"])
    got = {v.observation_id: v.margin_m for v in result.verdicts}
    return np.array([got[str(i)] for i in range(len(points))])


def cap(line: list[tuple[float, float]], at_end: bool, km: float) -> list[tuple[float, float]]:
    """The square cut at one end, built with pyproj alone."""
    end, step = (line[-1], line[-2]) if at_end else (line[0], line[1])
    az = GEOD.inv(*end, *step)[0]
    left = GEOD.fwd(*end, az - 90, km * 1000)[:2]
    right = GEOD.fwd(*end, az + 90, km * 1000)[:2]
    return [tuple(left), tuple(end), tuple(right)]


def test_beyond_an_end_is_outside_by_the_distance_to_the_cut(pack):
    line = list(pack.features["LINE_X"].versions[0].coords)
    north, south = line[-1], line[0]
    points = [(north[0], north[1] + 0.02), (north[0] + 0.01, north[1] - 0.01), (30.52, 10.5),
              (south[0] - 0.01, south[1] - 0.015)]
    m = margins(pack, points)
    assert m[0] == pytest.approx(-distance_to_polyline(*points[0], cap(line, True, 5)), abs=1.0)
    assert m[1] == pytest.approx(min(5000 - distance_to_polyline(*points[1], line),
                                     distance_to_polyline(*points[1], cap(line, True, 5))), abs=1.0)
    assert m[2] == pytest.approx(5000 - distance_to_polyline(*points[2], line), abs=1.0)
    assert m[3] < 0
    # with round ends the first point would be inside: the flat end is what makes it outside
    assert 5000 - distance_to_polyline(*points[0], line) > 0


def _dense(line: list[tuple[float, float]], step_m: float = 20.0) -> np.ndarray:
    (a, b), = zip(line[:-1], line[1:], strict=True)
    n = int(GEOD.inv(*a, *b)[2] // step_m)
    return np.array([a, *GEOD.npts(*a, *b, n), b])


@settings(max_examples=40, deadline=None)
@given(st.floats(30.35, 30.65), st.floats(10.0, 11.0))
def test_the_sign_matches_a_brute_force_corridor(pack, lon: float, lat: float):
    line = list(pack.features["LINE_X"].versions[0].coords)
    dense = _dense(line)
    d = GEOD.inv(np.full(len(dense), lon), np.full(len(dense), lat), dense[:, 0], dense[:, 1])[2]
    k = int(np.argmin(d))
    inside = d[k] <= 5000 and 0 < k < len(dense) - 1
    m = margins(pack, [(lon, lat)])[0]
    if abs(m) > 50:  # away from the edge, where sampling decides the brute force
        assert (m > 0) == inside


def test_flat_ends_need_a_line(tmp_path: Path):
    folder = init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "agreements" / "corridor.yaml").write_text(CORRIDOR.replace("of: LINE_X", "of: THEATRE"))
    with pytest.raises(AgreementError, match="feature 'THEATRE' is a area; expected line"):
        load_pack(folder)
