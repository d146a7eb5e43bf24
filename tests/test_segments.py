"""`segment: {of, from, to}`: the part of a line between two points, checked against pyproj.Geod."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import standoff
from standoff.errors import PackError
from standoff.geo.segment import cut_line, foot_on_line
from standoff.packs import init_pack, load_pack
from tests.oracle import GEOD, distance_to_polyline

LINE = [(36.0, 33.0), (36.05, 33.3), (36.3, 33.45), (36.6, 33.5)]


def _dense(coords: list[tuple[float, float]], step_m: float = 2.0) -> np.ndarray:
    """The polyline's geodesics sampled every `step_m` metres, by pyproj alone."""
    out = []
    for a, b in zip(coords[:-1], coords[1:], strict=True):
        n = int(GEOD.inv(*a, *b)[2] // step_m)
        out += [a, *GEOD.npts(*a, *b, n), b]
    return np.array(out)


@settings(max_examples=40, deadline=None)
@given(st.floats(35.8, 36.8), st.floats(32.9, 33.7))
def test_the_foot_is_the_nearest_point_of_the_line(lon: float, lat: float):
    _, foot = foot_on_line(LINE, (lon, lat))
    nearest = distance_to_polyline(lon, lat, LINE)
    assert GEOD.inv(lon, lat, *foot)[2] == pytest.approx(nearest, abs=1.0)
    assert distance_to_polyline(*foot, LINE) < 1.0


def test_a_cut_keeps_the_inner_vertices_and_runs_from_start_to_end():
    cut = cut_line(LINE, (35.9, 33.1), (36.45, 33.6))
    assert cut[1:-1] == [LINE[1], LINE[2]]
    assert distance_to_polyline(*cut[0], LINE) < 1.0 and distance_to_polyline(*cut[-1], LINE) < 1.0
    assert cut_line(LINE, (36.45, 33.6), (35.9, 33.1)) == cut[::-1]


@settings(max_examples=25, deadline=None)
@given(st.floats(35.7, 36.9), st.floats(32.8, 33.8))
def test_distance_to_a_cut_equals_brute_force_distance_to_that_part(lon: float, lat: float):
    start, end = (35.95, 33.15), (36.4, 33.55)
    cut = cut_line(LINE, start, end)
    dense = _dense(LINE)
    d_start = GEOD.inv(np.full(len(dense), 0.0) + cut[0][0], np.full(len(dense), cut[0][1]),
                       dense[:, 0], dense[:, 1])[2]
    d_end = GEOD.inv(np.full(len(dense), cut[-1][0]), np.full(len(dense), cut[-1][1]),
                     dense[:, 0], dense[:, 1])[2]
    part = dense[int(np.argmin(d_start)):int(np.argmin(d_end)) + 1]
    brute = GEOD.inv(np.full(len(part), lon), np.full(len(part), lat), part[:, 0], part[:, 1])[2].min()
    assert distance_to_polyline(lon, lat, cut) == pytest.approx(brute, abs=3.0)


SEGMENT = """
- id: LINE_X_NORTH
  name: Line X north of East Town's latitude
  kind: line
  source: cut from Line X
  accuracy_m: 0
  versions:
    - version: north
      segment: {of: LINE_X, from: [30.6, 10.5], to: [30.6, 11.5]}
"""

AGREEMENT = """
id: north-5km
title: 5 km from the northern part of Line X
status: signed
sources: [{id: s, title: placeholder, published: 2020-01-01}]
zones: {near: {within: {km: 5, of: LINE_X_NORTH}}}
clauses:
  - {id: c, actor: ["*"], kind: must_not_enter, zone: near, quote: placeholder, source: s}
"""


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    folder = init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "features.yaml").write_text((folder / "features.yaml").read_text() + SEGMENT)
    (folder / "agreements" / "north-5km.yaml").write_text(AGREEMENT)
    return folder


def test_a_segment_feature_is_a_line_from_the_foot_of_from_to_the_end(pack_dir: Path):
    pack = load_pack(pack_dir)
    line = pack.features["LINE_X"].versions[0]
    north = pack.features["LINE_X_NORTH"].versions[0]
    assert north.valid_from == line.valid_from and north.coords[-1] == tuple(line.coords[-1])
    assert north.coords[0][1] == pytest.approx(10.5, abs=1e-3)
    assert "segment of LINE_X@1 from" in north.note
    (pack_dir / "r.csv").write_text("id,time,actor,lon,lat\nsouth,2020-06-01,RED,30.5,10.2\n"
                                    "north,2020-06-01,RED,30.52,10.7\n")
    result = standoff.check(standoff.read_observations(pack_dir / "r.csv", pack), pack,
                            agreements=["north-5km"])
    got = {v.observation_id: v for v in result.verdicts}
    assert got["south"].status == "compliant" and got["north"].status == "violation"
    for oid, (lon, lat) in {"south": (30.5, 10.2), "north": (30.52, 10.7)}.items():
        expected = 5_000 - distance_to_polyline(lon, lat, list(north.coords))
        assert got[oid].margin_m == pytest.approx(expected, abs=1.0)
    # the southern report is ~33 km from the cut's end, though on the full line
    assert got["south"].margin_m < -25_000


def test_segment_ends_may_name_places(pack_dir: Path):
    text = (pack_dir / "features.yaml").read_text().replace("from: [30.6, 10.5]", "from: WEST_TOWN")
    (pack_dir / "features.yaml").write_text(text)
    assert load_pack(pack_dir).features["LINE_X_NORTH"].versions[0].coords[0][1] == \
        pytest.approx(10.5, abs=1e-3)


@pytest.mark.parametrize("old,new,message", [
    ("from: [30.6, 10.5]", "from: WEST_TOWM", "segment end 'WEST_TOWM' is neither a place nor a point "
                                              "feature (did you mean WEST_TOWN?)"),
    ("segment: {of: LINE_X,", "segment: {of: THEATRE,", "a segment is a line cut from a line; "
                                                       "'THEATRE' is an area"),
    ("to: [30.6, 11.5]", "to: [30.6, 10.5]", "both ends project onto the same point of LINE_X@1"),
])
def test_bad_segments_are_refused(pack_dir: Path, old: str, new: str, message: str):
    path = pack_dir / "features.yaml"
    path.write_text(path.read_text().replace(old, new))
    with pytest.raises(PackError) as err:
        load_pack(pack_dir)
    assert str(err.value) == f"{path}: feature LINE_X_NORTH: {message}"
