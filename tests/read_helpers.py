"""Shared fixtures data for the news-reader tests (tests/test_read_*.py)."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

from standoff.model import Pack
from standoff.packs import load_pack
from standoff.read import ReadResult, read

HERE = Path(__file__).parent
ARTICLES = HERE / "articles"
MINIPACK = HERE / "data" / "minipack"
PASTED = ARTICLES / "golan-pasted.txt"
#: A Friday: "On Thursday" is 2024-03-14, "on Tuesday" 2024-03-12.
PUBLISHED = date(2024, 3, 15)


@functools.cache
def minipack() -> Pack:
    """The reader's own small test pack (coarse Golan geometry, same feature ids as golan)."""
    return load_pack(MINIPACK)


@functools.cache
def pasted() -> ReadResult:
    """The pasted test article read with the test pack and a publication date."""
    return read([str(PASTED)], minipack(), published=PUBLISHED)


def claim_with(result: ReadResult, text: str, **fields: object):  # type: ignore[no-untyped-def]
    """The one claim whose quote contains `text` and whose fields equal `fields`."""
    found = [c for c in result.claims if text in c.quote
             and all(getattr(c, k) == v for k, v in fields.items())]
    assert len(found) == 1, [(c.quote, c.kind, c.actor) for c in result.claims if text in c.quote]
    return found[0]
