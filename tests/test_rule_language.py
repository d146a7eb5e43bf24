"""The richer rule language: actor selectors with exceptions and no_activity clauses."""

from __future__ import annotations

from pathlib import Path

import pytest

import standoff
from standoff.errors import AgreementError
from standoff.model import matches_any
from standoff.model.actor import describe_selectors, selector_list
from standoff.packs import init_pack, load_pack
from tests.oracle import distance_to_polyline

ONLY_BLUE_PATROLS = """\
id: only-blue-patrols
title: Only Blue forces may patrol within 10 km of Line X
status: signed
sources: [{id: text, title: Placeholder text, published: 2020-03-05}]
zones:
  near_line: {within: {km: 10, of: LINE_X}}
clauses:
  - id: patrols
    actor: {any: "*", except: [BLUE*]}
    kind: no_activity
    activity: [patrol]
    zone: near_line
    quote: "Only Blue forces may patrol within 10 km of Line X."
    source: text
"""

REPORTS = """\
id,time,actor,lon,lat,radius_m,activity,quote
red-patrol-near,2020-06-01,RED.ARMY,30.52,10.5,100,patrol,a Red patrol
red-firing-near,2020-06-01,RED.ARMY,30.52,10.5,100,firing,Red guns fired
blue-patrol-near,2020-06-01,BLUE,30.52,10.5,100,Patrol,a Blue patrol
red-patrol-far,2020-06-01,RED,30.8,10.5,100,patrol,a Red patrol far away
red-nothing-near,2020-06-01,RED,30.52,10.5,100,,Red forces seen
"""


@pytest.mark.parametrize("selectors,code,expected", [
    (["*"], "RED.ARMY", True),
    (["*", "!RED*"], "RED.ARMY", False),
    (["*", "!RED*"], "BLUE", True),
    (["RED*", "!RED.ARMY"], "RED", True),
    (["RED*", "!RED.ARMY"], "RED.ARMY", False),
    (["RED*", "!RED.ARMY"], "RED.ARMY.X", True),  # an exception without * excepts only itself
    (["!RED"], "BLUE", False),  # exceptions alone select nobody
])
def test_selectors_with_exceptions(selectors: list[str], code: str, expected: bool):
    assert matches_any(selectors, code) is expected


def test_selector_forms_and_their_words():
    assert selector_list("IRN*") == ["IRN*"]
    assert selector_list({"any": "*", "except": ["TUR*", "RUS*"]}) == ["*", "!TUR*", "!RUS*"]
    assert selector_list({"any": ["A", "B"], "except": "A.X"}) == ["A", "B", "!A.X"]
    assert describe_selectors(["*", "!TUR*", "!RUS*"]) == "everyone except TUR*, RUS*"
    assert describe_selectors(["IRN*", "SYR.SAA"]) == "IRN*, SYR.SAA"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    folder = init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "agreements" / "only-blue-patrols.yaml").write_text(ONLY_BLUE_PATROLS)
    (folder / "reports.csv").write_text(REPORTS)
    return folder


def test_only_blue_may_patrol(pack_dir: Path):
    pack = load_pack(pack_dir)
    obs = standoff.read_observations(pack_dir / "reports.csv", pack)
    result = standoff.check(obs, pack, agreements=["only-blue-patrols"], every_pair=True)
    got = {v.observation_id: v for v in result.verdicts}
    assert {k: v.status for k, v in got.items()} == {
        "red-patrol-near": "violation", "red-firing-near": "not_applicable",
        "blue-patrol-near": "not_applicable", "red-patrol-far": "compliant",
        "red-nothing-near": "not_applicable"}
    assert "the report is not of patrol" in got["red-firing-near"].sentence
    assert "the clause binds everyone except BLUE*" in got["blue-patrol-near"].sentence
    assert "inside the no-patrol zone “within 10 km of Line X”" in got["red-patrol-near"].sentence
    line = pack.features["LINE_X"].versions[0].coords
    for oid, lon in (("red-patrol-near", 30.52), ("red-patrol-far", 30.8)):
        expected = 10_000 - distance_to_polyline(lon, 10.5, line)
        assert got[oid].margin_m == pytest.approx(expected, abs=1.0)


def test_an_unknown_actor_in_an_exception_is_named(pack_dir: Path):
    path = pack_dir / "agreements" / "only-blue-patrols.yaml"
    path.write_text(ONLY_BLUE_PATROLS.replace("except: [BLUE*]", "except: [BLEU*]"))
    with pytest.raises(AgreementError, match=r"unknown actor '!BLEU\*'"):
        load_pack(pack_dir)


@pytest.mark.parametrize("actor,message", [
    ('"!RED*"', "give at least one selector that is not an exception"),
])
def test_exceptions_alone_are_refused(pack_dir: Path, actor: str, message: str):
    path = pack_dir / "agreements" / "only-blue-patrols.yaml"
    path.write_text(ONLY_BLUE_PATROLS.replace('{any: "*", except: [BLUE*]}', actor))
    with pytest.raises(AgreementError, match=message):
        load_pack(pack_dir)


def test_a_no_activity_clause_needs_its_activities(pack_dir: Path):
    path = pack_dir / "agreements" / "only-blue-patrols.yaml"
    path.write_text(ONLY_BLUE_PATROLS.replace("    activity: [patrol]\n", ""))
    with pytest.raises(AgreementError, match="a no_activity clause needs activity"):
        load_pack(pack_dir)


def test_zones_geojson_skips_empty_zones_and_words_exceptions(pack_dir: Path):
    (pack_dir / "agreements" / "nowhere.yaml").write_text("""\
id: nowhere
title: Two zones that do not meet
status: proposed
sources: [{id: s, title: placeholder, published: 2020-01-01}]
zones:
  near: {within: {km: 1, of: LINE_X}}
  far: {beyond: {km: 50, of: LINE_X}}
clauses:
  - {id: both, actor: {any: "*", except: [BLUE*]}, kind: must_not_enter,
     zone: {all_of: [near, far]}, quote: placeholder, source: s}
  - {id: near-only, actor: {any: "*", except: [BLUE*]}, kind: must_not_enter, zone: near,
     quote: placeholder, source: s}
""")
    pack = load_pack(pack_dir)
    data = standoff.zones_geojson(pack, "nowhere")
    assert [f["properties"]["clause_id"] for f in data["features"]] == ["near-only"]
    assert all(f["geometry"] is not None for f in data["features"])
    assert data["features"][0]["properties"]["actor"] == "everyone except BLUE*"
