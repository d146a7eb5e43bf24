"""Checks that share work: several batches in one check, and compiled shapes kept between checks."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import numpy as np
import pytest

import standoff
from standoff.engine import cells
from standoff.engine.check import check_together, shape_cache
from standoff.model import Observation, ObservationSet
from standoff.packs import init_pack, load_pack
from standoff.serve.rows import result_table
from tests._observations import random_observations
from tests.test_validity_instants import CEASEFIRE, NEAR

TOY = "tests/data/toypack"


def _slices(obs: ObservationSet, sizes: list[int]) -> list[ObservationSet]:
    out, first = [], 0
    for n in sizes:
        cut = {f.name: getattr(obs, f.name)[first:first + n] for f in dataclasses.fields(obs)
               if f.name not in ("origin", "extra") and len(getattr(obs, f.name)) == len(obs)}
        out.append(dataclasses.replace(obs, **cut))
        first += n
    return out


def _same_as_alone(sets: list[ObservationSet], pack: standoff.Pack) -> None:
    together = check_together(sets, pack)
    assert len(together) == len(sets)
    for obs, result in zip(sets, together, strict=True):
        alone = standoff.check(obs, pack)
        assert result.observations is obs
        assert result_table(result).equals(result_table(alone))
        assert result.limits == alone.limits
        assert result.summary() == alone.summary()


def test_golan_batches_checked_together_equal_each_checked_alone() -> None:
    pack = standoff.load_pack("golan")
    obs = random_observations(pack, 760, seed=11)  # some without a time, counts of several units
    _same_as_alone(_slices(obs, [100, 1, 250, 49, 300, 60]), pack)


def test_areas_stay_with_their_own_set() -> None:
    pack = standoff.load_pack(TOY)
    ring = [(36.0, 32.9), (36.3, 32.9), (36.3, 33.1), (36.0, 33.1), (36.0, 32.9)]
    with_area = ObservationSet.from_records([
        Observation(id="a", actor="SYR.SAA", time=date(2018, 5, 1), lon=36.15, lat=33.0, area=ring),
        Observation(id="b", actor="IRN.IRGC", time=date(2018, 5, 1), lon=36.12, lat=33.0)])
    plain = ObservationSet.from_records([
        Observation(id="c", actor="IRN.IRGC", time=date(2018, 5, 1), lon=36.3, lat=33.2)])
    _same_as_alone([plain, with_area, standoff.read_observations(f"{TOY}/observations.csv", pack), plain],
                   pack)


def test_times_of_day_stay_with_their_own_set(tmp_path: Path) -> None:
    """A clause from 00:01 on 6 March: a report at 00:00:30 is before it only if its time of day is kept."""
    folder = init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "agreements" / "ceasefire.yaml").write_text(CEASEFIRE.format(
        agreement_from="2020-01-01", clause_from="2020-03-06T00:01+02:00", clause_to="2020-03-20"))
    pack = load_pack(folder)
    clock = folder / "clock.csv"
    clock.write_text(f"id,time,actor,lon,lat,radius_m\nt1,2020-03-06T00:00:30+02:00,RED,{NEAR}\n"
                     f"t2,2020-03-06T06:00+02:00,RED,{NEAR}\n")
    lon, lat, _ = (float(v) for v in NEAR.split(","))
    days = ObservationSet.from_records([Observation(id="d1", actor="RED", time=date(2020, 3, 6),
                                                    lon=lon, lat=lat)])
    sets = [days, standoff.read_observations(clock, pack), days]
    assert len(sets[1].time_s) == 2 and len(days.time_s) == 0
    together = check_together(sets, pack, agreements=["ceasefire"])
    statuses = [[str(s) for s in r.status_names()] for r in together]
    assert statuses == [["possible"], ["violation"], ["possible"]]  # t1 is not bound: no row
    _same_as_alone(sets, pack)


def test_limit_windows_count_only_their_own_batch() -> None:
    """50 tanks in each of two batches: each under the maximum of 75, together over it."""
    pack = standoff.load_pack(TOY)

    def tanks(prefix: str) -> ObservationSet:
        return ObservationSet.from_records([Observation(
            id=f"{prefix}{i}", actor="SYR.SAA", time=date(2018, 5, 2), lon=36.2, lat=33.0 + 0.01 * i,
            unit="tank", count=25) for i in range(2)])

    first, second = tanks("a"), tanks("b")
    joined = ObservationSet.from_records(first.records() + second.records())
    (over,) = [lim for lim in standoff.check(joined, pack).limits if lim.clause_id == "tank-limit"]
    assert (over.lower, over.status) == (100, "violation")
    for result in check_together([first, second], pack):
        (lim,) = [lim for lim in result.limits if lim.clause_id == "tank-limit"]
        assert (lim.lower, lim.status) == (50, "compliant")
    _same_as_alone([first, second], pack)


def test_a_batch_large_enough_for_grids_is_checked_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    pack = standoff.load_pack("golan")
    monkeypatch.setattr(cells, "USE_MIN", 120)
    _same_as_alone(_slices(random_observations(pack, 330, seed=5), [30, 200, 100]), pack)


def test_kept_shapes_follow_the_pack() -> None:
    """The same pack reuses its shapes; a moved line or another pack object never sees stale ones."""
    pack = standoff.load_pack(TOY).model_copy(deep=True)
    assert shape_cache(pack) is shape_cache(pack)
    near = ObservationSet.from_records([Observation(id="p", actor="SYR.SAA", time=date(2018, 5, 2),
                                                    lon=36.2, lat=33.0)])
    before = result_table(standoff.check(near, pack))
    line = pack.features["LINE_Y"]
    version = line.versions[0].model_copy(update={"coords": [(lon + 0.05, lat) for lon, lat in
                                                             line.versions[0].coords or []]})
    moved = pack.model_copy(deep=True)
    moved.features["LINE_Y"] = line.model_copy(update={"versions": [version]})
    assert shape_cache(moved) is not shape_cache(pack)
    pack.features["LINE_Y"] = moved.features["LINE_Y"]  # the same pack object, changed in place
    after = result_table(standoff.check(near, pack))
    assert after.equals(result_table(standoff.check(near, moved)))
    assert not np.array_equal(after.column("margin_m").to_numpy(), before.column("margin_m").to_numpy())
    fresh = result_table(standoff.check(near, standoff.load_pack(TOY)))
    assert fresh.equals(before)
