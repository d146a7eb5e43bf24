"""Verdicts of a partition kept on disk clause by clause, and limit windows kept in memory.

A check over more reports than fit in memory runs batch by batch. Each batch's verdict rows
are written to one spill file per clause (Arrow IPC, lz4), so that reading the spills back in
clause order gives the rows in the order a check of the whole input gives them. Rows of limit
clauses cannot be finished batch by batch: a window of 7 days may hold reports of any batch.
For those the batch check keeps each report's zone status (`check(..., windows=False)`), and
the partition keeps only what the windows need: per window key (limit clause and unit type)
each counted row's position, day, count and zone status, whether it lies in the zone, and its
report's id. `Windows` sums them across every batch and partition at the end and gives each
counted row its final status, bounds and window; `Partition.rows` patches them in as the spills
are read back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from standoff.engine import CheckResult
from standoff.engine import epochs as ep
from standoff.engine.check import unit_codes
from standoff.engine.limits import windowed
from standoff.engine.result import REASONS
from standoff.engine.rows import encode, limit_keys
from standoff.engine.sentences import Rows, Templates
from standoff.engine.summaries import worst_window
from standoff.engine.table import BATCH_ROWS, ROW_SCHEMA, ArrowColumns
from standoff.errors import StandoffError
from standoff.model import STATUSES, Clause, LimitResult, Pack
from standoff.report.verdicts import observation_geometry

Key = tuple[int, str]  # (clause index, unit type)
#: What a limit row's sentence needs besides its written columns: its report's days and instants.
TIMES = ("_start", "_end", "_start_s", "_end_s")
KEPT = ("pos", "start", "count", "status", "in_zone", "day")


@dataclass
class Counted:
    """What one window key keeps of one partition: its counted rows, in row order."""

    parts: dict[str, list[np.ndarray]] = field(default_factory=lambda: {c: [] for c in KEPT})
    ids: list[pa.Array] = field(default_factory=list)

    def column(self, name: str) -> np.ndarray:
        parts = self.parts[name]
        return np.concatenate(parts) if parts else np.zeros(0)


@dataclass
class Tally:
    """What a partition hands to the reduction: window inputs, status counts, rows and reports."""

    counted: dict[Key, Counted]
    counts: np.ndarray  # clauses x 4 status counts, limit rows by their zone status
    rows: np.ndarray  # rows per clause
    reports: int


def _geometry_type(fmt: str) -> pa.DataType | None:
    return {"parquet": pa.binary(), "geojson": pa.string()}.get(fmt)


class Partition:
    """One partition's verdicts, spilled to `folder` clause by clause as batches are checked."""

    def __init__(self, folder: Path, pack: Pack, clauses: list[tuple[str, Clause]], fmt: str,
                 at: date | None = None) -> None:
        self.folder, self.pack, self.clauses, self.fmt, self.at = folder, pack, clauses, fmt, at
        self.row_schema = ROW_SCHEMA  # then the input's extra columns, as the first batch has them
        self.schema = ROW_SCHEMA
        self.writers: dict[int, pa.ipc.RecordBatchStreamWriter] = {}
        n = len(clauses)
        self.tally = Tally({(k, u): Counted() for k, (_, c) in enumerate(clauses) if c.kind == "limit"
                            for u in c.max or {}}, np.zeros((n, 4), np.int64), np.zeros(n, np.int64), 0)

    def spill(self, k: int) -> Path:
        return self.folder / f"clause-{k:04d}.arrows"

    def add(self, result: CheckResult) -> None:
        """Spill a batch's rows (checked with windows=False) and keep its window inputs."""
        arrow = ArrowColumns(result, extra=True)
        if self.tally.reports == 0:
            kind = _geometry_type(self.fmt)
            self.row_schema = arrow.schema
            self.schema = arrow.schema if kind is None else arrow.schema.append(pa.field("geometry", kind))
        geometry = observation_geometry(result, self.fmt)
        obs = result.observations
        start = ep.intervals(obs, self.at)[0]
        units = unit_codes(encode(obs.unit), self.pack)
        for k, (_, clause) in enumerate(self.clauses):
            rows = result.clause_rows(k)
            self.tally.counts[k] += np.bincount(result.status[rows], minlength=4)[:4]
            if clause.kind == "limit":
                self._keep(k, clause, result, rows, start, units)
            self.tally.rows[k] += len(rows)
            if len(rows):
                self._write(k, arrow.batch(rows), geometry, result.obs_index[rows],
                            _times(result, rows) if clause.kind == "limit" else {})
        self.tally.reports += len(obs)

    def _keep(self, k: int, clause: Clause, result: CheckResult, rows: np.ndarray, start: np.ndarray,
              units: tuple[np.ndarray, list[str]]) -> None:
        i = result.obs_index[rows]
        for unit, _, sel in limit_keys(clause, result.reason[rows], (units[0][i], units[1])):
            kept, at, obs = self.tally.counted[(k, unit)], rows[sel], i[sel]
            for name, values in (("pos", sel + self.tally.rows[k]), ("start", start[obs]),
                                 ("count", result.observations.count[obs]), ("status", result.status[at]),
                                 ("in_zone", result.margin_m[at] >= -result.tolerance_m[at]),
                                 ("day", result.observations.time[obs].astype(np.int64))):
                kept.parts[name].append(values)
            kept.ids.append(pa.array(result.observations.id[obs], pa.string()))

    def _write(self, k: int, batch: pa.RecordBatch, geometry: pa.Array | None, obs: np.ndarray,
               times: dict[str, np.ndarray]) -> None:
        if batch.schema != self.row_schema:
            try:
                batch = batch.cast(self.row_schema)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
                raise StandoffError(f"the input's columns change between batches: {batch.schema.names} "
                                    f"{batch.schema.types} after {self.row_schema.types}") from None
        columns = batch.columns if geometry is None else [*batch.columns, geometry.take(pa.array(obs))]
        schema = self.schema
        for name, values in times.items():
            columns.append(pa.array(values, pa.int64()))
            schema = schema.append(pa.field(name, pa.int64()))
        if k not in self.writers:
            options = pa.ipc.IpcWriteOptions(compression="lz4")
            self.writers[k] = pa.ipc.new_stream(str(self.spill(k)), schema, options=options)
        self.writers[k].write_batch(pa.RecordBatch.from_arrays(columns, schema=schema))

    def close(self) -> Tally:
        """Finish the spill files; what the reduction needs."""
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()
        return self.tally

    def rows(self, patches: dict[int, Patch]) -> Iterator[tuple[pa.RecordBatch, pa.Array | None]]:
        """The partition's rows in clause order, limit rows finished with `patches` (by clause)."""
        templates = Templates(self.pack, self.clauses, [""])
        for k in range(len(self.clauses)):
            if not self.spill(k).exists():
                continue
            offset = 0
            with pa.OSFile(str(self.spill(k))) as raw, pa.ipc.open_stream(raw) as reader:
                for batch in reader:
                    if k in patches:
                        batch = patches[k].apply(batch, k, offset, templates)
                    offset += len(batch)
                    geometry = batch.column("geometry") if "geometry" in batch.schema.names else None
                    yield batch.select(self.row_schema.names), geometry


def rebatch(batches: Iterator[tuple[pa.RecordBatch, pa.Array | None]], rows: int = BATCH_ROWS
            ) -> Iterator[tuple[pa.RecordBatch, pa.Array | None]]:
    """The same rows cut every `rows` rows, as `record_batches` cuts a whole result (a GeoParquet
    file gets the same row groups, hence the same bytes)."""
    held: list[pa.RecordBatch] = []
    geos: list[pa.Array] = []
    size = 0
    for batch, geometry in batches:
        held.append(batch)
        geos += [] if geometry is None else [geometry]
        size += len(batch)
        while size >= rows:
            table = pa.Table.from_batches(held).combine_chunks()
            geo = pa.concat_arrays(geos) if geos else None
            yield _one(table, 0, rows), None if geo is None else geo.slice(0, rows)
            size -= rows
            held = [_one(table, rows, size)] if size else []
            geos = [geo.slice(rows)] if geo is not None and size else []
    if size:
        yield _one(pa.Table.from_batches(held), 0, size), pa.concat_arrays(geos) if geos else None


def _one(table: pa.Table, start: int, rows: int) -> pa.RecordBatch:
    """Rows start .. start + rows of a table as one record batch."""
    return table.slice(start, rows).combine_chunks().to_batches()[0]


@dataclass
class Patch:
    """Final values of one clause's counted rows in one partition, by row position (ascending)."""

    pos: np.ndarray
    status: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    window_end: np.ndarray

    def apply(self, batch: pa.RecordBatch, k: int, offset: int, templates: Templates) -> pa.RecordBatch:
        """The batch (rows offset .. of clause k) with the counted rows' windows and sentences."""
        a, b = np.searchsorted(self.pos, [offset, offset + len(batch)])
        if a == b:
            return batch
        at = self.pos[a:b] - offset
        mask = np.zeros(len(batch), bool)
        mask[at] = True
        cols = {name: batch.column(name) for name in batch.schema.names}

        def put(name: str, values: pa.Array) -> None:
            cols[name] = pc.replace_with_mask(cols[name], pa.array(mask), values)

        status = self.status[a:b]
        put("status", pa.array(STATUSES, pa.string()).take(pa.array(status)))
        put("lower", pa.array(self.lower[a:b], pa.float64()))
        put("upper", pa.array(self.upper[a:b], pa.float64()))
        put("window_end", pa.array(self.window_end[a:b].astype("datetime64[D]"), pa.date32()))
        picked = batch.take(pa.array(at))
        put("sentence", _sentences(picked, k, status, self.lower[a:b], self.upper[a:b],
                                   self.window_end[a:b], templates))
        return pa.RecordBatch.from_arrays([cols[n] for n in batch.schema.names], schema=batch.schema)


def _times(result: CheckResult, rows: np.ndarray) -> dict[str, np.ndarray]:
    """The days and instants of the reports of some rows (`sentences.Rows`: start .. end_s)."""
    i = result.obs_index[rows]
    (start, end), (start_s, end_s) = result.days, result.observations.instants()
    return dict(zip(TIMES, (start[i], end[i], start_s[i], end_s[i]), strict=True))


def _numbers(col: pa.Array, default: float = np.nan) -> np.ndarray:
    values: np.ndarray = pc.fill_null(col.cast(pa.float64()), default).to_numpy(zero_copy_only=False)
    return values


def _sentences(rows: pa.RecordBatch, k: int, status: np.ndarray, lower: np.ndarray, upper: np.ndarray,
               window_end: np.ndarray, templates: Templates) -> pa.Array:
    """The sentences of some rows of clause k from their written columns and final window values."""
    versions, decided = (pc.fill_null(rows.column(c), "") for c in ("feature_versions", "decided_by"))
    labels = pc.unique(pa.concat_arrays([pa.array([""], pa.string()), versions, decided]))
    own = Templates(templates.pack, templates.clauses, labels.to_pylist())
    n = len(rows)

    def codes(col: pa.Array, within: pa.Array) -> np.ndarray:
        found: np.ndarray = pc.index_in(col, value_set=within).to_numpy(zero_copy_only=False)
        return found.astype(np.int64)

    return own.fill(Rows(
        clause=np.full(n, k, np.int64), status=status, reason=codes(pc.fill_null(rows.column("reason"), ""),
                                                                   pa.array(REASONS, pa.string())),
        margin_m=_numbers(rows.column("margin_m")), tolerance_m=_numbers(rows.column("tolerance_m"), 0.0),
        distance_m=_numbers(rows.column("distance_m")), decider=codes(decided, labels),
        versions=codes(versions, labels), lower=lower, upper=upper, window_end=window_end,
        actor=rows.column("actor"), count=_numbers(rows.column("count")), unit=rows.column("unit"),
        timeless=rows.column("time").is_null().to_numpy(zero_copy_only=False),
        **{name[1:]: rows.column(name).to_numpy() for name in TIMES}))


class Windows:
    """Limit windows over every partition's counted rows (partitions in input order); the
    tallies' counted rows are released key by key as they are summed."""

    def __init__(self, pack: Pack, clauses: list[tuple[str, Clause]], tallies: list[Tally]) -> None:
        self.limits: list[LimitResult] = []
        self.patches: list[dict[int, Patch]] = [{} for _ in tallies]
        self.counts = sum((t.counts for t in tallies), np.zeros((len(clauses), 4), np.int64))
        self.rows = int(sum(int(t.rows.sum()) for t in tallies))
        self.reports = sum(t.reports for t in tallies)
        parts: list[dict[int, list[tuple[np.ndarray, ...]]]] = [{} for _ in tallies]
        for k, (aid, clause) in enumerate(clauses):
            for unit in clause.max or {} if clause.kind == "limit" else {}:
                kept = [t.counted[(k, unit)] for t in tallies]
                col = {name: np.concatenate([c.column(name) for c in kept]) for name in KEPT}
                zone_status = col["status"].astype(np.int8)
                status, w = windowed(zone_status, col["start"].astype(np.int64), col["count"],
                                     clause.max[unit], clause.window_days)  # type: ignore[index]
                self.counts[k] += np.bincount(status, minlength=4)[:4]
                self.counts[k] -= np.bincount(zone_status, minlength=4)[:4]
                ids = pa.chunked_array([a for c in kept for a in c.ids], pa.string())
                bounds = np.cumsum([0, *(sum(len(x) for x in c.parts["pos"]) for c in kept)])
                for c in kept:  # what is left of them is in `col`, `ids` and the patches
                    c.parts, c.ids = {name: [] for name in KEPT}, []
                mine = np.flatnonzero(col["in_zone"].astype(bool))

                def named(at: np.ndarray, m: np.ndarray = mine, ids: pa.ChunkedArray = ids) -> list[str]:
                    found: list[str] = ids.take(pa.array(m[at])).to_pylist()
                    return found

                self.limits.append(worst_window(
                    pack, aid, clause, unit, status[mine], w.lower[mine], w.upper[mine], w.window_end[mine],
                    col["day"].astype(np.int64)[mine], named))
                for p, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
                    parts[p].setdefault(k, []).append((col["pos"][lo:hi].astype(np.int64), status[lo:hi],
                                                       w.lower[lo:hi], w.upper[lo:hi], w.window_end[lo:hi]))
        for p, by_clause in enumerate(parts):
            for k, pieces in by_clause.items():
                merged = [np.concatenate(x) for x in zip(*pieces, strict=True)]
                order = np.argsort(merged[0], kind="stable")
                self.patches[p][k] = Patch(*(m[order] for m in merged))

    def summary(self, clauses: list[tuple[str, Clause]]) -> list[dict[str, object]]:
        """Per clause: rows of each status, pairs without a row counted as not_applicable."""
        counts = self.counts.copy()
        counts[:, 3] = self.reports - counts[:, :3].sum(axis=1)
        return [{"agreement": a, "clause": c.id, "kind": c.kind,
                 **{s: int(counts[k, j]) for j, s in enumerate(STATUSES)}}
                for k, (a, c) in enumerate(clauses)]
