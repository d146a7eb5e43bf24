"""Side zones are checked when the pack loads: an ambiguous side fails then, naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from standoff.cli import app
from standoff.errors import AgreementError
from standoff.packs import init_pack, load_pack
from standoff.packs.sides import gap_m
from tests.oracle import GEOD

POINTS = """
- {id: ON_LINE, name: On the line, kind: point, source: test, accuracy_m: 0,
   versions: [{version: "1", coords: [[30.5, 10.5]]}]}
- {id: EAST_POST, name: East post, kind: point, source: test, accuracy_m: 0,
   versions: [{version: "1", coords: [[30.8, 10.5]]}]}
"""

AGREEMENT = """\
id: sides
title: one side of Line X
status: signed
sources: [{{id: s, title: placeholder, published: 2020-01-01}}]
zones:
  far_side:
    side: {side}
clauses:
  - {{id: c, actor: ["*"], kind: must_not_enter, zone: far_side, quote: placeholder, source: s}}
"""


def _pack_with(tmp_path: Path, side: str) -> Path:
    folder = init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))  # LINE_X runs south to north
    with (folder / "features.yaml").open("a") as f:
        f.write(POINTS)
    (folder / "agreements" / "sides.yaml").write_text(AGREEMENT.format(side=side))
    return folder


@pytest.mark.parametrize(("side", "field", "words"), [
    # a line cannot face the way it runs
    ("{of: LINE_X, facing: north}", "facing", ["LINE_X runs toward the north", "toward: FEATURE"]),
    # a feature on the line names neither side
    ("{of: LINE_X, toward: ON_LINE}", "toward", ["ON_LINE lies 0 m from line LINE_X", "neither side"]),
])
def test_an_ambiguous_side_fails_at_load_naming_file_line_and_field(tmp_path: Path, side: str, field: str,
                                                                    words: list[str]) -> None:
    with pytest.raises(AgreementError) as err:
        load_pack(_pack_with(tmp_path, side))
    text = str(err.value)
    assert "sides.yaml:7" in text and f"far_side.side.{field}" in text
    assert all(w in text for w in words), text


@pytest.mark.parametrize("side", ["{of: LINE_X, facing: east}", "{of: LINE_X, toward: EAST_POST}"])
def test_a_clear_side_loads(tmp_path: Path, side: str) -> None:
    pack = load_pack(_pack_with(tmp_path, side))
    assert "sides" in pack.agreements


def _oracle_gap_m(line: np.ndarray, lon: float, lat: float) -> float:
    """The point's distance to the polyline (pyproj only): 5 m samples along each geodesic, then
    5 cm samples between the neighbours of the nearest one, so the sampling adds at most 2.5 cm."""

    def samples(lon1: float, lat1: float, lon2: float, lat2: float, step_m: float) -> np.ndarray:
        n = max(int(GEOD.inv(lon1, lat1, lon2, lat2)[2] // step_m), 1)
        return np.array([(lon1, lat1), *GEOD.npts(lon1, lat1, lon2, lat2, n), (lon2, lat2)])

    def nearest(pts: np.ndarray) -> tuple[float, int]:
        d = GEOD.inv(np.full(len(pts), lon), np.full(len(pts), lat), pts[:, 0], pts[:, 1])[2]
        return float(d.min()), int(d.argmin())

    best = np.inf
    for (lon1, lat1), (lon2, lat2) in zip(line[:-1], line[1:], strict=True):
        pts = samples(lon1, lat1, lon2, lat2, 5.0)
        k = nearest(pts)[1]
        (a_lon, a_lat), (b_lon, b_lat) = pts[max(k - 1, 0)], pts[min(k + 1, len(pts) - 1)]
        best = min(best, nearest(samples(a_lon, a_lat, b_lon, b_lat, 0.05))[0])
    return best


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.floats(35.0, 36.0), st.floats(32.0, 33.0)), min_size=2, max_size=3,
                unique=True),
       st.floats(35.0, 36.0), st.floats(32.0, 33.0))
@example([(35.0, 32.0), (35.0, 33.0)], 35.0, 32.5)  # on the line, halfway between two 5 m samples
def test_gap_is_the_geodesic_distance_to_the_line(vertices: list[tuple[float, float]], lon: float,
                                                  lat: float) -> None:
    line = np.array(vertices)
    expected = _oracle_gap_m(line, lon, lat)
    assert gap_m(line, lon, lat) == pytest.approx(expected, abs=1.0 + 2e-4 * expected)


def test_validate_reports_an_ambiguous_side_with_its_line(tmp_path: Path) -> None:
    folder = _pack_with(tmp_path, "{of: LINE_X, facing: south}")
    out = CliRunner().invoke(app, ["validate", "--pack", str(folder)])
    assert out.exit_code == 2
    assert "sides.yaml:7: error: zones.far_side.side.facing: line LINE_X runs toward the south" in out.output
