"""RSS and Atom feeds: the items of a feed, and each item's article as a document to read.

The feed and every article are fetched through `read.fetch` (connect and idle timeouts, a total
deadline, a byte cap, public addresses unless allowed). An item is known by its GUID (with its
feed's URL), its link and the SHA-256 of its text: any of them seen before and it is skipped.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from standoff.errors import SourceError
from standoff.read.fetch import SourceLimits, fetch_url
from standoff.read.sources import RawDoc, load_source

__all__ = ["Item", "article", "content_key", "feed_items"]


@dataclass(frozen=True)
class Item:
    """One entry of a feed: how it is known, where its article is, and what the feed says of it."""

    feed: str
    guid: str
    link: str
    title: str
    text: str  # the feed's own text of the item (summary or content), HTML stripped
    published: date | None

    def keys(self) -> list[tuple[str, str]]:
        """The `seen` keys of the item before its article is read: GUID and link."""
        out = [("guid", f"{self.feed} {self.guid}")]
        return out + [("url", self.link)] if self.link else out

    def doc_id(self) -> str:
        """A document id unique to the item (claim and observation ids are made from it)."""
        stem = urllib.parse.urlsplit(self.link).path.rstrip("/").rsplit("/", 1)[-1] if self.link else ""
        slug = re.sub(r"[^a-z0-9]+", "-", (stem or self.title).lower()).strip("-")[:32] or "item"
        return f"{slug}-{hashlib.sha256(f'{self.feed} {self.guid}'.encode()).hexdigest()[:8]}"


def _text(entry: Any) -> str:
    body = entry.content[0].get("value", "") if entry.get("content") else ""
    body = body or entry.get("summary", "") or entry.get("description", "")
    if "<" in body:
        import lxml.html

        try:
            body = lxml.html.fromstring(f"<div>{body}</div>").text_content()
        except (ValueError, lxml.etree.ParserError):
            body = re.sub(r"<[^>]+>", " ", body)
    return body.strip() or str(entry.get("title", ""))


def feed_items(url: str, limits: SourceLimits) -> list[Item]:
    """The items of the feed at `url`, in feed order; a SourceError if it is not a feed."""
    import feedparser

    got = fetch_url(url, limits)
    feed = feedparser.parse(got.data)
    if not feed.entries:
        why = getattr(feed, "bozo_exception", None)
        raise SourceError(f"not a feed, or a feed with no items{f' ({why})' if why else ''}", file=url)
    items = []
    for entry in feed.entries:
        link = urllib.parse.urljoin(got.url, entry.get("link", "")) if entry.get("link") else ""
        text = _text(entry)
        guid = entry.get("id") or link or hashlib.sha256(text.encode()).hexdigest()
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(Item(url, str(guid), link, str(entry.get("title", "")), text,
                          date(*parsed[:3]) if parsed else None))
    return items


def article(item: Item, limits: SourceLimits, *, fallback: bool = False) -> RawDoc:
    """The item's article: the page its link points at (read like `standoff read URL`), else the
    feed's own text. With `fallback`, a page that cannot be fetched gives the feed's text too."""
    doc = None
    if re.match(r"^https?://", item.link, re.IGNORECASE):
        try:
            docs = load_source(item.link, limits=limits)
            doc = docs[0] if len(docs) == 1 else None  # a link to another feed is not an article
        except SourceError:
            if not fallback:
                raise
    if doc is None:
        return RawDoc(item.doc_id(), item.link or item.feed, item.text, item.title, item.published)
    return replace(doc, id=item.doc_id(), title=doc.title or item.title,
                   published=doc.published or item.published)


def content_key(doc: RawDoc) -> tuple[str, str]:
    """The `seen` key of an article's text (the same story under two links is read once)."""
    return ("sha256", hashlib.sha256(" ".join(doc.text.split()).encode()).hexdigest())
