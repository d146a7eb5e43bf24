"""Built-in theatre packs beyond golan (lebanon, donbas): they load, validate clean, check as documented.

Margins are checked against an independent oracle (pyproj.Geod, tests/oracle.py, with shapely
only for inside/outside), never against standoff's own engine.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from functools import cache

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, Polygon

import standoff
from standoff.model import Pack, Verdict
from standoff.packs import builtin_packs, load_pack, validate_pack
from tests.oracle import GEOD, distance_to_polyline

PACKS = ["lebanon", "donbas"]


@cache
def pack_of(name: str) -> Pack:
    return load_pack(name)


@cache
def verdicts_of(name: str) -> dict[tuple[str, str, str], Verdict]:
    """Every (observation, agreement, clause) verdict of the pack's own examples, n/a included."""
    pack = pack_of(name)
    obs = standoff.read_observations(pack.examples[0], pack)
    result = standoff.check(obs, pack, every_pair=True)
    return {(v.observation_id, v.agreement_id, v.clause_id): v for v in result.verdicts}


@cache
def examples(name: str) -> dict[str, dict[str, str]]:
    """The example rows by id, read with the csv module (not standoff's reader)."""
    with pack_of(name).examples[0].open(encoding="utf-8", newline="") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def lon_lat_radius(name: str, oid: str) -> tuple[float, float, float]:
    r = examples(name)[oid]
    return float(r["lon"]), float(r["lat"]), float(r["radius_m"])


def coords(pack: Pack, fid: str) -> list[tuple[float, float]]:
    found = pack.features[fid].versions[0].coords
    assert found is not None
    return [(float(x), float(y)) for x, y in found]


def ring(pack: Pack, fid: str) -> list[tuple[float, float]]:
    rings = pack.features[fid].versions[0].rings
    assert rings is not None
    return [(float(x), float(y)) for x, y in rings[0]]


def place(pack: Pack, pid: str) -> tuple[float, float]:
    p = next(p for p in pack.places if p.id == pid)
    return p.lon, p.lat


def readme_table(name: str) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    """The README's 'agreement / clause | violation | possible | compliant | n/a' rows."""
    text = (builtin_packs()[name] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([a-z0-9-]+) / ([a-z0-9-]+)[^|]* \| *(\d+) \| *(\d+) \| *(\d+) \| *(\d+) \|$",
                      text, flags=re.M)
    return {(a, c): (int(v), int(p), int(k), int(n)) for a, c, v, p, k, n in rows}


# --- Every pack -----------------------------------------------------------------------


@pytest.mark.parametrize("name", PACKS)
def test_pack_is_built_in_loads_and_validates_clean(name: str) -> None:
    assert name in builtin_packs()
    assert validate_pack(name) == []
    pack = pack_of(name)
    assert pack.id == name and len(pack.agreements) >= 3 and len(pack.places) >= 40
    assert all(a.sources and all(s.title for s in a.sources) for a in pack.agreements.values())
    assert any(len(f.versions) > 1 or any(v.valid_from for v in f.versions) for f in pack.features.values())
    for f in pack.features.values():
        assert f.accuracy_m is not None and f.source, f.id


@pytest.mark.parametrize("name", PACKS)
def test_examples_are_illustrative_and_check_as_the_readme_states(name: str) -> None:
    pack = pack_of(name)
    text = pack.examples[0].read_text(encoding="utf-8")
    assert text.count("illustrative example, not a reported fact") == len(text.strip().splitlines()) - 1
    counts: Counter[tuple[str, str, str]] = Counter(
        (a, c, v.status) for (_, a, c), v in verdicts_of(name).items())
    table = readme_table(name)
    clauses = {(a.id, c.id) for a in pack.agreements.values() for c in a.clauses}
    assert set(table) == clauses, "the README's table lists every clause once"
    for (a, c), (vio, pos, com, na) in table.items():
        got = (counts[a, c, "violation"], counts[a, c, "possible"], counts[a, c, "compliant"],
               counts[a, c, "not_applicable"])
        assert got == (vio, pos, com, na), (a, c)
    assert {s for (_, _, s) in counts} >= {"violation", "possible", "compliant", "not_applicable"}


# --- lebanon ------------------------------------------------------------------------------


# Statuses the READMEs explain, one row each: (pack, observation, agreement, clause, status).
S1701, CF, EXT, FIVE = "unscr-1701", "ceasefire-2024", "ceasefire-2024-extended", "israel-five-points-2025"
AREA_1701, WITHDRAW = "only-state-and-unifil-south-of-litani", "israel-withdraws-in-60-days"
PKG, ONE, MEMO = "package-of-measures-2015", "package-2015-one-line", "minsk-memorandum-2014"
STATED = [
    # lebanon: the exception (the army, UNIFIL, the state) and who stays bound
    ("lebanon", "ex-1701-02", S1701, AREA_1701, "not_applicable"),
    ("lebanon", "ex-1701-03", S1701, AREA_1701, "not_applicable"),
    ("lebanon", "ex-1701-12", S1701, AREA_1701, "not_applicable"),
    ("lebanon", "ex-1701-11", S1701, AREA_1701, "violation"),
    ("lebanon", "ex-1701-01", S1701, AREA_1701, "violation"),
    ("lebanon", "ex-1701-05", S1701, AREA_1701, "possible"),
    ("lebanon", "ex-1701-06", S1701, AREA_1701, "compliant"),
    ("lebanon", "ex-cf-06", S1701, "israel-respects-blue-line", "not_applicable"),
    # lebanon: the 60 days and the extension
    ("lebanon", "ex-cf-01", CF, WITHDRAW, "not_applicable"),
    ("lebanon", "ex-cf-01", S1701, "israel-respects-blue-line", "violation"),
    ("lebanon", "ex-cf-02", CF, WITHDRAW, "violation"),
    ("lebanon", "ex-cf-02", EXT, "israel-withdraws-by-18-february", "not_applicable"),
    # lebanon: the five positions, the version event
    ("lebanon", "ex-cf-03", EXT, "israel-withdraws-by-18-february", "possible"),
    ("lebanon", "ex-cf-04", EXT, "israel-withdraws-by-18-february", "possible"),
    ("lebanon", "ex-cf-03", FIVE, "israel-out-but-five-points", "compliant"),
    ("lebanon", "ex-cf-04", FIVE, "israel-out-but-five-points", "compliant"),
    ("lebanon", "ex-cf-05", FIVE, "israel-out-but-five-points", "violation"),
    # lebanon: activity clauses
    ("lebanon", "ex-cf-13", CF, "no-israeli-strikes-in-lebanon", "violation"),
    ("lebanon", "ex-cf-14", CF, "no-operations-from-lebanon", "violation"),
    ("lebanon", "ex-cf-15", CF, "no-israeli-strikes-in-lebanon", "compliant"),
    # donbas: the two lines (the formations measure from the memorandum line as signed)
    ("donbas", "ex-pkg-06", PKG, "formations-artillery-25km", "violation"),
    ("donbas", "ex-pkg-06", ONE, "formations-artillery-25km", "possible"),
    ("donbas", "ex-pkg-07", PKG, "formations-artillery-25km", "possible"),
    ("donbas", "ex-pkg-07", ONE, "formations-artillery-25km", "compliant"),
    ("donbas", "ex-pkg-14", PKG, "ukraine-artillery-25km", "violation"),
    ("donbas", "ex-pkg-14", MEMO, "ukraine-heavy-weapons-15km", "possible"),
    # donbas: the classes, through units.yaml aliases (Grad, Smerch, Tochka-U)
    ("donbas", "ex-pkg-03", PKG, "ukraine-mlrs-35km", "violation"),
    ("donbas", "ex-pkg-04", PKG, "ukraine-mlrs-35km", "compliant"),
    ("donbas", "ex-pkg-04", PKG, "ukraine-heavy-mlrs-tochka-70km", "violation"),
    ("donbas", "ex-pkg-11", PKG, "ukraine-heavy-mlrs-tochka-70km", "violation"),
    # donbas: time, flights, foreign forces
    ("donbas", "ex-pkg-10", PKG, "ukraine-mlrs-35km", "not_applicable"),
    ("donbas", "ex-pkg-10", MEMO, "ukraine-heavy-weapons-15km", "violation"),
    ("donbas", "ex-memo-06", MEMO, "no-combat-flights-over-security-zone", "violation"),
    ("donbas", "ex-memo-07", MEMO, "no-combat-flights-over-security-zone", "not_applicable"),
    ("donbas", "ex-memo-08", MEMO, "foreign-formations-withdraw", "violation"),
    ("donbas", "ex-memo-09", MEMO, "foreign-formations-withdraw", "compliant"),
]


@pytest.mark.parametrize(("name", "oid", "agreement", "clause", "status"), STATED)
def test_statuses_the_readmes_explain(name: str, oid: str, agreement: str, clause: str, status: str) -> None:
    assert verdicts_of(name)[oid, agreement, clause].status == status


def test_donbas_tanks_bind_no_clause() -> None:
    """Tanks are not in the Minsk heavy-weapons classes (the 2015 addendum is not encoded)."""
    tanks = ("ex-memo-05", "ex-pkg-12")
    found = [v.status for (oid, _, _), v in verdicts_of("donbas").items() if oid in tanks]
    assert found and set(found) == {"not_applicable"}


@pytest.mark.parametrize("oid", ["ex-cf-02", "ex-cf-03", "ex-cf-05", "ex-cf-12", "ex-1701-09"])
def test_lebanon_blue_line_margins_match_the_oracle(oid: str) -> None:
    """The Lebanese side of the Blue Line: |margin| is the geodesic distance to the line."""
    pack = pack_of("lebanon")
    v = verdicts_of("lebanon")[oid, "unscr-1701", "israel-respects-blue-line"]
    lon, lat, radius_m = lon_lat_radius("lebanon", oid)
    d = distance_to_polyline(lon, lat, coords(pack, "BLUE_LINE"))
    assert v.margin_m is not None and abs(abs(v.margin_m) - d) < 1.0
    assert v.tolerance_m == pytest.approx(radius_m + pack.features["BLUE_LINE"].accuracy_m)


@pytest.mark.parametrize("oid", ["ex-1701-01", "ex-1701-05", "ex-1701-06", "ex-1701-07", "ex-cf-07"])
def test_lebanon_south_litani_margins_match_the_oracle(oid: str) -> None:
    """The 1701 area: the margin is the distance to the ring, positive inside."""
    pack = pack_of("lebanon")
    v = verdicts_of("lebanon")[oid, "unscr-1701", "only-state-and-unifil-south-of-litani"]
    lon, lat, _ = lon_lat_radius("lebanon", oid)
    r = ring(pack, "SOUTH_LITANI")
    sign = 1 if Polygon(r).contains(Point(lon, lat)) else -1
    assert v.margin_m is not None and abs(v.margin_m - sign * distance_to_polyline(lon, lat, r)) < 1.0


def test_lebanon_five_points_margin_is_the_nearer_of_line_and_discs() -> None:
    pack = pack_of("lebanon")
    positions = [coords(pack, f)[0] for f in pack.features if f.startswith("ISR_POS_")]
    assert len(positions) == 5
    for oid in ("ex-cf-05", "ex-cf-03"):
        lon, lat, _ = lon_lat_radius("lebanon", oid)
        v = verdicts_of("lebanon")[oid, "israel-five-points-2025", "israel-out-but-five-points"]
        nearest = min(GEOD.inv(lon, lat, x, y)[2] for x, y in positions)
        to_line = distance_to_polyline(lon, lat, coords(pack, "BLUE_LINE"))
        want = nearest - 2000.0 if nearest < 2000.0 else min(to_line, nearest - 2000.0)
        assert v.margin_m is not None and abs(v.margin_m - want) < 1.0, oid


def test_lebanon_geometry_facts_by_the_oracle() -> None:
    """The area between is ~5 km wide at the elbow and ~26 km at the mouth; villages on the right side."""
    pack = pack_of("lebanon")
    bl, litani = coords(pack, "BLUE_LINE"), coords(pack, "LITANI")
    assert 4.5 < distance_to_polyline(*litani[10], bl) / 1000 < 6.5  # the elbow (press: 6 km)
    assert 24 < distance_to_polyline(*litani[0], bl) / 1000 < 29  # the mouth (press: up to 28 km)
    lon, lat = zip(*ring(pack, "SOUTH_LITANI"), strict=True)
    area_km2 = abs(GEOD.polygon_area_perimeter(lon, lat)[0]) / 1e6
    assert 1000 < area_km2 < 1300
    south = Polygon(ring(pack, "SOUTH_LITANI"))
    for pid in ("BINT_JBEIL", "KHIAM", "TYRE", "NAQOURA", "MARJAYOUN", "KFAR_KILA", "SHEBAA"):
        assert south.contains(Point(place(pack, pid))), pid
    for pid in ("METULA", "KIRYAT_SHMONA", "SHLOMI", "NABATIEH", "SIDON", "SHEBAA_FARMS"):
        assert not south.contains(Point(place(pack, pid))), pid


def test_lebanon_compare_removes_the_five_discs() -> None:
    """Israel's reading removes the five 2 km discs, less their parts south of the Blue Line."""
    pack = pack_of("lebanon")
    ids = ["ceasefire-2024", "ceasefire-2024-extended", "israel-five-points-2025"]
    cmp = standoff.compare(pack, ids, actor="ISR.IDF", at=date(2025, 3, 1))
    assert cmp.change("ceasefire-2024", "ceasefire-2024-extended").removed_km2 == pytest.approx(0, abs=0.01)
    removed = cmp.change("ceasefire-2024-extended", "israel-five-points-2025").removed_km2
    # oracle: geodesic circles and the Blue Line with a northern cap, in a local azimuthal plane
    to_plane = Transformer.from_crs("EPSG:4326", "+proj=aeqd +lat_0=33.2 +lon_0=35.4 +datum=WGS84",
                                    always_xy=True)
    bl = coords(pack, "BLUE_LINE")
    north = shapely.Polygon(np.column_stack(to_plane.transform(
        *zip(*(bl + [(35.95, 33.65), (35.0, 33.65), (35.0, 33.09)]), strict=True))))
    discs = []
    for f in (f for f in pack.features if f.startswith("ISR_POS_")):
        x, y = coords(pack, f)[0]
        lons, lats, _ = GEOD.fwd(np.full(720, x), np.full(720, y), np.linspace(0, 360, 720, endpoint=False),
                                 np.full(720, 2000.0))
        discs.append(shapely.Polygon(np.column_stack(to_plane.transform(lons, lats))))
    want_km2 = shapely.union_all(discs).intersection(north).area / 1e6
    assert removed == pytest.approx(want_km2, abs=1.0)
    late = standoff.compare(pack, ids[:2], actor="ISR.IDF", at=date(2025, 2, 5))
    assert late.area("ceasefire-2024-extended").area_km2 == 0
    assert late.area("ceasefire-2024").area_km2 > 4000


# --- donbas ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("oid", "agreement", "clause", "line", "km"), [
    ("ex-pkg-06", "package-of-measures-2015", "formations-artillery-25km", "MEMO_2014", 25),
    ("ex-pkg-06", "package-2015-one-line", "formations-artillery-25km", "CONTACT_2015", 25),
    ("ex-pkg-07", "package-of-measures-2015", "formations-artillery-25km", "MEMO_2014", 25),
    ("ex-pkg-03", "package-of-measures-2015", "ukraine-mlrs-35km", "CONTACT_2015", 35),
    ("ex-pkg-04", "package-of-measures-2015", "ukraine-heavy-mlrs-tochka-70km", "CONTACT_2015", 70),
    ("ex-memo-01", "minsk-memorandum-2014", "formations-heavy-weapons-15km", "MEMO_2014", 15),
    ("ex-memo-04", "minsk-memorandum-2014", "ukraine-heavy-weapons-15km", "MEMO_2014", 15),
])
def test_donbas_margins_match_the_oracle(oid: str, agreement: str, clause: str, line: str, km: int) -> None:
    """A `within` zone: the margin is the stated distance less the geodesic distance to the line."""
    pack = pack_of("donbas")
    lon, lat, radius_m = lon_lat_radius("donbas", oid)
    v = verdicts_of("donbas")[oid, agreement, clause]
    want = km * 1000 - distance_to_polyline(lon, lat, coords(pack, line))
    assert v.margin_m is not None and abs(v.margin_m - want) < 1.0
    assert v.tolerance_m == pytest.approx(radius_m + pack.features[line].accuracy_m)


def test_donbas_lines_differ_only_at_debaltseve_and_the_airport() -> None:
    pack = pack_of("donbas")
    c15, m14 = coords(pack, "CONTACT_2015"), coords(pack, "MEMO_2014")
    assert c15[0] == m14[0] and c15[-1] == m14[-1]  # the Russian border, the Sea of Azov
    apart = {pid: distance_to_polyline(*place(pack, pid), m14) - distance_to_polyline(*place(pack, pid), c15)
             for pid in ("DEBALTSEVE", "LUHANSKE", "DONETSK_AIRPORT", "SHCHASTIA", "MARINKA", "SHYROKYNE")}
    assert apart["LUHANSKE"] > 10_000 and apart["DEBALTSEVE"] < -5_000  # the salient
    assert abs(apart["DONETSK_AIRPORT"]) > 1_000
    assert all(abs(apart[p]) < 1.0 for p in ("SHCHASTIA", "MARINKA", "SHYROKYNE"))
    assert distance_to_polyline(*place(pack, "MARIUPOL"), c15) / 1000 == pytest.approx(21.7, abs=0.5)


def test_donbas_compare_zones_agree_with_the_oracle() -> None:
    """The formations' 25 km artillery zone: as signed (memorandum line) versus one line."""
    pack = pack_of("donbas")
    ids = ["package-of-measures-2015", "package-2015-one-line", "minsk-memorandum-2014"]
    cmp = standoff.compare(pack, ids, actor="RUS.SEP.DPR", equipment="ARTY.100MM_PLUS*", at=date(2015, 6, 1))
    assert cmp.change(ids[0], ids[2]).added_km2 == pytest.approx(0, abs=1.0)  # 15 km inside 25 km
    assert cmp.change(ids[0], ids[1]).removed_km2 > 1000
    lines = {ids[0]: coords(pack, "MEMO_2014"), ids[1]: coords(pack, "CONTACT_2015")}
    checked = 0
    for p in pack.places:
        for aid, line in lines.items():
            d_km = distance_to_polyline(p.lon, p.lat, line) / 1000
            if abs(d_km - 25) > 1:
                assert cmp.zones[aid].contains(Point(p.lon, p.lat)) == (d_km < 25), (p.id, aid)
                checked += 1
    assert checked > 100
