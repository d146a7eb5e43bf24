"""`check_dask`: a GeoParquet dataset checked partition by partition on a dask.distributed cluster.

The dataset (a file or a folder of files) is cut into partitions of whole row groups. Each
partition is one task: a worker reads it a batch at a time, checks it and spills its rows
clause by clause into the output folder (`spill.Partition`), and returns what the limit windows
need. The client sums the windows over every partition, in input order (`spill.Windows`), then
a second task per partition writes `part-NNNNN.parquet` from its spills with the windows
patched in. The rows are those of the single-process run (`check_stream`), partition by
partition; every file carries the same metadata (clauses and the limits over the whole input).

On a real cluster, point `scheduler` at its address (`tcp://HOST:8786`): the workers need
standoff installed and the dataset and output folder on a file system they share with the
client (the pack travels with the tasks).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from standoff.engine import select_agreements
from standoff.engine.table import metadata_of
from standoff.errors import StandoffError
from standoff.files import write_atomic
from standoff.ingest.batches import BATCH_ROWS, parquet_batches, parquet_files, source
from standoff.model import Clause, Pack
from standoff.report.writers import chunks
from standoff.scale.spill import Partition, Patch, Tally, Windows, rebatch
from standoff.scale.stream import StreamResult, check_batch, grid_choice

__all__ = ["PARTITION_ROWS", "Part", "check_dask", "partitions"]

#: Reports per partition (whole row groups): a task's work, read a batch at a time.
PARTITION_ROWS = 1_000_000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Part:
    """One partition: some consecutive row groups of one file."""

    index: int
    file: Path
    row_groups: list[int]
    rows: int


def partitions(dataset: str | Path, rows: int = PARTITION_ROWS) -> list[Part]:
    """The dataset's partitions, in input order: each file's row groups, about `rows` at a time."""
    import pyarrow.parquet as pq

    out: list[Part] = []
    for file in parquet_files(Path(dataset)):
        meta = pq.ParquetFile(file).metadata
        groups: list[int] = []
        size = 0
        for g in range(meta.num_row_groups):
            groups.append(g)
            size += meta.row_group(g).num_rows
            if size >= rows:
                out.append(Part(len(out), file, groups, size))
                groups, size = [], 0
        if groups or meta.num_row_groups == 0:
            out.append(Part(len(out), file, groups, size))
    return out


@dataclass(frozen=True)
class Job:
    """What every task of one run shares."""

    pack: Pack
    agreements: list[str]
    clauses: list[tuple[str, Clause]]
    at: date | None
    every_pair: bool
    grids: bool
    batch_rows: int
    folder: Path


def _spill_folder(job: Job, part: Part) -> Path:
    return job.folder / f".standoff-spill-{part.index:05d}"


def check_part(job: Job, part: Part) -> Tally:
    """Task 1: check one partition into its spills; what the windows need."""
    folder = _spill_folder(job, part)
    folder.mkdir(parents=True, exist_ok=True)
    spill = Partition(folder, job.pack, job.clauses, "parquet", job.at)
    try:
        batches = parquet_batches(part.file, job.pack, batch_rows=job.batch_rows, row_groups=part.row_groups)
        for obs in batches:
            spill.add(check_batch(obs, job.pack, job.agreements, job.at, job.every_pair, job.grids))
    finally:
        tally = spill.close()
    (folder / "schema.arrow").write_bytes(spill.schema.serialize().to_pybytes())
    return tally


def write_part(job: Job, part: Part, patches: dict[int, Patch], meta: dict[str, Any]) -> str:
    """Task 2: the partition's verdict file from its spills, windows patched in."""
    import pyarrow as pa

    folder = _spill_folder(job, part)
    spill = Partition(folder, job.pack, job.clauses, "parquet", job.at)
    spill.schema = pa.ipc.read_schema(pa.py_buffer((folder / "schema.arrow").read_bytes()))
    spill.row_schema = pa.schema([f for f in spill.schema if f.name != "geometry"])
    path = job.folder / f"part-{part.index:05d}.parquet"
    write_atomic(path, chunks("parquet", spill.row_schema, meta, rebatch(spill.rows(patches)), ahead=1))
    shutil.rmtree(folder, ignore_errors=True)
    return str(path)


def check_dask(dataset: str | Path, pack: Pack, output: str | Path, *, scheduler: Any,
               agreements: list[str] | None = None, at: date | None = None, every_pair: bool = False,
               grids: bool | None = None, batch_rows: int = BATCH_ROWS,
               partition_rows: int = PARTITION_ROWS, on_progress: Progress | None = None) -> StreamResult:
    """Check a GeoParquet dataset on a Dask cluster into the folder `output` (part-NNNNN.parquet).

    `scheduler` is a scheduler address ('tcp://HOST:8786') or a `distributed.Client`. The
    verdicts are those of `check_stream` over the same input with the same `grids` choice.
    """
    from distributed import Client, as_completed

    src = source(dataset)
    if src.kind != "parquet":
        raise StandoffError("--dask reads a GeoParquet dataset (a .parquet file or a folder of them)",
                            file=str(dataset))
    folder = Path(output)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StandoffError("the output of --dask is a folder of part files: give a new or empty folder",
                            file=str(folder))
    chosen = select_agreements(pack, agreements)
    ids = [a.id for a in chosen]
    clauses = [(a.id, c) for a in chosen for c in a.clauses]
    parts = partitions(src.path, partition_rows)
    folder.mkdir(parents=True, exist_ok=True)
    job = Job(pack, ids, clauses, at, every_pair, grid_choice(src) if grids is None else grids, batch_rows,
              folder.resolve())
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        shared = client.scatter(job, broadcast=True)
        futures = client.map(check_part, [shared] * len(parts), parts, pure=False)
        done = 0
        for future in as_completed(futures):
            future.result()
            done += 1
            if on_progress:
                on_progress(done, 2 * len(parts))
        windows = Windows(pack, clauses, client.gather(futures))
        meta = metadata_of(pack.id, ids, clauses, windows.limits)
        written = client.map(write_part, [shared] * len(parts), parts, windows.patches, [meta] * len(parts),
                             pure=False)
        for future in as_completed(written):
            future.result()
            done += 1
            if on_progress:
                on_progress(done, 2 * len(parts))
    finally:
        if client is not scheduler:
            client.close()
        for spill in folder.glob(".standoff-spill-*"):
            shutil.rmtree(spill, ignore_errors=True)
    return StreamResult(pack.id, ids, clauses, windows.reports, windows.rows, windows.limits,
                        windows.summary(clauses), folder)
