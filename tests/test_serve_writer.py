"""The store writer's thread: batches waiting together are checked and appended together, each
is answered only once committed, and one batch that fails does not fail the others."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

import standoff
from standoff.engine.check import check_together
from standoff.errors import StandoffError
from standoff.model import ObservationSet
from standoff.serve import writer as writer_module
from standoff.serve.writer import StoreWriter
from tests._observations import random_observations


@pytest.fixture(scope="module")
def batches() -> list[ObservationSet]:
    obs = random_observations(standoff.load_pack("golan"), 250, seed=3)
    cut = [f.name for f in dataclasses.fields(obs) if f.name not in ("origin", "extra")
           and len(getattr(obs, f.name)) == len(obs)]
    return [dataclasses.replace(obs, **{n: getattr(obs, n)[k:k + 50] for n in cut})
            for k in range(0, 250, 50)]


def _store_counts(store: Path) -> tuple[int, int, int]:
    with duckdb.connect(str(store), read_only=True) as con:
        runs = con.execute("SELECT count(*) FROM runs").fetchone()
        obs = con.execute("SELECT count(*) FROM observations").fetchone()
        verdicts = con.execute("SELECT count(*) FROM verdicts").fetchone()
    assert runs is not None and obs is not None and verdicts is not None
    return int(runs[0]), int(obs[0]), int(verdicts[0])


def test_batches_waiting_during_a_round_go_in_together(tmp_path: Path, batches: list[ObservationSet]) -> None:
    store = tmp_path / "s.duckdb"
    writer = StoreWriter(store, standoff.load_pack("golan"))
    try:
        with writer._check_lock:  # the first round holds in its check while four more batches wait
            first = writer.submit(batches[0])
            while writer._posted:  # taken by the writer thread, which now waits for the lock
                time.sleep(0.001)
            rest = [writer.submit(b) for b in batches[1:]]
            assert not any(f.done() for f in [first, *rest])  # nothing answered before it is committed
        answers = [f.result(60) for f in [first, *rest]]
    finally:
        writer.close()
    assert [a[2]["run_id"] for a in answers] == [1, 2, 2, 2, 2]
    for obs, (result, table, added) in zip(batches, answers, strict=True):
        alone = standoff.check(obs, standoff.load_pack("golan"))
        assert table.column("sentence").combine_chunks().equals(alone.sentences())
        assert result.limits == alone.limits
        assert added["observations_added"] == len(obs) and added["verdicts_added"] == len(alone)
    assert _store_counts(store) == (2, 250, sum(len(a[0]) for a in answers))


def test_a_batch_sent_again_in_a_round_adds_nothing(tmp_path: Path, batches: list[ObservationSet]) -> None:
    """The group's counts are split per batch by the store when not everything was new."""
    pack = standoff.load_pack("golan")
    writer = StoreWriter(tmp_path / "s.duckdb", pack)
    try:
        writer.check_and_store(batches[0])
        with writer._wake:  # the writer thread takes none of them before all three wait
            futures = [writer.submit(b) for b in batches[:3]]
        answers = [f.result(60)[2] for f in futures]
    finally:
        writer.close()
    assert len({a["run_id"] for a in answers}) == 1
    assert [a["observations_added"] for a in answers] == [0, 50, 50]
    alone = [len(standoff.check(b, pack)) for b in batches[1:3]]
    assert [a["verdicts_added"] for a in answers] == [0, *alone]


def test_a_failing_batch_fails_alone(tmp_path: Path, batches: list[ObservationSet],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    real = check_together

    def fussy(sets: list[ObservationSet], *args: Any, **kwargs: Any) -> Any:
        if any("r60" in s.id for s in sets):
            raise StandoffError("this batch cannot be checked")
        return real(sets, *args, **kwargs)

    monkeypatch.setattr(writer_module, "check_together", fussy)
    store = tmp_path / "s.duckdb"
    writer = StoreWriter(store, standoff.load_pack("golan"))
    try:
        with writer._check_lock:
            writer.submit(batches[0])
            while writer._posted:  # taken by the writer thread, which now waits for the lock
                time.sleep(0.001)
            futures = [writer.submit(b) for b in batches[1:]]
        with pytest.raises(StandoffError, match="cannot be checked"):
            futures[0].result(60)  # batches[1] holds r50 .. r99
        assert [f.result(60)[2]["observations_added"] for f in futures[1:]] == [50, 50, 50]
    finally:
        writer.close()
    assert _store_counts(store)[1] == 200


def test_a_closed_writer_refuses_batches(tmp_path: Path, batches: list[ObservationSet]) -> None:
    writer = StoreWriter(tmp_path / "s.duckdb", standoff.load_pack("golan"))
    assert writer.check_and_store(batches[0])[2]["observations_added"] == 50
    writer.close()
    with pytest.raises(StandoffError, match="closed"):
        writer.submit(batches[1])


def test_a_batch_given_up_before_its_round_is_not_stored(tmp_path: Path,
                                                        batches: list[ObservationSet]) -> None:
    """A request that stops waiting (its future cancelled) before the writer takes its batch:
    nothing of it is stored, and the writer goes on with the others."""
    writer = StoreWriter(tmp_path / "s.duckdb", standoff.load_pack("golan"))
    try:
        with writer._wake:
            gone, kept = writer.submit(batches[0]), writer.submit(batches[1])
            assert gone.cancel()
        assert kept.result(60)[2]["observations_added"] == 50
        assert not kept.cancel()  # taken: too late to give up
        assert writer.check_and_store(batches[2])[2]["observations_added"] == 50
    finally:
        writer.close()
    assert _store_counts(tmp_path / "s.duckdb")[1] == 100
