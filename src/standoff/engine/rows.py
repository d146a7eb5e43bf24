"""Verdict columns for the reports each clause binds, and the small codes they hold.

A clause binds a report when its actor, time and unit type match; only those pairs are
evaluated and stored. Pairs a clause does not bind are `not_applicable` by their reason code
alone, and are listed as rows only when asked (`every_pair`).
"""

from __future__ import annotations

import threading
import weakref

import numpy as np
from numba import njit

from standoff.engine.limits import NOT_APPLICABLE, POSSIBLE, windowed
from standoff.geo.zones import ZoneMargin
from standoff.model import Clause, ObservationSet, selector_matches


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


#: Columns shorter than this are encoded without pyarrow (see `encode`).
SMALL = 50_000


def encode(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Dictionary-encode a column of strings: (codes, distinct values), hashing not sorting.

    Small columns are sorted instead: pyarrow's conversion imports pandas (about 0.6 s). A large
    object column encoded lately is not encoded again while it holds the very same objects
    (`_Seen`); the codes returned are then shared, and read-only."""
    if len(values) >= SMALL and values.dtype == object and values.ndim == 1:
        return _SEEN.encode(values)
    return _encode(values)


def _encode(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    if len(values) < SMALL:
        missing = np.equal(values, np.array(None)) | np.not_equal(values, values)  # None or NaN
        distinct, codes = np.unique(np.where(missing, "", values).astype(str), return_inverse=True)
        keep = np.unique(codes[~missing])
        remap = np.full(len(distinct), -1, np.int64)
        remap[keep] = np.arange(len(keep))
        return np.where(missing, -1, remap[codes.ravel()]), distinct[keep].tolist()
    found = _by_object(values)
    if found is not None:
        return found
    import pyarrow as pa

    encoded = pa.array(values, type=pa.string(), from_pandas=True).dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return np.nan_to_num(codes, nan=-1).astype(np.int64), encoded.dictionary.to_pylist()


def _by_object(values: np.ndarray) -> tuple[np.ndarray, list[str]] | None:
    """`encode` for a large object column of str, None and NaN (None: leave it to pyarrow).

    Cells that share string objects (reports read or generated in bulk repeat a few actor and
    unit objects) are grouped by reference first, the pointers the object array holds, and each
    distinct object converted once; a column of one string in distinct objects is compared with
    it; otherwise pandas hashes the strings, which is faster than pyarrow's conversion. Values
    come out in order of first appearance, as pyarrow gives them.
    """
    import ctypes

    import pandas as pd

    if values.dtype != object or values.ndim != 1:
        return None
    values = np.ascontiguousarray(values)
    n = len(values)
    refs = np.ctypeslib.as_array((ctypes.c_ssize_t * n).from_address(values.ctypes.data))
    objects: list[object] | None = None
    if len(set(refs[:: max(1, n // 4096)].tolist())) <= FEW:  # a sample shares objects: group them
        codes, table = np.empty(n, np.int64), np.empty(FEW, np.int64)
        found = _group_refs(refs, table, codes)  # `values` keeps every object alive meanwhile
        if found >= 0:
            first = table[:found]
        else:  # more than FEW distinct objects after all
            codes, first = pd.factorize(refs.copy())
        if len(first) <= max(FEW, n // 64):
            objects = [ctypes.cast(int(ref), ctypes.py_object).value for ref in first]
    if objects is None and _one_string(values):  # equal strings in distinct objects: compare, not hash
        return np.zeros(n, np.int64), [values[0]]
    if objects is None:
        codes, distinct = pd.factorize(values)  # None and NaN get code -1
        objects = list(distinct)
    names: dict[str, int] = {}
    remap = np.empty(len(objects) + 1, np.int64)
    remap[-1] = -1
    for k, v in enumerate(objects):
        if v is None or (isinstance(v, float) and v != v):
            remap[k] = -1
        elif type(v) is str:
            remap[k] = names.setdefault(v, len(names))
        else:
            return None
    return remap[codes], list(names)


def _refs(values: np.ndarray) -> np.ndarray:
    """The object pointers an object array holds, as int64 (a view: `values` must stay alive)."""
    import ctypes

    n = len(values)
    return np.ctypeslib.as_array((ctypes.c_ssize_t * n).from_address(values.ctypes.data)) if n else (
        np.zeros(0, np.int64))


class _Seen:
    """Encodings of the large object columns met lately, so that checking one observation set
    again (other agreements, a server's repeated checks) does not encode its strings again.

    An entry is used only for the same array object while it holds, cell by cell, the very same
    objects as when it was encoded (compared by reference, about 1 ms per million cells): the
    entry keeps a copy of the array, so those objects stay alive and cannot be replaced by
    others at the same address, and str objects do not change. An entry goes with its array."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._kept: dict[int, tuple[weakref.ref[np.ndarray], np.ndarray, np.ndarray, list[str]]] = {}

    def encode(self, values: np.ndarray) -> tuple[np.ndarray, list[str]]:
        with self._lock:
            entry = self._kept.get(id(values))
        if entry is not None and entry[0]() is values and np.array_equal(_refs(entry[1]), _refs(values)):
            return entry[2], entry[3]
        codes, names = _encode(values)
        if not values.flags.c_contiguous:
            return codes, names
        codes = np.asarray(codes, np.int64)
        codes.flags.writeable = False
        key = id(values)

        def forget(ref: weakref.ref[np.ndarray]) -> None:
            with self._lock:
                if key in self._kept and self._kept[key][0] is ref:
                    del self._kept[key]

        with self._lock:
            self._kept.pop(key, None)
            self._kept[key] = (weakref.ref(values, forget), values.copy(), codes, names)
            while len(self._kept) > self.size:
                del self._kept[next(iter(self._kept))]
        return codes, names

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


_SEEN = _Seen()


def _one_string(values: np.ndarray) -> bool:
    """Whether every cell is the same str as the first (a sample is tried first)."""
    first = values[0] if len(values) else None
    if type(first) is not str:
        return False
    sample = values[:: max(1, len(values) // 4096)]
    return bool((sample == first).all() and (values == first).all())


#: `_group_refs` looks objects up in a table this long (the column's distinct objects).
FEW = 64


@njit(cache=True)
def _group_refs(refs: np.ndarray, table: np.ndarray, codes: np.ndarray) -> int:  # pragma: no cover
    """Codes of `refs` by first appearance, distinct refs into `table`; their number, or -1 when
    there are more than the table holds. The last code found is tried first (runs repeat)."""
    found, last = 0, -1
    for i in range(refs.shape[0]):
        r = refs[i]
        if last < 0 or table[last] != r:
            last = -1
            for t in range(found):
                if table[t] == r:
                    last = t
                    break
            if last < 0:
                if found == table.shape[0]:
                    return -1
                table[found] = r
                last = found
                found += 1
        codes[i] = last
    return found


Encoded = tuple[np.ndarray, list[str]]


def sorted_search(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """`np.searchsorted(haystack, needles)` for ascending integer `needles`: one merge pass
    when they are many (a binary search per needle misses the cache once the haystack is large)."""
    if len(needles) * 16 < len(haystack) or haystack.dtype != needles.dtype:
        return np.searchsorted(haystack, needles)
    out = np.empty(len(needles), np.int64)
    _merge(haystack, needles, out)
    return out


@njit(cache=True, nogil=True)
def _merge(haystack: np.ndarray, needles: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover
    j, n = 0, haystack.shape[0]
    for i in range(needles.shape[0]):
        x = needles[i]
        while j < n and haystack[j] < x:
            j += 1
        out[i] = j


def positions(mask: np.ndarray) -> np.ndarray:
    """`np.flatnonzero(mask)`, without the search when every value is True (often: one clause
    binding every report)."""
    return np.arange(len(mask)) if mask.all() else np.flatnonzero(mask)


def is_in(encoded: Encoded, wanted: list[str]) -> np.ndarray:
    codes, values = encoded
    hit = np.array([any(selector_matches(w, v) for w in wanted) for v in values] + [False], dtype=bool)
    return hit[codes]  # code -1 (missing) picks the trailing False


def limit_keys(clause: Clause, reason: np.ndarray, units: Encoded) -> list[tuple[str, int, np.ndarray]]:
    """A limit clause's windows, one per unit type: (unit, maximum, positions of the rows it counts),
    for rows with `reason` codes and `units` (the rows' unit codes, dictionary-encoded)."""
    return [(unit, maximum, np.flatnonzero((reason == 0) & is_in(units, [unit])))
            for unit, maximum in (clause.max or {}).items()]


#: Verdict columns and the value a row holds before (or without) evaluation.
COLUMNS: dict[str, tuple[type, float]] = {
    "status": (np.int8, NOT_APPLICABLE), "reason": (np.int8, 0), "margin_m": (np.float64, np.nan),
    "tolerance_m": (np.float64, 0.0), "foot_lon": (np.float64, np.nan),
    "foot_lat": (np.float64, np.nan), "distance_m": (np.float64, np.nan),
    "versions": (np.int32, 0), "decider": (np.int32, 0), "lower": (np.float64, 0.0),
    "upper": (np.float64, 0.0), "window_end": (np.int64, 0),
    "obs_index": (np.int32, 0), "clause_index": (np.int32, 0),
}


LIMIT_COLUMNS = ("lower", "upper", "window_end")
LOCATED_COLUMNS = ("margin_m", "tolerance_m", "foot_lon", "foot_lat", "distance_m", "decider")


@njit(cache=True, error_model="numpy")
def _scatter(obs: np.ndarray, reports: np.ndarray, word: int, bit: np.uint64, status: np.ndarray,
             margin: np.ndarray, tolerance: np.ndarray, foot_lon: np.ndarray, foot_lat: np.ndarray,
             distance: np.ndarray, codes: np.ndarray, feature: np.ndarray, lo: np.ndarray, hi: np.ndarray,
             epoch_mask: np.ndarray, out_margin: np.ndarray, out_tolerance: np.ndarray, out_lon: np.ndarray,
             out_lat: np.ndarray, out_distance: np.ndarray,
             out_decider: np.ndarray) -> None:  # pragma: no cover - compiled
    """One pass for `ClauseRows.add`: rows without a feature version keep their defaults.

    `reports` is ascending and a subset of `obs` (ascending): row s is where obs[s] == report.
    """
    s = np.searchsorted(obs, reports[0]) if reports.shape[0] else 0
    for i in range(reports.shape[0]):
        while s < obs.shape[0] - 1 and obs[s] < reports[i]:  # bounded even if misused
            s += 1
        epoch_mask[s, word] |= bit
        if status[i] == NOT_APPLICABLE:
            continue
        lo[s] = min(lo[s], status[i])
        hi[s] = max(hi[s], status[i])
        out_margin[s] = margin[i]
        out_tolerance[s] = tolerance[i]
        out_lon[s], out_lat[s] = foot_lon[i], foot_lat[i]
        out_distance[s] = distance[i]
        out_decider[s] = codes[feature[i]]


class Columns:
    """Every verdict column, allocated once; clause k owns rows offset[k] .. offset[k + 1]."""

    def __init__(self, sizes: list[int]) -> None:
        self.offset = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
        total = int(self.offset[-1])
        # each clause writes every row of its part (ClauseRows); only limits write the last three,
        # and zeros cost nothing until written
        self.data: dict[str, np.ndarray] = {
            c: np.zeros(total, dtype) if c in LIMIT_COLUMNS else np.empty(total, dtype)
            for c, (dtype, _) in COLUMNS.items()}

    def part(self, k: int) -> dict[str, np.ndarray]:
        """Views on clause k's rows."""
        lo, hi = self.offset[k], self.offset[k + 1]
        return {c: values[lo:hi] for c, values in self.data.items()}


class ClauseRows:
    """One clause's rows, filled epoch by epoch: the reports it binds, or every report."""

    def __init__(self, reason: np.ndarray, every_pair: bool, columns: Columns, k: int,
                 epochs: int = 64) -> None:
        bound = reason == 0
        self.obs = np.arange(len(reason)) if every_pair else positions(bound)
        m = len(self.obs)
        self.cols = columns.part(k)
        self.cols["obs_index"][:] = self.obs
        self.cols["clause_index"][:] = k
        self.cols["reason"][:] = reason if every_pair else 0
        self.lo = np.full(m, 9, np.int8)  # best and worst status over the epochs a report spans
        self.hi = np.full(m, -1, np.int8)
        # bit e % 64 of word e // 64: the report was located in epoch e
        self.epoch_mask = np.zeros((m, max(1, -(-epochs // 64))), np.uint64)

    def add(self, reports: np.ndarray, epoch: int, zm: ZoneMargin, status: np.ndarray,
            margin: np.ndarray, tolerance: np.ndarray, labels: Labels) -> None:
        """Write one epoch's verdicts for `reports` (ascending positions in the observation set)."""
        cols = self.cols
        bit = np.uint64(1) << np.uint64(epoch % 64)
        _scatter(self.obs, reports, epoch // 64, bit, status, margin, tolerance, zm.foot_lon,
                 zm.foot_lat, zm.distance_m, labels.codes(zm.labels), zm.feature, self.lo, self.hi,
                 self.epoch_mask, cols["margin_m"], cols["tolerance_m"], cols["foot_lon"],
                 cols["foot_lat"], cols["distance_m"], cols["decider"])

    def finish(self, clause: Clause, epoch_labels: list[str], labels: Labels, obs: ObservationSet,
               start: np.ndarray, units: Encoded, windows: bool = True) -> None:
        """Combine epochs into one status, apply limit windows (unless not `windows`: then limit
        rows keep their zone status), and name the versions used."""
        cols = self.cols
        # one epoch, or all epochs agree: that status; they disagree: possible; none known: n/a
        status = np.where(self.lo == self.hi, self.lo, POSSIBLE).astype(np.int8)
        status[self.hi < 0] = NOT_APPLICABLE
        never = self.hi < 0  # no epoch located the report: unbound, or no feature version
        reason = cols["reason"]
        if never.any():
            for c in LOCATED_COLUMNS:
                cols[c][never] = COLUMNS[c][1]
            reason[never & (reason == 0)] = 4
        if clause.kind == "limit" and windows:
            for _, maximum, sel in limit_keys(clause, reason, (units[0][self.obs], units[1])):
                rows = self.obs[sel]
                status[sel], w = windowed(status[sel], start[rows], obs.count[rows], maximum,
                                          clause.window_days)
                cols["lower"][sel], cols["upper"][sel] = w.lower, w.upper
                cols["window_end"][sel] = w.window_end
        cols["status"][:] = status
        masks = self.epoch_mask
        present: np.ndarray
        if masks.shape[1] == 1 and len(masks) and not (masks != masks[:1]).any():  # one set of epochs
            present, which = masks[:1], np.zeros(len(masks), np.int64)
        elif masks.shape[1] == 1 and masks.max(initial=0) < 1 << 16:
            seen = np.bincount(masks[:, 0].astype(np.int64))
            present = np.flatnonzero(seen)[:, None]
            which = np.cumsum(seen > 0)[masks[:, 0].astype(np.int64)] - 1  # rank among the present
        else:
            present, which = np.unique(masks, axis=0, return_inverse=True)
        codes = np.array([labels.code(" | ".join(dict.fromkeys(
            epoch_labels[e] for e in range(len(epoch_labels))
            if int(words[e // 64]) >> (e % 64) & 1 and epoch_labels[e]))) for words in present], np.int32)
        cols["versions"][:] = codes[np.asarray(which).reshape(-1)]


def clause_rows(reasons: list[np.ndarray], every_pair: bool, epochs: int = 64) -> tuple[
        Columns, list[ClauseRows]]:
    """Columns for all clauses and each clause's writer, for a check over `epochs` epochs."""
    columns = Columns([len(r) if every_pair else int(np.count_nonzero(r == 0)) for r in reasons])
    return columns, [ClauseRows(r, every_pair, columns, k, epochs) for k, r in enumerate(reasons)]
