"""Observation tables larger than memory, read a batch of rows at a time.

A GeoParquet file is read by row groups and a folder of them as one dataset (files in name
order), both through `pyarrow.dataset`; a CSV file is parsed as a stream of records. Each batch
is checked as `read_observations` checks a whole table, and an error names the file and the
row (GeoParquet: counted from the first row of that file) or the line (CSV).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standoff.errors import ObservationError
from standoff.ingest import strict
from standoff.ingest.tabular import check_csv_header, csv_observations, parquet_observations
from standoff.model import ObservationSet, Pack

__all__ = ["BATCH_ROWS", "Source", "observation_batches", "parquet_files", "source"]

#: Reports per batch: about 100 MB of observations and verdict columns at the golan mix.
BATCH_ROWS = 250_000
PARQUET = (".parquet", ".geoparquet")


def parquet_files(path: Path) -> list[Path]:
    """The GeoParquet files of a dataset: the file itself, or a folder's files in name order."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in PARQUET and p.is_file())
        if not files:
            raise ObservationError("the folder holds no .parquet files", file=str(path))
        return files
    if path.suffix.lower() not in PARQUET:
        raise ObservationError("a dataset is a .parquet file or a folder of them", file=str(path))
    if not path.is_file():
        raise ObservationError("no such file", file=str(path))
    return [path]


@dataclass(frozen=True)
class Source:
    """An observation table to stream: its kind ('parquet' or 'csv') and rows when known."""

    path: Path
    kind: str
    rows: int | None


def source(path: str | Path) -> Source:
    """What `observation_batches` will read at `path`, refused early when it cannot."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() in PARQUET:
        import pyarrow.parquet as pq

        files = parquet_files(path)
        try:
            rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        except Exception as exc:  # pyarrow raises ArrowInvalid and friends
            raise ObservationError(f"not a readable Parquet file: {' '.join(str(exc).split())}",
                                   file=str(path)) from None
        return Source(path, "parquet", rows)
    if path.suffix.lower() == ".csv":
        if not path.is_file():
            raise ObservationError("no such file", file=str(path))
        from standoff.ingest.events import event_format

        kind = event_format(path)
        if kind is not None:  # its rows are events, not our columns: read whole
            raise ObservationError(f"an {kind.upper()} file is read whole, not in batches: leave out "
                                   "--batch-rows", file=str(path))
        return Source(path, "csv", None)
    raise ObservationError(f"cannot stream '{path.suffix}': use .parquet (or a folder of them) or .csv",
                           file=str(path))


def observation_batches(path: str | Path, pack: Pack | None = None, *,
                        batch_rows: int = BATCH_ROWS) -> Iterator[ObservationSet]:
    """The observations of a GeoParquet file or folder, or of a CSV file, `batch_rows` at a time."""
    src = source(path)
    if src.kind == "csv":
        yield from _csv_batches(src.path, pack, batch_rows)
        return
    for file in parquet_files(src.path):
        yield from parquet_batches(file, pack, batch_rows=batch_rows)


def parquet_batches(file: Path, pack: Pack | None, *, batch_rows: int = BATCH_ROWS,
                    row_groups: list[int] | None = None) -> Iterator[ObservationSet]:
    """One GeoParquet file's observations, a batch at a time (only `row_groups` when given)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def unreadable(exc: Exception) -> ObservationError:
        return ObservationError(f"not a readable Parquet file: {' '.join(str(exc).split())}", file=str(file))

    try:
        reader = pq.ParquetFile(file)
        schema = reader.schema_arrow
    except Exception as exc:  # pyarrow raises ArrowInvalid and friends
        raise unreadable(exc) from None
    meta: dict[str, Any] | None = strict.geo_metadata(file, schema.empty_table())
    groups = row_groups if row_groups is not None else list(range(reader.num_row_groups))
    first = sum(reader.metadata.row_group(g).num_rows for g in range(groups[0])) if groups else 0
    try:
        batches = reader.iter_batches(batch_size=batch_rows, row_groups=groups)
        for batch in batches:
            table = pa.Table.from_batches([batch])
            table.validate(full=True)
            yield parquet_observations(file, table, meta, pack, first)
            first += len(table)
    except ObservationError:
        raise
    except Exception as exc:  # a batch pyarrow cannot decode
        raise unreadable(exc) from None


def _csv_batches(path: Path, pack: Pack | None, batch_rows: int) -> Iterator[ObservationSet]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        stream = strict.csv_stream(path, f)
        try:
            header = next(stream, ([], 0))[0]
            check_csv_header(path, header)
            records: list[list[str]] = []
            starts: list[int] = []
            done = 0
            for record, line in stream:
                records.append(record)
                starts.append(line)
                if len(records) == batch_rows:
                    yield csv_observations(path, header, records, starts, pack, done)
                    done += len(records)
                    records, starts = [], []
            if records or not done:
                yield csv_observations(path, header, records, starts, pack, done)
        except UnicodeDecodeError as exc:
            raise ObservationError(f"not UTF-8 text (byte {exc.object[exc.start]:#04x})",
                                   file=str(path)) from None
