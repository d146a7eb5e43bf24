"""Cleanup of pasted news pages: set boilerplate lines aside, keep a map back to the raw text.

The cleaned text is the kept lines joined by newlines, with typographic quotes and odd spaces
replaced one character for one, so `raw[a:b]` and `clean[s:e]` differ only by that folding.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Cleaned", "clean_text", "fold_chars", "lower_same_length"]

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})

_BOILERPLATE = re.compile(
    r"send in e-?mail|^share\b|share (?:on|this|article)|\btweet\b|subscrib|subscription"
    r"|signed up|sign up|\blog ?in\b|\bsign in\b|\bregister\b|newsletter|paywall|from \$\s?\d"
    r"|per month|first month|click the alert|follow topics|alert icon|get (?:email )?alerts"
    r"|\bcomments?\b|advertisement|cookies?\b|all rights reserved|continue reading"
    r"|already a member|print (?:this|article)|copy link|whatsapp|facebook|twitter|^menu$"
    r"|^skip to|^loading|terms of (?:use|service)|privacy policy",
    re.IGNORECASE,
)
_END_MARKER = re.compile(
    r"click the alert|follow topics|subscrib|signed up|\blog ?in\b|\bcomments\b|from \$\s?\d"
    r"|related (?:articles|stories)|more from|most (?:read|popular)|recommended",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"Credit\s*:|Photo(?:graph)?\s*:|\bAP Photo\b|Getty Images|\\\s*REUTERS|/\s*(?:AFP|Reuters|AP)\b"
    r"|\(Photo\b|\bFile photo\b",
)
_CAPTION_WORDS = 80  # longer lines with a photo credit in them are articles pasted on one line
_TEASER = re.compile(r"^\s*(?:>>|»|•|\u25b6|read more\s*:|related\s*:|see also\s*:|watch\s*:)",
                     re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|written by|reporting by)\s+[A-Z]", re.IGNORECASE)
_DATELINE = re.compile(r"^(?:published|updated|posted|last updated)\b.{0,40}\d", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SMALL = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "from", "with",
          "by", "as", "is", "vs", "but", "over", "into", "than"}


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text, the raw-offset map and the lines set aside (start, end, reason)."""

    raw: str
    clean: str
    segments: list[tuple[int, int, int]]  # (clean_start, raw_start, length)
    set_aside: list[tuple[int, int, str]] = field(default_factory=list)
    title: str = ""
    datelines: list[str] = field(default_factory=list)

    def to_raw(self, clean_offset: int) -> int:
        """The raw-text offset of a clean-text offset (an end offset maps to an end offset)."""
        starts = [s[0] for s in self.segments]
        i = max(bisect.bisect_right(starts, clean_offset) - 1, 0)
        if not self.segments:
            return 0
        c0, r0, n = self.segments[i]
        return r0 + min(max(clean_offset - c0, 0), n)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw (start, end) of a clean (start, end)."""
        return self.to_raw(start), self.to_raw(end)


def lower_same_length(text: str) -> str | None:
    """`text.lower()` when it keeps every offset (it does not for a few letters such as 'İ')."""
    low = text.lower()
    return low if len(low) == len(text) else None


def fold_chars(text: str) -> str:
    """Replace typographic quotes, dashes and odd spaces one character for one."""
    return text.translate(_FOLD)


_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _latin_share(line: str) -> float:
    if line.isascii():
        return 1.0
    letters = len(_LETTER.findall(line))
    return len(_LATIN.findall(line)) / letters if letters else 1.0


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _headline_like(line: str) -> bool:
    """Title Case, no closing full stop: a headline or teaser rather than a sentence."""
    words = _words(line)
    if len(words) < 3 or line.rstrip().endswith((".", ":", ";", ",")) or len(words) > 22:
        return False
    big = [w for w in words if w.lower() not in _SMALL]
    return bool(big) and sum(w[0].isupper() for w in big) / len(big) >= 0.8


def _name_like(line: str) -> bool:
    words = line.split()
    return 1 < len(words) <= 4 and all(w[:1].isupper() for w in words) and not re.search(
        r"[.!?:,;\d]", line)


@functools.lru_cache(maxsize=4096)
def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", fold_chars(line)).strip().lower()


def _classify(lines: list[tuple[int, str]]) -> dict[int, str]:
    """Reason for each line index that is not content."""
    reasons: dict[int, str] = {}
    texts = [t.strip() for _, t in lines]
    counts = Counter(_norm(t) for t in texts if t)
    nonempty = [i for i, t in enumerate(texts) if t]
    first_content = True
    for i in nonempty:
        t = texts[i]
        words = _words(t)
        if _latin_share(t) < 0.5:
            reasons[i] = "other language"
        elif _CAPTION.search(t) and len(words) <= _CAPTION_WORDS:
            reasons[i] = "caption"
        elif _TEASER.search(t):
            reasons[i] = "teaser"
        elif _DATELINE.search(t):
            reasons[i] = "dateline"
        elif _BYLINE.search(t) and len(words) <= 8:
            reasons[i] = "byline"
        elif len(words) <= 14 and _BOILERPLATE.search(t):
            reasons[i] = "boilerplate"
        elif counts[_norm(t)] > 1 and (len(words) <= 8 or _name_like(t)):
            reasons[i] = "byline" if _name_like(t) else "repeated"
        elif first_content and _headline_like(t):
            reasons[i] = "headline"
        elif _headline_like(t) or (_name_like(t) and i < len(texts) // 4):
            reasons[i] = "teaser" if not _name_like(t) else "byline"
        if i not in reasons:
            first_content = False
    # a line that reappears as the start of a caption is that caption's first copy
    captions = [_norm(texts[i]) for i in nonempty if reasons.get(i) == "caption"]
    seen: set[str] = set()
    for i in nonempty:
        key = _norm(texts[i])
        if i not in reasons and len(key) > 20 and any(c.startswith(key) for c in captions):
            reasons[i] = "caption"
        elif i not in reasons and key in seen:
            reasons[i] = "repeated"
        seen.add(key)
    # after an end-of-article marker in the second part, when what follows looks like a list of
    # teasers (short lines, headlines, other scripts), the rest is other matter
    for i in nonempty:
        if i < nonempty[len(nonempty) * 2 // 5] or len(_words(texts[i])) > 14 \
                or not _END_MARKER.search(texts[i]):
            continue
        rest = [j for j in nonempty if j > i]
        teaserish = [j for j in rest if j in reasons or len(_words(texts[j])) <= 20]
        if rest and len(teaserish) >= 0.6 * len(rest):
            for j in rest:
                reasons.setdefault(j, "after article end")
            break
    return reasons


def clean_text(raw: str) -> Cleaned:
    """Split `raw` into lines, set boilerplate aside and join the rest, keeping offsets."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        lines.append((pos, body))
        pos += len(piece)
    reasons = _classify(lines)
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    aside: list[tuple[int, int, str]] = []
    title = ""
    datelines: list[str] = []
    cursor = 0
    for i, (start, body) in enumerate(lines):
        stripped = body.strip()
        if not stripped:
            continue
        lead = len(body) - len(body.lstrip())
        r0, n = start + lead, len(stripped)
        if i in reasons:
            aside.append((r0, r0 + n, reasons[i]))
            if reasons[i] == "headline" and not title:
                title = stripped
            if reasons[i] == "dateline":
                datelines.append(stripped)
            continue
        if parts:
            parts.append("\n")
            cursor += 1
        segments.append((cursor, r0, n))
        parts.append(fold_chars(stripped))
        cursor += n
    return Cleaned(raw=raw, clean="".join(parts), segments=segments, set_aside=aside,
                   title=title, datelines=datelines)
