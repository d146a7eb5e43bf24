"""The one writer of a store: a checker thread and an appender thread shared by every request.

DuckDB allows one writing process per file. The server keeps the database open from its
start, or its first append, on (so each read or append connects in about a millisecond).
Requests hand their parsed batches to the checker, which checks every batch waiting at that
moment in one joint check (`engine.check_together`: about the cost of one), and passes them on
to the appender, which appends every checked batch waiting in one transaction (group commit,
`serve.batching`). While one group is appended the next is checked. A request learns its
verdicts only once its rows are committed; reads run beside and see committed appends.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pyarrow as pa

from standoff.engine import CheckResult, check
from standoff.engine.check import check_together
from standoff.errors import StandoffError
from standoff.model import ObservationSet, Pack
from standoff.serve.batching import Job, Posted, merge, take_group
from standoff.serve.rows import result_table
from standoff.store import added_in_run, append, info

#: What a stored batch gives back: its result, its verdict rows (ROW_SCHEMA), what it added.
Stored = tuple[CheckResult, pa.Table, dict[str, int]]
#: The most reports one joint check takes (more wait for the next).
MAX_CHECK_REPORTS = 2_000
#: DuckDB's threads for the server's database (reads and appends).
DUCKDB_THREADS = 1


class StoreWriter:
    """Checks observation batches against one pack and appends them to one store file."""

    def __init__(self, path: str | Path, pack: Pack, webhooks: Sequence[str] = ()) -> None:
        self.path, self.pack, self.webhooks = Path(path), pack, list(webhooks)
        self._check_lock = threading.Lock()  # the engine's caches are filled on first use
        self._wake = threading.Condition()
        self._posted: list[Posted] = []  # batches waiting for the checker
        self._checked: list[Job] = []  # checked batches waiting for the appender
        self._threads: list[threading.Thread] = []
        self._closed = False
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
            # every connection of this process shares the database: its appends are small, and
            # one thread does them with a third less CPU than the default of one per core
            self._hold.execute(f"SET threads TO {DUCKDB_THREADS}")
        except duckdb.Error as exc:
            raise StandoffError(f"not a standoff store: {exc}", file=str(self.path)) from None

    def check(self, observations: ObservationSet, agreements: list[str] | None = None) -> CheckResult:
        """The verdicts of a batch (not stored)."""
        with self._check_lock:
            return check(observations, self.pack, agreements=agreements)

    def submit(self, observations: ObservationSet, agreements: list[str] | None = None,
               command: str = "") -> Future[Stored]:
        """Queue a batch to be checked and appended with its verdicts, a run and its alerts in one
        transaction; the future gives what `check_and_store` returns, once committed."""
        posted = Posted(observations, tuple(agreements or ()), command)
        with self._wake:
            if self._closed:
                raise StandoffError("the store writer is closed")
            if not self._threads:
                self._threads = [threading.Thread(target=work, name=f"standoff-{name}", daemon=True)
                                 for name, work in (("checker", self._checker), ("appender", self._appender))]
                for thread in self._threads:
                    thread.start()
            self._posted.append(posted)
            self._wake.notify_all()
        return posted.future

    def check_and_store(self, observations: ObservationSet, agreements: list[str] | None = None,
                        command: str = "") -> Stored:
        """Check a batch and append it (see `submit`); returns the result, its verdict rows
        (ROW_SCHEMA) and what the append added for this batch."""
        return self.submit(observations, agreements, command).result()

    def _next(self, queue: list[Any]) -> bool:
        """Wait until `queue` holds something (True) or the writer closes (False); holds `_wake`."""
        while not queue and not self._closed:
            self._wake.wait()
        return bool(queue)

    def _checker(self) -> None:
        while True:
            with self._wake:
                if not self._next(self._posted):
                    return
                key, reports = self._posted[0].key, 0
                taken: list[Posted] = []
                for posted in list(self._posted):
                    if posted.key == key and (not taken or reports + len(posted.obs) <= MAX_CHECK_REPORTS):
                        taken.append(posted)
                        reports += len(posted.obs)
                        self._posted.remove(posted)
            jobs = self._check(taken)
            with self._wake:
                self._checked.extend(jobs)
                self._wake.notify_all()

    def _check(self, taken: list[Posted]) -> list[Job]:
        """The batches checked together (one by one if that fails, so each gets its own error)."""
        agreements = list(taken[0].key) or None
        try:
            with self._check_lock:
                results = check_together([p.obs for p in taken], self.pack, agreements=agreements)
            return [Job(r, result_table(r), p.key, p.command, p.future)
                    for p, r in zip(taken, results, strict=True)]
        except Exception as exc:
            if len(taken) == 1:
                taken[0].future.set_exception(exc)
                return []
            return [job for p in taken for job in self._check([p])]

    def _appender(self) -> None:
        while True:
            with self._wake:
                if not self._next(self._checked):
                    return
                group = take_group(self._checked)
            self._append(group)

    def _append(self, group: list[Job]) -> None:
        """One append for the group; each job's future gets what it added (or the error)."""
        try:
            if len(group) == 1:
                job = group[0]
                added: list[dict[str, int]] = [
                    append(self.path, job.result, command=job.command, webhooks=self.webhooks)]
            else:
                reports = sum(len(job.ids) for job in group)
                total = append(self.path, merge(group, self.pack), webhooks=self.webhooks,
                               command=f"POST /observations ({len(group)} requests, {reports} reports)")
                counts = added_in_run(self.path, total["run_id"])
                added = []
                for job in group:
                    got = [counts.get(i, (0, 0, 0)) for i in job.ids]
                    added.append({"run_id": total["run_id"], **{name: sum(c[k] for c in got) for k, name in
                                  enumerate(("observations_added", "verdicts_added", "alerts_queued"))}})
            if self._hold is None:  # the first append made the file
                self._keep_open()
            self.has_runs = True
        except Exception as exc:  # every request of the group gets the error
            for job in group:
                job.future.set_exception(exc)
            return
        for job, mine in zip(group, added, strict=True):
            job.future.set_result((job.result, job.table, mine))

    def close(self) -> None:
        """Finish the batches already taken, refuse the rest, and let the database go (the file
        is then free for other processes)."""
        with self._wake:
            self._closed = True
            left, self._posted = self._posted, []
            self._wake.notify_all()
        for posted in left:
            posted.future.set_exception(StandoffError("the server is stopping: the batch was not stored"))
        for thread in self._threads:
            thread.join(60)
        for job in self._checked:
            job.future.set_exception(StandoffError("the server is stopping: the batch was not stored"))
        self._checked = []
        if self._hold is not None:
            self._hold.close()
            self._hold = None

