"""Equipment as a pack-defined hierarchy with aliases: clauses name a subtree, reports an alias."""

from __future__ import annotations

from pathlib import Path

import pytest

import standoff
from standoff.errors import InputWarning, PackError
from standoff.packs import init_pack, load_pack, validate_pack

UNITS = """\
- code: ARTY
  name: artillery
  aliases: [artillery, guns]
- code: ARTY.100MM_PLUS
  name: artillery of 100 mm calibre and more
- code: ARTY.100MM_PLUS.2S1
  name: 2S1 Gvozdika
  aliases: [Gvozdika, 2S1]
- code: ARTY.MORTAR_82
  name: 82 mm mortar
  aliases: [82mm mortar]
- code: MLRS.BM21
  name: BM-21 Grad
  aliases: [Grad, BM-21]
"""

BAN = """\
id: heavy-15km
title: No artillery of 100 mm and more within 15 km of Line X
status: signed
sources: [{id: s, title: placeholder, published: 2020-01-01}]
zones: {near: {within: {km: 15, of: LINE_X}}}
clauses:
  - id: no-heavy
    actor: ["*"]
    kind: no_equipment
    equipment: [ARTY.100MM_PLUS*, MLRS*]
    zone: near
    quote: placeholder
    source: s
  - id: few-guns
    actor: ["*"]
    kind: limit
    max: {ARTY*: 3}
    zone: near
    quote: placeholder
    source: s
"""

REPORTS = """\
id,time,actor,lon,lat,count,unit
gvozdika,2020-06-01,RED,30.52,10.5,2,gvozdika
grad,2020-06-01,RED,30.52,10.5,,Grad
mortar,2020-06-01,RED,30.52,10.5,2,82mm mortar
unknown,2020-06-01,RED,30.52,10.5,,catapult
"""


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    folder = init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "units.yaml").write_text(UNITS)
    (folder / "agreements" / "heavy-15km.yaml").write_text(BAN)
    (folder / "r.csv").write_text(REPORTS)
    return folder


def test_a_ban_names_a_subtree_and_reports_use_aliases(pack_dir: Path):
    pack = load_pack(pack_dir)
    assert set(pack.units) == {"ARTY", "ARTY.100MM_PLUS", "ARTY.100MM_PLUS.2S1", "ARTY.MORTAR_82",
                               "MLRS.BM21"}
    with pytest.warns(InputWarning, match=r"units the pack p does not know: catapult \(1\)"):
        obs = standoff.read_observations(pack_dir / "r.csv", pack)
    result = standoff.check(obs, pack, agreements=["heavy-15km"], every_pair=True)
    ban = {v.observation_id: v.status for v in result.verdicts if v.clause_id == "no-heavy"}
    assert ban == {"gvozdika": "violation", "grad": "violation", "mortar": "not_applicable",
                   "unknown": "not_applicable"}
    # the limit on ARTY* counts the Gvozdikas and the mortars: 4 > 3
    (limit,) = [lim for lim in result.limits if lim.clause_id == "few-guns"]
    assert (limit.lower, limit.maximum, limit.status) == (4, 3, "violation")


def test_duplicate_unit_codes_are_refused(pack_dir: Path):
    (pack_dir / "units.yaml").write_text(UNITS + "- {code: ARTY, name: again}\n")
    with pytest.raises(PackError, match="unit id 'ARTY' is used twice"):
        load_pack(pack_dir)
    assert any("unit id 'ARTY' is used twice" in p.message for p in validate_pack(pack_dir))


def test_compare_equipment_takes_an_alias_and_matches_subtrees(pack_dir: Path):
    from standoff.engine.compare import compare

    ban_only = BAN.split("  - id: few-guns")[0].replace("km: 15", "km: 40")
    (pack_dir / "agreements" / "heavy-15km.yaml").write_text(ban_only)
    pack = load_pack(pack_dir)
    by_alias = compare(pack, ["heavy-15km", "example-10km"], equipment="Gvozdika")
    assert by_alias.area("heavy-15km").clauses == ["no-heavy"]
    assert by_alias.area("heavy-15km").places_inside == 2  # both towns lie ~33 km from Line X
    mortar = compare(pack, ["heavy-15km", "example-10km"], equipment="82mm mortar")
    assert mortar.area("heavy-15km").clauses == []
    plain = compare(pack, ["heavy-15km", "example-10km"])
    assert plain.area("heavy-15km").places_inside == 2  # places checked as the ban's own class


def test_a_point_feature_takes_one_pair(tmp_path: Path):
    folder = init_pack(tmp_path / "q", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "features.yaml").write_text((folder / "features.yaml").read_text() + """
- id: POSTS
  name: Observation posts
  kind: point
  source: placeholder
  accuracy_m: 100
  versions:
    - {version: "1", coords: [[30.2, 10.2], [30.3, 10.3]]}
""")
    with pytest.raises(PackError, match="feature POSTS: a point takes one \\[lon, lat\\] pair, not 2"):
        load_pack(folder)
