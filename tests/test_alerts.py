"""Signed webhook alerts: a real receiver on loopback, retries with backoff, a restart in a new process."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pytest

import standoff
from standoff.alerts import Backoff, Deliverer, sign, verify, webhook_secret
from standoff.store import SCHEMA_VERSION, append, history, info
from tests._hooks import Receiver
from tests._observations import random_observations

ROOT = Path(__file__).resolve().parent.parent
SECRET = "test-secret-0123456789"
SLOW = Backoff(base_s=0.4, factor=2.0, cap_s=1.0)


@pytest.fixture(scope="module")
def golan() -> standoff.Pack:
    return standoff.load_pack("golan")


@pytest.fixture(scope="module")
def result(golan):
    return standoff.check(random_observations(golan, 120, seed=5), golan)


def outbox(store: Path) -> list[dict]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        cur = con.execute("SELECT * FROM outbox ORDER BY idempotency_key")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def alerting(store: Path, run_id: int) -> list[dict]:
    rows = history(store, since=run_id - 1).to_pylist()
    return [r for r in rows if r["status"] in ("violation", "possible") and r["run_id"] == run_id]


def test_each_new_alert_is_posted_once_signed_with_its_evidence(result, tmp_path):
    store = tmp_path / "m.duckdb"
    with Receiver(SECRET) as a, Receiver(SECRET) as b:
        added = append(store, result, webhooks=[a.url, b.url, a.url])
        expected = alerting(store, 1)
        assert expected and added["alerts_queued"] == 2 * len(expected)
        stats = Deliverer(store, SECRET, max_per_pass=1000).deliver_pending()
        assert stats["delivered"] == 2 * len(expected) and stats["failed"] == 0
        for hook in (a, b):
            got = hook.delivered()
            assert len(got) == len(expected) and all(r["valid"] for r in got)
            assert len({r["key"] for r in got}) == len(got)
            sent = [json.loads(r["body"]) for r in got]
            bodies = {(m["observation_id"], m["agreement_id"], m["clause_id"]): m for m in sent}
            for row in expected:
                body = bodies[(row["observation_id"], row["agreement_id"], row["clause_id"])]
                assert body["sentence"] == row["sentence"] and body["status"] == row["status"]
                assert body["margin_m"] == pytest.approx(row["margin_m"]) and body["change"] == "new"
                assert {"quote", "source", "time", "actor"} <= body.keys() and body["run_id"] == 1
        # a second pass and a second append of the same result send nothing more
        assert append(store, result, webhooks=[a.url, b.url])["alerts_queued"] == 0
        assert Deliverer(store, SECRET).deliver_pending()["leased"] == 0
        assert len(a.received) == len(b.received) == len(expected)
    assert all(r["delivered_at"] is not None and r["attempts"] == 1 for r in outbox(store))
    assert info(store)["alerts"] == 2 * len(expected) and info(store)["alerts_waiting"] == 0


def test_a_failing_endpoint_is_retried_with_backoff_and_the_same_key(result, tmp_path):
    store = tmp_path / "m.duckdb"
    with Receiver(SECRET, fail_first=2) as hook:
        append(store, result, webhooks=[hook.url])
        n = len(outbox(store))
        deliverer = Deliverer(store, SECRET, backoff=SLOW, max_per_pass=1000)
        first = deliverer.deliver_pending()
        # one failure per endpoint and pass: the others wait with it, not counted as attempts
        assert first == {"leased": n, "delivered": 0, "failed": 1, "deferred": n - 1}
        row = next(r for r in outbox(store) if r["attempts"] == 1)
        assert row["last_error"] == "HTTP 500 Internal Server Error" and row["delivered_at"] is None
        deadline = time.time() + 10
        while len(hook.delivered()) < n and time.time() < deadline:
            deliverer.deliver_pending()
            time.sleep(0.02)
        failed = [r for r in hook.received if r["failed"]]
        assert len(failed) == 2 and failed[0]["key"] == failed[1]["key"]
        assert failed[1]["at"] - failed[0]["at"] >= SLOW.base_s * 0.5  # waited the backoff
        got = hook.delivered()
        assert len(got) == n and len({r["key"] for r in got}) == n
        assert failed[0]["key"] in {r["key"] for r in got}  # redelivered under the same key
        assert all(r["valid"] for r in hook.received)


def test_backoff_grows_exponentially_with_jitter_up_to_the_cap():
    policy = Backoff(base_s=1.0, factor=2.0, cap_s=30.0)
    for n, raw in [(1, 1.0), (2, 2.0), (3, 4.0), (5, 16.0), (6, 30.0), (40, 30.0)]:
        delays = [policy.delay_s(n) for _ in range(200)]
        assert raw * 0.5 <= min(delays) and max(delays) <= raw and max(delays) - min(delays) > raw * 0.2


def test_a_dead_endpoint_does_not_block_checking(result, golan, tmp_path):
    store = tmp_path / "m.duckdb"
    with Receiver(SECRET, delay_s=3.0) as slow:
        append(store, result, webhooks=[slow.url])
        deliverer = Deliverer(store, SECRET, timeout_s=0.5, poll_s=0.05).start()
        try:
            time.sleep(0.2)  # the thread is now stuck on the slow endpoint
            t0 = time.monotonic()
            again = standoff.check(random_observations(golan, 50, seed=9), golan)
            append(store, again, webhooks=[slow.url])
            assert time.monotonic() - t0 < 2.5
        finally:
            deliverer.stop()
    rows = outbox(store)
    assert any(r["last_error"] and "timed out" in r["last_error"] for r in rows)


def test_the_signature_scheme():
    body = b'{"status": "violation"}'
    header = sign(SECRET, body, timestamp=1_700_000_000)
    assert header.startswith("t=1700000000,v1=") and len(header.split("v1=")[1]) == 64
    assert verify(SECRET, header, body, now=1_700_000_100)
    assert not verify(SECRET, header, body + b" ", now=1_700_000_100)
    assert not verify("other", header, body, now=1_700_000_100)
    assert not verify(SECRET, header, body, now=1_700_001_000)  # too old: a replay
    assert not verify(SECRET, "v1=abc", body)


def test_the_secret_comes_from_the_environment_or_a_file_made_once(tmp_path, monkeypatch):
    monkeypatch.delenv("STANDOFF_WEBHOOK_SECRET", raising=False)
    store = tmp_path / "m.duckdb"
    secret, created = webhook_secret(store)
    assert created == tmp_path / "m.duckdb.webhook-secret" and len(secret) == 64
    assert created.stat().st_mode & 0o777 == 0o600
    assert webhook_secret(store) == (secret, None)
    monkeypatch.setenv("STANDOFF_WEBHOOK_SECRET", "from-env")
    assert webhook_secret(store) == ("from-env", None)


def test_a_schema_1_store_is_upgraded_in_place(result, tmp_path):
    store = tmp_path / "old.duckdb"
    append(store, result)
    con = duckdb.connect(str(store))
    con.execute("DROP TABLE outbox; DROP TABLE seen; "
                "UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    assert info(store)["schema_version"] == SCHEMA_VERSION == 3
    assert append(store, result, webhooks=["http://127.0.0.1:9/x"])["alerts_queued"] == 0
    assert outbox(store) == []


DELIVER = """
import sys
from standoff.alerts import Deliverer, Backoff
d = Deliverer(sys.argv[1], sys.argv[2], timeout_s=1.0, max_per_pass=1000, backoff=Backoff(0.05, 2.0, 0.1))
print(d.deliver_pending(), flush=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_new_process_resumes_delivery(result, tmp_path):
    store, port = tmp_path / "m.duckdb", free_port()
    url = f"http://127.0.0.1:{port}/hook"
    append(store, result, webhooks=[url])
    n = len(outbox(store))
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    run = [sys.executable, "-c", DELIVER, str(store), SECRET]
    down = subprocess.run(run, capture_output=True, text=True, env=env, timeout=60, check=True)
    assert "'failed': 1" in down.stdout  # nobody listening yet
    time.sleep(0.15)
    with Receiver(SECRET, port=port) as hook:  # the endpoint comes up
        up = subprocess.run(run, capture_output=True, text=True, env=env, timeout=60, check=True)
        assert f"'delivered': {n}" in up.stdout
        assert len(hook.delivered()) == n == len({r["key"] for r in hook.received})
    rows = outbox(store)
    assert all(r["delivered_at"] is not None for r in rows)
    assert sum(r["attempts"] for r in rows) == n + 1


def test_appends_while_the_delivery_thread_opens_and_closes_the_store(golan, tmp_path):
    """DuckDB refuses to open a file that another thread is closing; the store waits and retries."""
    store, errors = tmp_path / "m.duckdb", []
    with Receiver(SECRET) as hook:
        deliverer = Deliverer(store, SECRET, poll_s=0.0, log=errors.append).start()  # opens it nonstop
        try:
            queued = 0
            for i in range(12):
                obs = random_observations(golan, 10, seed=100 + i)
                obs = dataclasses.replace(obs, id=np.array([f"b{i}-{j}" for j in range(10)], dtype=object))
                queued += append(store, standoff.check(obs, golan), webhooks=[hook.url])["alerts_queued"]
                history(store)
            deadline = time.time() + 20
            while len(hook.delivered()) < queued and time.time() < deadline:
                time.sleep(0.05)
        finally:
            deliverer.stop()
    assert errors == [] and queued > 0 and len(hook.delivered()) == queued
