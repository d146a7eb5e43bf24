"""Verdict files: JSON document, JSON Lines, GeoJSON, CSV and GeoParquet, out and back in.

Writers stream the verdict set an Arrow batch at a time through `standoff.files.write_atomic`
(a temporary file that replaces the target only when complete); `load_result` reads any of
them back as the same `CheckResult` that `standoff.check` returns, and writing that again
gives the same bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from standoff.engine.result import CheckResult
from standoff.engine.table import (
    BATCH_ROWS,
    OBSERVATION_FIELDS,
    ArrowColumns,
    metadata,
    observation_table,
    row_schema,
)
from standoff.files import write_atomic
from standoff.report.loaders import load_result
from standoff.report.rowtext import csv_run
from standoff.report.writers import (
    FORMATS,
    Batch,
    DocumentWriter,
    Sink,
    chunks,
    geometry_json,
    geometry_wkb,
    output_format,
    release_freed_memory,
)

#: Rows per batch of the text formats (smaller than GeoParquet's: two are formatted at once).
TEXT_ROWS = 1 << 15

__all__ = ["FORMATS", "load_result", "observation_geometry", "output_format", "render", "write_result"]


def observation_geometry(result: CheckResult, fmt: str, at: np.ndarray | None = None,
                         areas: list[Any] | None = None) -> pa.Array | None:
    """Each observation's geometry as `fmt` writes it (WKB, GeoJSON text), None for formats without;
    `at`: only the observations at these positions, in that order (`areas`: the observations'
    areas when known to be empty or already looked up)."""
    obs = result.observations
    if fmt not in ("parquet", "geojson"):
        return None
    areas = obs.area if areas is None else areas
    lon, lat = (obs.lon, obs.lat) if at is None else (obs.lon[at], obs.lat[at])
    if at is not None and areas:
        areas = [areas[j] for j in at.tolist()]
    return (geometry_wkb if fmt == "parquet" else geometry_json)(lon, lat, areas)


#: Reports whose text `_report_text` makes at a time (its scratch memory grows with them).
REPORT_TEXT_ROWS = 1 << 17


def _report_text(arrow: ArrowColumns) -> tuple[list[str], pa.Array]:
    """The report's own columns at the head of each CSV line (observation_id .. activity) as
    text, made once per report: its lines take that text, not format those columns again. The
    Arrow columns it was made from are let go (the lines no longer take them). CSV only: the
    JSON formats' text of these columns (keys included) would hold about twice the memory."""
    names = [name for name, _ in OBSERVATION_FIELDS]
    cols = {**arrow.obs, **arrow.coded_obs}
    n = len(cols[names[0]])
    parts = [csv_run(pa.table({name: cols[name].slice(start, REPORT_TEXT_ROWS) for name in names}))
             for start in range(0, n, REPORT_TEXT_ROWS)] or [pa.array([], pa.string())]
    if sum(p.nbytes for p in parts) >= 2**31 - 2**24:  # offsets past int32
        parts = [p.cast(pa.large_string()) for p in parts]
    text = parts[0] if len(parts) == 1 else pa.concat_arrays(parts)
    for kept in (arrow.obs, arrow.coded_obs):
        for name in names:
            if name in kept:
                kept[name] = pa.nulls(0, kept[name].type)
    return names, text


def _batches(result: CheckResult, fmt: str) -> Iterator[Callable[[], Batch]]:
    """Functions that each make one batch of rows and their geometry (run in the writer's
    threads); text formats get the clause's columns dictionary-coded (`ArrowColumns.batch`), CSV
    the report's columns as text made once per report (`_report_text`)."""
    areas = result.observations.area if any(result.observations.area) else []
    arrow = ArrowColumns(result, extra=True)
    _ = arrow.obs, arrow.clause, arrow.is_limit, result.templates  # made once, before the threads
    _ = result.sentence_rows(np.arange(0))  # and the report columns the sentences read
    names: list[str] = []
    if fmt != "parquet":
        _ = arrow.coded_obs
    if fmt == "csv":
        names, report = _report_text(arrow)
    skip = frozenset(names)

    # text formats write each sentence straight into its line (unless read back from a file)
    direct = fmt != "parquet" and result.sentence_override is None

    def make(rows: np.ndarray) -> Batch:
        batch = arrow.batch(rows, coded=fmt != "parquet", sentences=not direct, skip=skip)
        shapes = observation_geometry(result, fmt, result.obs_index[rows], areas)
        if fmt == "parquet":
            return batch, shapes
        segments = {names[0]: (len(names), report.take(pa.array(result.obs_index[rows])))} if names else None
        if not direct:
            return batch, shapes, None, segments
        sentences = functools.partial(result.templates.append, r=result.sentence_rows(rows))
        return batch, shapes, sentences, segments

    step = BATCH_ROWS if fmt == "parquet" else TEXT_ROWS  # GeoParquet's row groups are BATCH_ROWS
    for start in range(0, len(result), step):
        yield functools.partial(make, np.arange(start, min(len(result), start + step)))


def _encoder_thread_wanted(rows: int) -> bool:
    """Whether GeoParquet's encoder runs in a thread of its own: more than one batch on a machine
    with more than one core (`STANDOFF_THREADS=1` keeps one thread, `=N` decides alone). The
    encoder holds the GIL only to start and end a batch, so on a busy machine the thread costs
    little more than the scheduler's handoffs (see benchmarks/RESULTS.md, outputs)."""
    import os

    setting = os.environ.get("STANDOFF_THREADS", "")
    if setting.isdigit():
        return int(setting) > 1
    return rows > BATCH_ROWS and (os.cpu_count() or 1) > 1


def _chunks(result: CheckResult, fmt: str) -> Iterator[bytes | memoryview]:
    meta = metadata(result)
    if fmt != "json":
        threads = 1 if fmt == "parquet" and _encoder_thread_wanted(len(result)) else None
        yield from chunks(fmt, row_schema(result), meta, _batches(result, fmt), threads=threads)
        return
    sink = Sink()
    doc = DocumentWriter(sink, row_schema(result), {**meta, "summary": result.summary()})  # type: ignore[arg-type]
    areas = result.observations.area
    lines = doc.rows_text(observation_table(result, extra=True))
    if any(areas):
        import json

        values = lines.to_pylist()
        for i, ring in enumerate(areas):
            if ring:
                values[i] = values[i][:-1] + ',"area":' + json.dumps([list(p) for p in ring]) + "}"
        lines = pa.array(values, pa.string())
    doc.observations_text(lines)
    doc.start_verdicts()
    yield from sink.drain()
    yield from chunks(fmt, row_schema(result), meta, _batches(result, fmt), writer=doc)


def render(result: CheckResult, fmt: str) -> str:
    """The result as text in one of the text formats (json, jsonl, geojson, csv)."""
    output_format(f"verdicts.{fmt}")
    return b"".join(_chunks(result, fmt)).decode("utf-8")


def write_result(result: CheckResult, path: str | Path) -> Path:
    """Write every verdict to a file whose suffix names the format (see `output_format`)."""
    path = Path(path)
    fmt = output_format(path)
    if len(result) >= BATCH_ROWS:  # before a large file's batches take memory of their own
        release_freed_memory()
    return write_atomic(path, _chunks(result, fmt))


