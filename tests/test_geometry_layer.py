"""The one geometry layer the engine and the reader share: densify, buffers and feature shapes."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod

from standoff.geo.ellipsoid import densify, distance_m
from standoff.geo.features import feature_geometry
from standoff.geo.shapes import buffer_m
from standoff.model import Actor, Feature, Pack

GEOD = Geod(ellps="WGS84")


@pytest.mark.parametrize("step_m", [2_000.0, 20_000.0, 7_500.0])
def test_densify_keeps_vertices_and_follows_the_geodesic(step_m: float) -> None:
    coords = np.array([[35.0, 32.0], [36.5, 33.8], [36.5, 33.8000001], [38.0, 31.0]])
    dense = densify(coords, step_m)
    seg = GEOD.inv(dense[:-1, 0], dense[:-1, 1], dense[1:, 0], dense[1:, 1])[2]
    assert seg.max() <= step_m * (1 + 1e-9)
    for v in coords:  # every vertex is still there, exactly
        assert (dense == v).all(axis=1).any()
    total = GEOD.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])[2].sum()
    assert seg.sum() == pytest.approx(total, rel=1e-9)  # points on the geodesic add no length


def test_densify_short_and_single() -> None:
    one = np.array([[35.0, 32.0]])
    assert (densify(one, 1000.0) == one).all()
    two = np.array([[35.0, 32.0], [35.001, 32.0]])
    assert (densify(two, 1000.0) == two).all()


def test_buffer_m_reaches_its_radius_geodesically() -> None:
    for lon, lat in [(36.0, 33.0), (10.0, 65.0)]:
        ring = np.asarray(buffer_m(shapely.Point(lon, lat), 10_000.0).exterior.coords)
        d = GEOD.inv(np.full(len(ring), lon), np.full(len(ring), lat), ring[:, 0], ring[:, 1])[2]
        assert np.abs(d - 10_000.0).max() < 15.0  # the polygon's chords fall short by < 0.15 %


def test_distance_m_is_pyproj() -> None:
    assert distance_m(35.0, 32.0, 36.0, 33.5) == GEOD.inv(35.0, 32.0, 36.0, 33.5)[2]


def _pack(features: list[Feature]) -> Pack:
    return Pack(id="t", title="t", theatre="T", features={f.id: f for f in features},
                actors={"X": Actor(code="X", name="x")}, agreements={})


def test_area_between_crossing_lines_keeps_both_lobes() -> None:
    """make_valid (what geo/ does) keeps both lobes of a bow-tie; buffer(0) would drop one."""
    box = [[34, 31], [38, 31], [38, 35], [34, 35], [34, 31]]
    theatre = Feature(id="T", name="t", kind="area", source="s", accuracy_m=0,
                      versions=[{"version": "1", "rings": [box]}])
    a = Feature(id="A", name="a", kind="line", source="s", accuracy_m=0,
                versions=[{"version": "1", "coords": [[35.0, 32.0], [35.0, 34.0]]}])
    b = Feature(id="B", name="b", kind="line", source="s", accuracy_m=0,  # crosses A's ring: a bow-tie
                versions=[{"version": "1", "coords": [[36.0, 34.0], [36.0, 32.0]]}])
    area = Feature(id="AB", name="ab", kind="area", source="s", accuracy_m=0,
                   versions=[{"version": "1", "between": ["A", "B"]}])
    pack = _pack([theatre, a, b, area])
    shape = feature_geometry(pack, "AB")
    ring = [(35.0, 32.0), (35.0, 34.0), (36.0, 32.0), (36.0, 34.0), (35.0, 32.0)]
    assert not shapely.Polygon(ring).is_valid
    assert shape.is_valid and shape.area == pytest.approx(1.0)  # two triangles of 0.5 square degrees
    assert shapely.Polygon(ring).buffer(0).area == pytest.approx(0.5)  # what the reader used to get
    assert feature_geometry(pack, "nope") is None
