"""Rows of text built by one compiled pass: pieces of a shared dictionary and formatted numbers.

A `Text` describes every row as the same list of slots. A slot is either a piece of text
(a per-row id into the pieces, or -1 to leave it out) or a number written by the kernel:
fixed decimals with trailing zeros trimmed, a distance in words ('4.2 km', '350 m'), an
integer, or an ISO date. Sentences, CSV lines and JSON objects are all built this way, a batch
of rows at a time, into one Arrow string array.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pyarrow as pa
from numba import njit

FIXED, KM, INT, DATE = 0, 1, 2, 3
_POWERS = np.array([10.0 ** k for k in range(19)])  # exact up to 1e18
_SCALES = np.array([10 ** k for k in range(19)], np.uint64)
_TENS = np.array([10 ** k for k in range(20)], np.uint64)  # 10**19 < 2**64
_PAIRS = np.frombuffer("".join(f"{i:02d}" for i in range(100)).encode(), np.uint8).copy()  # '00'..'99'
_U1, _U2, _U10, _U48, _U100 = (np.uint64(k) for k in (1, 2, 10, 48, 100))


@njit(cache=True, inline="always")
def _put(out: np.ndarray, end: np.uint64, u: np.uint64, n: int) -> None:  # pragma: no cover - compiled
    """Write the last n decimal digits of u just before `end`, two at a time."""
    at = end
    while n >= 2:
        q = u // _U100
        d = (u - q * _U100) * _U2
        at -= _U2
        out[at] = _PAIRS[d]
        out[at + _U1] = _PAIRS[d + _U1]
        u = q
        n -= 2
    if n:
        out[at - _U1] = _U48 + u % _U10


@njit(cache=True, inline="always")
def _digits(out: np.ndarray, p: int, v: int | np.int64 | np.uint64) -> int:  # pragma: no cover - compiled
    """Write the non-negative integer v; returns the new position (unsigned arithmetic: no
    floor-division or wrap-around tests; digits counted by comparison, not division)."""
    u = np.uint64(v)
    n = 1
    while n < 20 and u >= _TENS[n]:
        n += 1
    _put(out, np.uint64(p + n), u, n)
    return p + n


@njit(cache=True, inline="always")
def _padded(out: np.ndarray, p: int, v: int | np.int64, width: int) -> int:  # pragma: no cover - compiled
    _put(out, np.uint64(p + width), np.uint64(v), width)
    return p + width


@njit(cache=True, nogil=True, inline="always")
def _km(out: np.ndarray, p: int, code: np.int64) -> int:  # pragma: no cover - compiled
    """A distance coded as tenths-or-metres * 3 + (0: metres, 1: km, 2: nan): '4.2 km', '350 m'."""
    t, how = code // 3, code % 3
    if how == 2:
        for ch in (110, 97, 110, 32, 109):  # 'nan m'
            out[p] = ch
            p += 1
        return p
    if how == 1:
        p = _digits(out, p, t // 10)
        out[p] = 46
        out[p + 1] = 48 + t % 10
        out[p + 2], out[p + 3], out[p + 4] = 32, 107, 109  # ' km'
        return p + 5
    p = _digits(out, p, t)
    out[p], out[p + 1] = 32, 109  # ' m'
    return p + 2


@njit(cache=True, nogil=True, inline="always")
def _iso_date(out: np.ndarray, p: int, days: np.int64) -> int:  # pragma: no cover - compiled
    """Days since 1970-01-01 as YYYY-MM-DD (Howard Hinnant's civil_from_days)."""
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y = yoe + era * 400 + (1 if m <= 2 else 0)
    p = _padded(out, p, y, 4)
    out[p] = 45
    p = _padded(out, p + 1, m, 2)
    out[p] = 45
    return _padded(out, p + 1, d, 2)


@njit(cache=True, nogil=True, inline="always")
def _number(out: np.ndarray, p: int, x: float, kind: int, dec: int, data: np.ndarray, offs: np.ndarray,
            null: int) -> int:  # pragma: no cover - compiled
    if kind == KM:
        return _km(out, p, np.int64(x))
    if x != x or abs(x) == np.inf:
        a = np.uint64(offs[null])
        size = np.uint64(offs[null + 1]) - a
        at = np.uint64(p)
        for j in range(size):
            out[at + j] = data[a + j]
        return p + int(size)
    if kind == INT:
        v = np.int64(x)
        if v < 0:
            out[p] = 45
            p += 1
            v = -v
        return _digits(out, p, v)
    if kind == DATE:
        return _iso_date(out, p, np.int64(x))
    scaled = np.rint(x * _POWERS[dec])
    if scaled < 0:
        out[p] = 45
        p += 1
        scaled = -scaled
    k, ten = np.uint64(scaled), np.uint64(10)
    if dec == 9:  # the usual decimals with constant divisors (multiplications once compiled)
        whole = k // np.uint64(1_000_000_000)
    elif dec == 6:
        whole = k // np.uint64(1_000_000)
    elif dec == 3:
        whole = k // np.uint64(1000)
    else:
        whole = k // _SCALES[dec]
    p = _digits(out, p, whole)
    frac = k - whole * _SCALES[dec]
    if frac:
        width = dec
        while frac % ten == 0:
            frac //= ten
            width -= 1
        out[p] = 46
        p = _padded(out, p + 1, frac, width)
    return p


@njit(cache=True, nogil=True)
def _bound(offs: np.ndarray, codes: np.ndarray, slot_num: np.ndarray, null: np.ndarray
           ) -> int:  # pragma: no cover - compiled
    """An upper bound of the bytes the rows need: pieces, and 32 bytes or the null per number.
    `codes` is slots x rows."""
    slots, n = codes.shape
    total = 0
    for s in range(slots):
        m = slot_num[s]
        number = 32 + offs[null[m] + 1] - offs[null[m]] if m >= 0 else 0
        for i in range(n):
            c = codes[s, i]
            if c >= 0:
                total += offs[c + 1] - offs[c] if m < 0 else number
    return total


@njit(cache=True, nogil=True)
def _assemble(data: np.ndarray, offs: np.ndarray, codes: np.ndarray, nums: np.ndarray, slot_num: np.ndarray,
              kind: np.ndarray, dec: np.ndarray, null: np.ndarray, out: np.ndarray,
              out_offs: np.ndarray) -> int:  # pragma: no cover
    """Write every row: `codes` is slots x rows, `nums` numbers x rows, read a block of rows at
    a time into row-major scratch (reading slot by slot along the rows is what is fast)."""
    p = 0
    slots, n = codes.shape
    numbers = nums.shape[0]
    block = 64
    c_rows = np.empty((block, slots), np.int32)
    x_rows = np.empty((block, numbers), np.float64)
    for b in range(0, n, block):
        rows = min(block, n - b)
        for s in range(slots):
            for r in range(rows):
                c_rows[r, s] = codes[s, b + r]
        for m in range(numbers):
            for r in range(rows):
                x_rows[r, m] = nums[m, b + r]
        for r in range(rows):
            out_offs[b + r] = p
            for s in range(slots):
                c = c_rows[r, s]
                if c < 0:
                    continue
                m = slot_num[s]
                if m < 0:  # unsigned indices: no wrap-around test per byte, so the copy vectorizes
                    a = np.uint64(offs[c])
                    size = np.uint64(offs[c + 1]) - a
                    at = np.uint64(p)
                    for j in range(size):
                        out[at + j] = data[a + j]
                    p += np.int64(size)  # type: ignore[assignment]
                else:
                    p = _number(out, p, x_rows[r, m], kind[m], dec[m], data, offs, null[m])
    out_offs[n] = p
    return p


def km_codes(metres: np.ndarray) -> np.ndarray:
    """Distances prepared for the KM slot: tenths of a km (from 1 km) or whole metres, rounded
    exactly as Python's f'{x:.1f}' / f'{x:.0f}' would."""
    a = np.abs(np.asarray(metres, np.float64))
    nan = np.isnan(a)
    a = np.where(nan, 0.0, a)
    big = a >= 1000
    scaled = a / 1000 * 10
    tenths = np.rint(scaled)
    for i in np.flatnonzero(big & (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)):
        tenths[i] = round(float(f"{a[i] / 1000:.1f}") * 10)  # near a tie: as Python rounds
    t = np.where(big, tenths, np.rint(a))
    return t * 3 + np.where(nan, 2, big.astype(np.int64))


def _bytes(arr: pa.Array) -> tuple[np.ndarray, memoryview | bytes]:
    """The lengths of a string array's values and their bytes, back to back."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    offsets = np.frombuffer(arr.buffers()[1], np.int32)[arr.offset:arr.offset + len(arr) + 1]
    data = arr.buffers()[2]
    raw = memoryview(data)[offsets[0]:offsets[-1]] if data is not None else b""
    return np.diff(offsets).astype(np.int64), raw


#: Lists of pieces up to this many are kept, escaped and measured, between `Text`s.
LISTED_MAX = 1024
Piece = tuple[pa.Array, np.ndarray, memoryview | bytes]


def _piece(arr: pa.Array, escape: Callable[[pa.Array], pa.Array] | None) -> Piece:
    arr = arr.cast(pa.string())
    arr = arr if escape is None else escape(arr)
    return (arr, *_bytes(arr))


@functools.lru_cache(maxsize=4096)
def _listed(values: tuple[str, ...], escape: Callable[[pa.Array], pa.Array] | None) -> Piece:
    """Pieces given as a list (literals, a clause's words), the same in every batch: made once."""
    return _piece(pa.array(values, pa.string()), escape)


class Text:
    """Rows of text as slots over shared pieces; `build` runs the kernel. A slot no row uses
    is not kept (it writes nothing)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.pieces: list[pa.Array] = []
        self.parts: list[tuple[np.ndarray, memoryview | bytes]] = []  # each piece's lengths and bytes
        self.size = 0
        self._literal: dict[tuple[int, str], int] = {}
        self._escape: Callable[[pa.Array], pa.Array] | None = None
        self.codes: list[np.ndarray] = []
        self.slot_num: list[int] = []
        self.nums: list[np.ndarray] = []
        self.spec: list[tuple[int, int, int]] = []  # kind, decimals, null piece
        self._last_lit: str | None = None  # the last slot's text when it is a literal on every row

    def add_pieces(self, values: pa.Array | list[str]) -> int:
        """Add pieces; returns the id of the first."""
        if isinstance(values, pa.Array):
            arr, lengths, raw = _piece(values, self._escape)
        elif len(values) <= LISTED_MAX:
            arr, lengths, raw = _listed(tuple(values), self._escape)
        else:
            arr, lengths, raw = _piece(pa.array(values, pa.string()), self._escape)
        self.pieces.append(arr)
        self.parts.append((lengths, raw))
        base, self.size = self.size, self.size + len(arr)
        return base

    def literal_id(self, text: str) -> int:
        key = (id(self._escape), text)
        if key not in self._literal:
            self._literal[key] = self.add_pieces([text])
        return self._literal[key]

    def escaped(self, escape: Callable[[pa.Array], pa.Array] | None) -> Text:
        """Pieces and literals added from now on pass through `escape` (None: as given), each
        escaped once: for escaping done character by character (JSON, CSV quotes), the rows then
        hold their text escaped as a whole. Numbers are never escaped."""
        self._escape, self._last_lit = escape, None
        return self

    def state(self) -> tuple[int, int]:
        """Where the slots end now, for `undo`."""
        return len(self.codes), len(self.nums)

    def undo(self, state: tuple[int, int]) -> Text:
        """Drop the slots added since `state` (their pieces stay, unused)."""
        slots, nums = state
        del self.codes[slots:], self.slot_num[slots:], self.nums[nums:], self.spec[nums:]
        self._last_lit = None
        return self

    def defuse(self, slot: int, risky: tuple[str, ...]) -> bool:
        """Put a ' before slot `slot` on the rows whose piece there begins with one of `risky`
        (a CSV cell a spreadsheet would run as a formula). False, and nothing changed, unless
        that slot is a non-empty piece on every row, which alone decides how the text begins."""
        if slot >= len(self.codes):  # no row has a slot there
            return False
        ids = self.codes[slot]
        if self.slot_num[slot] >= 0 or not len(ids) or (ids < 0).any():
            return False
        unique, inverse = np.unique(ids, return_inverse=True)
        starts = np.cumsum([0] + [len(p) for p in self.pieces])
        first = []
        for c in unique.tolist():
            j = int(np.searchsorted(starts, c, side="right")) - 1
            text = self.pieces[j][c - int(starts[j])].as_py()
            if not text:
                return False
            first.append(text.startswith(risky))
        mark = np.where(np.array(first, bool)[inverse.reshape(-1)], self.literal_id("'"), -1)
        self.codes.insert(slot, mark.astype(np.int32))
        self.slot_num.insert(slot, -1)
        return True

    def lit(self, text: str, when: np.ndarray | None = None) -> Text:
        """The same text on every row (or where `when`); two in a row on every row are one slot."""
        if when is None and self._last_lit is not None:
            text = self._last_lit + text
            self.codes[-1] = np.full(self.n, self.literal_id(text), np.int32)
            self._last_lit = text
            return self
        if when is not None and not when.any():
            return self
        code = self.literal_id(text)
        self.piece(np.full(self.n, code, np.int32) if when is None else
                   np.where(when, code, -1).astype(np.int32))
        self._last_lit = text if when is None else None
        return self

    def piece(self, ids: np.ndarray) -> Text:
        """Piece `ids[i]` on row i (-1: nothing)."""
        ids = np.asarray(ids, np.int32)
        if not len(ids) or ids.max() < 0:
            return self
        self.codes.append(ids)
        self.slot_num.append(-1)
        self._last_lit = None
        return self

    def column(self, values: pa.Array, null: str = "", when: np.ndarray | None = None) -> Text:
        """Row i's own text from a column of n strings (nulls write `null`)."""
        base = self.add_pieces(values)
        ids = np.arange(base, base + self.n, dtype=np.int64)
        nulls = values.is_null().to_numpy(zero_copy_only=False) if values.null_count else None
        if nulls is not None:
            ids[nulls] = self.literal_id(null)
        return self.piece(ids if when is None else np.where(when, ids, -1))

    def number(self, values: np.ndarray, kind: int = FIXED, dec: int = 0, null: str = "",
               when: np.ndarray | None = None) -> Text:
        """A number on every row (or where `when`); NaN writes `null` (KM: 'nan m')."""
        if when is not None and not when.any():
            return self
        self.nums.append(np.asarray(values, np.float64))
        self.spec.append((kind, dec, self.literal_id(null)))
        self.slot_num.append(len(self.nums) - 1)
        ids = np.zeros(self.n, np.int32) if when is None else np.where(when, 0, -1).astype(np.int32)
        self.codes.append(ids)
        self._last_lit = None
        return self

    def build(self) -> pa.Array:
        """Every row's text."""
        if self.n == 0:
            return pa.array([], pa.string())
        parts = self.parts or [(np.zeros(1, np.int64), b"")]
        lengths = np.concatenate([lens for lens, _ in parts])
        offs = np.concatenate([[0], np.cumsum(lengths)])
        data = np.frombuffer(b"".join(raw for _, raw in parts), np.uint8)
        codes = np.stack(self.codes) if self.codes else np.empty((0, self.n), np.int32)
        slot_num = np.array(self.slot_num, np.int64)
        numbered = np.flatnonzero(slot_num >= 0)
        kept = slot_num[numbered]
        slot_num[numbered] = np.arange(len(numbered))
        nums = np.stack([self.nums[m] for m in kept]) if len(kept) else np.zeros((1, self.n))
        spec = np.array([self.spec[m] for m in kept] or [(0, 0, 0)], np.int64)
        out = np.empty(_bound(offs, codes, slot_num, spec[:, 2]), np.uint8)
        out_offs = np.empty(self.n + 1, np.int64)
        end = _assemble(data, offs, codes, nums, slot_num, spec[:, 0], spec[:, 1], spec[:, 2], out, out_offs)
        kind = pa.large_string() if end >= 2**31 else pa.string()
        arr = pa.Array.from_buffers(kind, self.n, [None, pa.py_buffer(
            out_offs if end >= 2**31 else out_offs.astype(np.int32)), pa.py_buffer(out[:end])])
        return arr
