"""The built-in theatre packs beyond golan: they load, validate clean, check as their READMEs say.

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

PACKS = ["lebanon"]


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


def test_lebanon_statuses_the_readme_explains() -> None:
    v = verdicts_of("lebanon")
    status = {k: x.status for k, x in v.items()}
    excepted = ["ex-1701-02", "ex-1701-03", "ex-1701-12"]  # the army, UNIFIL, the state
    for oid in excepted:
        assert status[oid, "unscr-1701", "only-state-and-unifil-south-of-litani"] == "not_applicable"
    assert status["ex-1701-11", "unscr-1701", "only-state-and-unifil-south-of-litani"] == "violation"
    assert status["ex-1701-01", "unscr-1701", "only-state-and-unifil-south-of-litani"] == "violation"
    assert status["ex-1701-05", "unscr-1701", "only-state-and-unifil-south-of-litani"] == "possible"
    assert status["ex-1701-06", "unscr-1701", "only-state-and-unifil-south-of-litani"] == "compliant"
    # the 60 days, and the extension
    assert status["ex-cf-01", "ceasefire-2024", "israel-withdraws-in-60-days"] == "not_applicable"
    assert status["ex-cf-01", "unscr-1701", "israel-respects-blue-line"] == "violation"
    assert status["ex-cf-02", "ceasefire-2024", "israel-withdraws-in-60-days"] == "violation"
    extended = ("ceasefire-2024-extended", "israel-withdraws-by-18-february")
    assert status[("ex-cf-02", *extended)] == "not_applicable"
    # the five positions: the version event
    for oid in ("ex-cf-03", "ex-cf-04"):
        assert status[(oid, *extended)] == "possible"
        assert status[oid, "israel-five-points-2025", "israel-out-but-five-points"] == "compliant"
    assert status["ex-cf-05", "israel-five-points-2025", "israel-out-but-five-points"] == "violation"
    # activity clauses
    assert status["ex-cf-13", "ceasefire-2024", "no-israeli-strikes-in-lebanon"] == "violation"
    assert status["ex-cf-14", "ceasefire-2024", "no-operations-from-lebanon"] == "violation"
    assert status["ex-cf-15", "ceasefire-2024", "no-israeli-strikes-in-lebanon"] == "compliant"
    assert status["ex-cf-06", "unscr-1701", "israel-respects-blue-line"] == "not_applicable"


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
