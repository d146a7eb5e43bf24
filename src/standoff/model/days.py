"""Days as integers: days since 1970-01-01, with open ends for 'since ever' and 'never'.

Every period of standoff (a report's time, a clause in force, a feature version, an epoch)
is counted in these days; an open end is SINCE_EVER or NEVER. An agreement or clause may also
start or end at an instant (`2020-03-06T00:01+02:00`, a datetime with its UTC offset): a
`Moment` is a day or such an instant. A day compared with an instant is read on the instant's
own clock (its UTC offset): `2020-03-06` starts at 00:00 of 6 March in +02:00 when compared
with `2020-03-06T00:01+02:00`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import numpy as np

__all__ = ["DAY_S", "NEVER", "NO_TIME", "SINCE_EVER", "UNIX_EPOCH", "Moment", "ceil_day", "clock_seconds",
           "day_date", "day_number", "day_text", "earlier", "floor_day", "moment_text", "utc_seconds",
           "utc_seconds_of"]

UNIX_EPOCH = date(1970, 1, 1)
DAY_S = 86_400
#: An open end: no end, and no beginning.
NEVER = int(np.iinfo(np.int64).max)
SINCE_EVER = int(np.iinfo(np.int64).min)
#: In a column of UTC seconds: the report gives a day only (or no time at all).
NO_TIME = SINCE_EVER
#: An ISO time of day with its UTC offset, after the date: T00:30, T00:30:15.5, then Z or +02:00.
_CLOCK = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?\s*(Z|[+-]\d\d(:?\d\d)?)$")
#: A day, or an instant (a timezone-aware datetime: the validators refuse one without an offset).
Moment = date | datetime


def day_number(day: date | None, default: int) -> int:
    """Days since 1970-01-01, or `default` for an open end (an instant counts its own day)."""
    return default if day is None else floor_day(day)


def day_date(days: int) -> date:
    """The date of a day number."""
    return UNIX_EPOCH + timedelta(days=int(days))


def day_text(days: int) -> str:
    """A day number as YYYY-MM-DD."""
    return day_date(days).isoformat()


def clock_seconds(moment: Moment) -> int:
    """Seconds since 1970-01-01 00:00 on the moment's own clock (an instant in its UTC offset)."""
    if isinstance(moment, datetime):
        return int((moment.replace(tzinfo=None) - datetime(1970, 1, 1)) // timedelta(seconds=1))
    return (moment - UNIX_EPOCH).days * DAY_S


def floor_day(moment: Moment) -> int:
    """The day a moment falls on (its own clock)."""
    return clock_seconds(moment) // DAY_S


def ceil_day(moment: Moment) -> int:
    """The first day that starts at or after the moment: the day itself for a day or a midnight."""
    return -(-clock_seconds(moment) // DAY_S)


def utc_seconds(moment: datetime) -> int:
    """Seconds since 1970-01-01 00:00 UTC of an instant (floored)."""
    return int((moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(seconds=1))


def utc_seconds_of(texts: Sequence[str]) -> np.ndarray:
    """UTC seconds of each ISO text with a time of day AND a UTC offset; NO_TIME for the others.

    A date alone, or a time of day without an offset (whose instant nobody can know), stays a
    day: the caller reads its date as before. Only the texts longer than a date are parsed.
    """
    out = np.full(len(texts), NO_TIME, np.int64)
    for i in np.flatnonzero(np.fromiter((len(t) > 10 for t in texts), bool, len(texts))):
        text = texts[int(i)].strip()
        if _CLOCK.match(text):
            out[i] = utc_seconds(datetime.fromisoformat(text[:10] + "T" + text[11:].replace(" ", "")))
    return out


def earlier(a: Moment, b: Moment) -> bool:
    """Whether `a` comes before `b`: two instants in UTC, a day against an instant on its clock."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        return utc_seconds(a) < utc_seconds(b)
    return clock_seconds(a) < clock_seconds(b)


def moment_text(moment: Moment) -> str:
    """ISO 8601: `2020-03-06`, or `2020-03-06T00:01+02:00` (seconds only when not zero)."""
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="minutes" if not moment.second and not moment.microsecond
                                else "seconds")
    return moment.isoformat()
