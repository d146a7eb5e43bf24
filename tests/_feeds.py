"""A real feed server for the watch tests: RSS, Atom, article pages, garbage and a hanging feed.

The articles are short texts written for these tests (sightings near towns of the Golan pack).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests._hooks import Loopback

TOWNS = ["Nawa", "Quneitra", "Khan Arnabah", "Sasa", "Jasim", "Inkhil", "Kanaker", "Daraa"]
ACTORS = ["Hezbollah fighters", "Revolutionary Guards officers", "Shiite militias", "Syrian army troops"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article_text(i: int) -> str:
    """Article i: one sighting, told differently for every i."""
    return (f"{ACTORS[i % 4]} were seen near {TOWNS[i % 8]} on {DAYS[i % 5]}, according to residents "
            f"who counted {3 + i} vehicles. Local officials said the group left after {2 + i % 3} days.")


def article_page(i: int) -> str:
    return (f"<!doctype html><html><head><title>Report {i}</title>"
            f'<meta name="date" content="2024-03-{1 + i % 28:02d}"></head><body><article>'
            f"<h1>Sighting report number {i}</h1><p>{article_text(i)}</p>"
            "<p>The monitoring group said it would publish further reports as they came in.</p>"
            "</article></body></html>")


def rss(base: str, items: list[tuple[str, str]]) -> str:
    """RSS 2.0 with (guid, path) items."""
    body = "".join(f"<item><title>Item {g}</title><link>{base}{p}</link><guid>{g}</guid>"
                   "<pubDate>Fri, 15 Mar 2024 08:00:00 GMT</pubDate>"
                   f"<description>Teaser {g}</description></item>"
                   for g, p in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>{base}/</link>'
            f"{body}</channel></rss>")


def atom(base: str, items: list[tuple[str, str]]) -> str:
    body = "".join(f'<entry><title>Entry {g}</title><id>{g}</id><link href="{base}{p}"/>'
                   f"<updated>2024-03-16T08:00:00Z</updated><summary>Teaser {g}</summary></entry>"
                   for g, p in items)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>A</title><id>urn:a</id><updated>2024-03-16T08:00:00Z</updated>{body}</feed>")


class FeedServer(Loopback):
    """Serves `feeds` (path → list of (guid, article path)) and /a/<i>.html pages; counts hits.

    /garbage.xml answers bytes that are no feed; /hang.xml drips its answer forever. Articles
    numbered `slow_from` or more take `slow_s` each.
    """

    def __init__(self, feeds: dict[str, tuple[str, list[tuple[str, str]]]], *, slow_from: int = 10**9,
                 slow_s: float = 0.0, port: int = 0) -> None:
        self.feeds, self.slow_from, self.slow_s = feeds, slow_from, slow_s
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                outer.hits[self.path] += 1
                if self.path == "/hang.xml":
                    self.drip()
                    return
                body, ctype = outer.answer(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up

            def drip(self) -> None:
                """A feed that never ends: a byte every 0.2 s (each read is quick, the whole is not)."""
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                try:
                    self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
                    while not outer.release.wait(0.2):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                except OSError:
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.serve(Handler, port)

    def answer(self, path: str) -> tuple[bytes | None, str]:
        if path == "/garbage.xml":
            return b"\x00\x9f<<not a feed>> \xff" * 50, "application/rss+xml"
        if path in self.feeds:
            kind, items = self.feeds[path]
            return (rss if kind == "rss" else atom)(self.base, items).encode(), f"application/{kind}+xml"
        if path.startswith("/a/") and path.endswith(".html"):
            i = int(path[3:-5])
            if i >= self.slow_from:
                time.sleep(self.slow_s)
            return article_page(i).encode(), "text/html; charset=utf-8"
        return None, ""

    def url(self, path: str) -> str:
        return self.base + path

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        super().__exit__(*exc)
