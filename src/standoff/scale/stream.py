"""`check_stream`: a check over more reports than fit in memory, written as it goes.

The input (a GeoParquet file, a folder of them, or a CSV file) is read a batch at a time
(`standoff.ingest.batches`); each batch is checked and its rows spilled to disk clause by
clause next to the output (`spill.Partition`); limit windows are summed over every batch at the
end (`spill.Windows`); then the output file is written from the spills in clause order, so it
holds the same bytes as `write_result(check(whole input))` with the same grid choice. Memory
holds one batch, plus for each limit clause a few numbers per counted row.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa

from standoff.engine import CheckResult, check, select_agreements
from standoff.engine.cells import BUILD_MIN, forget
from standoff.engine.table import metadata_of
from standoff.errors import StandoffError
from standoff.files import write_atomic
from standoff.ingest.batches import BATCH_ROWS, Source, observation_batches, source
from standoff.model import STATUSES, Clause, LimitResult, ObservationSet, Pack
from standoff.report.verdicts import output_format
from standoff.report.writers import chunks
from standoff.scale.spill import Partition, Windows, rebatch

__all__ = ["StreamResult", "check_stream", "grid_choice"]

Progress = Callable[[int, int], None]
#: Bytes per CSV row assumed when choosing grids for a CSV (its rows are not counted first).
CSV_ROW_BYTES = 80


@dataclass
class StreamResult:
    """What a streamed check leaves besides its file: counts per clause and the limit windows."""

    pack_id: str
    agreements: list[str]
    clauses: list[tuple[str, Clause]]
    reports: int
    rows: int
    limits: list[LimitResult]
    counts: list[dict[str, object]]
    output: Path | None = None

    def __len__(self) -> int:
        return self.rows

    def summary(self) -> list[dict[str, object]]:
        """As `CheckResult.summary`."""
        return self.counts

    def worst(self) -> set[str]:
        """The statuses some row has."""
        return {s for row in self.counts for s in STATUSES[:3] if row[s]}


def grid_choice(src: Source) -> bool:
    """Decide by cell in every batch when the whole input is large enough to build grids for."""
    rows = src.rows if src.rows is not None else src.path.stat().st_size // CSV_ROW_BYTES
    return rows >= BUILD_MIN


def check_stream(observations: str | Path, pack: Pack, output: str | Path, *,
                 agreements: list[str] | None = None, at: date | None = None, every_pair: bool = False,
                 batch_rows: int = BATCH_ROWS, grids: bool | None = None,
                 on_progress: Progress | None = None) -> StreamResult:
    """Check a GeoParquet file or folder, or a CSV file, a batch at a time, into `output`.

    Same verdicts (and bytes) as `write_result(check(read_observations(...)), output)` checked
    with the same `grids` choice (None: `grid_choice`); `output` is written atomically, and any
    suffix but the JSON document's (.json, which lists every report before the verdicts) works.
    """
    output = Path(output)
    fmt = output_format(output)
    if fmt == "json":
        raise StandoffError(f"cannot stream into '{output.name}': the JSON document holds every report "
                            "in memory; write .parquet, .csv, .jsonl or .geojson")
    src = source(observations)
    chosen = select_agreements(pack, agreements)
    ids = [a.id for a in chosen]
    clauses = [(a.id, c) for a in chosen for c in a.clauses]
    use_grids = grid_choice(src) if grids is None else grids
    folder = Path(tempfile.mkdtemp(prefix=".standoff-spill-", dir=output.parent))
    part = Partition(folder, pack, clauses, fmt, at)
    try:
        for obs in observation_batches(src.path, pack, batch_rows=batch_rows):
            part.add(check_batch(obs, pack, ids, at, every_pair, use_grids))
            if on_progress:
                on_progress(part.tally.reports, src.rows or 0)
        forget()  # the grids (~0.6 GB for golan) are not needed for the windows and the output
        windows = Windows(pack, clauses, [part.close()])
        pa.default_memory_pool().release_unused()  # the batches' buffers, before the output is written
        meta = metadata_of(pack.id, ids, clauses, windows.limits)
        write_atomic(output, chunks(fmt, part.row_schema, meta, rebatch(part.rows(windows.patches[0])),
                                    ahead=1))
    finally:
        part.close()
        shutil.rmtree(folder, ignore_errors=True)
    return StreamResult(pack.id, ids, clauses, windows.reports, windows.rows, windows.limits,
                        windows.summary(clauses), output)


def check_batch(obs: ObservationSet, pack: Pack, agreements: list[str], at: date | None,
                every_pair: bool, grids: bool) -> CheckResult:
    """One batch checked for streaming: limit rows keep their zone status (see `spill`)."""
    return check(obs, pack, agreements=agreements, at=at, every_pair=every_pair, windows=False, grids=grids)

