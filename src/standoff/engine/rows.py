"""Verdict columns, preallocated clause-major, and the small codes they hold."""

from __future__ import annotations

import numpy as np

from standoff.engine.limits import COMPLIANT, NOT_APPLICABLE, POSSIBLE, VIOLATION, window_counts
from standoff.geo.zones import ZoneMargin
from standoff.model import Clause, ObservationSet


class Labels:
    """Feature-version labels as small integer codes (code 0 is the empty label)."""

    def __init__(self) -> None:
        self.names: list[str] = [""]
        self._code: dict[str, int] = {"": 0}

    def code(self, name: str) -> int:
        if name not in self._code:
            self._code[name] = len(self.names)
            self.names.append(name)
        return self._code[name]

    def codes(self, names: list[str]) -> np.ndarray:
        return np.array([self.code(x) for x in names], np.int32)


def encode(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Dictionary-encode a column of strings: (codes, distinct values), hashing not sorting."""
    import pyarrow as pa

    encoded = pa.array(values, type=pa.string(), from_pandas=True).dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return np.nan_to_num(codes, nan=-1).astype(np.int64), encoded.dictionary.to_pylist()


Encoded = tuple[np.ndarray, list[str]]


def is_in(encoded: Encoded, wanted: list[str]) -> np.ndarray:
    codes, values = encoded
    hit = np.array([v in wanted for v in values] + [False], dtype=bool)
    return hit[codes]  # code -1 (missing) picks the trailing False



class ClauseRows:
    """One clause's slice of the columns, filled epoch by epoch."""

    def __init__(self, columns: Columns, k: int) -> None:
        n = columns.n
        part = slice(k * n, (k + 1) * n)
        self.n = n
        self.lo = np.full(n, 9, np.int8)  # best and worst status over the epochs a report spans
        self.hi = np.full(n, -1, np.int8)
        self.epoch_mask = np.zeros(n, np.int64)
        self.status, self.reason = columns.status[part], columns.reason[part]
        self.margin, self.tolerance = columns.margin_m[part], columns.tolerance_m[part]
        self.foot_lon, self.foot_lat = columns.foot_lon[part], columns.foot_lat[part]
        self.distance, self.decider = columns.distance_m[part], columns.decider[part]
        self.versions = columns.versions[part]
        self.lower, self.upper = columns.lower[part], columns.upper[part]
        self.window_end = columns.window_end[part]

    def add(self, idx: np.ndarray, epoch: int, zm: ZoneMargin, status: np.ndarray,
            margin: np.ndarray, tolerance: np.ndarray, labels: Labels) -> None:
        known = status != NOT_APPLICABLE  # rows a clause does not bind keep their defaults
        rows = idx[known]
        self.lo[rows] = np.minimum(self.lo[rows], status[known])
        self.hi[rows] = np.maximum(self.hi[rows], status[known])
        self.margin[rows] = margin[known]
        self.tolerance[rows] = tolerance[known]
        self.foot_lon[rows], self.foot_lat[rows] = zm.foot_lon[known], zm.foot_lat[known]
        self.distance[rows] = zm.distance_m[known]
        self.epoch_mask[idx] |= 1 << epoch
        self.decider[rows] = labels.codes(zm.labels)[zm.feature[known]]

    def finish(self, clause: Clause, reason: np.ndarray, epoch_labels: dict[tuple[int, int], str], k: int,
               labels: Labels, obs: ObservationSet, start: np.ndarray, units: Encoded) -> None:
        """Combine epochs into one status, apply limit windows, and name the versions used."""
        # one epoch, or all epochs agree: that status; they disagree: possible; none known: n/a
        status = np.where(self.lo == self.hi, self.lo, POSSIBLE).astype(np.int8)
        status[self.hi < 0] = NOT_APPLICABLE
        self.reason[:] = reason
        self.reason[(status == NOT_APPLICABLE) & (reason == 0)] = 4
        if clause.kind == "limit":
            for unit, maximum in (clause.max or {}).items():
                sel = np.flatnonzero((self.reason == 0) & is_in(units, [unit]))
                certain = status[sel] == VIOLATION
                possible = status[sel] == POSSIBLE
                w = window_counts(start[sel], obs.count[sel], certain, possible, maximum,
                                  clause.window_days)
                status[sel] = np.where(certain | possible, w.status, COMPLIANT)
                self.lower[sel], self.upper[sel], self.window_end[sel] = w.lower, w.upper, w.window_end
        self.status[:] = status
        masks = self.epoch_mask
        present = (np.flatnonzero(np.bincount(masks)) if masks.max(initial=0) < 1 << 16
                   else np.unique(masks))
        codes = np.array([labels.code(" | ".join(dict.fromkeys(
            epoch_labels[(k, e)] for e in range(64) if int(m) >> e & 1 and (k, e) in epoch_labels)))
            for m in present], np.int32)
        self.versions[:] = codes[np.searchsorted(present, masks)]


class Columns:
    """Every verdict column for n reports x c clauses; rows k*n .. (k+1)*n are clause k."""

    def __init__(self, n: int, c: int) -> None:
        size = n * c
        self.n = n
        self.status = np.full(size, NOT_APPLICABLE, np.int8)
        self.reason = np.zeros(size, np.int8)
        self.margin_m = np.full(size, np.nan)
        self.tolerance_m = np.zeros(size)
        self.foot_lon = np.full(size, np.nan)
        self.foot_lat = np.full(size, np.nan)
        self.distance_m = np.full(size, np.nan)
        self.versions = np.zeros(size, np.int32)
        self.decider = np.zeros(size, np.int32)
        # only limit clauses write these: zeros cost nothing until a page is written
        self.lower = np.zeros(size)
        self.upper = np.zeros(size)
        self.window_end = np.zeros(size, np.int64)

    def clause(self, k: int) -> ClauseRows:
        return ClauseRows(self, k)

    def fields(self) -> dict[str, np.ndarray]:
        return {name: value for name, value in vars(self).items() if name != "n"}
