"""Columns of event data, one value per event, checked as columns; events expanded to observations.

`Events` holds an event file's columns as arrays of text and the line each event starts on,
so a bad value is refused with its file, line and the file's own field name. `expand` turns
events into observations, one per distinct actor an event names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import numpy as np

from standoff.errors import ObservationError
from standoff.ingest.actornames import ActorNames
from standoff.ingest.codes import warn_unknown_codes
from standoff.model import ObservationSet, Pack

__all__ = ["DATE_FORMATS", "Events", "expand"]

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%d-%m-%Y")


class Events:
    """An event file's columns (arrays of text, one value per event) and each event's line."""

    def __init__(self, path: Path, columns: dict[str, Any], lines: np.ndarray) -> None:
        self.path, self.lines = path, lines
        self.columns: dict[str, Any] = columns  # numpy arrays of text, or Arrow string arrays

    def __len__(self) -> int:
        return len(self.lines)

    def col(self, name: str) -> Any:
        """A column's values as stored, numpy or Arrow text ('' on every event when the file has
        no such column)."""
        found = self.columns.get(name)
        return found if found is not None else np.full(len(self), "", dtype=object)

    def stripped(self, name: str) -> np.ndarray:
        """A column's values without surrounding white space, as an array of Python text."""
        import pyarrow as pa
        import pyarrow.compute as pc

        found = self.col(name)
        arr = found if isinstance(found, pa.Array) else pa.array(found, pa.string())
        return np.asarray(pc.utf8_trim_whitespace(arr).to_numpy(zero_copy_only=False), dtype=object)

    def kept(self, name: str, rows: np.ndarray) -> Any:
        """A column's values at `rows`, as stored (Arrow columns stay Arrow)."""
        found = self.columns[name]
        return found[rows] if isinstance(found, np.ndarray) else found.take(rows)

    def take(self, rows: np.ndarray) -> Events:
        return Events(self.path, {k: self.kept(k, rows) for k in self.columns}, self.lines[rows])

    def refuse(self, bad: np.ndarray, field: str, say: Callable[[str], str]) -> None:
        """An error for the first event where `bad`, naming its line and field."""
        if bad.any():
            i = int(np.argmax(bad))
            raise ObservationError(f"field '{field}': {say(str(self.col(field)[i]))}", file=str(self.path),
                                   line=int(self.lines[i]), field=field)

    @staticmethod
    def mapped(values: Any, fn: Callable[[str], Any]) -> np.ndarray:
        """`fn` of each value (numpy or Arrow text), called once per distinct value."""
        import pyarrow as pa

        if len(values) == 0:
            return np.empty(0, dtype=object)
        arr = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
        coded = arr.dictionary_encode()  # by hash: no sort of the text
        out = np.empty(len(coded.dictionary), dtype=object)
        out[:] = [fn(u) for u in coded.dictionary.to_pylist()]
        return cast(np.ndarray, out[coded.indices.to_numpy(zero_copy_only=False)])

    def matches(self, name: str, pattern: str) -> np.ndarray:
        rx = re.compile(pattern)
        return self.mapped(self.col(name), lambda v: rx.fullmatch(v.strip()) is not None).astype(bool)

    def require(self, name: str, say: str) -> None:
        self.refuse(self.mapped(self.col(name), str.strip) == "", name, lambda _: say)

    def dates(self, name: str, what: str, formats: tuple[str, ...] = DATE_FORMATS) -> np.ndarray:
        """Dates in any of `formats` (datetime64[D])."""
        def parse(text: str) -> np.datetime64:
            for fmt in formats:
                try:
                    return np.datetime64(datetime.strptime(text.strip(), fmt).date(), "D")
                except ValueError:
                    continue
            return np.datetime64("NaT")

        days = self.mapped(self.col(name), parse).astype("datetime64[D]")
        self.refuse(np.isnat(days), name, lambda v: f"'{v}' is not {what}")
        return days

    def choice(self, name: str, allowed: tuple[str, ...], default: str, say: str) -> np.ndarray:
        values = self.mapped(self.col(name), lambda v: v.strip() or default)
        self.refuse(~np.isin(values.astype(str), allowed), name, lambda v: f"'{v.strip()}' {say}")
        return values

    def lookup(self, name: str, table: dict[str, float], say: str) -> np.ndarray:
        values = self.mapped(self.col(name), lambda v: table.get(v.strip(), np.nan)).astype(np.float64)
        self.refuse(np.isnan(values), name, lambda v: f"'{v.strip()}' {say}")
        return values

    def floats(self, name: str, lo: float, hi: float) -> np.ndarray:
        """Numbers in [lo, hi]; a missing or malformed one is refused with its line."""
        def number(text: str) -> float | None:
            try:
                return float(text)
            except ValueError:
                return None

        import pyarrow as pa
        import pyarrow.compute as pc

        found = self.col(name)
        try:  # every value a number: Arrow's cast, no Python object per value
            arr = found if isinstance(found, pa.Array) else pa.array(found, pa.string())
            trimmed = pc.utf8_trim_whitespace(arr)
            out: np.ndarray = pc.cast(trimmed, pa.float64()).to_numpy(zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            values = self.mapped(found, number)
            self.refuse(values == None, name, lambda v: f"'{v}' is not a number" if v.strip()  # noqa: E711
                        else "missing: every event needs one")
            out = values.astype(np.float64)
        self.refuse(~((out >= lo) & (out <= hi)), name, lambda v: f"{float(v):g} is outside [{lo:g}, {hi:g}]")
        return out

    def parts(self, name: str, sep: str) -> list[np.ndarray]:
        """A column of `sep`-separated names as columns: the first name, the second, ..."""
        split = self.mapped(self.col(name), lambda v: [p.strip() for p in v.split(sep) if p.strip()])
        width = max([len(s) for s in split] + [1])
        return [self.mapped(np.array([s[k] if k < len(s) else "" for s in split], dtype=object), str)
                for k in range(width)]


def _kept(codes: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Slots naming an actor no earlier slot of the same event named (events x slots)."""
    kept = np.zeros(present.shape, bool)
    for s in range(present.shape[1]):
        seen = np.zeros(len(present), bool)
        for t in range(s):
            seen |= kept[:, t] & (codes[:, t] == codes[:, s])
        kept[:, s] = present[:, s] & ~seen
    return kept


def _ids(event_ids: np.ndarray, roles: list[str], kept: np.ndarray
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(event, slot) of each observation and its id: the event's id for its first actor, then
    'id/role' and 'id/role.2', ... for the others."""
    first = np.argmax(kept, axis=1)
    slot = np.arange(kept.shape[1])
    rank = np.zeros(kept.shape, np.int64)
    for k, name in enumerate(roles):
        same = [t for t in range(k + 1) if roles[t] == name]
        rank[:, k] = (kept[:, same] & (slot[same][None, :] != first[:, None])).sum(axis=1)
    e, s = np.nonzero(kept)
    r = rank[e, s]
    role = np.array(roles, dtype=object)[s]
    number = np.where(r >= 2, "." + r.astype(str).astype(object), "")
    suffix = np.where(s == first[e], "", "/" + role + number)
    return e, s, event_ids[e] + suffix


def _unique_ids(ev: Events, ids: np.ndarray, e: np.ndarray, field: str) -> None:
    if len(np.unique(ids.astype(str))) == len(ids):
        return
    seen: dict[str, int] = {}
    for i, v in enumerate(ids):  # the error path only: find the repeat
        if v in seen:
            raise ObservationError(f"field '{field}': '{v}' repeats the id of line {ev.lines[e[seen[v]]]}",
                                   file=str(ev.path), line=int(ev.lines[e[i]]), field=field)
        seen[v] = i


def expand(ev: Events, event_ids: np.ndarray, slots: list[tuple[str, np.ndarray]], names: ActorNames | None,
           pack: Pack | None, columns: dict[str, np.ndarray], keep: list[str], *, id_field: str,
           skipped: str = "") -> ObservationSet:
    """Observations, one per distinct actor of each event, with the file's other columns kept."""
    from standoff.ingest.tabular import _warn_if_swapped

    n = len(ev)
    roles = [role for role, _ in slots]
    given = np.stack([names_ for _, names_ in slots], axis=1) if slots else np.empty((n, 0), object)
    codes = Events.mapped(given.ravel(), lambda v: (names.code(v) if names and v else None) or v) \
        .reshape(given.shape)
    e, s, ids = _ids(event_ids, roles, _kept(codes, given != ""))
    _unique_ids(ev, ids, e, id_field)
    taken = {k: v[e] for k, v in columns.items()}
    blank = np.full(len(e), "", dtype=object)
    extra = {"actor_name": given[e, s], "actor_role": np.array(roles, dtype=object)[s] if roles else blank,
             **{c: ev.kept(c, e) for c in keep if c in ev.columns and c not in ("actor_name", "actor_role")}}
    actor = codes[e, s]
    if pack is not None:
        _warn_if_swapped(taken["lon"], taken["lat"], pack, ev.path)
        warn_unknown_codes(actor, blank, pack, ev.path, names=True, skipped=skipped)
    return ObservationSet(
        id=ids, actor=actor, lon=taken["lon"], lat=taken["lat"], radius_m=taken["radius_m"],
        time=taken["time"], time_end=taken["time_end"], count=np.full(len(e), np.nan), unit=blank,
        source=taken["source"], quote=taken["quote"], attribution=blank, confidence=np.ones(len(e)),
        area=[], origin=str(ev.path), activity=taken["activity"], extra=extra)
