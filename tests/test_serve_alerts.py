"""`serve --webhook`: a POST's new violation and possible verdicts reach a real receiver, signed."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx
import pytest

import standoff
from standoff.alerts import SIGNATURE_HEADER, verify
from standoff.serve import app
from tests._server import LiveServer, free_port, serve_in_thread
from tests.test_serve import AUTH, TOKEN, records

SECRET = "whsec-test-of-serve"


class Receiver:
    """An HTTP server in a thread that keeps every POST it gets (headers and body)."""

    def __init__(self) -> None:
        got: list[tuple[dict[str, str], bytes]] = []
        self.got = got

        class Hook(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                got.append((dict(self.headers.items()), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server, base = serve_in_thread(Hook)
        self.url = base + "/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_alerts_are_signed_and_a_dead_endpoint_blocks_nothing(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANDOFF_WEBHOOK_SECRET", SECRET)
    receiver, dead = Receiver(), f"http://127.0.0.1:{free_port()}/nobody"
    api = app(tmp_path / "monitor.duckdb", standoff.load_pack("golan"), token=TOKEN,
              webhooks=[receiver.url, dead])
    live = LiveServer(api)
    try:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            posted = client.post("/observations", json=records("hook-"), headers=AUTH).json()
            bad = {(v["observation_id"], v["agreement_id"], v["clause_id"]) for v in posted["verdicts"]
                   if v["status"] in ("violation", "possible")}
            assert bad and posted["alerts_queued"] == 2 * len(bad)
            deadline = time.monotonic() + 60
            while len(receiver.got) < len(bad) and time.monotonic() < deadline:
                time.sleep(0.05)
            bodies = [json.loads(body) for _, body in receiver.got]
            assert {(b["observation_id"], b["agreement_id"], b["clause_id"]) for b in bodies} == bad
            for headers, body in receiver.got:
                assert verify(SECRET, headers[SIGNATURE_HEADER], body)
                assert not verify("another secret", headers[SIGNATURE_HEADER], body)
                assert headers["Idempotency-Key"] == json.loads(body)["event_id"]
            assert all(b["sentence"] and b["quote"] and b["source"] for b in bodies)
            again = client.post("/observations", json=records("hook-"), headers=AUTH).json()
            assert again["alerts_queued"] == 0  # nothing new or changed: no alert
        failing = api.state.deliverer.counts()
        assert failing["queued"] == 2 * len(bad) and failing["delivered"] == len(bad)
        assert failing["failing"] >= 1  # the dead endpoint was tried and waits for its retry
    finally:
        live.stop()
        api.state.deliverer.stop()
        receiver.close()
