"""`standoff serve` as a real process: the token file made and printed once, loopback by default."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests._server import free_port

CLI = [sys.executable, "-c", "from standoff.cli import main; main()"]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "STANDOFF_TOKEN"}


def _start(store: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "serve", "--store", str(store), "--pack", "golan", "--port", str(port)],
                            env=_env(), stderr=subprocess.PIPE, text=True)


def _first_lines(proc: subprocess.Popen[str], url: str) -> list[str]:
    """stderr lines up to the 'serving' line, once the server answers."""
    lines: list[str] = []
    assert proc.stderr is not None
    while not lines or not lines[-1].startswith("serving"):
        line = proc.stderr.readline()
        assert line, f"serve exited: {lines}"
        lines.append(line.strip())
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url + "/agreements", timeout=2)
            return lines
        except httpx.TransportError:
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGINT)
    proc.wait(30)
    assert proc.stderr is not None
    proc.stderr.close()


def test_the_token_file_is_made_once_and_printed_once(tmp_path: Path) -> None:
    store, port = tmp_path / "monitor.duckdb", free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _start(store, port)
    try:
        lines = _first_lines(proc, url)
        made = re.search(r"shown once; kept in (.+), mode 0600\): (\S+)$", lines[0])
        assert made, lines
        token_file = Path(made.group(1))
        assert token_file == tmp_path / "monitor.duckdb.token"
        assert token_file.stat().st_mode & 0o777 == 0o600
        token = made.group(2)
        assert token_file.read_text().strip() == token
        assert lines[-1].startswith(f"serving {store} with pack golan on {url}")
        body = "id,actor,lon,lat\nr1,SYR.SAA,35.9,33.0\n"
        for token, status in (("wrong", 401), (made.group(2), 200)):
            answer = httpx.post(url + "/observations", content=body, timeout=60,
                                headers={"authorization": f"Bearer {token}", "content-type": "text/csv"})
            assert answer.status_code == status
    finally:
        _stop(proc)
    proc = _start(store, port)
    try:
        lines = _first_lines(proc, url)
        assert not any("shown once" in line or token in line for line in lines), lines  # printed once only
        assert httpx.get(url + "/observations/r1").json()["revisions"][0]["actor"] == "SYR.SAA"
    finally:
        _stop(proc)


def test_another_host_needs_a_token_that_exists(tmp_path: Path) -> None:
    store = tmp_path / "monitor.duckdb"
    refused = subprocess.run([*CLI, "serve", "--store", str(store), "--pack", "golan", "--host", "0.0.0.0"],
                             env=_env(), capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: --host 0.0.0.0 serves beyond this machine: set STANDOFF_TOKEN")
    assert not (tmp_path / "monitor.duckdb.token").exists() and not store.exists()
