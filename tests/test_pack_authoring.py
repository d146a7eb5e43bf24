"""Writing a pack: `standoff init`, `standoff validate`, `standoff schema`, and the loader's refusals."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.errors import PackError
from standoff.packs import init_pack, load_pack, validate_pack
from tests.oracle import distance_to_polyline


def run(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def new_pack(tmp_path: Path) -> Path:
    return init_pack(tmp_path / "mypack", bbox=(30.0, 10.0, 31.0, 11.0))


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count))


def test_init_scaffolds_a_pack_that_validates_and_checks_clean(new_pack: Path):
    assert validate_pack(new_pack) == []
    pack = load_pack(new_pack)
    assert pack.id == "mypack" and set(pack.agreements) == {"example-10km"}
    obs = standoff.read_observations(pack.examples[0], pack)
    result = standoff.check(obs, pack)
    statuses = {v.observation_id: v.status for v in result.verdicts}
    assert statuses == {"ex-1": "violation", "ex-2": "compliant"}
    # the margins against an independent geodesic oracle: 10 km minus the distance to the line
    line = pack.features["LINE_X"].versions[0].coords
    rows = list(csv.DictReader(pack.examples[0].read_text().splitlines()))
    for v in result.verdicts:
        row = next(r for r in rows if r["id"] == v.observation_id)
        expected = 10_000 - distance_to_polyline(float(row["lon"]), float(row["lat"]), line)
        assert v.margin_m == pytest.approx(expected, abs=1.0)


def test_init_cli_refuses_a_folder_that_is_not_empty(tmp_path: Path):
    keep = tmp_path / "full"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine")
    result = run("init", keep)
    assert result.exit_code == 2
    assert "the folder exists and is not empty: nothing was written" in result.output
    assert sorted(p.name for p in keep.iterdir()) == ["notes.txt"]


def test_init_cli_then_validate_cli_then_check(tmp_path: Path):
    folder = tmp_path / "p"
    assert run("init", folder, "--bbox", "-5,50,-4,51").exit_code == 0
    result = run("validate", "--pack", folder)
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output
    assert run("check", folder / "examples" / "observations.csv", "--pack", folder).exit_code == 0


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "10,10,5,20"])
def test_init_refuses_a_bad_bbox(tmp_path: Path, bbox: str):
    result = run("init", tmp_path / "p", "--bbox", bbox)
    assert result.exit_code == 2 and "--bbox" in result.output
    assert not (tmp_path / "p").exists()


def test_a_duplicate_feature_id_is_refused_with_its_line(new_pack: Path):
    features = new_pack / "features.yaml"
    edit(features, "- id: LINE_X", "- id: THEATRE")
    with pytest.raises(PackError) as err:
        load_pack(new_pack)
    first, second = [i for i, t in enumerate(features.read_text().splitlines(), 1)
                     if t == "- id: THEATRE"]
    assert str(err.value) == (f"{features}:{second}: feature id 'THEATRE' is used twice "
                              f"(first on line {first})")


def test_validate_reports_every_problem_at_once(new_pack: Path):
    edit(new_pack / "actors.yaml", "- code: BLUE", "- code: RED")
    edit(new_pack / "places.yaml", "id: WEST_TOWN", "id: EAST_TOWN")
    edit(new_pack / "agreements" / "example-10km.yaml", "of: LINE_X", "of: LINE_Y")
    (new_pack / "agreements" / "copy.yaml").write_text(
        (new_pack / "agreements" / "example-10km.yaml").read_text())
    problems = [str(p) for p in validate_pack(new_pack)]
    assert any(re.search(r"actors\.yaml:\d+: error: actor id 'RED' is used twice", p) for p in problems)
    assert any(re.search(r"places\.yaml:\d+: error: place id 'EAST_TOWN' is used twice", p)
               for p in problems)
    assert any("agreement id 'example-10km' is used twice" in p for p in problems)
    result = run("validate", "--pack", new_pack)
    assert result.exit_code == 2
    assert "error(s)" in result.output


def test_validate_runs_the_agreements_when_the_core_is_sound(new_pack: Path):
    edit(new_pack / "agreements" / "example-10km.yaml", "of: LINE_X", "of: LINE_Y")
    problems = validate_pack(new_pack)
    assert [p.level for p in problems] == ["error"]
    assert "unknown feature 'LINE_Y' (did you mean LINE_X?)" in problems[0].message
    assert problems[0].line is not None


def test_swapped_vertices_are_an_error(new_pack: Path):
    features = new_pack / "features.yaml"
    text = features.read_text()
    lon, lat = re.findall(r"- \[(30\.\d+), (10\.\d+)\]", text)[-1]
    edit(features, f"- [{lon}, {lat}]", f"- [{lat}, {lon}]")
    with pytest.raises(PackError, match=r"lies outside the theatre but inside it with lon and lat "
                                        r"exchanged: write \[lon, lat\]"):
        load_pack(new_pack)


def test_a_bow_tie_area_is_an_error(new_pack: Path):
    features = new_pack / "features.yaml"
    text = features.read_text()
    ring = re.findall(r"- \[[-\d.]+, [-\d.]+\]", text)[:5]
    edit(features, ring[1] + "\n            " + ring[2], ring[2] + "\n            " + ring[1])
    problems = validate_pack(new_pack)
    assert any("is not a simple polygon (Self-intersection" in p.message for p in problems)


def test_a_line_without_two_distinct_vertices_is_an_error(new_pack: Path):
    features = new_pack / "features.yaml"
    text = features.read_text()
    first, second = re.findall(r"- \[30\.5000, [\d.]+\]", text)
    edit(features, second, first)
    with pytest.raises(PackError, match="feature LINE_X: a line needs two distinct vertices"):
        load_pack(new_pack)


def test_a_theatre_across_the_antimeridian_is_refused_clearly(tmp_path: Path):
    folder = init_pack(tmp_path / "p", bbox=(178.0, -18.0, 179.5, -17.0))
    edit(folder / "features.yaml", "179.5000, -18.0000", "-179.5000, -18.0000")
    edit(folder / "features.yaml", "179.5000, -17.0000", "-179.5000, -17.0000")
    with pytest.raises(PackError, match=r"the theatre crosses the antimeridian"):
        load_pack(folder)


@pytest.mark.parametrize("kind,required", [("pack", "theatre"), ("features", None),
                                           ("actors", None), ("places", None)])
def test_schema_of_each_pack_file(kind: str, required: str | None):
    result = run("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.output)
    if required:
        assert required in schema["required"]
    else:
        assert schema["type"] == "array"


def test_schema_of_an_unknown_kind_names_the_choices():
    result = run("schema", "pony")
    assert result.exit_code == 2
    assert ("choose one of agreement, observation, verdict, pack, features, actors, places, units"
            in result.output)


def test_the_golan_pack_validates_clean():
    assert validate_pack("golan") == []
