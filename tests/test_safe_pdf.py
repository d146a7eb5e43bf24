"""Air-gapped PDF (issue 17, item 3) and its private work folder (item 4), with Debian's chromium.

A TCP listener stands in as the browser's proxy: with `--proxy-server` pointing at it, every
request Chromium makes (the page's or its own background services') would arrive there.

No memory cap here: RLIMIT_AS is inherited by the browser, whose V8 reserves a cage of many GB
of address space, so Chromium cannot start under one.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from standoff.report.pdf import browser_context, private_workdir

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SRC = str(Path(__file__).resolve().parents[1] / "src")
if not Path(CHROMIUM).is_file():  # pragma: no cover - .ci/run installs it
    pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
                allow_module_level=True)

HOSTILE = """<!doctype html><title>r</title>
<link rel="dns-prefetch" href="//accounts.google.com"><link rel="preconnect" href="https://update.googleapis.com">
<link rel="stylesheet" href="http://example.com/s.css">
<p>report</p><img src="http://example.com/a.png"><img src="https://203.0.113.7/b.png">
<iframe src="http://198.51.100.9/"></iframe>
<script>fetch("http://example.org/beacon").catch(() => {});
navigator.sendBeacon("http://example.org/b", "x");</script>
"""


class Listener:
    """A TCP listener on loopback that counts connections and keeps what they first sent."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.seen: list[bytes] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(2)
            try:
                self.seen.append(conn.recv(200))
            except OSError:
                self.seen.append(b"")
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    got = Listener()
    yield got
    got.close()


def _proxy_args(port: int) -> list[str]:
    # <-loopback> removes the implicit bypass, so even loopback requests would go to the proxy
    return [f"--proxy-server=http://127.0.0.1:{port}", "--proxy-bypass-list=<-loopback>"]


def test_the_listener_sees_an_ordinary_browser(listener: Listener) -> None:
    """The watcher works: a browser without the air gap reaches the proxy at once."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=_proxy_args(listener.port))
        try:
            with pytest.raises(Error):
                browser.new_page().goto("http://example.com/", timeout=10_000)
        finally:
            browser.close()
    assert listener.seen and any(b"example.com" in s for s in listener.seen)


def test_printing_sends_nothing(listener: Listener) -> None:
    from playwright.sync_api import sync_playwright

    with private_workdir() as work, sync_playwright() as p, \
            browser_context(p, CHROMIUM, work, _proxy_args(listener.port)) as context:
        page = context.new_page()
        page.set_content(HOSTILE, wait_until="load")
        page.wait_for_timeout(6000)  # time for background services to wake up
        pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    assert listener.seen == []


PRINT = """
import sys
from standoff.report.pdf import html_to_pdf
pdf = html_to_pdf("<p>" + "report line<br>" * 2000 + "</p>")
open(sys.argv[1], "wb").write(pdf)
"""


@pytest.fixture()
def short_tmp() -> Iterator[Path]:
    """A temp folder with a short path (Chromium's socket paths are limited to 108 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="sop-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _child(tmp: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": SRC, "TMPDIR": str(tmp)}
    return subprocess.Popen([sys.executable, "-c", PRINT, str(out)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _settled_empty(folder: Path, seconds: float = 20) -> list[str]:
    """What is left in `folder` once the browser's own exit has had time to finish."""
    end = time.monotonic() + seconds
    while (left := sorted(p.name for p in folder.iterdir())) and time.monotonic() < end:
        time.sleep(0.2)
    return left


def test_pdf_work_folder_removed_and_stale_ones_too(tmp_path: Path, short_tmp: Path) -> None:
    tmp = short_tmp
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp / f"standoff-pdf-{dead.pid}-abc123"  # left by a run that was killed
    (stale / "profile").mkdir(parents=True)
    out = tmp_path / "r.pdf"
    proc = _child(tmp, out)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    assert out.read_bytes().startswith(b"%PDF-")
    assert _settled_empty(tmp) == []


def test_sigterm_while_printing_leaves_nothing(tmp_path: Path, short_tmp: Path) -> None:
    tmp = short_tmp
    proc = _child(tmp, tmp_path / "r.pdf")
    end = time.monotonic() + 120
    while not list(tmp.glob("standoff-pdf-*/profile/*")):  # the browser is up
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < end, "the browser never started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert _settled_empty(tmp) == []
    assert not (tmp_path / "r.pdf").exists()
