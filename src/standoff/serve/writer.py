"""The one writer of a store: a thread that checks and appends the batches of every request.

DuckDB allows one writing process per file. The server keeps the database open from its
start, or its first append, on (so each read or append connects in about a millisecond).
Requests hand their parsed batches to the writer thread, which takes every batch waiting,
checks them in one joint check (`engine.check_together`: about the cost of a single one) and
appends them in one transaction (group commit, `serve.batching`); batches that arrive
meanwhile wait for the next round. A request gets its verdicts only once its rows are
committed; reads run beside and see committed appends. A second thread that appended one
group while the next was checked was measured: it split the requests of 4 clients into
rounds of 1 and 3 and cost more CPU per request (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

from standoff.engine import CheckResult, check
from standoff.engine.check import check_together
from standoff.errors import StandoffError
from standoff.model import ObservationSet, Pack
from standoff.serve.batching import Job, Posted, merge, take_group
from standoff.serve.rows import result_table
from standoff.store import added_in_run, append, append_new, info

#: What a stored batch gives back: its result, its verdict rows (ROW_SCHEMA), what it added.
Stored = tuple[CheckResult, pa.Table, dict[str, int]]
#: The most reports one joint check takes (more wait for the next).
MAX_CHECK_REPORTS = 2_000
#: How long the writer thread waits at most for batches on their way before it takes those waiting.
LINGER_S = 0.025
#: For how long the most requests seen in flight at once counts (then it may fall).
PEAK_S = 1.0
#: DuckDB's threads for the server's database (reads and appends).
DUCKDB_THREADS = 1
#: Above this many report ids in the store, the writer does not keep them in memory (and every
#: append looks its reports up in the store).
MAX_KNOWN_IDS = 2_000_000


class StoreWriter:
    """Checks observation batches against one pack and appends them to one store file."""

    def __init__(self, path: str | Path, pack: Pack, webhooks: Sequence[str] = ()) -> None:
        self.path, self.pack, self.webhooks = Path(path), pack, list(webhooks)
        self._check_lock = threading.Lock()  # the engine's caches are filled on first use
        self._wake = threading.Condition()
        self._posted: list[Posted] = []  # batches waiting for the writer thread
        self._thread: threading.Thread | None = None
        self._closed = False
        self._arriving = 0  # requests reading or parsing their batch
        self._in_flight = 0  # batches submitted and not yet answered
        self._peak, self._peak_at = 0, 0.0  # the most requests in flight at once lately, and when
        self.has_runs = False  # this process is the one writer: it knows when the first run lands
        if self.path.exists():
            try:
                self.has_runs = bool(info(self.path)["runs"])  # a newer schema or a foreign file: refused
            except StandoffError as exc:
                if "empty store" not in str(exc):
                    raise
        self._hold: Any = None
        self._known: set[str] | None = None  # the store's report ids (None: not loaded, or too many)
        self._too_many = False
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
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="standoff-writer", daemon=True)
                self._thread.start()
            self._posted.append(posted)
            self._in_flight += 1
            self._wake.notify_all()
        posted.future.add_done_callback(self._answered)
        return posted.future

    @contextmanager
    def arriving(self) -> Iterator[None]:
        """Around reading, parsing and submitting a request's batch: while one is on its way, the
        writer thread waits for it (up to `LINGER_S`) so that it joins the next round."""
        with self._wake:
            self._arriving += 1
            now, busy = time.monotonic(), self._in_flight + self._arriving
            if busy >= self._peak or now - self._peak_at > PEAK_S:
                self._peak, self._peak_at = busy, now
        try:
            yield
        finally:
            with self._wake:
                self._arriving -= 1
                self._wake.notify_all()

    def check_and_store(self, observations: ObservationSet, agreements: list[str] | None = None,
                        command: str = "") -> Stored:
        """Check a batch and append it (see `submit`); returns the result, its verdict rows
        (ROW_SCHEMA) and what the append added for this batch."""
        return self.submit(observations, agreements, command).result()

    def _next(self, queue: list[Posted]) -> bool:
        """Wait until `queue` holds something (True) or the writer closes (False); holds `_wake`."""
        while not queue and not self._closed:
            self._wake.wait()
        return bool(queue)

    def _linger(self) -> None:
        """Wait (up to `LINGER_S`, holding `_wake`) while a batch is on its way or fewer
        requests are in flight than were lately at once: clients answered together come back
        together, and one joint check costs about what a single one does."""
        until = time.monotonic() + LINGER_S
        while (self._arriving or self._in_flight < self._peak) and not self._closed:
            left = until - time.monotonic()
            if left <= 0:
                return
            self._wake.wait(left)

    def _answered(self, _: Future[Stored]) -> None:
        with self._wake:
            self._in_flight -= 1

    def _work(self) -> None:
        while True:
            with self._wake:
                if not self._next(self._posted):
                    return
                self._linger()
                key, reports = self._posted[0].key, 0
                taken: list[Posted] = []
                for posted in list(self._posted):
                    if posted.key == key and (not taken or reports + len(posted.obs) <= MAX_CHECK_REPORTS):
                        self._posted.remove(posted)
                        if posted.future.set_running_or_notify_cancel():  # else its request gave up
                            taken.append(posted)
                            reports += len(posted.obs)
            if not taken:
                continue
            jobs = self._check(taken)
            while jobs:  # batches that share a report id go in one after the other
                self._append(take_group(jobs))

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

    def _known_ids(self) -> set[str] | None:
        """The report ids in the store, read once (the writer adds those it appends); None when
        there are more than `MAX_KNOWN_IDS`."""
        if self._too_many or self._known is not None:
            pass
        elif self._hold is None or not self.has_runs:
            self._known = set()
        else:
            rows = self._hold.execute(f"SELECT DISTINCT observation_id FROM observations "
                                      f"LIMIT {MAX_KNOWN_IDS + 1}").fetchall()
            self._known = {r[0] for r in rows}
        if self._known is not None and len(self._known) > MAX_KNOWN_IDS:
            self._known, self._too_many = None, True  # not read again while this writer runs
        return self._known

    def _append(self, group: list[Job]) -> None:
        """One append for the group; each job's future gets what it added (or the error). When
        no report of the group is in the store (this writer is its only writer, so it knows),
        plain inserts (`append_new`) instead of a lookup of the stored rows."""
        ids = set().union(*(job.ids for job in group))
        known = self._known_ids()
        new = (known is not None and known.isdisjoint(ids)
               and len(ids) == sum(len(job.result.observations) for job in group))
        write = append_new if new else append
        try:
            if len(group) == 1:
                job = group[0]
                added: list[dict[str, int]] = [
                    write(self.path, job.result, command=job.command, webhooks=self.webhooks)]
            else:
                reports = sum(len(job.ids) for job in group)
                total = write(self.path, merge(group, self.pack), webhooks=self.webhooks,
                              command=f"POST /observations ({len(group)} requests, {reports} reports)")
                added = self._shares(group, total)
            if known is not None:
                known |= ids
            if self._hold is None:  # the first append made the file
                self._keep_open()
            self.has_runs = True
        except Exception as exc:  # every request of the group gets the error
            self._known = None  # read again before the next append
            for job in group:
                job.future.set_exception(exc)
            return
        for job, mine in zip(group, added, strict=True):
            job.future.set_result((job.result, job.table, mine))

    def _shares(self, group: list[Job], total: dict[str, int]) -> list[dict[str, int]]:
        """What each job of a group append added: when every report and verdict row of the group
        was new (and no alert was queued), all of its own; else as the store counts it per report."""
        run = {"run_id": total["run_id"]}
        if (total["observations_added"] == sum(len(job.ids) for job in group) and not total["alerts_queued"]
                and total["verdicts_added"] == sum(job.table.num_rows for job in group)):
            return [{**run, "observations_added": len(job.ids), "verdicts_added": job.table.num_rows,
                     "alerts_queued": 0} for job in group]
        counts = added_in_run(self.path, total["run_id"])
        added = []
        for job in group:
            got = [counts.get(i, (0, 0, 0)) for i in job.ids]
            added.append({**run, **{name: sum(c[k] for c in got) for k, name in
                                    enumerate(("observations_added", "verdicts_added", "alerts_queued"))}})
        return added

    def close(self) -> None:
        """Finish the batches already taken, refuse the rest, and let the database go (the file
        is then free for other processes)."""
        with self._wake:
            self._closed = True
            left, self._posted = self._posted, []
            self._wake.notify_all()
        for posted in left:
            if posted.future.set_running_or_notify_cancel():
                posted.future.set_exception(StandoffError("the server is stopping: the batch was not stored"))
        if self._thread is not None:
            self._thread.join(60)
        if self._hold is not None:
            self._hold.close()
            self._hold = None

