"""Time expressions in news text, resolved against the publication date.

"On Thursday" is the latest Thursday on or before publication (Thursday's paper means that
day; "last Thursday" is strictly before); "last November" and "May 2018" are intervals;
"May 17" takes the year of publication (or the one before, if May 17 would be later); "the same
day", "that night", "hours later", "two days later" count from the date before them. A
deadline or plan looks forward: "the Feb. 18 deadline", "will leave by Tuesday", "would stay
past March 3" name the next such day on or after publication.
Without a publication date, the latest dated statement stands in for it (marked inferred).
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = ["RECENT_DAYS", "TimeExpr", "find_times", "infer_published", "recent", "resolve"]

#: A claim with no time of its own is taken as true over the days just before publication.
RECENT_DAYS = 1

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS["sept"] = 9
_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
        r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                       rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")),
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON})"
                       rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b")),
    ("rel_month", re.compile(rf"\b(?P<rel>(?i:last|this|early|late|mid-?|earlier this|"
                             rf"in early|in late))\s+(?P<mon>{_MON})\b")),
    ("month_year", re.compile(rf"\b(?P<mon>{_MON}),?\s+(?P<year>(?:19|20)\d\d)\b")),
    ("shift", re.compile(
        r"\b(?:(?:on|later|earlier|late|early)\s+)?(?:the\s+same|that\s+same|that)\s+(?P<same>day|night"
        r"|morning|afternoon|evening)\b|\b(?:hours|minutes|moments|shortly|an\s+hour|(?:a\s+)?few\s+hours)"
        r"\s+(?P<later>later|afterwards?)\b|\b(?P<n>a|one|two|three|four|five|six|seven|\d{1,2})\s+days?"
        r"\s+later\b|\b(?P<weeks>a|one|two|three)\s+weeks?\s+later\b"
        r"|\bthe\s+(?:day|night)\s+(?P<after>after)\b(?!\s+(?:tomorrow|next))"
        r"|\bthe\s+(?P<next>next|following)\s+(?:morning|afternoon|evening|night)\b"
        r"|\bthe\s+(?P<previous>previous|preceding)\s+(?:day|night)\b", re.IGNORECASE)),
    ("weekday", re.compile(rf"\b(?:(?P<rel>last|this|on|next)\s+)?(?P<wd>{_DAYS})\b",
                           re.IGNORECASE)),
    ("rel", re.compile(r"\b(?P<rel>yesterday|today|tonight|last night|this morning|last week|"
                       r"this week|earlier this week|last month|this month|earlier this month|"
                       r"last year|this year|the next day|the following day|the day before)\b",
                       re.IGNORECASE)),
    ("month", re.compile(r"\b(?i:in|since|during|until|by|and|or|of|from|between)\s+"
                         r"(?P<mon>(?:January|February|March|April|May|June|July|August"
                         r"|September|October|November|December))\b")),
    ("year", re.compile(r"\b(?i:in|since|during|until|of|from)\s+(?P<year>(?:19|20)\d\d)\b")),
]


#: The patterns up to the last kind with a full date: all that `infer_published` needs.
_DATED = 1 + [kind for kind, _ in _PATTERNS].index("month_year")


@dataclass(frozen=True)
class TimeExpr:
    """A time expression: its clean-text span, kind and regex groups."""

    start: int
    end: int
    text: str
    kind: str
    groups: tuple[tuple[str, str], ...]

    def get(self, key: str) -> str | None:
        return dict(self.groups).get(key)


_ANY = re.compile(r"\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|day\b|week|month|year"
                  r"|today|tonight|night|morning|later|evening", re.IGNORECASE)


def find_times(text: str, offset: int = 0) -> list[TimeExpr]:
    """Time expressions in `text`, longest first where they overlap, in text order."""
    found = _find_times(text)
    if not offset:
        return list(found)
    return [TimeExpr(t.start + offset, t.end + offset, t.text, t.kind, t.groups) for t in found]


@functools.lru_cache(maxsize=8192)
def _find_times(text: str, kinds: int = len(_PATTERNS)) -> tuple[TimeExpr, ...]:
    """`find_times` with the first `kinds` patterns only (an earlier pattern takes an overlap,
    so the later ones cannot change what the first ones find)."""
    found: list[TimeExpr] = []
    if not _ANY.search(text):
        return ()
    for kind, pattern in _PATTERNS[:kinds]:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if any(f.start < e and s < f.end for f in found):
                continue
            groups = tuple((k, v) for k, v in m.groupdict().items() if v)
            if _ahead(text, s, e):
                groups += (("ahead", "1"),)
            found.append(TimeExpr(s, e, m.group(0), kind, groups))
    return tuple(sorted(found, key=lambda f: f.start))


#: "the Feb. 18 deadline", "the March 3 target date": a day ahead.
_DEADLINE_AFTER = re.compile(r"\s*(?:deadline|target date|cut-?off|expiry)\b", re.I)
#: "by", "until", "past" before a day, in a sentence that speaks of the future.
_BY = re.compile(r"\b(?:by|until|till|past|beyond|no later than|ahead of|before)\s+(?:the\s+)?$", re.I)
_FUTURE = re.compile(r"\b(?:will|would|shall|'ll|is due|are due|was due|were due|is to|are to|must"
                     r"|has to|have to|scheduled|set to|expected to|deadline|plans? to|planned)\b", re.I)


def _ahead(text: str, start: int, end: int) -> bool:
    """Whether the time at text[start:end] lies ahead of the statement: a deadline, or "by/until/
    past <day>" in a sentence that speaks of the future."""
    if _DEADLINE_AFTER.match(text, end):
        return True
    by = _BY.search(text[max(0, start - 20):start]) or re.match(r"(?i:by|until|till)\s", text[start:end])
    return by is not None and bool(_FUTURE.search(text[:start]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_before(month: int, base: date, *, strictly: bool) -> int:
    """The year of the latest `month` before (or including) the month of `base`."""
    if month < base.month or (month == base.month and not strictly):
        return base.year
    return base.year - 1


@functools.lru_cache(maxsize=4096)
def _dateparser(text: str, base: date) -> date | None:
    import dateparser

    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    got = dateparser.parse(text, languages=["en"], settings=settings)
    return got.date() if got else None


def resolve(expr: TimeExpr, base: date | None,
            previous: date | None = None) -> tuple[date, date | None] | None:
    """(start, end) of an expression against the publication date `base` (end None = one day)."""
    mon = expr.get("mon")
    month = _MONTHS.get(mon.lower().rstrip(".")) if mon else None
    if expr.kind in ("mdy", "dmy", "iso"):
        return _calendar_day(expr, month, base)
    if expr.kind == "month_year" and month:
        y = int(expr.get("year") or 0)
        return date(y, month, 1), _month_end(y, month)
    if expr.kind == "year":
        y = int(expr.get("year") or 0)
        return date(y, 1, 1), date(y, 12, 31)
    if base is None:
        return None
    if expr.kind in ("rel_month", "month") and month:
        return _month_part(expr, month, base)
    if expr.kind == "weekday":
        return _weekday(expr, base), None
    if expr.kind == "shift":
        return (previous + timedelta(days=_shift_days(expr)), None) if previous is not None else None
    rel = (expr.get("rel") or "").lower()
    if rel in _AFTER_PREVIOUS and previous is None:
        return None
    got = _relative(rel, base, previous)
    if got is not None:
        return got
    day = _dateparser(expr.text, base)
    return (day, None) if day else None


def _calendar_day(expr: TimeExpr, month: int | None, base: date | None) -> tuple[date, None] | None:
    """A day named by month and day (year optional: the latest such day up to `base`)."""
    year = expr.get("year")
    m = int(expr.get("mon") or 0) if expr.kind == "iso" else month
    if not m:
        return None
    day = int(expr.get("day") or 1)
    if year:
        y = int(year)
    elif base is None:
        return None
    elif expr.get("ahead"):
        y = base.year if (m, day) >= (base.month, base.day) else base.year + 1
    else:
        y = base.year if (m, day) <= (base.month, base.day) else base.year - 1
    try:
        return date(y, m, day), None
    except ValueError:
        return None


def _month_part(expr: TimeExpr, month: int, base: date) -> tuple[date, date]:
    """A month without a year ("in March", "early last March"), or its early/mid/late part."""
    rel = (expr.get("rel") or "").lower()
    y = _month_before(month, base, strictly=rel == "last")
    if rel == "this":
        y = base.year
    elif expr.get("ahead") and not rel:
        y = base.year if month >= base.month else base.year + 1
    start, end = date(y, month, 1), _month_end(y, month)
    if "early" in rel:
        end = date(y, month, 10)
    elif "late" in rel:
        start = date(y, month, 20)
    elif rel.startswith("mid"):
        start, end = date(y, month, 10), date(y, month, 20)
    return start, end


def _weekday(expr: TimeExpr, base: date) -> date:
    """A weekday: the latest such day on or before publication, that day included."""
    wd = list(calendar.day_name).index((expr.get("wd") or "").capitalize())
    back = (base.weekday() - wd) % 7
    rel = (expr.get("rel") or "").lower()
    if rel == "last":
        back = back or 7
    elif expr.get("ahead"):
        back = -((wd - base.weekday()) % 7)
    elif rel == "next":
        back = -((wd - base.weekday()) % 7 or 7)
    return base - timedelta(days=back)


#: Days counted from the date before them in the text, not from publication.
_AFTER_PREVIOUS = ("the next day", "the following day", "the day before")


_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _shift_days(expr: TimeExpr) -> int:
    """Days from the date before: "the same day", "hours later" 0; "two days later" 2; "the day
    after", "the next morning" 1; "a week later" 7; "the previous day" -1."""
    n = (expr.get("n") or "").lower()
    if n:
        return _NUMBERS.get(n) or int(n)
    weeks = (expr.get("weeks") or "").lower()
    if weeks:
        return 7 * _NUMBERS[weeks]
    if expr.get("after") or expr.get("next"):
        return 1
    return -1 if expr.get("previous") else 0


def _relative(rel: str, base: date, previous: date | None) -> tuple[date, date | None] | None:
    """Days named relative to publication ("yesterday", "last week") or to the previous date."""
    if rel in ("today", "tonight", "this morning"):
        return base, None
    if rel in ("yesterday", "last night"):
        return base - timedelta(days=1), None
    if rel in _AFTER_PREVIOUS and previous is not None:
        return previous + timedelta(days=-1 if rel == "the day before" else 1), None
    if rel == "last week":
        monday = base - timedelta(days=base.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if rel in ("this week", "earlier this week"):
        return base - timedelta(days=base.weekday()), base
    if rel == "last month":
        first = base.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), first
    if rel in ("this month", "earlier this month"):
        return base.replace(day=1), base
    if rel == "last year":
        return date(base.year - 1, 1, 1), date(base.year - 1, 12, 31)
    if rel == "this year":
        return date(base.year, 1, 1), base
    return None


def recent(published: date) -> tuple[date, date]:
    """The window a claim with no time of its own stands for: the days up to publication."""
    return published - timedelta(days=RECENT_DAYS), published


def infer_published(texts: list[str]) -> date | None:
    """The latest date stated in `texts`: years come from fully dated statements."""
    exprs = [e for t in texts for e in _find_times(t, _DATED)]
    full: list[date] = []
    for e in exprs:
        if e.kind in ("mdy", "dmy", "iso", "month_year") and e.get("year"):
            got = resolve(e, None)
            if got:
                full.append(got[0])
    if not full:
        return None
    year = max(d.year for d in full)
    latest = max(full)
    for e in exprs:
        if e.kind in ("mdy", "dmy") and not e.get("year"):
            got = resolve(e, date(year, 12, 31))
            if got and got[0].year == year:
                latest = max(latest, got[0])
    return latest
