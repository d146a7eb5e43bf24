"""The writer's plain-insert append (every report new to the store) leaves the store exactly as
`store.append` would: two stores fed the same batches, one through each, are equal table by table."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import numpy as np
import pytest

import standoff
from standoff.model import ObservationSet
from standoff.serve import writer as writer_module
from standoff.serve.writer import StoreWriter
from standoff.store import append, append_new
from tests._observations import random_observations

HOOKS = ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"]
#: columns that hold the wall-clock time of the append
CLOCK = {"runs": ["started_at"], "outbox": ["created_at", "next_attempt_at"]}


def _cut(obs: ObservationSet, start: int, stop: int) -> ObservationSet:
    names = [f.name for f in dataclasses.fields(obs) if f.name not in ("origin", "extra")
             and len(getattr(obs, f.name)) == len(obs)]
    return dataclasses.replace(obs, **{n: getattr(obs, n)[start:stop] for n in names})


@pytest.fixture(scope="module")
def sequence() -> list[ObservationSet]:
    """New batches, then one that sends earlier reports again (half moved 3 km east), then new."""
    obs = random_observations(standoff.load_pack("golan"), 200, seed=11)
    b0, b1, b2, b3 = (_cut(obs, k, k + 50) for k in range(0, 200, 50))
    lon = b0.lon.copy()
    lon[:25] += 3_000 / (111_320 * np.cos(np.radians(b0.lat[:25])))
    moved = dataclasses.replace(b0, lon=lon)
    return [b0, b1, moved, b2, b1, b3]


def _tables(store: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(store), read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        out = {}
        for name in sorted(names):
            skip = CLOCK.get(name)
            cols = f"* EXCLUDE ({', '.join(skip)})" if skip else "*"
            out[name] = con.execute(f"SELECT {cols} FROM {name} ORDER BY ALL").fetchall()
    return out


def test_the_writer_stores_what_append_would(tmp_path: Path, sequence: list[ObservationSet],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    pack = standoff.load_pack("golan")
    plain: list[int] = []

    def counted(*args: object, **kwargs: object) -> dict[str, int]:
        plain.append(1)
        return append_new(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(writer_module, "append_new", counted)
    writer = StoreWriter(tmp_path / "writer.duckdb", pack, webhooks=HOOKS)
    try:
        answers = [writer.check_and_store(b, command=f"batch {k}")[2] for k, b in enumerate(sequence)]
    finally:
        writer.close()
    plain_store = tmp_path / "plain.duckdb"
    expected = [append(plain_store, standoff.check(b, pack), command=f"batch {k}", webhooks=HOOKS)
                for k, b in enumerate(sequence)]
    assert answers == expected
    assert len(plain) == 4  # b0, b1, b2 and b3: every report new; the others looked up in the store
    assert [a["observations_added"] for a in answers] == [50, 50, 25, 50, 0, 50]
    assert answers[2]["verdicts_added"] > 0 and answers[4]["verdicts_added"] == 0
    assert answers[0]["alerts_queued"] > 0
    got, want = _tables(tmp_path / "writer.duckdb"), _tables(tmp_path / "plain.duckdb")
    assert got.keys() == want.keys() and {"observations", "verdicts", "runs", "outbox"} <= got.keys()
    for name in want:
        assert got[name] == want[name], name


def test_a_writer_on_a_store_with_reports_reads_their_ids(tmp_path: Path,
                                                          sequence: list[ObservationSet]) -> None:
    """Reports already in the store when the writer starts are not taken for new."""
    pack = standoff.load_pack("golan")
    store = tmp_path / "s.duckdb"
    append(store, standoff.check(sequence[0], pack))
    writer = StoreWriter(store, pack)
    try:
        again = writer.check_and_store(sequence[0])[2]
        moved = writer.check_and_store(sequence[2])[2]
    finally:
        writer.close()
    assert again["observations_added"] == 0 and again["verdicts_added"] == 0
    assert moved["observations_added"] == 25


def _rounds(store: Path, sequence: list[ObservationSet]) -> None:
    """The sequence in rounds of three batches checked and appended together (ids disjoint in
    the first, shared with earlier rounds in the second), then one by one."""
    writer = StoreWriter(store, standoff.load_pack("golan"), webhooks=HOOKS)
    try:
        for part in (sequence[:2] + sequence[3:4], sequence[2:3] + sequence[5:6], sequence):
            with writer._wake:  # the writer thread takes none of them before all wait
                futures = [writer.submit(b) for b in part]
            for f in futures:
                f.result(60)
    finally:
        writer.close()


def test_rounds_of_several_batches_store_what_append_would(tmp_path: Path, sequence: list[ObservationSet],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _rounds(tmp_path / "fast.duckdb", sequence)
    with monkeypatch.context() as patched:
        patched.setattr(writer_module, "append_new", append)  # every append looks its reports up
        _rounds(tmp_path / "plain.duckdb", sequence)
    got, want = _tables(tmp_path / "fast.duckdb"), _tables(tmp_path / "plain.duckdb")
    assert len(got["runs"]) >= 3 and len(got["outbox"]) > 0
    for name in want:
        assert got[name] == want[name], name


def test_a_store_with_too_many_ids_is_looked_up_every_time(tmp_path: Path, sequence: list[ObservationSet],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    pack = standoff.load_pack("golan")
    monkeypatch.setattr(writer_module, "MAX_KNOWN_IDS", 60)
    writer = StoreWriter(tmp_path / "s.duckdb", pack)
    try:
        answers = [writer.check_and_store(b)[2] for b in sequence]
        assert writer._known is None and writer._too_many  # dropped once past 60 ids, not read again
    finally:
        writer.close()
    assert [a["observations_added"] for a in answers] == [50, 50, 25, 50, 0, 50]
