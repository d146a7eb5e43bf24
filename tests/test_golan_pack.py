"""The built-in golan pack: its data loads, and its key geometric facts hold.

The geometry is checked with an independent oracle (pyproj.Geod on WGS84 plus
shapely), never with standoff's own engine, so a bug in the engine cannot hide
a bug in the data or the other way round.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, Point, Polygon

from standoff.model import Observation, Pack
from standoff.packs import load_pack

GEOD = Geod(ellps="WGS84")
NE_UNDOF = Path(__file__).parents[2] / "shared" / "reference" / "undof_ne10m.geojson"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack("golan")


def coords(pack: Pack, fid: str, version: int = 0) -> list[tuple[float, float]]:
    found = pack.features[fid].versions[version].coords
    assert found is not None
    return [tuple(c) for c in found]


def aos_ring(pack: Pack) -> list[tuple[float, float]]:
    """Line A followed by Line B reversed: the two lines share their end points."""
    a, b = coords(pack, "LINE_A"), coords(pack, "LINE_B")
    return a + b[::-1][1:]


def densify(line: list[tuple[float, float]], step_m: float = 50.0) -> np.ndarray:
    """Vertices plus geodesic intermediate points at most `step_m` apart, [lon, lat]."""
    out: list[tuple[float, float]] = []
    for (x1, y1), (x2, y2) in zip(line[:-1], line[1:], strict=True):
        n = int(GEOD.inv(x1, y1, x2, y2)[2] // step_m)
        out.append((x1, y1))
        out.extend(GEOD.npts(x1, y1, x2, y2, n) if n else [])
    out.append(line[-1])
    return np.array(out)


@lru_cache(maxsize=32)
def _densified(line: tuple[tuple[float, float], ...]) -> np.ndarray:
    return densify(list(line))


def distance_km(lon: float, lat: float, line: list[tuple[float, float]]) -> float:
    """Geodesic distance from a point to a polyline, by brute force over a 50 m densification.

    Overestimates the true distance by at most ~1 m at the ranges used here
    (half-step chord error over tens of km).
    """
    pts = _densified(tuple(line))
    n = len(pts)
    return float(GEOD.inv(np.full(n, lon), np.full(n, lat), pts[:, 0], pts[:, 1])[2].min()) / 1000


def place(pack: Pack, place_id: str) -> tuple[float, float]:
    p = next(p for p in pack.places if p.id == place_id)
    return p.lon, p.lat


# --- The pack loads and its tables are consistent --------------------------------


def test_pack_loads(pack: Pack) -> None:
    assert pack.id == "golan"
    assert pack.theatre == "THEATRE"
    assert len(pack.places) >= 60
    assert {"disengagement-1974", "amman-memorandum-2017", "israel-demand-60km",
            "israel-demand-m5", "israel-demand-suwayda", "russia-offer-80km",
            "russia-offer-100km", "russia-heavy-weapons-85km",
            "russia-syrian-army-only-2018"} <= set(pack.agreements)


def test_every_clause_kind_is_used(pack: Pack) -> None:
    kinds = {c.kind for a in pack.agreements.values() for c in a.clauses}
    assert kinds == {"must_not_enter", "must_stay_in", "limit", "no_equipment"}


def test_every_parent_actor_exists(pack: Pack) -> None:
    for actor in pack.actors.values():
        assert actor.parent is None or actor.parent in pack.actors, actor.code


def test_actor_aliases_are_unique_across_actors(pack: Pack) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in pack.actors.values():
        for alias in actor.aliases:
            owners[alias.casefold()].add(actor.code)
    shared = {alias: codes for alias, codes in owners.items() if len(codes) > 1}
    assert not shared


def test_place_names_are_unique_across_places(pack: Pack) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for p in pack.places:
        for name in [p.name, *p.aliases]:
            owners[name.casefold()].add(p.id)
    assert not {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert len({p.id for p in pack.places}) == len(pack.places)


def test_line_aliases_name_features(pack: Pack) -> None:
    assert pack.line_aliases["the border"] == "LINE_A"
    assert set(pack.line_aliases.values()) <= set(pack.features)


def test_line_a_has_a_version_change_in_december_2024(pack: Pack) -> None:
    first, second = pack.features["LINE_A"].versions
    assert first.valid_to == second.valid_from == date(2024, 12, 8)
    assert "Area of Separation" in second.note


def test_contact_line_versions_do_not_overlap(pack: Pack) -> None:
    versions = pack.features["CONTACT"].versions
    assert [v.version for v in versions] == ["2017-11", "2018-07"]
    assert versions[0].valid_to == versions[1].valid_from
    assert pack.features["CONTACT"].accuracy_m >= 5000


def test_theatre_is_a_closed_ccw_ring_holding_every_line(pack: Pack) -> None:
    ring = pack.features["THEATRE"].versions[0].rings[0]  # type: ignore[index]
    assert ring[0] == ring[-1]
    theatre = Polygon(ring)
    assert theatre.is_valid and theatre.exterior.is_ccw
    for f in pack.features.values():
        for v in f.versions:
            if v.coords is not None:
                geom = Point(v.coords[0]) if len(v.coords) == 1 else LineString(v.coords)
                assert theatre.contains(geom), f"{f.id} {v.version} leaves the theatre"


# --- Key geometric facts, measured with the oracle ---------------------------------


def test_lines_share_end_points_and_bound_a_valid_area(pack: Pack) -> None:
    a, b = coords(pack, "LINE_A"), coords(pack, "LINE_B")
    assert a[0] == b[0] and a[-1] == b[-1]
    assert Polygon(aos_ring(pack)).is_valid


def test_old_quneitra_lies_inside_the_area_of_separation(pack: Pack) -> None:
    lon, lat = place(pack, "QUNEITRA_OLD")
    assert Polygon(aos_ring(pack)).contains(Point(lon, lat))
    # and not by a hair: over 1 km from each line
    assert distance_km(lon, lat, coords(pack, "LINE_A")) > 1.0
    assert distance_km(lon, lat, coords(pack, "LINE_B")) > 1.0


def test_area_of_separation_is_about_235_km2(pack: Pack) -> None:
    area_m2, _ = GEOD.geometry_area_perimeter(Polygon(aos_ring(pack)))
    area_km2 = abs(area_m2) / 1e6
    assert area_km2 == pytest.approx(235, rel=0.15)
    assert area_km2 == pytest.approx(264.8, abs=2)  # what the drawn lines give


def test_m5_runs_26_to_45_km_from_the_lines_not_60(pack: Pack) -> None:
    a, b = coords(pack, "LINE_A"), coords(pack, "LINE_B")
    road = densify(coords(pack, "M5"), step_m=1000)
    d = [min(distance_km(lon, lat, a), distance_km(lon, lat, b)) for lon, lat in road]
    assert 20 <= min(d) <= 32
    assert 34 <= max(d) <= 48
    assert min(d) == pytest.approx(24.7, abs=0.5)  # south of al-Sanamayn, facing Line B's bulge
    assert max(d) == pytest.approx(44.7, abs=0.5)  # the Nasib crossing
    assert max(d) < 60


def test_suwayda_is_about_70_km_from_line_a(pack: Pack) -> None:
    lon, lat = place(pack, "SUWAYDA")
    d = distance_km(lon, lat, coords(pack, "LINE_A"))
    assert 60 <= d <= 80
    assert d == pytest.approx(68.9, abs=0.5)


def test_damascus_suwayda_road_gets_further_from_line_a_southward(pack: Pack) -> None:
    a = coords(pack, "LINE_A")
    road = coords(pack, "DAMASCUS_SUWAYDA")
    assert distance_km(*road[0], a) < 45 < 65 < distance_km(*road[-1], a)


# --- The example observations --------------------------------------------------------


def example_rows(pack: Pack) -> list[dict[str, str]]:
    (path,) = pack.examples
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def as_observation(row: dict[str, str]) -> Observation:
    """One CSV row as an Observation, read independently of standoff.ingest."""
    values = {k: (v if v != "" else None) for k, v in row.items()}
    for key in ("radius_m", "confidence"):
        if values[key] is None:
            values.pop(key)
    return Observation.model_validate(values)


def test_examples_parse(pack: Pack) -> None:
    rows = example_rows(pack)
    assert len(rows) >= 40
    assert list(rows[0]) == ["id", "time", "time_end", "actor", "lon", "lat", "radius_m",
                             "count", "unit", "source", "quote", "attribution", "confidence"]
    observations = [as_observation(r) for r in rows]
    assert len({o.id for o in observations}) == len(observations)
    for o in observations:
        assert o.actor in pack.actors, o.id
        assert "illustrative" in o.source, o.id
        assert o.quote, o.id
        if o.time is not None and not o.id.startswith("ex-linea-"):
            assert date(2017, 1, 1) <= o.time <= date(2019, 12, 31), o.id
    assert any(o.time is None for o in observations)
    assert any(o.time_end is not None for o in observations)
    assert {o.actor for o in observations} >= {"USA", "UN.UNDOF", "SYR.SAA", "ISR.IDF"}


def test_examples_straddle_the_line_a_version_change(pack: Pack) -> None:
    change = pack.features["LINE_A"].versions[1].valid_from
    assert change is not None
    times = [as_observation(r).time for r in example_rows(pack)
             if r["id"].startswith("ex-linea-") and r["time"]]
    assert any(t < change for t in times) and any(t >= change for t in times)  # type: ignore[operator]


def test_examples_straddle_the_contact_line_versions(pack: Pack) -> None:
    """ex-amman-05/06, one place and the 5 km zone: against the 2017-11 line it is out
    even allowing for the radius and the line's accuracy; against 2018-07 it is inside."""
    rows = {r["id"]: as_observation(r) for r in example_rows(pack)}
    before, after = rows["ex-amman-05"], rows["ex-amman-06"]
    assert (before.lon, before.lat) == (after.lon, after.lat)
    old, new = pack.features["CONTACT"].versions
    assert before.time and after.time and old.valid_at(before.time) and new.valid_at(after.time)
    slack_km = (before.radius_m + pack.features["CONTACT"].accuracy_m) / 1000
    assert distance_km(before.lon, before.lat, coords(pack, "CONTACT", 0)) > 5 + slack_km
    assert distance_km(after.lon, after.lat, coords(pack, "CONTACT", 1)) < 5


@pytest.mark.parametrize("with_accuracy", [False, True])
def test_tank_limit_case_is_certain_under_and_possible_over(pack: Pack, with_accuracy: bool) -> None:
    """The Syrian 0-10 km tank reports: certain ones total <= 75, with the possible ones > 75.

    The split holds whether the tolerance is the report's radius alone or the
    radius plus Line B's stated accuracy.
    """
    aos = Polygon(aos_ring(pack))
    b = coords(pack, "LINE_B")
    accuracy_km = pack.features["LINE_B"].accuracy_m / 1000 if with_accuracy else 0.0
    rows = [as_observation(r) for r in example_rows(pack)
            if r["id"].startswith("ex-limit-0") and r["unit"] == "tank"]
    certain = possible = 0
    for o in rows:
        d, tol = distance_km(o.lon, o.lat, b), o.radius_m / 1000 + accuracy_km
        east = not aos.contains(Point(o.lon, o.lat))
        if east and tol < d < 10 - tol:
            certain += o.count or 0
        elif d - tol < 10 and (east or d < tol):
            possible += o.count or 0
    days = sorted(o.time for o in rows if o.time)
    assert (days[-1] - days[0]).days < 7  # inside the clause's window
    assert 0 < certain <= 75 < certain + possible
    assert (certain, certain + possible) == (55, 90)


# --- Against the Natural Earth polygon (read at test time, never copied) --------------


@pytest.mark.skipif(not NE_UNDOF.is_file(), reason="../shared/reference is not available")
def test_area_of_separation_is_within_2_km_of_natural_earth(pack: Pack) -> None:
    """Hausdorff distance between the AOS boundary and the Natural Earth UNDOF polygon.

    Both boundaries are projected to an azimuthal equidistant plane centred on
    the AoS: its distortion is below 1 m within 60 km of the centre. The
    boundaries are sampled every 50 m and distances taken exactly to the other
    boundary, so the result underestimates the true Hausdorff distance by at
    most 25 m.
    """
    ne_ring = json.loads(NE_UNDOF.read_text(encoding="utf-8"))["geometry"]["coordinates"][0]
    to_plane = Transformer.from_crs(
        "EPSG:4326", "+proj=aeqd +lat_0=33.09 +lon_0=35.83 +ellps=WGS84 +units=m", always_xy=True
    )

    def boundary(ring: list[tuple[float, float]]) -> shapely.LineString:
        x, y = to_plane.transform(*np.array(ring, dtype=float).T)
        return shapely.LineString(np.column_stack([x, y]))

    ours, theirs = boundary(aos_ring(pack)), boundary(ne_ring)

    def directed(a: shapely.LineString, b: shapely.LineString) -> float:
        samples = shapely.points(shapely.get_coordinates(shapely.segmentize(a, 50.0)))
        return float(shapely.distance(samples, b).max())

    hausdorff_m = max(directed(ours, theirs), directed(theirs, ours))
    assert hausdorff_m < 2000
