"""The one writer of a store: checks and appends of concurrent requests, one at a time.

DuckDB allows one writing process per file. The server keeps the database open from its
start, or its first append, on (so each read or append connects in about a millisecond) and
runs appends one at a time under a lock; reads run beside them and see the store as of a
committed append.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from standoff.engine import CheckResult, check
from standoff.errors import StandoffError
from standoff.model import ObservationSet, Pack
from standoff.serve.batching import Job, merge, take_group
from standoff.serve.rows import result_table
from standoff.store import added_in_run, append, info


class StoreWriter:
    """Checks observation batches against one pack and appends them to one store file."""

    def __init__(self, path: str | Path, pack: Pack, webhooks: Sequence[str] = ()) -> None:
        self.path, self.pack, self.webhooks = Path(path), pack, list(webhooks)
        self._check_lock = threading.Lock()  # the engine's caches are filled on first use
        self._write_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._pending: list[Job] = []  # checked batches waiting for an append
        self.has_runs = False  # this process is the one writer: it knows when the first run lands
        if self.path.exists():
            try:
                self.has_runs = bool(info(self.path)["runs"])  # a newer schema or a foreign file: refused
            except StandoffError as exc:
                if "empty store" not in str(exc):
                    raise
        self._hold: Any = None
        if self.path.exists():
            self._keep_open()

    def _keep_open(self) -> None:
        import duckdb

        try:
            self._hold = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            raise StandoffError(f"not a standoff store: {exc}", file=str(self.path)) from None

    def check(self, observations: ObservationSet, agreements: list[str] | None = None) -> CheckResult:
        """The verdicts of a batch (not stored)."""
        with self._check_lock:
            return check(observations, self.pack, agreements=agreements)

    def check_and_store(self, observations: ObservationSet, agreements: list[str] | None = None,
                        command: str = "") -> tuple[CheckResult, pa.Table, dict[str, int]]:
        """Check a batch and append it, with its verdicts, a run and its alerts, in one transaction.

        Returns the result, its verdict rows (ROW_SCHEMA) and what the append added for this
        batch. Batches that wait while another append runs go in together (serve.batching).
        """
        result = self.check(observations, agreements)
        job = Job(result, result_table(result), tuple(result.agreements), command)
        with self._queue_lock:
            self._pending.append(job)
        while not job.done.is_set():
            with self._write_lock:
                if job.done.is_set():
                    break
                with self._queue_lock:
                    group = take_group(self._pending)
                self._append(group)
        if job.error is not None:
            raise job.error
        return result, job.table, job.added

    def _append(self, group: list[Job]) -> None:
        """One append for the group; each job learns what it added (or the error)."""
        try:
            if len(group) == 1:
                job = group[0]
                job.added = append(self.path, job.result, command=job.command, webhooks=self.webhooks)
            else:
                reports = sum(len(job.ids) for job in group)
                added = append(self.path, merge(group, self.pack), webhooks=self.webhooks,
                               command=f"POST /observations ({len(group)} requests, {reports} reports)")
                counts = added_in_run(self.path, added["run_id"])
                for job in group:
                    mine = [counts.get(i, (0, 0, 0)) for i in job.ids]
                    job.added = {"run_id": added["run_id"],
                                 **{name: sum(c[k] for c in mine) for k, name in enumerate(
                                     ("observations_added", "verdicts_added", "alerts_queued"))}}
            if self._hold is None:  # the first append made the file
                self._keep_open()
            self.has_runs = True
        except BaseException as exc:  # every request of the group gets the error
            for job in group:
                job.error = exc
            raise
        finally:
            for job in group:
                job.done.set()

    def close(self) -> None:
        """Let the database go (the file is then free for other processes)."""
        if self._hold is not None:
            self._hold.close()
            self._hold = None
