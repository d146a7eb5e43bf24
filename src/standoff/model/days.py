"""Days as integers: days since 1970-01-01, with open ends for 'since ever' and 'never'.

Every period of standoff (a report's time, a clause in force, a feature version, an epoch)
is counted in these days; an open end is SINCE_EVER or NEVER.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

__all__ = ["NEVER", "SINCE_EVER", "UNIX_EPOCH", "day_date", "day_number", "day_text"]

UNIX_EPOCH = date(1970, 1, 1)
#: An open end: no end, and no beginning.
NEVER = int(np.iinfo(np.int64).max)
SINCE_EVER = int(np.iinfo(np.int64).min)


def day_number(day: date | None, default: int) -> int:
    """Days since 1970-01-01, or `default` for an open end."""
    return default if day is None else int(np.datetime64(day, "D").astype(np.int64))


def day_date(days: int) -> date:
    """The date of a day number."""
    return UNIX_EPOCH + timedelta(days=int(days))


def day_text(days: int) -> str:
    """A day number as YYYY-MM-DD."""
    return day_date(days).isoformat()
