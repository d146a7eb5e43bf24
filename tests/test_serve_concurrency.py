"""4 clients post overlapping batches at once: every report stored once, no verdict row doubled."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb
import httpx

import standoff
from standoff.serve import app
from tests._server import LiveServer
from tests.test_serve import AUTH, TOKEN

BATCH, STEP, BATCHES = 40, 30, 24  # consecutive batches share 10 reports (same content)


def _bodies() -> list[bytes]:
    rows = [f"c{i},2018-0{1 + i % 9}-1{i % 10},{('SYR.SAA', 'IRN.IRGC', 'LBN.HEZ', 'ISR.IDF')[i % 4]},"
            f"{35.6 + (i % 37) * 0.02:.4f},{32.6 + (i % 41) * 0.02:.4f},{(i % 5) * 500},{1 + i % 7},tank"
            for i in range(STEP * (BATCHES - 1) + BATCH)]
    header = "id,time,actor,lon,lat,radius_m,count,unit\n"
    return [(header + "\n".join(rows[k * STEP:k * STEP + BATCH]) + "\n").encode() for k in range(BATCHES)]


def test_four_clients_lose_and_double_nothing(tmp_path: Path) -> None:
    store = tmp_path / "monitor.duckdb"
    live = LiveServer(app(store, standoff.load_pack("golan"), token=TOKEN))
    bodies, answers, errors = _bodies(), list[dict[str, Any]](), list[str]()

    def client(first: int) -> None:  # client i posts batches i, i+4, ...: neighbours overlap in time
        headers = {**AUTH, "content-type": "text/csv"}
        with httpx.Client(base_url=live.url, timeout=120, headers=headers) as http:
            for k in range(first, BATCHES, 4):
                answer = http.post("/observations", content=bodies[k])
                (answers.append({**answer.json(), "batch": k}) if answer.status_code == 200
                 else errors.append(answer.text))

    try:
        threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and len(answers) == BATCHES
        with httpx.Client(base_url=live.url) as http:
            latest = http.get("/verdicts", params={"limit": 100_000}).json()
        con = duckdb.connect(str(store))
        obs_rows, obs_ids = con.execute("SELECT count(*), count(DISTINCT observation_id) FROM observations"
                                        ).fetchone()
        assert obs_rows == obs_ids == STEP * (BATCHES - 1) + BATCH  # each report once, one revision
        runs, reports = con.execute("SELECT count(*), sum(observations) FROM runs").fetchone()
        assert reports == BATCH * BATCHES  # batches waiting together share a run (group commit)
        assert {a["run_id"] for a in answers} == set(range(1, runs + 1))
        rows, distinct = con.execute("SELECT count(*), count(DISTINCT (run_id, observation_id, agreement_id, "
                                     "clause_id)) FROM verdicts").fetchone()
        assert rows == distinct == sum(a["verdicts_added"] for a in answers)
        assert sum(a["observations_added"] for a in answers) == obs_rows
        con.close()
        stored = {(v["observation_id"], v["agreement_id"], v["clause_id"]) for v in latest}
        returned = {(v["observation_id"], v["agreement_id"], v["clause_id"]) for a in answers
                    for v in a["verdicts"]}
        assert returned == stored and len(latest) == len(stored)
    finally:
        live.stop()
    # the same batches one at a time, in the order their runs were stored (a limit's window sum
    # depends on its batch, and the last batch to judge a report has the latest verdict): the
    # same latest verdicts, sentence for sentence
    one_by_one = LiveServer(app(tmp_path / "sequential.duckdb", standoff.load_pack("golan"), token=TOKEN))
    try:
        with httpx.Client(base_url=one_by_one.url, timeout=120, headers=AUTH) as http:
            for body in [bodies[a["batch"]] for a in sorted(answers, key=lambda a: a["run_id"])]:
                assert http.post("/observations", content=body, headers={"content-type": "text/csv"}
                                 ).status_code == 200
            sequential = http.get("/verdicts", params={"limit": 100_000}).json()
    finally:
        one_by_one.stop()

    def key(v: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(v[k] for k in ("observation_id", "agreement_id", "clause_id", "status", "margin_m",
                                    "sentence"))

    assert sorted(map(key, sequential)) == sorted(map(key, latest))
