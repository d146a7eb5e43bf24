"""`standoff compare`: areas, places, observations and stated-versus-measured distances between versions.

Geometry is checked against independent paths: pyproj.Geod (GeographicLib) on the polygons and
on brute-force samples of the lines, and shapely on the raw coordinates, never the engine alone.
"""

from __future__ import annotations

import json
from datetime import date
from itertools import permutations
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from pyproj import Geod
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.engine.compare import Comparison, compare
from standoff.errors import StandoffError
from standoff.model import Observation, ObservationSet, Pack
from tests.oracle import densify, distance_to_polyline

GEOD = Geod(ellps="WGS84")
ISRAELI = ["israel-demand-60km", "israel-demand-m5", "israel-demand-suwayda"]
KM60, M5, SUWAYDA = ISRAELI
TOY = Path(__file__).parent / "data" / "toypack"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return standoff.load_pack("golan")


@pytest.fixture(scope="module")
def cmp(pack: Pack) -> Comparison:
    return compare(pack, ISRAELI)


def coords(pack: Pack, fid: str) -> list[tuple[float, float]]:
    found = pack.features[fid].versions[-1].coords
    assert found is not None
    return [tuple(c) for c in found]


def place(pack: Pack, pid: str) -> tuple[float, float]:
    p = next(p for p in pack.places if p.id == pid)
    return p.lon, p.lat


def geod_area_km2(geom: shapely.Geometry) -> float:
    """Area of a lon/lat (multi)polygon, ring by ring with pyproj.Geod: outer rings minus holes."""
    total = 0.0
    for poly in shapely.get_parts(geom):
        lon, lat = np.asarray(poly.exterior.coords).T
        total += abs(GEOD.polygon_area_perimeter(lon, lat)[0])
        for ring in poly.interiors:
            lon, lat = np.asarray(ring.coords).T
            total -= abs(GEOD.polygon_area_perimeter(lon, lat)[0])
    return total / 1e6


# --- areas --------------------------------------------------------------------------------------------

def test_every_version_forbids_a_positive_area_inside_the_theatre(pack: Pack, cmp: Comparison) -> None:
    theatre = pack.features[pack.theatre].versions[-1].rings
    assert theatre is not None
    lon, lat = np.asarray(theatre[0]).T
    theatre_km2 = abs(GEOD.polygon_area_perimeter(lon, lat)[0]) / 1e6
    assert [a.agreement_id for a in cmp.areas] == ISRAELI
    for a in cmp.areas:
        assert 1000 < a.area_km2 < theatre_km2
        assert a.area_km2 <= a.total_area_km2 + 1e-6
    # the 60 km disc reaches west of the theatre (Israel, Lebanon); the road versions are theatre pieces
    assert cmp.area(KM60).total_area_km2 > cmp.area(KM60).area_km2 + 1000
    assert cmp.area(M5).total_area_km2 == pytest.approx(cmp.area(M5).area_km2, rel=1e-6)


@pytest.mark.parametrize(("a", "b"), list(permutations(ISRAELI, 2)))
def test_area_plus_added_minus_removed_is_the_other_area(cmp: Comparison, a: str, b: str) -> None:
    change = cmp.change(a, b)
    assert change.added_km2 > 0 and change.removed_km2 > 0
    assert cmp.area(a).area_km2 + change.added_km2 - change.removed_km2 == pytest.approx(
        cmp.area(b).area_km2, rel=0.005)
    back = cmp.change(b, a)
    assert (back.added_km2, back.removed_km2) == pytest.approx((change.removed_km2, change.added_km2))


def test_an_area_agrees_with_pyproj_geod_on_the_polygon(cmp: Comparison) -> None:
    zone = cmp.zones[M5]
    assert zone.geom_type in ("Polygon", "MultiPolygon")
    assert geod_area_km2(zone) == pytest.approx(cmp.area(M5).area_km2, rel=1e-4)


def test_both_sides_of_the_m5_add_up_to_the_theatre(pack: Pack, tmp_path: Path) -> None:
    """West of the M5 (israel-demand-m5) plus east of it (written here) is the whole theatre."""
    east = tmp_path / "east-of-m5.yaml"
    east.write_text("""\
id: east-of-m5
title: The other side of the M5
status: proposed
sources: [{id: s, title: test}]
clauses:
  - {id: east, actor: IRN*, kind: must_not_enter, zone: {side: {of: M5, toward: SUWAYDA}},
     quote: x, source: s}
""", encoding="utf-8")
    local = pack.model_copy(deep=True)
    local.agreements["east-of-m5"] = standoff.load_agreement(east, local)
    both = compare(local, [M5, "east-of-m5"])
    lon, lat = np.asarray(local.features[local.theatre].versions[-1].rings[0]).T  # type: ignore[index]
    theatre_km2 = abs(GEOD.polygon_area_perimeter(lon, lat)[0]) / 1e6
    total = both.area(M5).area_km2 + both.area("east-of-m5").area_km2
    assert total == pytest.approx(theatre_km2, rel=0.001)
    # nothing is forbidden by both: the west side adds exactly what the east side removes
    assert both.change(M5, "east-of-m5").removed_km2 == pytest.approx(both.area(M5).area_km2, rel=0.001)


# --- stated versus measured --------------------------------------------------------------------------------

def nearest_km(points: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Brute force: each point's geodesic distance to the nearest target point, km (pyproj.Geod)."""
    out = np.empty(len(points))
    for i, (lon, lat) in enumerate(points):
        out[i] = GEOD.inv(np.full(len(targets), lon), np.full(len(targets), lat),
                          targets[:, 0], targets[:, 1])[2].min()
    return out / 1000


def stated(cmp: Comparison, agreement: str) -> Any:
    (found,) = [s for s in cmp.stated if s.agreement_id == agreement]
    return found


def test_m5_described_as_60_km_is_flagged(cmp: Comparison) -> None:
    s = stated(cmp, M5)
    assert s.flagged and s.status == "discrepancy"
    assert s.stated_km == 60
    assert 20 <= s.min_km < s.max_km <= 50
    assert s.max_km + s.tolerance_km < 60  # the rule: stated outside [min - tol, max + tol]
    assert s.tolerance_km == pytest.approx(2.0 + 1.0 + 6.0)  # M5 2 km + Line A/B 1 km + 10 % of 60
    assert s.share_closer == pytest.approx(1.0)
    assert [r.split("@")[0] for r in s.reference] == ["LINE_A", "LINE_B"]


def test_m5_range_matches_a_pyproj_brute_force(pack: Pack, cmp: Comparison) -> None:
    """Road points every 200 m against line points every 100 m, all with pyproj.Geod."""
    s = stated(cmp, M5)
    lines = np.concatenate([densify(coords(pack, "LINE_A"), step_m=100),
                            densify(coords(pack, "LINE_B"), step_m=100)])
    nearest = nearest_km(densify(coords(pack, "M5"), step_m=200), lines)
    assert s.min_km == pytest.approx(nearest.min(), abs=0.1)
    assert s.max_km == pytest.approx(nearest.max(), abs=0.1)


def test_a_60_km_buffer_stated_as_60_km_is_consistent(cmp: Comparison) -> None:
    s = stated(cmp, KM60)
    assert s.status == "consistent" and not s.flagged
    assert s.min_km == s.max_km == 60


def test_the_suwayda_road_range_is_wide_and_reported_honestly(pack: Pack, cmp: Comparison) -> None:
    s = stated(cmp, SUWAYDA)
    assert s.stated_km == 70
    # the road starts in Damascus (~39 km from the lines) and ends at Suwayda (~67 km from Line B,
    # ~69 km from Line A): the rule's interval [min - 10.5, max + 10.5] holds 70, so not flagged
    assert s.min_km == pytest.approx(38.9, abs=0.5)
    assert s.max_km == pytest.approx(67.2, abs=0.5)
    # from Line A alone the road's far point (past Shahba, ~70 km) is a little beyond Suwayda (~69 km)
    far = nearest_km(densify(coords(pack, "DAMASCUS_SUWAYDA"), step_m=200),
                     densify(coords(pack, "LINE_A"), step_m=100)).max()
    (to_a,) = [v for k, v in s.per_reference.items() if k.startswith("LINE_A")]
    assert to_a[1] == pytest.approx(far, abs=0.1)
    suwayda = distance_to_polyline(*place(pack, "SUWAYDA"), coords(pack, "LINE_A")) / 1000
    assert suwayda == pytest.approx(68.9, abs=0.5) and suwayda <= to_a[1]
    assert s.status == "consistent"
    assert 0.5 < s.share_closer < 0.8
    assert "only in part" in s.note


def test_stated_side_check_on_the_toy_pack(tmp_path: Path) -> None:
    """A side of Line Y measured from Line X (named in the agreement: the toy pack has no 'the border')."""
    toy = standoff.load_pack(TOY)
    path = tmp_path / "toy-side.yaml"
    path.write_text("""\
id: toy-side
title: Side of Line Y
status: proposed
sources: [{id: s, title: test}]
clauses:
  - {id: near, actor: IRN*, kind: must_not_enter, zone: {within: {km: 5, of: LINE_X}}, quote: x, source: s}
  - {id: side, actor: IRN*, kind: must_not_enter, zone: {side: {of: LINE_Y, toward: TOWN}}, quote: y,
     source: s, stated_km: 30}
""", encoding="utf-8")
    toy.agreements["toy-side"] = standoff.load_agreement(path, toy)
    result = compare(toy, ["toy-deal", "toy-side"])
    s = stated(result, "toy-side")
    road = densify(coords(toy, "LINE_Y"), step_m=500)
    d = [distance_to_polyline(lon, lat, coords(toy, "LINE_X")) / 1000 for lon, lat in road]
    assert s.reference == ["LINE_X@2020"]
    assert s.min_km == pytest.approx(min(d), abs=0.05) and s.max_km == pytest.approx(max(d), abs=0.05)
    assert 9 < s.min_km < s.max_km < 10
    assert s.flagged  # 30 km > ~9.4 + (0.5 + 0 + 3) km
    assert stated(result, "toy-deal").status == "consistent"  # within 20 km of LINE_X, stated 20


# --- places -------------------------------------------------------------------------------------------

def test_izra_is_within_60_km_but_east_of_the_m5(pack: Pack, cmp: Comparison) -> None:
    lon, lat = place(pack, "IZRA")
    assert distance_to_polyline(lon, lat, coords(pack, "LINE_A")) < 50_000  # independent: inside 60 km
    m5 = shapely.LineString(coords(pack, "M5"))
    crossing = m5.intersection(shapely.LineString([(35.9, lat), (36.6, lat)]))
    assert lon > crossing.x + 0.03  # east of the road at its latitude
    by_id = {p.id: p for p in cmp.places}
    for pid in ("IZRA", "BUSRA_AL_HARIR"):
        assert by_id[pid].statuses == {KM60: "inside", M5: "outside", SUWAYDA: "inside"}
        assert by_id[pid].margins_km[KM60] > 5 and by_id[pid].margins_km[M5] < -5
    assert by_id["SUWAYDA"].statuses[KM60] == "outside"  # ~69 km from Line A
    assert by_id["DAMASCUS"].statuses[M5] == "edge"  # the road starts there


def test_places_with_the_same_status_everywhere_are_not_listed(cmp: Comparison) -> None:
    listed = {p.id for p in cmp.places}
    assert {"QUNEITRA_OLD", "KHAN_ARNABAH", "NAWA", "SHEIKH_MISKIN", "TEHRAN"}.isdisjoint(listed)
    assert all(len(set(p.statuses.values())) > 1 for p in cmp.places)
    assert len(cmp.all_places) == cmp.place_count == 97


def test_engine_verdicts_of_places_agree_with_the_polygons(pack: Pack, cmp: Comparison) -> None:
    """Two paths: the engine's margin sign and point-in-polygon, away from the boundary (> 1 km)."""
    theatre = shapely.Polygon(pack.features[pack.theatre].versions[-1].rings[0])  # type: ignore[index]
    checked = 0
    for p in cmp.all_places:
        point = shapely.Point(p.extra["lon"], p.extra["lat"])
        if not theatre.contains(point):
            continue
        for aid in ISRAELI:
            margin = p.margins_km[aid]
            assert margin is not None
            if abs(margin) > 1.0:
                assert (p.statuses[aid] == "inside") == (margin > 0)
                assert cmp.zones[aid].contains(point) == (margin > 0), (p.id, aid, margin)
                checked += 1
    assert checked > 150


# --- observations ---------------------------------------------------------------------------------------

def synthetic(pack: Pack) -> ObservationSet:
    def obs(oid: str, actor: str, pid: str, radius_m: float = 0.0) -> Observation:
        lon, lat = place(pack, pid)
        return Observation(id=oid, actor=actor, lon=lon, lat=lat, radius_m=radius_m, time=date(2018, 6, 1))

    return ObservationSet.from_records([
        obs("irgc-izra", "IRN.IRGC", "IZRA"),  # inside 60 km, east of the M5: changes
        obs("irgc-quneitra", "IRN.IRGC", "KHAN_ARNABAH"),  # inside every version: no change
        obs("army-izra", "SYR.SAA", "IZRA"),  # not bound by any Israeli version: no change
        obs("hezbollah-suwayda", "IRN.PROXY.HEZBOLLAH", "SUWAYDA", radius_m=3000),  # on the road's end
    ])


def test_observations_that_change_verdict(pack: Pack) -> None:
    result = compare(pack, ISRAELI, observations=synthetic(pack))
    assert result.observations is not None
    by_id = {o.id: o for o in result.observations}
    assert set(by_id) == {"irgc-izra", "hezbollah-suwayda"}
    assert by_id["irgc-izra"].statuses == {KM60: "violation", M5: "compliant", SUWAYDA: "violation"}
    assert by_id["hezbollah-suwayda"].statuses == {KM60: "compliant", M5: "compliant", SUWAYDA: "possible"}
    assert result.observation_counts == {
        KM60: {"violation": 2, "possible": 0, "compliant": 1, "not_applicable": 1},
        M5: {"violation": 1, "possible": 0, "compliant": 2, "not_applicable": 1},
        SUWAYDA: {"violation": 2, "possible": 1, "compliant": 0, "not_applicable": 1},
    }


# --- arguments and dates ----------------------------------------------------------------------------------

def test_fewer_than_two_or_repeated_agreements_are_errors(pack: Pack) -> None:
    with pytest.raises(StandoffError, match="give at least two agreements"):
        compare(pack, [KM60])
    with pytest.raises(StandoffError, match="given more than once"):
        compare(pack, [KM60, KM60])
    with pytest.raises(StandoffError, match=r"no agreement 'israel-demand-m6'.*did you mean .*-m5"):
        compare(pack, [KM60, "israel-demand-m6"])


def test_clauses_not_in_force_on_the_day_forbid_nothing(pack: Pack) -> None:
    during = compare(pack, [M5, "amman-memorandum-2017"], at=date(2018, 1, 15))
    after = compare(pack, [M5, "amman-memorandum-2017"], at=date(2019, 1, 15))
    assert during.area("amman-memorandum-2017").area_km2 > 100
    assert after.area("amman-memorandum-2017").area_km2 == 0
    assert after.area("amman-memorandum-2017").clauses == []


def test_json_is_plain_data(cmp: Comparison) -> None:
    data = json.loads(cmp.to_json())
    assert data["agreements"] == ISRAELI
    assert len(data["changes"]) == 6
    flags = {s["agreement_id"]: s["flagged"] for s in data["stated"]}
    assert flags == {KM60: False, M5: True, SUWAYDA: False}
    assert any("0.02 %" in note for note in data["notes"])


# --- the command line -------------------------------------------------------------------------------------

def run(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


def test_cli_prints_tables_and_writes_json_and_geojson(tmp_path: Path) -> None:
    out, geo = tmp_path / "compare.json", tmp_path / "diff.geojson"
    result = run("compare", "--pack", "golan", *ISRAELI, "-o", out, "--geojson", geo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    for aid in ISRAELI:
        assert aid in result.stderr
    assert "DISCREPANCY" in result.stderr and "24.7–44.7" in result.stderr
    assert "Izra'" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [a["agreement_id"] for a in data["areas"]] == ISRAELI
    collection = json.loads(geo.read_text(encoding="utf-8"))
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds.count("zone") == 3 and kinds.count("added") == 6 and kinds.count("removed") == 6
    for f in collection["features"]:
        if f["properties"]["kind"] != "zone":
            assert {"from", "to", "area_km2"} <= set(f["properties"])
            assert shapely.geometry.shape(f["geometry"]).is_valid
    added = next(f for f in collection["features"]
                 if f["properties"]["kind"] == "added" and f["properties"]["from"] == M5
                 and f["properties"]["to"] == KM60)
    assert added["properties"]["area_km2"] == pytest.approx(data["changes"][2]["added_km2"], abs=0.1)


def test_cli_with_observations(pack: Pack, tmp_path: Path) -> None:
    (path,) = pack.examples
    out = tmp_path / "c.json"
    result = run("compare", "--pack", "golan", KM60, M5, "--observations", path, "--at", "2018-06-01",
                 "-o", out)
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["at"] == "2018-06-01"
    assert data["observations"] is not None
    assert sum(data["observation_counts"][KM60].values()) == len(standoff.read_observations(path, pack))


@pytest.mark.parametrize(("args", "message"), [
    ([KM60], "give at least two agreements to compare; got 1"),
    ([KM60, "israel-demand-m6"], "did you mean israel-demand-m5?"),
    ([KM60, M5, "--at", "2018-13-01"], "--at: '2018-13-01' is not a date"),
])
def test_cli_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = run("compare", "--pack", "golan", *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_actor_keeps_only_the_clauses_that_bind_it(pack: Pack) -> None:
    mixed = compare(pack, ["disengagement-1974", KM60])
    assert any("bind different actors" in note for note in mixed.notes)
    # Israel east of Line A and Syria west of Line B: together, the whole theatre
    assert mixed.area("disengagement-1974").area_km2 > 0.99 * mixed.area("disengagement-1974").total_area_km2
    iran = compare(pack, ["disengagement-1974", KM60], actor="IRN.IRGC")
    assert iran.area("disengagement-1974").clauses == ["only-undof-in-aos"]
    ring = coords(pack, "LINE_A") + coords(pack, "LINE_B")[::-1]
    lon, lat = np.asarray(ring).T
    assert iran.area("disengagement-1974").area_km2 == pytest.approx(
        abs(GEOD.polygon_area_perimeter(lon, lat)[0]) / 1e6, rel=0.005)  # the Area of Separation
    by_id = {p.id: p for p in iran.places}
    assert "QUNEITRA_OLD" not in by_id  # inside the Area of Separation and within 60 km: no change
    assert {p.id: p for p in iran.all_places}["QUNEITRA_OLD"].statuses["disengagement-1974"] == "inside"
    assert by_id["NAWA"].statuses == {"disengagement-1974": "outside", KM60: "inside"}


def test_clause_keeps_only_the_named_clauses(pack: Pack) -> None:
    only = compare(pack, ["disengagement-1974", KM60], clauses=["only-undof-in-aos", "iran-60km"])
    assert only.area("disengagement-1974").clauses == ["only-undof-in-aos"]
    assert only.area(KM60).clauses == ["iran-60km"]
    ring = coords(pack, "LINE_A") + coords(pack, "LINE_B")[::-1]
    lon, lat = np.asarray(ring).T
    assert only.area("disengagement-1974").area_km2 == pytest.approx(
        abs(GEOD.polygon_area_perimeter(lon, lat)[0]) / 1e6, rel=0.005)
    with pytest.raises(StandoffError, match="no clause 'iran-60k' in disengagement-1974, "
                                            "israel-demand-60km \\(did you mean iran-60km\\?\\)"):
        compare(pack, ["disengagement-1974", KM60], clauses=["iran-60k"])


def test_equipment_keeps_the_bans_that_name_it(pack: Pack) -> None:
    heavy = "russia-heavy-weapons-85km"
    sam = compare(pack, [heavy, KM60], equipment="sam")
    assert sam.area(heavy).clauses == [] and sam.area(heavy).area_km2 == 0
    tank = compare(pack, [heavy, KM60], equipment="tank")
    assert tank.area(heavy).clauses == ["iran-heavy-85km"]
    assert tank.area(heavy).area_km2 > tank.area(KM60).area_km2  # 85 km reaches farther than 60 km
    result = CliRunner().invoke(app, ["compare", "--pack", "golan", heavy, KM60, "--equipment", "sam",
                                      "--clause", "iran-60km"])
    assert result.exit_code == 0, result.output
    assert "(no clause forbids presence)" in result.output


def test_cli_quiet_writes_only_the_files(tmp_path: Path) -> None:
    out = tmp_path / "compare.json"
    result = run("compare", "--pack", "golan", *ISRAELI[:2], "-q", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert json.loads(out.read_text(encoding="utf-8"))["agreements"] == ISRAELI[:2]
