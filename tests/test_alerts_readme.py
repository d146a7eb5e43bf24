"""The README's 15-line webhook receiver, run as it is printed, against real deliveries."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import standoff
from standoff.alerts import Deliverer, sign
from standoff.store import append

ROOT = Path(__file__).resolve().parent.parent
MARKER = "<!-- webhook-receiver: tests/test_alerts_readme.py runs this block -->"


def receiver_code() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(re.escape(MARKER) + r"\n```python\n(.*?)```", text, re.S)
    assert block, "the README lost its webhook receiver"
    return block.group(1)


def test_the_receiver_is_at_most_15_lines():
    assert len(receiver_code().splitlines()) <= 15


def wait_for_port(port: int, proc: subprocess.Popen, timeout_s: float = 20) -> None:
    end = time.time() + timeout_s
    while time.time() < end:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("the receiver did not start")


def post(port: int, body: bytes, signature: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("POST", "/", body=body, headers={"Standoff-Signature": signature, "Idempotency-Key": "k"})
    status = conn.getresponse().status
    conn.close()
    return status


def test_the_readme_receiver_accepts_signed_alerts_and_rejects_forged_ones(tmp_path):
    script = tmp_path / "receiver.py"
    script.write_text(receiver_code(), encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    secret = "readme-secret"
    env = {**os.environ, "PORT": str(port), "STANDOFF_WEBHOOK_SECRET": secret}
    printed = tmp_path / "printed.txt"  # a file, not a pipe: a full pipe would stall the receiver
    out = printed.open("w")
    proc = subprocess.Popen([sys.executable, str(script)], env=env, stdout=out, stderr=subprocess.PIPE,
                            text=True)
    try:
        wait_for_port(port, proc)
        body = b'{"status": "violation"}'
        assert post(port, body, sign("wrong-secret", body)) == 400
        assert post(port, body, sign(secret, body, timestamp=int(time.time()) - 3600)) == 400  # a replay
        assert post(port, body, "") == 400
        pack = standoff.load_pack("golan")
        result = standoff.check(standoff.read_observations(pack.examples[0], pack), pack)
        store = tmp_path / "m.duckdb"
        queued = append(store, result, webhooks=[f"http://127.0.0.1:{port}/standoff"])["alerts_queued"]
        stats = Deliverer(store, secret, max_per_pass=1000).deliver_pending()
        assert queued > 10 and stats["delivered"] == queued and stats["failed"] == 0
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
        out.close()
    lines = printed.read_text(encoding="utf-8").splitlines()
    assert len(lines) == queued
    keys = {line.split(" ", 1)[0] for line in lines}
    con = duckdb.connect(str(store), read_only=True)
    assert keys == {r[0] for r in con.execute("SELECT idempotency_key FROM outbox").fetchall()}
    con.close()
    statuses = {json.loads(line.split(" ", 1)[1])["status"] for line in lines}
    assert statuses <= {"violation", "possible"} and "violation" in statuses
