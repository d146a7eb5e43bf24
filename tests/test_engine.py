"""Verdicts end to end on the toy pack: statuses, margins, sentences, time, limits."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

import standoff
from standoff.model import Observation, ObservationSet
from tests.oracle import GEOD, distance_to_polyline

TOY = "tests/data/toypack"
LINE_X_1974 = [(36.0, 32.5), (36.05, 33.0), (36.0, 33.5)]


@pytest.fixture(scope="module")
def pack():
    return standoff.load_pack(TOY)


def obs(*rows: dict) -> ObservationSet:
    base = {"actor": "IRN.IRGC", "time": date(2018, 5, 1)}
    return ObservationSet.from_records([Observation(id=f"r{i}", **{**base, **r})
                                        for i, r in enumerate(rows)])


def verdict(result, obs_id: str, clause: str):
    return next(v for v in result.verdicts if v.observation_id == obs_id and v.clause_id == clause)


def test_within_zone_margin_matches_the_oracle_and_reads_well(pack):
    result = standoff.check(obs({"lon": 36.1, "lat": 33.0, "radius_m": 1000}), pack)
    v = verdict(result, "r0", "no-iran-near-x")
    expected = 20_000 - distance_to_polyline(36.1, 33.0, LINE_X_1974)
    assert v.margin_m == pytest.approx(expected, abs=1.0)
    assert v.status == "violation" and v.feature_versions == "LINE_X@1974"
    assert v.sentence == (
        f"IRGC reported {(20_000 - expected) / 1000:.1f} km (±1.0 km) from Line X: "
        f"inside the zone “within 20 km of Line X” by {expected / 1000:.1f} km — violation.")
    assert v.clause_quote.startswith("Iranian forces shall stay") and v.clause_source == "https://example.org/toy"
    # the nearest point lies on Line X at the reported distance
    assert GEOD.inv(36.1, 33.0, v.nearest_lon, v.nearest_lat)[2] == pytest.approx(20_000 - expected, abs=0.01)


@pytest.mark.parametrize(("radius_m", "status"), [(0, "compliant"), (3000, "possible"), (20_000, "possible")])
def test_radius_turns_a_clear_verdict_into_possible(pack, radius_m, status):
    # about 1.85 km outside Area X (between Line X and Line Y) at 33.0 N
    result = standoff.check(obs({"lon": 36.17, "lat": 33.0, "radius_m": radius_m, "actor": "SYR.SAA"}), pack)
    assert verdict(result, "r0", "only-un-in-area").status == status


def test_must_stay_in_is_the_mirror_of_must_not_enter(pack):
    rows = obs({"lon": 35.5, "lat": 33.0, "actor": "SYR.SAA"}, {"lon": 36.5, "lat": 33.0, "actor": "SYR.SAA"})
    result = standoff.check(rows, pack)
    west, east = verdict(result, "r0", "army-east"), verdict(result, "r1", "army-east")
    assert (west.status, east.status) == ("violation", "compliant")
    assert west.margin_m < 0 < east.margin_m
    assert "outside the zone" in west.sentence and "it must stay in" in west.sentence


def test_not_applicable_says_why(pack):
    rows = obs({"lon": 36.1, "lat": 33.0, "actor": "USA"},
               {"lon": 36.1, "lat": 33.0, "actor": "IRN", "time": date(1990, 1, 1)},
               {"lon": 36.1, "lat": 33.0, "actor": "SYR.SAA", "unit": "tank", "count": 3})
    result = standoff.check(rows, pack, every_pair=True)
    assert "binds IRN* only" in verdict(result, "r0", "no-iran-near-x").sentence
    assert "period the clause was in force" in verdict(result, "r1", "no-iran-near-x").sentence
    assert "'tank' is not among sam" in verdict(result, "r2", "no-sam").sentence
    assert {verdict(result, f"r{i}", c).status for i, c in
            ((0, "no-iran-near-x"), (1, "no-iran-near-x"), (2, "no-sam"))} == {"not_applicable"}


def test_feature_version_follows_the_report_time(pack):
    rows = obs({"lon": 36.3, "lat": 33.0, "time": date(2019, 6, 1)},
               {"lon": 36.3, "lat": 33.0, "time": date(2020, 6, 1)})
    result = standoff.check(rows, pack)
    before, after = verdict(result, "r0", "no-iran-near-x"), verdict(result, "r1", "no-iran-near-x")
    assert (before.status, after.status) == ("compliant", "violation")
    assert (before.feature_versions, after.feature_versions) == ("LINE_X@1974", "LINE_X@2020")
    # --at judges both as of one date
    at = standoff.check(rows, pack, at=date(2021, 1, 1))
    assert {verdict(at, f"r{i}", "no-iran-near-x").status for i in (0, 1)} == {"violation"}


def test_report_without_time_is_checked_against_every_version(pack):
    rows = ObservationSet.from_records([Observation(id="t", actor="IRN", lon=36.3, lat=33.0)])
    v = verdict(standoff.check(rows, pack), "t", "no-iran-near-x")
    assert v.status == "possible"  # compliant under 1974, violation under 2020
    assert v.feature_versions == "LINE_X@1974 | LINE_X@2020"
    assert "no time given" in v.sentence


def test_side_toward_a_feature_and_theatre_bound(pack):
    # the tank limit zone lies east of Line Y (toward Town) within 10 km of it
    rows = obs({"lon": 36.2, "lat": 33.0, "actor": "SYR.SAA", "unit": "tank", "count": 10},
               {"lon": 36.1, "lat": 33.0, "actor": "SYR.SAA", "unit": "tank", "count": 10},
               {"lon": 37.5, "lat": 33.0, "actor": "SYR.SAA", "unit": "tank", "count": 10})
    result = standoff.check(rows, pack)
    margins = [verdict(result, f"r{i}", "tank-limit").margin_m for i in range(3)]
    assert margins[0] > 0 > margins[1]
    assert margins[2] < 0  # outside the theatre: no side of a line applies there


def test_tank_limit_crosses_the_maximum_only_with_possible_reports(pack):
    day = date(2018, 5, 2)
    rows = obs(*[{"lon": 36.2, "lat": 33.0 + 0.01 * i, "actor": "SYR.SAA", "unit": "tank", "count": 25,
                  "time": day} for i in range(3)],
               {"lon": 36.257, "lat": 33.0, "actor": "SYR.SAA", "unit": "tank", "count": 10, "time": day,
                "radius_m": 2000})
    result = standoff.check(rows, pack)
    (tanks,) = [lim for lim in result.limits if lim.clause_id == "tank-limit" and lim.unit == "tank"]
    assert (tanks.lower, tanks.upper, tanks.maximum, tanks.status) == (75, 85, 75, "possible")
    assert sorted(tanks.observation_ids) == ["r0", "r1", "r2", "r3"]
    assert "75–85 in the 7-day window" in verdict(result, "r0", "tank-limit").sentence


def test_summary_counts_every_pair(pack):
    rows = standoff.read_observations(f"{TOY}/observations.csv", pack)
    bound = standoff.check(rows, pack)
    every = standoff.check(rows, pack, every_pair=True)
    summary = bound.summary()
    assert summary == every.summary()
    assert len(every) == len(rows) * len(summary)
    # by default only the pairs a clause binds are rows; the rest count as not_applicable
    assert len(bound) < len(every)
    assert len(bound) == sum(r["violation"] + r["possible"] + r["compliant"] for r in summary)
    assert all(sum(r[s] for s in ("violation", "possible", "compliant", "not_applicable")) == len(rows)
               for r in summary)
    # the bound rows are the same verdicts in both
    same = {(v.observation_id, v.clause_id): v for v in every.verdicts}
    assert all(same[(v.observation_id, v.clause_id)] == v for v in bound.verdicts)
    assert {v.status for v in every.verdicts if (v.observation_id, v.clause_id) not in
            {(b.observation_id, b.clause_id) for b in bound.verdicts}} == {"not_applicable"}


def test_margins_for_many_points_equal_one_at_a_time(pack):
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(35.2, 36.9, 50), rng.uniform(32.2, 33.8, 50)
    rows = obs(*[{"lon": float(x), "lat": float(y)} for x, y in zip(lon, lat, strict=True)])
    together = standoff.check(rows, pack, agreements=["toy-deal"])
    for i in (0, 17, 49):
        alone = standoff.check(obs({"lon": float(lon[i]), "lat": float(lat[i])}), pack)
        for clause in ("no-iran-near-x", "only-un-in-area"):
            assert verdict(alone, "r0", clause).margin_m == verdict(together, f"r{i}", clause).margin_m


def square(lon: float, lat: float, half_deg: float) -> list[tuple[float, float]]:
    corners = [(-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)]
    return [(lon + a * half_deg, lat + b * half_deg) for a, b in corners]


@pytest.mark.parametrize(("centre_lon", "status"),
                         [(36.1, "violation"), (36.26, "possible"), (36.5, "compliant")])
def test_area_observation_is_judged_over_all_of_it(pack, centre_lon, status):
    # squares ~4.4 km across: well inside, across, and well outside 20 km of Line X (1974)
    ring = square(centre_lon, 33.0, 0.02)
    rows = ObservationSet.from_records([Observation(id="a", actor="IRN", time=date(2018, 1, 1),
                                                    lon=centre_lon, lat=33.0, area=ring)])
    v = verdict(standoff.check(rows, pack), "a", "no-iran-near-x")
    assert v.status == status
    # the oracle: margins at the square's corners and centre, from pyproj.Geod
    margins = [20_000 - distance_to_polyline(x, y, LINE_X_1974) for x, y in ring[:4] + [(centre_lon, 33.0)]]
    if status == "violation":
        assert v.margin_m == pytest.approx(min(margins), abs=v.tolerance_m)
        assert v.margin_m <= min(margins) + 1.0
    elif status == "compliant":
        assert v.margin_m >= max(margins) - 1.0
    else:
        assert min(margins) < 0 < max(margins)


def test_a_line_lies_inside_its_own_zero_to_x_band(tmp_path, pack):
    from standoff.model import Agreement, Clause, Source

    zone = {"band": {"from_km": 0, "to_km": 10, "of": "LINE_Y"}}
    clause = Clause(id="band", actor=["SYR*"], kind="must_not_enter", zone=zone, quote="q", source="s")
    pack.agreements["band-test"] = Agreement(id="band-test", title="t", status="proposed",
                                             sources=[Source(id="s", title="s")], clauses=[clause])
    try:
        rows = obs({"lon": 36.15, "lat": 33.0, "actor": "SYR.SAA", "radius_m": 500})
        v = verdict(standoff.check(rows, pack, agreements=["band-test"]), "r0", "band")
        assert v.status == "violation"  # 500 m radius + 500 m line accuracy, well inside 10 km
        assert v.margin_m == pytest.approx(10_000 - distance_to_polyline(36.15, 33.0, [
            (36.1, 32.5), (36.15, 33.0), (36.1, 33.5)]), abs=1.0)
    finally:
        del pack.agreements["band-test"]


def test_check_show_prints_sentences_worst_first():
    from typer.testing import CliRunner

    from standoff.cli import app

    out = CliRunner().invoke(app, ["check", f"{TOY}/observations.csv", "--pack", TOY, "--show", "2"])
    assert out.exit_code == 0
    shown = [line for line in out.stderr.splitlines() if line.startswith(("o1 ", "o4 ", "o8 ", "o5 ", "o7 "))]
    assert len(shown) == 2 and all(line.rstrip().endswith("— violation.") for line in shown)


def test_judge_reads_margins_against_the_tolerance():
    from standoff.engine.judge import judge

    nan = float("nan")
    low = np.array([600.0, 400.0, -600.0, nan, 900.0, -900.0])
    high = np.array([600.0, 400.0, -600.0, nan, 1500.0, -300.0])
    point = np.array([600.0, 400.0, -600.0, nan, 1200.0, -500.0])
    accuracy = np.array([100.0, 100.0, nan, 0.0, 0.0, 0.0])
    slack = np.array([0.0, 0.0, 0.0, 0.0, 250.0, 250.0])  # the last two are areas
    radius = np.full(6, 400.0)
    status, margin, tolerance = judge("must_not_enter", low, high, point, accuracy, slack, radius)
    assert list(tolerance) == [500.0, 500.0, 400.0, 400.0, 250.0, 250.0]
    assert list(status) == [0, 1, 2, 3, 0, 2]  # violation, possible, compliant, n/a, area in, area out
    assert margin[4] == 900.0 and margin[5] == -300.0  # an area reports its least certain point
    stay, _, _ = judge("must_stay_in", low, high, point, accuracy, slack, radius)
    assert list(stay) == [2, 1, 0, 3, 2, 0]
