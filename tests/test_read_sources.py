"""Sources: text and HTML files, RSS feeds, URLs over a real loopback HTTP server, stdin."""

from __future__ import annotations

import functools
import http.server
import io
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from standoff.errors import SourceError
from standoff.read import read
from standoff.read.sources import SourceLimits, load_source, load_sources
from tests.read_helpers import ARTICLES, PASTED, minipack

LOOPBACK = SourceLimits(allow_private=True)  # the test server is on 127.0.0.1


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".xml": "application/rss+xml", ".txt": "text/plain; charset=utf-8"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving tests/articles."""
    handler = functools.partial(_Quiet, directory=str(ARTICLES))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_text_file() -> None:
    (doc,) = load_source(str(PASTED))
    assert doc.id == "golan-pasted" and doc.source == str(PASTED) and "Nawa" in doc.text


def test_html_file_main_text_and_date() -> None:
    (doc,) = load_source(str(ARTICLES / "strike.html"))
    assert "air strike near al-Kiswah" in doc.text
    assert "newsletter" not in doc.text and "Log in" not in doc.text
    assert doc.title == "Strike reported near al-Kiswah" and doc.published == date(2024, 3, 15)


def test_feed_file_gives_every_item() -> None:
    docs = load_source(str(ARTICLES / "feed.xml"))
    assert [d.id for d in docs] == ["feed-1", "feed-2"]
    assert [d.source for d in docs] == ["http://example.invalid/nawa", "http://example.invalid/aos"]
    assert docs[0].published == date(2024, 3, 15) and "<p>" not in docs[0].text


def test_url_html(server: str) -> None:
    result = read([f"{server}/strike.html"], minipack(), limits=LOOPBACK)
    doc = result.documents[0]
    assert doc.source.endswith("/strike.html") and doc.published == date(2024, 3, 15)
    strike = next(c for c in result.claims if c.predicate == "struck")
    assert strike.time == date(2024, 3, 14) and strike.source == doc.source
    assert any(c["zone"] == {"within": {"km": 40.0, "of": "LINE_A"}} for c in result.clauses)


def test_url_feed_and_text(server: str) -> None:
    result = read([f"{server}/feed.xml", f"{server}/golan-pasted.txt"], minipack(), limits=LOOPBACK)
    assert [d.id for d in result.documents] == ["feed-1", "feed-2", "golan-pasted"]
    aos = next(c for c in result.claims if c.document == "feed-2")
    assert (aos.actor, aos.feature, aos.time) == ("SYR.SAA", "AOS", date(2024, 3, 15))


def test_url_not_found(server: str) -> None:
    with pytest.raises(SourceError, match=r"/missing.html: HTTP 404"):
        load_source(f"{server}/missing.html", limits=LOOPBACK)


def test_url_refused() -> None:
    with pytest.raises(SourceError, match=r"cannot fetch"):
        load_source("http://127.0.0.1:9/none", timeout_s=2, limits=LOOPBACK)


def test_stdin() -> None:
    (doc,) = load_source("-", stdin=io.StringIO("Hezbollah fighters were seen near Nawa."))
    assert (doc.id, doc.source) == ("stdin", "<stdin>")


@pytest.mark.parametrize(("source", "message"), [
    ("no/such/file.txt", r"no/such/file.txt: no such file"),
    ("ftp://example.invalid/a.txt", r"only http and https URLs"),
])
def test_bad_sources(source: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        load_source(source)


def test_folder_empty_file_and_no_source(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a folder"):
        load_source(str(tmp_path))
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(SourceError, match="empty.txt"):
        read([str(empty)], minipack())
    with pytest.raises(SourceError, match="no source given"):
        load_sources([])


def test_same_stem_twice_gets_distinct_ids(tmp_path: Path) -> None:
    other = tmp_path / "golan-pasted.txt"
    other.write_text("Troops were seen near Quneitra.", encoding="utf-8")
    docs = load_sources([str(PASTED), str(other)])
    assert [d.id for d in docs] == ["golan-pasted", "golan-pasted-2"]
