"""`standoff validate` against the rest of the issue's list: swapped vertices of areas and places,
a version label or a source id given twice, shared aliases, any feature across the antimeridian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from standoff.errors import AgreementError, PackError
from standoff.packs import init_pack, load_pack, validate_pack

AREA = """
- id: BUFFER
  name: Buffer area
  kind: area
  source: test
  accuracy_m: 100
  versions:
    - version: "1"
      rings:
        - [[30.2, 10.2], [30.4, 10.2], [30.4, 10.4], [30.2, 10.4], [30.2, 10.2]]
"""


@pytest.fixture
def new_pack(tmp_path: Path) -> Path:
    return init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, t in enumerate(path.read_text().splitlines(), 1) if needle in t)


def test_an_area_with_swapped_vertices_is_an_error_with_its_line(new_pack: Path):
    features = new_pack / "features.yaml"
    _append(features, AREA.replace("[[30.2, 10.2], [30.4, 10.2], [30.4, 10.4], [30.2, 10.4], [30.2, 10.2]]",
                                   "[[10.2, 30.2], [10.2, 30.4], [10.4, 30.4], [10.4, 30.2], [10.2, 30.2]]"))
    problems = validate_pack(new_pack)
    assert [p.level for p in problems] == ["error"]
    assert "feature BUFFER: vertex 0 [10.2, 30.2] lies outside the theatre but inside it with lon and lat " \
           "exchanged" in problems[0].message
    assert problems[0].line == _line_of(features, "[[10.2, 30.2]")
    with pytest.raises(PackError, match="BUFFER: vertex 0"):
        load_pack(new_pack)


def test_an_area_partly_outside_the_theatre_is_fine(new_pack: Path):
    partly = AREA.replace("[30.2, 10.2], [30.4, 10.2]", "[29.8, 10.2], [30.4, 10.2]")
    partly = partly.replace("[30.2, 10.4], [30.2, 10.2]]", "[30.2, 10.4], [29.8, 10.2]]")
    _append(new_pack / "features.yaml", partly)
    assert validate_pack(new_pack) == []


def test_a_place_with_swapped_coordinates_is_an_error(new_pack: Path):
    places = new_pack / "places.yaml"
    _append(places, "- {id: SWAPPED, name: Swapped, lon: 10.5, lat: 30.5, kind: village}\n"
                    "- {id: FAR, name: A capital far away, lon: 44.4, lat: 33.3, kind: capital}\n")
    problems = validate_pack(new_pack)
    assert [(p.level, p.line) for p in problems] == [("error", _line_of(places, "SWAPPED"))]
    assert "place SWAPPED: lon 10.5, lat 30.5 lies outside the theatre but inside it with lon and lat " \
           "exchanged" in problems[0].message
    with pytest.raises(PackError, match="place SWAPPED"):
        load_pack(new_pack)


def test_a_version_label_given_twice_is_an_error(new_pack: Path):
    features = new_pack / "features.yaml"
    text = features.read_text()
    block = re.search(r"    - version: \"1\"\n      valid_from: 2020-01-01\n      coords:\n(        - .*\n)+",
                      text)
    assert block is not None
    features.write_text(text.replace(block.group(0), block.group(0) + block.group(0).replace(
        "valid_from: 2020-01-01", "valid_from: 2021-01-01")))
    problems = validate_pack(new_pack)
    assert [p.level for p in problems] == ["error"]
    assert "feature LINE_X: version '1' is used twice" in problems[0].message
    with pytest.raises(PackError, match="version '1' is used twice"):
        load_pack(new_pack)


def test_a_source_id_given_twice_is_an_error(new_pack: Path):
    path = new_pack / "agreements" / "example-10km.yaml"
    path.write_text(path.read_text().replace("sources:\n", "sources:\n  - {id: example, title: Again}\n"))
    problems = validate_pack(new_pack)
    assert any("source id 'example' is used twice" in p.message and p.level == "error" for p in problems)
    with pytest.raises(AgreementError, match="source id 'example' is used twice"):
        load_pack(new_pack)


def test_an_alias_of_two_actors_is_a_warning(new_pack: Path):
    actors = new_pack / "actors.yaml"
    actors.write_text(actors.read_text().replace("aliases: [Blue forces, the Blues]",
                                                 "aliases: [Blue forces, the reds]"))
    problems = validate_pack(new_pack)
    assert [(p.level, p.message) for p in problems] == [
        ("warning", "actor BLUE: the alias 'the reds' is also RED's")]
    load_pack(new_pack)  # a warning does not stop the loader


def test_a_line_across_the_antimeridian_is_refused(tmp_path: Path):
    folder = init_pack(tmp_path / "fiji", bbox=(178.0, -18.0, 179.9, -17.0))
    _append(folder / "features.yaml", """
- id: DATELINE_ROAD
  name: A road across the date line
  kind: line
  source: test
  accuracy_m: 100
  versions:
    - version: "1"
      coords: [[179.5, -17.5], [-179.5, -17.4]]
""")
    problems = validate_pack(folder)
    assert any(p.level == "error" and "feature DATELINE_ROAD: a segment crosses the antimeridian" in p.message
               for p in problems)
    with pytest.raises(PackError, match="DATELINE_ROAD: a segment crosses the antimeridian"):
        load_pack(folder)


def test_flat_ends_on_beyond_are_refused_not_ignored(new_pack: Path):
    path = new_pack / "agreements" / "example-10km.yaml"
    path.write_text(path.read_text().replace("{within: {km: 10, of: LINE_X}}",
                                             "{beyond: {km: 10, of: LINE_X, ends: flat}}"))
    problems = validate_pack(new_pack)
    assert len(problems) == 1 and "ends: flat is for within" in problems[0].message
    assert problems[0].line == _line_of(path, "beyond")
