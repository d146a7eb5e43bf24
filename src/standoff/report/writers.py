"""Verdict files as they stream: the bytes of each Arrow record batch, for `write_atomic`.

Every format holds the same rows (`standoff.engine.table.ROW_SCHEMA`); the JSON document,
GeoJSON and GeoParquet also hold the metadata needed to read the result back without the pack.
"""

from __future__ import annotations

import io
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from standoff.errors import StandoffError
from standoff.report.rowtext import Segments, Sentences, as_bytes, csv_header, csv_lines, json_lines

#: File suffix -> format name.
SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".geojson": "geojson",
            ".csv": "csv", ".parquet": "parquet", ".geoparquet": "parquet"}
FORMATS = tuple(dict.fromkeys(SUFFIXES.values()))


def output_format(path: str | Path) -> str:
    """The format a verdict file's suffix names, or a StandoffError (before any work is done)."""
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise StandoffError(f"cannot write '{path.name}': the suffix must be one of "
                            f"{', '.join(SUFFIXES)}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StandoffError(f"cannot write {path}: the folder {folder} does not exist")
    return fmt


class Sink(io.RawIOBase):
    """A write-only stream that keeps what it is given until `drain` hands it on."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[bytes | memoryview] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | memoryview) -> int:  # type: ignore[override]
        self.parts.append(bytes(data) if not isinstance(data, bytes | memoryview) else data)
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def drain(self) -> list[bytes | memoryview]:
        parts, self.parts = self.parts, []
        return parts


def point_wkb(lon: np.ndarray, lat: np.ndarray) -> pa.Array:
    """Little-endian WKB points, built as one buffer."""
    n = len(lon)
    rec = np.empty(n, np.dtype([("order", "u1"), ("kind", "<u4"), ("x", "<f8"), ("y", "<f8")]))
    rec["order"], rec["kind"], rec["x"], rec["y"] = 1, 1, lon, lat
    offsets = np.arange(0, 21 * (n + 1), 21, dtype=np.int32)
    return pa.Array.from_buffers(pa.binary(), n, [None, pa.py_buffer(offsets), pa.py_buffer(rec.tobytes())])


def geometry_wkb(lon: np.ndarray, lat: np.ndarray, areas: list[Any]) -> pa.Array:
    """Points, or the area's polygon where an observation has one."""
    wkb = point_wkb(lon, lat)
    with_area = [i for i, a in enumerate(areas) if a]
    if not with_area:
        return wkb
    import shapely

    values = wkb.to_pylist()
    for i in with_area:
        values[i] = shapely.to_wkb(shapely.Polygon(areas[i]))
    return pa.array(values, pa.binary())


def geometry_json(lon: np.ndarray, lat: np.ndarray, areas: list[Any]) -> pa.Array:
    """GeoJSON geometry text for each observation."""
    from standoff.engine.assemble import FIXED, Text

    n = len(lon)
    text = Text(n).lit('{"type":"Point","coordinates":[').number(lon, FIXED, 9, "null").lit(",")
    text = text.number(lat, FIXED, 9, "null").lit("]}").build()
    with_area = [i for i, a in enumerate(areas) if a]
    if not with_area:
        return text
    values = text.to_pylist()
    for i in with_area:
        values[i] = json.dumps({"type": "Polygon", "coordinates": [[list(p) for p in areas[i]]]})
    return pa.array(values, pa.string())


def listed(items: pa.Array, first: bool) -> memoryview:
    """Items of a JSON array, each on a new line after a comma (none before the very first)."""
    data = as_bytes(items)
    return data[1:] if first and len(data) else data


class Writer:
    """Writes batches of verdict rows to one open file; `close` ends the document.

    `encode` turns a batch into what the file holds of it and may run on several batches at
    once, in threads; `put` writes what `encode` made, in row order.
    """

    def __init__(self, out: BinaryIO, schema: pa.Schema, meta: dict[str, Any]) -> None:
        self.out, self.schema, self.meta = out, schema, meta
        self.rows = 0

    def encode(self, batch: pa.RecordBatch, geometry: pa.Array | None = None,
               sentences: Sentences | None = None, segments: Segments | None = None) -> Any:
        """`sentences`: the text formats write each row's sentence from these, not the batch's;
        `segments`: runs of columns whose text is given (`rowtext.Segments`), text formats only."""
        return batch

    def put(self, encoded: Any, rows: int) -> None:
        self.rows += rows

    def write(self, batch: pa.RecordBatch, geometry: pa.Array | None = None,
              sentences: Sentences | None = None) -> None:
        self.put(self.encode(batch, geometry, sentences), len(batch))

    def close(self) -> None:
        pass


def _extra_as_text(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The input's own columns (after ROW_SCHEMA) as text, as CSV reads them back."""
    from standoff.engine.table import ROW_SCHEMA

    if batch.num_columns == len(ROW_SCHEMA):
        return batch
    cols = [c if j < len(ROW_SCHEMA) or pa.types.is_string(c.type) else pc.cast(c, pa.string())
            for j, c in enumerate(batch.columns)]
    return pa.RecordBatch.from_arrays(cols, names=batch.schema.names)


class CsvWriter(Writer):
    def __init__(self, out: BinaryIO, schema: pa.Schema, meta: dict[str, Any]) -> None:
        super().__init__(out, schema, meta)
        out.write(csv_header(schema.names))

    def encode(self, batch: pa.RecordBatch, geometry: pa.Array | None = None,
               sentences: Sentences | None = None, segments: Segments | None = None) -> pa.Array:
        return csv_lines(_extra_as_text(batch), sentences, segments)

    def put(self, encoded: pa.Array, rows: int) -> None:
        super().put(encoded, rows)
        self.out.write(as_bytes(encoded))


class JsonLinesWriter(Writer):
    def encode(self, batch: pa.RecordBatch, geometry: pa.Array | None = None,
               sentences: Sentences | None = None, segments: Segments | None = None) -> pa.Array:
        return json_lines(batch, sentences=sentences, segments=segments)

    def put(self, encoded: pa.Array, rows: int) -> None:
        super().put(encoded, rows)
        self.out.write(as_bytes(encoded))


class GeoJsonWriter(Writer):
    def __init__(self, out: BinaryIO, schema: pa.Schema, meta: dict[str, Any]) -> None:
        super().__init__(out, schema, meta)
        out.write(('{"type":"FeatureCollection","standoff":' + json.dumps(meta, ensure_ascii=False)
                   + ',"features":[').encode())

    def encode(self, batch: pa.RecordBatch, geometry: pa.Array | None = None,
               sentences: Sentences | None = None, segments: Segments | None = None) -> pa.Array:
        # each feature as ',\n{...}': properties, then the geometry spliced in before the last brace
        props = json_lines(batch, ',\n{"type":"Feature","properties":', "", sentences, segments)
        return pc.binary_join_element_wise(props, ',"geometry":', geometry, "}", "")

    def put(self, encoded: pa.Array, rows: int) -> None:
        self.out.write(listed(encoded, self.rows == 0))
        super().put(encoded, rows)

    def close(self) -> None:
        self.out.write(b"\n]}\n")


#: GeoParquet columns with few distinct values, dictionary-encoded; the others (ids, margins,
#: sentences) are not tried, which saves the encoder a dictionary it would drop.
DICTIONARY = ("time", "time_end", "actor", "unit", "activity", "source", "attribution", "confidence",
              "agreement_id", "clause_id", "status", "reason", "margin_exact", "feature_versions",
              "decided_by", "window_end", "clause_quote", "clause_source")
#: The text columns with min/max statistics (the keys a reader filters row groups by); every
#: number, date and flag has them too. Other text (sentences, quotes, sources) would only cost
#: the encoder string comparisons (~10% of its time).
TEXT_STATISTICS = ("observation_id", "actor", "unit", "agreement_id", "clause_id", "status", "reason")


def _statistics(schema: pa.Schema) -> list[str]:
    """The columns whose row groups carry min/max statistics."""
    def text(t: pa.DataType) -> bool:
        return bool(pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_binary(t)
                    or pa.types.is_list(t))
    return [f.name for f in schema if not text(f.type) or f.name in TEXT_STATISTICS]


class ParquetWriter(Writer):
    def __init__(self, out: BinaryIO, schema: pa.Schema, meta: dict[str, Any]) -> None:
        import pyarrow.parquet as pq

        super().__init__(out, schema, meta)
        geo = {"version": "1.0.0", "primary_column": "geometry",
               "columns": {"geometry": {"encoding": "WKB", "geometry_types": []}}}
        full = schema.append(pa.field("geometry", pa.binary())).with_metadata(
            {b"geo": json.dumps(geo).encode(), b"standoff": json.dumps(meta, ensure_ascii=False).encode()})
        # a native buffer before the Python sink: the encoder calls into Python (and waits for the
        # GIL) once per 8 MiB, not once per page
        self.stream = pa.BufferedOutputStream(pa.PythonFile(out, mode="w"), 1 << 23)
        self.parquet = pq.ParquetWriter(self.stream, full, compression="zstd",
                                        use_dictionary=[n for n in DICTIONARY if n in full.names],
                                        write_statistics=_statistics(full))
        self.full = full

    def encode(self, batch: pa.RecordBatch, geometry: pa.Array | None = None,
               sentences: Sentences | None = None, segments: Segments | None = None) -> pa.RecordBatch:
        assert sentences is None and segments is None, "GeoParquet takes every column in the batch"
        return pa.RecordBatch.from_arrays([*batch.columns, geometry], schema=self.full)

    def put(self, encoded: pa.RecordBatch, rows: int) -> None:
        super().put(encoded, rows)
        self.parquet.write_batch(encoded)

    def close(self) -> None:
        self.parquet.close()
        self.stream.flush()


class DocumentWriter(Writer):
    """The JSON document: metadata, summary, observations, then verdicts (one per line)."""

    def __init__(self, out: BinaryIO, schema: pa.Schema, meta: dict[str, Any]) -> None:
        super().__init__(out, schema, meta)
        head = {k: v for k, v in meta.items() if k != "observations"}
        out.write(json.dumps(head, ensure_ascii=False)[:-1].encode() + b',\n"observations":[')
        self.first = True

    def observations_text(self, lines: pa.Array) -> None:
        """Observation objects, already JSON text."""
        self._lines(lines)

    def _lines(self, lines: pa.Array) -> None:
        self.out.write(listed(lines, self.first))
        self.first = self.first and len(lines) == 0

    def rows_text(self, batch: pa.RecordBatch | pa.Table, sentences: Sentences | None = None,
                  segments: Segments | None = None) -> pa.Array:
        return json_lines(batch, ",\n", "", sentences, segments)

    def start_verdicts(self) -> None:
        self.out.write(b'\n],\n"verdicts":[')
        self.first = True

    def encode(self, batch: pa.RecordBatch, geometry: pa.Array | None = None,
               sentences: Sentences | None = None, segments: Segments | None = None) -> pa.Array:
        return self.rows_text(batch, sentences, segments)

    def put(self, encoded: pa.Array, rows: int) -> None:
        super().put(encoded, rows)
        self._lines(encoded)

    def close(self) -> None:
        self.out.write(b"\n]}\n")


WRITERS = {"csv": CsvWriter, "jsonl": JsonLinesWriter, "geojson": GeoJsonWriter,
           "parquet": ParquetWriter, "json": DocumentWriter}


#: Rows, their geometry, and optionally what writes their sentences and the text of runs of their
#: columns (text formats only).
Batch = (tuple[pa.RecordBatch, pa.Array | None] | tuple[pa.RecordBatch, pa.Array | None, Sentences | None]
         | tuple[pa.RecordBatch, pa.Array | None, Sentences | None, Segments | None])
#: Threads that build (text: and encode) batches while the file is written, and batches held
#: ahead: text formats format two batches at once.
THREADS, AHEAD = 2, 1
#: Rows written between two `release_freed_memory` calls.
TRIM_ROWS = 1 << 18


def release_freed_memory() -> None:
    """Hand the heap pages that are free (a check's or earlier batches' scratch arrays) back to
    the system: glibc keeps them otherwise, and new batches add to them. A no-op without glibc."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _encoder_thread(writer: Writer, sink: Sink, made: Iterable[tuple[Any, int]], *,
                    threaded: bool) -> Iterator[bytes | memoryview]:
    """Batches made in this thread and written by `writer` in another (`threaded`), one behind:
    the encoder holds the GIL only to start and end each batch, so neither waits on the other."""
    def put(encoded: Any, rows: int) -> list[bytes | memoryview]:
        before = writer.rows
        writer.put(encoded, rows)
        if before // TRIM_ROWS != writer.rows // TRIM_ROWS:
            release_freed_memory()
        return sink.drain()  # in the thread that writes into the sink

    pool = ThreadPoolExecutor(1, thread_name_prefix="standoff-encoder") if threaded else None
    pending: Future[list[bytes | memoryview]] | None = None
    try:
        for batch in made:
            if pool is None:
                yield from put(*batch)
                continue
            if pending is not None:
                yield from pending.result()
            pending = pool.submit(put, *batch)
        if pending is not None:
            yield from pending.result()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    writer.close()
    yield from sink.drain()


def chunks(fmt: str, schema: pa.Schema, meta: dict[str, Any],
           batches: Iterable[Batch | Callable[[], Batch]], writer: Writer | None = None,
           ahead: int = AHEAD, threads: int | None = None) -> Iterator[bytes | memoryview]:
    """The bytes of a verdict file in `fmt`, a batch at a time, from (rows, geometry) batches or
    functions that make them (into `writer`, already writing to a Sink, when given). Batches are
    made (and text encoded) in `threads` threads (default: THREADS for text, none for
    GeoParquet), up to `ahead` of the one written, and written in order. GeoParquet's encoder,
    most of its time, releases the GIL: one thread building the next batch meanwhile pays when
    a core is free (`standoff.geo.threads.wanted`), else only adds to the time."""
    if writer is None:
        writer = WRITERS[fmt](Sink(), schema, meta)  # type: ignore[arg-type]
    sink = writer.out
    assert isinstance(sink, Sink)

    def encode(item: Batch | Callable[[], Batch]) -> tuple[Any, int]:
        made = item() if callable(item) else item
        return writer.encode(*made), len(made[0])

    def put(done: Future[tuple[Any, int]]) -> Iterator[bytes | memoryview]:
        before = writer.rows
        writer.put(*done.result())
        if before // TRIM_ROWS != writer.rows // TRIM_ROWS:
            release_freed_memory()
        yield from sink.drain()

    if threads is None:
        threads = 0 if fmt == "parquet" else THREADS
    if fmt == "parquet":
        yield from _encoder_thread(writer, sink, map(encode, batches), threaded=threads > 0)
        return
    pool = ThreadPoolExecutor(threads, thread_name_prefix="standoff-writer")
    pending: deque[Future[tuple[Any, int]]] = deque()
    try:
        for item in batches:
            pending.append(pool.submit(encode, item))
            while len(pending) > ahead or (pending and pending[0].done()):
                yield from put(pending.popleft())
        while pending:
            yield from put(pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    writer.close()
    yield from sink.drain()
