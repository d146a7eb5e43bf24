"""A theatre that is not in this repository, encoded from its published terms with docs/packs.md alone.

The Turkey–Russia memorandum of understanding (Sochi, 22 October 2019), points 4 and 5, as
published by both governments: from 12:00 on 23 October, the YPG are removed to 30 km from the
Turkish–Syrian border, "finalized in 150 hours" (so by 18:00 on 29 October, +03:00); then joint
Russian–Turkish patrols run to a depth of 10 km west and east of the Operation Peace Spring
area (Tell Abyad to Ras al-Ain), except Qamishli city. The border vertices are approximate
(about 3 km), typed for this test; distances are checked against pyproj.Geod.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import standoff
from standoff.packs import load_pack, validate_pack
from tests.oracle import distance_to_polyline

BORDER = [(38.01, 36.83), (38.95, 36.70), (39.50, 36.70), (40.07, 36.85), (40.65, 36.95),
          (40.93, 37.10), (41.22, 37.05), (41.70, 37.03), (42.10, 37.15), (42.35, 37.11)]

FILES = {
    "pack.yaml": """\
id: sochi
title: North-east Syria, Sochi memorandum of 2019
theatre: THEATRE
description: The Turkish-Syrian border east of the Euphrates and the strips the memorandum names.
line_aliases:
  the border: BORDER
  the Turkish-Syrian border: BORDER
""",
    "features.yaml": """\
- id: THEATRE
  name: North-east Syria and the Turkish border area
  kind: area
  source: a box drawn for this pack
  accuracy_m: 0
  versions:
    - version: "1"
      rings:
        - [[37.5, 35.5], [42.6, 35.5], [42.6, 37.8], [37.5, 37.8], [37.5, 35.5]]
- id: BORDER
  name: the Turkish-Syrian border
  kind: line
  source: approximate vertices read off a public map, west to east
  accuracy_m: 3000
  versions:
    - version: "2019"
      coords:
""" + "".join(f"        - [{lon}, {lat}]\n" for lon, lat in BORDER) + """\
- id: BORDER_WEST
  name: the border from the Euphrates to Tell Abyad
  kind: line
  source: cut from BORDER
  accuracy_m: 3000
  versions:
    - version: "2019"
      segment: {of: BORDER, from: JARABULUS, to: TELL_ABYAD}
- id: BORDER_EAST
  name: the border from Ras al-Ain to the Iraqi border
  kind: line
  source: cut from BORDER
  accuracy_m: 3000
  versions:
    - version: "2019"
      segment: {of: BORDER, from: RAS_AL_AIN, to: [42.35, 37.11]}
- id: BORDER_PEACE_SPRING
  name: the border from Tell Abyad to Ras al-Ain
  kind: line
  source: cut from BORDER
  accuracy_m: 3000
  versions:
    - version: "2019"
      segment: {of: BORDER, from: TELL_ABYAD, to: RAS_AL_AIN}
- id: QAMISHLI_CITY
  name: Qamishli city
  kind: point
  source: town centre
  accuracy_m: 1000
  versions:
    - version: "1"
      coords: [[41.22, 37.05]]
""",
    "actors.yaml": """\
- {code: TUR, name: Turkish forces, aliases: [Turkish forces, Turkish troops]}
- {code: RUS, name: Russian forces, aliases: [Russian forces]}
- {code: RUS.MP, name: Russian military police, aliases: [Russian military police]}
- {code: SYR, name: Syrian government forces, aliases: [Syrian army]}
- {code: SYR.BORDER_GUARD, name: Syrian border guards, aliases: [Syrian border guards]}
- {code: SDF, name: Syrian Democratic Forces, aliases: [SDF]}
- {code: SDF.YPG, name: YPG, aliases: [YPG, People's Protection Units]}
""",
    "places.yaml": """\
- {id: JARABULUS, name: Jarabulus, lon: 38.01, lat: 36.83, kind: town}
- {id: TELL_ABYAD, name: Tell Abyad, lon: 38.95, lat: 36.70, kind: town}
- {id: RAS_AL_AIN, name: Ras al-Ain, lon: 40.07, lat: 36.85, kind: town}
- {id: QAMISHLI, name: Qamishli, lon: 41.22, lat: 37.05, kind: city}
""",
    "agreements/sochi-2019.yaml": """\
id: sochi-2019
title: Turkey-Russia memorandum of understanding, Sochi
status: signed
parties: [TUR, RUS]
signed: 2019-10-22
valid_from: 2019-10-23T12:00+03:00
sources:
  - id: mou
    title: Memorandum of Understanding between Turkey and the Russian Federation, points 4 and 5
    published: 2019-10-22
zones:
  south_of_border: {side: {of: BORDER, facing: south}}
  thirty_km: {all_of: [{within: {km: 30, of: BORDER}}, south_of_border]}
  patrol_strips:
    all_of:
      - any_of:
          - {within: {km: 10, of: BORDER_WEST, ends: flat}}
          - {within: {km: 10, of: BORDER_EAST, ends: flat}}
      - south_of_border
      - not: {within: {km: 5, of: QAMISHLI_CITY}}
clauses:
  - id: ypg-30km
    actor: SDF.YPG*
    kind: must_not_enter
    zone: thirty_km
    quote: "removal of YPG elements and their weapons to the depth of 30 km
      from the Turkish-Syrian border, which should be finalized in 150 hours"
    source: mou
    valid_from: 2019-10-29T18:00+03:00
    stated_km: 30
  - id: joint-patrols
    actor: {any: "*", except: [TUR*, RUS*]}
    kind: no_activity
    activity: [patrol]
    zone: patrol_strips
    quote: "joint Russian-Turkish patrols will start in the west and the east of the area of
      Operation Peace Spring with a depth of 10 km, except Qamishli city"
    source: mou
    valid_from: 2019-10-29T18:00+03:00
""",
    "agreements/ankara-2019.yaml": """\
id: ankara-2019
title: US-Turkey joint statement, Ankara (the "safe zone" of Operation Peace Spring)
status: signed
parties: [TUR]
signed: 2019-10-17
sources:
  - id: statement
    title: Joint statement of the United States and Turkey on north-east Syria, 17 October 2019
    published: 2019-10-17
clauses:
  - id: ypg-safe-zone
    actor: SDF.YPG*
    kind: must_not_enter
    zone:
      all_of:
        - {within: {km: 32, of: BORDER_PEACE_SPRING, ends: flat}}
        - {side: {of: BORDER, facing: south}}
    quote: "pause Operation Peace Spring in order to allow the withdrawal of YPG forces from the
      safe zone within 120 hours"
    source: statement
    valid_from: 2019-10-22T22:00+03:00
    stated_km: 32
""",
}

REPORTS = """\
id,time,actor,lon,lat,radius_m,activity
ypg-amuda,2019-10-30,SDF.YPG,40.93,36.92,500,
ypg-amuda-early,2019-10-29T17:30+03:00,SDF.YPG,40.93,36.92,500,
ypg-amuda-late,2019-10-29T18:30+03:00,SDF.YPG,40.93,36.92,500,
ypg-amuda-that-day,2019-10-29,SDF.YPG,40.93,36.92,500,
ypg-hasakah,2019-11-02,SDF.YPG,40.75,36.50,500,
saa-patrol-derik,2019-11-02,SYR,42.05,37.08,500,patrol
tur-patrol-derik,2019-11-02,TUR,42.05,37.08,500,patrol
rus-patrol-derik,2019-11-02,RUS.MP,42.05,37.08,500,patrol
saa-patrol-qamishli,2019-11-02,SYR,41.22,37.03,500,patrol
saa-patrol-peace-spring,2019-11-02,SYR,39.5,36.62,500,patrol
"""


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("theatre") / "sochi"
    for name, text in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "reports.csv").write_text(REPORTS, encoding="utf-8")
    return folder


def test_the_pack_written_from_the_docs_validates_clean(pack_dir: Path):
    assert [str(p) for p in validate_pack(pack_dir)] == []


def test_the_memorandum_gives_the_verdicts_its_words_mean(pack_dir: Path):
    pack = load_pack(pack_dir)
    obs = standoff.read_observations(pack_dir / "reports.csv", pack)
    result = standoff.check(obs, pack, agreements=["sochi-2019"])
    got = {(v.observation_id, v.clause_id): v for v in result.verdicts}
    assert {k: v.status for k, v in got.items()} == {
        ("ypg-amuda", "ypg-30km"): "violation",
        ("ypg-amuda-late", "ypg-30km"): "violation",        # half an hour after the deadline
        ("ypg-amuda-that-day", "ypg-30km"): "possible",     # the deadline falls in that day
        ("ypg-hasakah", "ypg-30km"): "compliant",           # about 50 km from the border
        ("saa-patrol-derik", "joint-patrols"): "violation",  # only Turkish and Russian patrols
        ("saa-patrol-qamishli", "joint-patrols"): "compliant",      # Qamishli city is excepted
        ("saa-patrol-peace-spring", "joint-patrols"): "compliant",  # between the two strips
    }  # ypg-amuda-early (before 18:00) and the Turkish and Russian patrols are not bound
    # margins against the oracle: 30 km minus the geodesic distance to the border
    for oid, lon, lat in (("ypg-amuda", 40.93, 36.92), ("ypg-hasakah", 40.75, 36.50)):
        d_m = distance_to_polyline(lon, lat, BORDER)
        assert got[(oid, "ypg-30km")].margin_m == pytest.approx(30_000 - d_m, abs=1.0)
    # the strip is 10 km deep along the eastern segment, measured from the border itself
    derik_m = distance_to_polyline(42.05, 37.08, BORDER)
    assert got[("saa-patrol-derik", "joint-patrols")].margin_m == pytest.approx(10_000 - derik_m, abs=1.0)


def test_two_versions_compare_and_their_stated_distances_hold(pack_dir: Path):
    report = standoff.compare(load_pack(pack_dir), ["ankara-2019", "sochi-2019"])
    # a distance cut to one side of the border combines two parts: compare says it cannot measure it
    stated = {(row.agreement_id, row.clause_id): (row.status, row.note) for row in report.stated}
    assert set(stated) == {("ankara-2019", "ypg-safe-zone"), ("sochi-2019", "ypg-30km")}
    assert all(status == "not_measured" and "combines 2" in note for status, note in stated.values())
    areas = {a.agreement_id: a.area_km2 for a in report.areas}
    # a 30 km strip along ~440 km of border is larger than 32 km along the ~120 km between the towns
    assert areas["sochi-2019"] > 2 * areas["ankara-2019"] > 0
    # on a day: only the clauses in force at some moment of it (the Sochi ones from 18:00 on the 29th)
    before = standoff.compare(load_pack(pack_dir), ["ankara-2019", "sochi-2019"], at=date(2019, 10, 28))
    on_the_day = standoff.compare(load_pack(pack_dir), ["ankara-2019", "sochi-2019"], at=date(2019, 10, 29))
    assert {a.agreement_id: a.clauses for a in before.areas} == {"ankara-2019": ["ypg-safe-zone"],
                                                                  "sochi-2019": []}
    assert {a.agreement_id: a.clauses for a in on_the_day.areas}["sochi-2019"] == ["ypg-30km"]  # not patrols
