"""Time: observation intervals, clause periods, and epochs in which no feature version changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from standoff.model import Agreement, Clause, ObservationSet, Pack
from standoff.model.days import NEVER, SINCE_EVER, day_date, day_number

__all__ = ["NEVER", "SINCE_EVER", "Epoch", "day_number", "epochs", "in_force", "intervals", "overlaps"]


def intervals(obs: ObservationSet, at: date | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Inclusive day intervals [start, end] of each observation; unknown times are unbounded."""
    if at is not None:
        d = day_number(at, 0)
        return np.full(len(obs), d, np.int64), np.full(len(obs), d, np.int64)
    start = obs.time.astype(np.int64)
    unknown = np.isnat(obs.time)
    end_raw = np.where(np.isnat(obs.time_end), obs.time, obs.time_end).astype(np.int64)
    start = np.where(unknown, SINCE_EVER, start)
    end = np.where(unknown, NEVER, end_raw)
    return start, end


def in_force(agreement: Agreement, clause: Clause) -> tuple[int, int]:
    """Days [lo, hi) in which both the agreement and the clause are in force (hi exclusive)."""
    lo = max(day_number(agreement.valid_from, SINCE_EVER), day_number(clause.valid_from, SINCE_EVER))
    hi = min(day_number(agreement.valid_to, NEVER), day_number(clause.valid_to, NEVER))
    return lo, hi


def overlaps(start: np.ndarray, end: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Whether [start, end] (inclusive days) meets [lo, hi) (hi exclusive)."""
    return (start < hi) & (end >= lo)


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
