"""The DuckDB store: appends, revisions, history, info, reading back, and a kill -9 mid-append."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pytest
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.store import SCHEMA_VERSION, append, history, info, load
from tests._observations import random_observations

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def golan() -> standoff.Pack:
    return standoff.load_pack("golan")


@pytest.fixture(scope="module")
def obs(golan):
    return random_observations(golan, 400)


def counts(path: Path) -> tuple[int, int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return tuple(con.execute("SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM observations), "
                                 "(SELECT count(*) FROM verdicts)").fetchone())
    finally:
        con.close()


def test_same_content_adds_nothing_and_changed_content_a_revision(golan, obs, tmp_path):
    store = tmp_path / "monitor.duckdb"
    first = standoff.check(obs, golan)
    added = append(store, first, command="first")
    assert added == {"run_id": 1, "observations_added": 400, "verdicts_added": len(first), "alerts_queued": 0}
    again = append(store, first, command="again")
    assert again == {"run_id": 2, "observations_added": 0, "verdicts_added": 0, "alerts_queued": 0}
    assert counts(store) == (2, 400, len(first))
    # one report moved 30 km east, another with a wider radius: two revisions, their changed verdicts
    lon, radius = obs.lon.copy(), obs.radius_m.copy()
    lon[0] += 0.3
    radius[1] += 2500
    moved = dataclasses.replace(obs, lon=lon, radius_m=radius)
    second = standoff.check(moved, golan)
    added = append(store, second, command="moved")
    assert added["observations_added"] == 2
    changed_rows = [r for r in range(len(second)) if second.obs_index[r] in (0, 1)]
    assert 0 < added["verdicts_added"] <= len(changed_rows)
    con = duckdb.connect(str(store), read_only=True)
    revisions = con.execute("SELECT observation_id, revision, lon FROM observations WHERE observation_id "
                            "IN ('r0', 'r1') ORDER BY ALL").fetchall()
    con.close()
    assert [(i, r) for i, r, _ in revisions] == [("r0", 1), ("r0", 2), ("r1", 1), ("r1", 2)]
    assert revisions[1][2] == pytest.approx(obs.lon[0] + 0.3)
    rows = history(store).to_pylist()  # the last run's changes
    assert {r["observation_id"] for r in rows} <= {"r0", "r1"} and len(rows) == added["verdicts_added"]
    assert all(r["change"] == "changed" and r["revision"] == 2 and r["run_id"] == 3 for r in rows)
    before = {(v.observation_id, v.agreement_id, v.clause_id): v.status for v in first.verdicts}
    assert all(r["previous_status"] == before[(r["observation_id"], r["agreement_id"], r["clause_id"])]
               for r in rows)
    everything = history(store, since=0)
    assert everything.num_rows == len(first) + added["verdicts_added"]
    only = history(store, since=0, agreement="israel-demand-60km", status="violation").to_pylist()
    assert only
    assert all(r["agreement_id"] == "israel-demand-60km" and r["status"] == "violation" for r in only)
    assert history(store, since="2999-01-01").num_rows == 0
    today = history(store, since=time.strftime("%Y-%m-%d", time.gmtime()))
    assert today.num_rows == everything.num_rows
    # reading the store back gives the latest verdicts, as a CheckResult with the pack's clauses
    back = load(store, golan)
    assert sorted(back.sentences().to_pylist()) == sorted(second.sentences().to_pylist())
    data = info(store)
    assert data["schema_version"] == SCHEMA_VERSION and data["observations"] == 400
    assert data["revisions"] == 402 and [r["command"] for r in data["runs"]] == ["first", "again", "moved"]
    assert data["runs"][0]["pack_hash"] == data["runs"][2]["pack_hash"] != ""


def test_a_verdict_differing_in_one_column_adds_one_row_and_no_revision(golan, obs, tmp_path):
    store = tmp_path / "monitor.duckdb"
    first = standoff.check(obs, golan)
    append(store, first)
    row = int(np.flatnonzero(~np.isnan(first.margin_m))[0])
    margin = first.margin_m.copy()
    margin[row] += 0.25  # a quarter of a metre: a different verdict row, same report
    added = append(store, dataclasses.replace(first, margin_m=margin))
    assert (added["observations_added"], added["verdicts_added"]) == (0, 1)
    (changed,) = history(store).to_pylist()
    assert changed["observation_id"] == str(obs.id[first.obs_index[row]]) and changed["change"] == "changed"
    assert changed["margin_m"] == pytest.approx(first.margin_m[row] + 0.25) and changed["revision"] == 1
    assert append(store, first)["verdicts_added"] == 1  # and back again: the last row differs


def test_a_schema_2_store_is_upgraded_and_keeps_its_history(golan, obs, tmp_path):
    store = tmp_path / "old.duckdb"
    first = standoff.check(obs, golan)
    append(store, first)
    con = duckdb.connect(str(store))  # as schema 2 wrote it: every verdict row with its MD5
    con.execute("UPDATE verdicts SET verdict_hash = md5(sentence); "
                "UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    assert info(store)["schema_version"] == SCHEMA_VERSION == 3
    assert append(store, first)["verdicts_added"] == 0  # the same verdicts again: nothing new
    lon = obs.lon.copy()
    lon[0] += 0.3
    moved = append(store, standoff.check(dataclasses.replace(obs, lon=lon), golan))
    assert moved["observations_added"] == 1 and moved["verdicts_added"] > 0
    assert {r["observation_id"] for r in history(store).to_pylist()} == {"r0"}


def test_a_store_of_a_newer_schema_is_refused(golan, obs, tmp_path):
    store = tmp_path / "new.duckdb"
    append(store, standoff.check(obs, golan))
    con = duckdb.connect(str(store))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    for call in (lambda: info(store), lambda: append(store, standoff.check(obs, golan))):
        with pytest.raises(standoff.StandoffError, match=r"new\.duckdb: written by a newer standoff \(store "
                           r"schema 99; this one reads up to 3\): upgrade standoff"):
            call()


def test_other_files_are_not_stores(tmp_path):
    with pytest.raises(standoff.StandoffError, match="no such store"):
        info(tmp_path / "none.duckdb")
    con = duckdb.connect(str(tmp_path / "other.duckdb"))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(standoff.StandoffError, match="not a standoff store: it has other tables"):
        info(tmp_path / "other.duckdb")


CHILD = """
import sys
import standoff
from standoff.store import append
from tests._observations import random_observations
pack = standoff.load_pack("golan")
result = standoff.check(random_observations(pack, int(sys.argv[2]), seed=11), pack)
print("appending", flush=True)
append(sys.argv[1], result, command="killed")
print("done", flush=True)
"""


def test_kill_during_an_append_leaves_the_store_as_before(golan, obs, tmp_path):
    store = tmp_path / "monitor.duckdb"
    append(store, standoff.check(obs, golan), command="before")
    before = counts(store)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    with subprocess.Popen([sys.executable, "-c", CHILD, str(store), "150000"], stdout=subprocess.PIPE,
                          text=True, env=env, cwd=ROOT) as child:
        assert child.stdout.readline().strip() == "appending"
        time.sleep(0.7)  # well inside the append of ~500k verdict rows
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()
        assert child.wait() == -signal.SIGKILL
    assert "done" not in rest  # it was killed mid-append, not after
    assert counts(store) == before
    assert [r["command"] for r in info(store)["runs"]] == ["before"]
    assert append(store, standoff.check(obs, golan), command="after")["run_id"] == 2  # still usable


def test_check_store_history_and_map_from_the_command_line(golan, tmp_path):
    runner = CliRunner()
    store = tmp_path / "monitor.duckdb"
    example = str(golan.examples[0])
    res = runner.invoke(app, ["check", example, "-p", "golan", "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert f"stored run 1 in {store}" in res.stderr
    res = runner.invoke(app, ["history", "--store", str(store), "--status", "violation", "-o",
                              str(tmp_path / "h.csv")])
    assert res.exit_code == 0, res.output
    lines = (tmp_path / "h.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith('"run_id","started_at","observation_id"') and len(lines) > 10
    res = runner.invoke(app, ["store", "info", "--store", str(store)])
    assert res.exit_code == 0 and f"schema {SCHEMA_VERSION}" in res.stderr
    assert "standoff check" in res.stderr.replace("\n", " ")
    res = runner.invoke(app, ["map", "--store", str(store), "-p", "golan", "-o", str(tmp_path / "m.html")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["history", "--store", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "no such store" in res.stderr
    res = runner.invoke(app, ["history", "--store", str(store), "--since", "yesterday"])
    assert res.exit_code == 2 and "is neither a run id nor a date" in res.stderr
