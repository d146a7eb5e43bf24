"""Safe fetching and byte caps (issue 17, items 1 and 2), against real HTTP servers on loopback.

Server A listens on 127.0.0.1 and server B on 127.0.0.2 (both loopback on Linux). Tests that
must reach A while B stays refused allow only 127.0.0.1/32; the rest use allow_private.
"""

from __future__ import annotations

import http.server
import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from standoff.cli import app
from standoff.errors import SourceError
from standoff.read.sources import SourceLimits, load_source
from tests._capped import capped_tests
from tests.read_helpers import MINIPACK

ARTICLE = b"Hezbollah fighters were seen near Nawa on Thursday."
ONLY_A = SourceLimits(allowed_networks=("127.0.0.1/32",))
PRIVATE_OK = SourceLimits(allow_private=True)
STOP = threading.Event()


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _head(self, status: int = 200, **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        path, _, query = self.path.partition("?")
        try:
            if path == "/page":
                self._head(Content_Type="text/plain; charset=utf-8", Content_Length=str(len(ARTICLE)))
                self.wfile.write(ARTICLE)
            elif path == "/redirect":
                self._head(302, Location=query, Content_Length="0")
            elif path == "/loop":
                self._head(301, Location="/loop", Content_Length="0")
            elif path == "/drip":  # one byte every 0.3 s: never silent for long, never done
                self._head(Content_Type="text/plain", Content_Length="1000000")
                while not STOP.is_set():
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(0.3)
            elif path == "/driphead":  # a status line, then headers that never end
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                while not STOP.is_set():
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    time.sleep(0.3)
            elif path == "/endless":  # as fast as the client takes it, forever
                self._head(Content_Type="text/plain")
                block = b"troops seen near Nawa. " * 4096
                while not STOP.is_set():
                    self.wfile.write(block)
            else:
                self._head(404, Content_Length="0")
        except (BrokenPipeError, ConnectionResetError):
            pass


def _serve(host: str) -> tuple[http.server.ThreadingHTTPServer, threading.Thread]:
    httpd = http.server.ThreadingHTTPServer((host, 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd, thread


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    """URLs of server A (127.0.0.1) and server B (127.0.0.2)."""
    STOP.clear()
    running = [_serve("127.0.0.1"), _serve("127.0.0.2")]
    try:
        yield tuple(f"http://{h.server_address[0]}:{h.server_address[1]}" for h, _ in running)  # type: ignore[misc]
    finally:
        STOP.set()
        for httpd, thread in running:
            httpd.shutdown()
            httpd.server_close()
            thread.join(5)


_capped = capped_tests(600)  # every test here runs under a memory cap


def run(*args: Any, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin)


# --- addresses ------------------------------------------------------------------------------------

def test_loopback_refused_by_default(servers: tuple[str, str]) -> None:
    a, _ = servers
    with pytest.raises(SourceError, match=r"refusing to fetch from 127\.0\.0\.1, a private, loopback"):
        load_source(f"{a}/page")


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
                                 "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/"])
def test_private_metadata_and_mapped_addresses_refused(url: str) -> None:
    with pytest.raises(SourceError, match="refusing to fetch from"):
        load_source(url, limits=SourceLimits(deadline_s=5))


def test_redirect_to_a_private_address_refused(servers: tuple[str, str]) -> None:
    a, b = servers
    assert load_source(f"{a}/page", limits=ONLY_A)[0].text == ARTICLE.decode()  # A is reachable
    with pytest.raises(SourceError, match=r"refusing to fetch from 127\.0\.0\.2"):
        load_source(f"{a}/redirect?{b}/page", limits=ONLY_A)


def test_redirect_followed_when_allowed_credits_the_final_url(servers: tuple[str, str]) -> None:
    a, b = servers
    (doc,) = load_source(f"{a}/redirect?{b}/page", limits=PRIVATE_OK)
    assert doc.source == f"{b}/page" and doc.text == ARTICLE.decode()


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/secret.txt", "file:///etc/passwd",
                                    "gopher://127.0.0.1:70/"])
def test_redirect_to_another_scheme_refused(servers: tuple[str, str], target: str) -> None:
    a, _ = servers
    with pytest.raises(SourceError, match="only http and https"):
        load_source(f"{a}/redirect?{target}", limits=PRIVATE_OK)


def test_redirect_loop_ends(servers: tuple[str, str]) -> None:
    a, _ = servers
    with pytest.raises(SourceError, match="more than 5 redirects"):
        load_source(f"{a}/loop", limits=PRIVATE_OK)


# --- time and bytes -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["drip", "driphead"])  # a body, then headers, that never end
def test_slow_drip_cut_off_at_the_deadline(servers: tuple[str, str], path: str) -> None:
    a, _ = servers
    start = time.monotonic()
    with pytest.raises(SourceError, match=r"no complete answer within 2 s \(--deadline raises it\)"):
        load_source(f"{a}/{path}", limits=SourceLimits(allow_private=True, deadline_s=2))
    assert time.monotonic() - start < 10


def test_endless_body_capped(servers: tuple[str, str]) -> None:
    a, _ = servers
    with pytest.raises(SourceError, match=r"more than 2,000,000 bytes: raise the limit with --max-bytes"):
        load_source(f"{a}/endless", limits=SourceLimits(allow_private=True, max_bytes=2_000_000))


def test_dev_zero_capped() -> None:
    with pytest.raises(SourceError, match=r"/dev/zero: more than 10,000,000 bytes"):
        load_source("/dev/zero")


def test_stdin_capped() -> None:
    with pytest.raises(SourceError, match=r"<stdin>: more than 1,000 bytes"):
        load_source("-", stdin=io.StringIO("x" * 1001), limits=SourceLimits(max_bytes=1000))
    (doc,) = load_source("-", stdin=io.StringIO("x" * 1000), limits=SourceLimits(max_bytes=1000))
    assert len(doc.text) == 1000


def test_cli_read_dev_zero_exits_2() -> None:
    res = run("read", "/dev/zero", "--pack", MINIPACK, "--max-bytes", "5000000")
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.strip() == ("error: /dev/zero: more than 5,000,000 bytes: "
                                  "raise the limit with --max-bytes")


def test_cli_allow_private(servers: tuple[str, str]) -> None:
    a, _ = servers
    res = run("read", f"{a}/page", "--pack", MINIPACK, "-q")
    assert res.exit_code == 2 and "--allow-private" in res.stderr
    res = run("read", f"{a}/page", "--pack", MINIPACK, "-q", "--allow-private")
    assert res.exit_code == 0, res.output
    assert f'"source": "{a}/page"' in res.stdout


def test_a_stuck_name_lookup_counts_against_the_deadline(servers: tuple[str, str]) -> None:
    """getaddrinfo has no timeout of its own; a resolver that never answers is abandoned."""
    import socket

    a, _ = servers

    def stuck_resolver(*args: Any, **kwargs: Any) -> Any:  # a DNS server that takes minutes
        time.sleep(30)
        return socket.getaddrinfo(*args, **kwargs)

    limits = SourceLimits(allow_private=True, deadline_s=1.0, resolve=stuck_resolver)
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"did not resolve within 1 s \(--deadline raises it\)"):
        load_source(a.replace("127.0.0.1", "localhost") + "/page", limits=limits)
    assert time.monotonic() - started < 10
    # the same lookup through a prompt resolver is fetched
    assert load_source(f"{a}/page", limits=SourceLimits(allow_private=True, deadline_s=5))
