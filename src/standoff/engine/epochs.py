"""Time: observation intervals, clause periods, and epochs in which no feature version changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from numba import njit

from standoff.model import Agreement, Clause, ObservationSet, Pack
from standoff.model.days import (
    NEVER,
    NO_TIME,
    SINCE_EVER,
    Moment,
    ceil_day,
    day_date,
    day_number,
    earlier,
    floor_day,
    utc_seconds,
)

__all__ = ["NEVER", "SINCE_EVER", "Clock", "Epoch", "Period", "day_number", "epochs", "in_force", "instants",
           "intervals", "overlaps", "partly_in_force", "period", "spans"]

#: UTC seconds of the start and end of each report given with a time of day (NO_TIME elsewhere).
Clock = tuple[np.ndarray, np.ndarray]


def intervals(obs: ObservationSet, at: date | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Inclusive day intervals [start, end] of each observation; unknown times are unbounded."""
    if at is not None:
        d = day_number(at, 0)
        return np.full(len(obs), d, np.int64), np.full(len(obs), d, np.int64)
    time = np.ascontiguousarray(obs.time, "datetime64[D]").view(np.int64)
    time_end = np.ascontiguousarray(obs.time_end, "datetime64[D]").view(np.int64)
    start, end = np.empty(len(time), np.int64), np.empty(len(time), np.int64)
    _day_bounds(time, np.broadcast_to(time_end, time.shape), start, end)
    return start, end


#: NaT as int64 days
NAT = np.iinfo(np.int64).min


@njit(cache=True)
def _day_bounds(time: np.ndarray, time_end: np.ndarray, start: np.ndarray,
                end: np.ndarray) -> None:  # pragma: no cover - compiled
    """`intervals` in one pass: no time, unbounded; no end time, one day."""
    for i in range(time.shape[0]):
        t, e = time[i], time_end[i]
        start[i] = SINCE_EVER if t == NAT else t
        end[i] = NEVER if t == NAT else (t if e == NAT else e)


@dataclass(frozen=True)
class Period:
    """When a clause binds: from `start` (inclusive) to `end` (exclusive), days or instants; None is open.

    A report known only by its days [s, e] is read on the clock of each bound that is an instant
    (see `standoff.model.days`): it *meets* the period when some moment of its days is in force,
    and is *covered* when every moment is.
    """

    start: Moment | None
    end: Moment | None

    def days(self) -> tuple[int, int]:
        """Days [lo, hi) on which the period is in force at some moment (hi exclusive)."""
        return (SINCE_EVER if self.start is None else floor_day(self.start),
                NEVER if self.end is None else ceil_day(self.end))

    def meets(self, start: np.ndarray, end: np.ndarray, clock: Clock | None = None) -> np.ndarray:
        """Whether report days [start, end] (inclusive) have a moment in force.

        `clock` (from `instants`) gives the exact UTC seconds of reports with a time of day:
        those are compared with instant bounds exactly, and with day bounds by their own date.
        """
        lower, upper = self._side(start, end, clock, True, False), self._side(start, end, clock, False, False)
        both: np.ndarray = lower & upper
        return both

    def covers(self, start: np.ndarray, end: np.ndarray, clock: Clock | None = None) -> np.ndarray:
        """Whether every moment of report days [start, end] (inclusive) is in force (see `meets`)."""
        lower, upper = self._side(start, end, clock, True, True), self._side(start, end, clock, False, True)
        both: np.ndarray = lower & upper
        return both

    def _side(self, start: np.ndarray, end: np.ndarray, clock: Clock | None, lower: bool,
              whole: bool) -> np.ndarray:
        """One bound's test: the report starts late enough / ends early enough (`whole`: all of it)."""
        bound = self.start if lower else self.end
        if bound is None:
            return np.ones(len(start), bool)
        if lower:
            by_day = start >= ceil_day(bound) if whole else end >= floor_day(bound)
        else:
            by_day = end < floor_day(bound) if whole else start < ceil_day(bound)
        if clock is None or not isinstance(bound, datetime):
            return by_day
        first, last = clock
        b = utc_seconds(bound)
        if lower:
            by_second = first >= b if whole else last >= b
        else:
            by_second = last < b if whole else first < b
        return np.where(first != NO_TIME, by_second, by_day)


def _later(a: Moment | None, b: Moment | None) -> Moment | None:
    return b if a is None or (b is not None and earlier(a, b)) else a


def _sooner(a: Moment | None, b: Moment | None) -> Moment | None:
    return b if a is None or (b is not None and earlier(b, a)) else a


def period(agreement: Agreement, clause: Clause) -> Period:
    """When both the agreement and the clause are in force."""
    return Period(_later(agreement.valid_from, clause.valid_from),
                  _sooner(agreement.valid_to, clause.valid_to))


def partly_in_force(agreement: Agreement, clause: Clause, start: np.ndarray, end: np.ndarray,
                    clock: Clock | None = None) -> np.ndarray:
    """Reports with a known time that the clause's period meets without covering them.

    A violation by such a report is only possible: the clause may not have been in force then.

    Reports without a time (open days) are judged as if in force, and say they have no date.
    """
    p = period(agreement, clause)
    known = (start != SINCE_EVER) & (end != NEVER)
    partly: np.ndarray = known & p.meets(start, end, clock) & ~p.covers(start, end, clock)
    return partly


def instants(obs: ObservationSet, at: date | None = None) -> Clock:
    """UTC seconds [start, end] of each report given with a time of day; NO_TIME where only days are known."""
    if at is not None:
        return np.full(len(obs), NO_TIME, np.int64), np.full(len(obs), NO_TIME, np.int64)
    return obs.instants()


def in_force(agreement: Agreement, clause: Clause) -> tuple[int, int]:
    """Days [lo, hi) on which both the agreement and the clause are in force at some moment."""
    return period(agreement, clause).days()


def overlaps(start: np.ndarray, end: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Whether [start, end] (inclusive days) meets [lo, hi) (hi exclusive)."""
    return (start < hi) & (end >= lo)


def spans(start: np.ndarray, end: np.ndarray) -> tuple[int, int, int, int]:
    """The smallest and largest start, and the smallest and largest end, of report days (one pass)."""
    if not len(start):
        return NEVER, SINCE_EVER, NEVER, SINCE_EVER
    found = _spans(start, end)
    return int(found[0]), int(found[1]), int(found[2]), int(found[3])


@njit(cache=True)
def _spans(start: np.ndarray, end: np.ndarray) -> tuple[int, int, int, int]:  # pragma: no cover - compiled
    a = b = start[0]
    c = d = end[0]
    for i in range(start.shape[0]):
        a, b = min(a, start[i]), max(b, start[i])
        c, d = min(c, end[i]), max(d, end[i])
    return a, b, c, d


def overlapping(start: np.ndarray, end: np.ndarray, lo: int, hi: int,
                span: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """Positions (ascending) where [start, end] meets [lo, hi): `np.flatnonzero(overlaps(...))`.

    `span` (from `spans`) answers without a pass when every report meets the epoch, or none."""
    if span is not None:
        first_start, last_start, first_end, last_end = span
        if last_start < hi and first_end >= lo:
            return np.arange(len(start))
        if first_start >= hi or last_end < lo:
            return np.zeros(0, np.int64)
    out = np.empty(len(start), np.int64)
    found = _overlapping(start, end, lo, hi, out)
    return out[:found]


@njit(cache=True)
def _overlapping(start: np.ndarray, end: np.ndarray, lo: int, hi: int,
                 out: np.ndarray) -> int:  # pragma: no cover - compiled
    found = 0
    for i in range(start.shape[0]):
        out[found] = i
        found += (start[i] < hi) & (end[i] >= lo)
    return found


@dataclass(frozen=True)
class Epoch:
    """A period [start, end) during which every feature keeps one version."""

    start: int
    end: int

    @property
    def day(self) -> date | None:
        """A day inside the epoch, used to pick feature versions (None when unbounded)."""
        if self.start == SINCE_EVER and self.end == NEVER:
            return None
        if self.start == SINCE_EVER:
            return day_date(self.end - 1)
        return day_date(self.start)


def feature_ids(pack: Pack, agreements: list[Agreement]) -> set[str]:
    """Every feature the agreements depend on, including the theatre and lines behind areas."""
    found = {pack.theatre}
    for a in agreements:
        for z in list(a.zones.values()) + [c.zone for c in a.clauses]:
            found |= z.feature_ids()
    for fid in list(found):
        for v in pack.features[fid].versions:
            found |= set(v.between or ())
    return found


def epochs(pack: Pack, agreements: list[Agreement]) -> list[Epoch]:
    """Consecutive periods cut at every valid_from/valid_to of the features involved."""
    cuts: set[int] = set()
    for fid in feature_ids(pack, agreements):
        for v in pack.features[fid].versions:
            for d in (v.valid_from, v.valid_to):
                if d is not None:
                    cuts.add(day_number(d, 0))
    bounds = [SINCE_EVER, *sorted(cuts), NEVER]
    return [Epoch(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
