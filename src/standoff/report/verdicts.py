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
from standoff.engine.table import BATCH_ROWS, ArrowColumns, metadata, observation_table, row_schema
from standoff.files import write_atomic
from standoff.report.loaders import load_result
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


def _batches(result: CheckResult, fmt: str) -> Iterator[Callable[[], Batch]]:
    """Functions that each make one batch of rows and their geometry (run in the writer's
    threads); text formats get the clause's columns dictionary-coded (`ArrowColumns.batch`)."""
    areas = result.observations.area if any(result.observations.area) else []
    arrow = ArrowColumns(result, extra=True)
    _ = arrow.obs, arrow.clause, arrow.is_limit, result.templates  # made once, before the threads
    _ = result.sentence_rows(np.arange(0))  # and the report columns the sentences read
    if fmt != "parquet":
        _ = arrow.coded_obs

    # text formats write each sentence straight into its line (unless read back from a file)
    direct = fmt != "parquet" and result.sentence_override is None

    def make(rows: np.ndarray) -> Batch:
        batch = arrow.batch(rows, coded=fmt != "parquet", sentences=not direct)
        shapes = observation_geometry(result, fmt, result.obs_index[rows], areas)
        if not direct:
            return batch, shapes
        return batch, shapes, functools.partial(result.templates.append, r=result.sentence_rows(rows))

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


