"""Load news sources: text or HTML files, URLs, RSS/Atom feeds (every item) and stdin (`-`)."""

from __future__ import annotations

import re
import sys
import urllib.parse
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO

from standoff.errors import SourceError
from standoff.read.fetch import SourceLimits, fetch_url, read_capped

__all__ = ["RawDoc", "SourceLimits", "load_source", "load_sources"]

_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML = re.compile(rb"<(?:!doctype html|html|body|article|p|div)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RawDoc:
    """One document's text before cleanup, with what its container says about it."""

    id: str
    source: str
    text: str
    title: str = ""
    published: date | None = None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "doc"


def _decode(data: bytes, source: str, charset: str | None = None) -> str:
    for enc in (charset, "utf-8"):
        if enc:
            try:
                return data.decode(enc)
            except (LookupError, UnicodeDecodeError):
                continue
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SourceError(f"cannot decode the text ({exc.reason})", file=source) from None


def _html_doc(html: str, source: str, doc_id: str) -> RawDoc:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True)
    if not text:
        raise SourceError("no article text found in the HTML", file=source)
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta else None) or ""
    published = _iso_date(meta.date if meta else None)
    return RawDoc(doc_id, source, text, title, published)


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _feed_docs(data: bytes, source: str, stem: str) -> list[RawDoc]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = getattr(feed, "bozo_exception", None)
        raise SourceError(f"a feed with no items{f' ({why})' if why else ''}", file=source)
    docs = []
    for i, entry in enumerate(feed.entries, 1):
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value", "")
        body = body or entry.get("summary", "") or entry.get("description", "")
        text = _strip_html(body) if "<" in body else body
        title = entry.get("title", "")
        if not text.strip():
            text = title  # a headline-only item
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*parsed[:3]) if parsed else None
        docs.append(RawDoc(f"{stem}-{i}", entry.get("link") or f"{source}#{i}", text, title,
                           published))
    return docs


def _strip_html(fragment: str) -> str:
    import lxml.html

    try:
        tree = lxml.html.fromstring(f"<div>{fragment}</div>")
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", fragment)
    for br in tree.iter("br", "p", "div", "li"):
        br.tail = "\n" + (br.tail or "")
    return re.sub(r"\n\s*\n+", "\n\n", tree.text_content()).strip()


def _from_bytes(data: bytes, source: str, doc_id: str, hint: str = "",
                charset: str | None = None) -> list[RawDoc]:
    head = data[:2048].lstrip()
    if "xml" in hint or "rss" in hint or "atom" in hint or _FEED.search(head):
        return _feed_docs(data, source, doc_id)
    text = _decode(data, source, charset)
    if "html" in hint or _HTML.match(head) or (hint == "" and _HTML.search(head[:200])):
        return [_html_doc(text, source, doc_id)]
    if not text.strip():
        raise SourceError("the source is empty", file=source)
    return [RawDoc(doc_id, source, text)]


def _fetch(url: str, limits: SourceLimits) -> list[RawDoc]:
    got = fetch_url(url, limits)
    ctype = got.content_type
    hint = "html" if "html" in ctype else ("xml" if "xml" in ctype else "")
    parts = urllib.parse.urlparse(got.url)
    doc_id = _slug(Path(parts.path).stem or parts.netloc)
    return _from_bytes(got.data, got.url, doc_id, hint, got.charset)


def _limits(limits: SourceLimits | None, timeout_s: float | None) -> SourceLimits:
    limits = limits or SourceLimits()
    return limits if timeout_s is None else replace(limits, timeout_s=timeout_s)


def load_source(source: str, *, stdin: IO[str] | None = None, timeout_s: float | None = None,
                limits: SourceLimits | None = None) -> list[RawDoc]:
    """The documents of one source (a feed gives one per item), read within `limits`."""
    limits = _limits(limits, timeout_s)
    if source == "-":
        stream = stdin or sys.stdin
        data = read_capped(getattr(stream, "buffer", stream), limits, "<stdin>")
        return _from_bytes(data, "<stdin>", "stdin")
    if re.match(r"^https?://", source, re.IGNORECASE):
        return _fetch(source, limits)
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        raise SourceError("only http and https URLs, files and '-' (stdin) can be read",
                          file=source)
    path = Path(source)
    try:
        with path.open("rb") as fh:
            data = read_capped(fh, limits, source)
    except FileNotFoundError:
        raise SourceError("no such file", file=source) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a file", file=source) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", file=source) from None
    suffix = path.suffix.lower()
    hint = {".html": "html", ".htm": "html", ".xml": "xml", ".rss": "rss",
            ".atom": "atom", ".txt": "text"}.get(suffix, "")
    if hint == "text":
        text = _decode(data, source)
        if not text.strip():
            raise SourceError("the file is empty", file=source)
        return [RawDoc(_slug(path.stem), source, text)]
    return _from_bytes(data, source, _slug(path.stem), hint)


def load_sources(sources: list[str], *, stdin: IO[str] | None = None,
                 timeout_s: float | None = None, limits: SourceLimits | None = None) -> list[RawDoc]:
    """Every document of every source, with ids made unique."""
    if not sources:
        raise SourceError("no source given: name a file, a URL, a feed or '-' for stdin")
    docs: list[RawDoc] = []
    used: dict[str, int] = {}
    for source in sources:
        for doc in load_source(source, stdin=stdin, timeout_s=timeout_s, limits=limits):
            n = used.get(doc.id, 0)
            used[doc.id] = n + 1
            if n:
                doc = RawDoc(f"{doc.id}-{n + 1}", doc.source, doc.text, doc.title, doc.published)
            docs.append(doc)
    return docs
