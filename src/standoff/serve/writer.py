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

from standoff.engine import CheckResult, check
from standoff.errors import StandoffError
from standoff.model import ObservationSet, Pack
from standoff.store import append, info


class StoreWriter:
    """Checks observation batches against one pack and appends them to one store file."""

    def __init__(self, path: str | Path, pack: Pack, webhooks: Sequence[str] = ()) -> None:
        self.path, self.pack, self.webhooks = Path(path), pack, list(webhooks)
        self._check_lock = threading.Lock()  # the engine's caches are filled on first use
        self._write_lock = threading.Lock()
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
                        command: str = "") -> tuple[CheckResult, dict[str, Any]]:
        """Check a batch and append it, with its verdicts, a run and its alerts, in one transaction."""
        result = self.check(observations, agreements)
        with self._write_lock:
            added = append(self.path, result, command=command, webhooks=self.webhooks)
            if self._hold is None:  # the first append made the file
                self._keep_open()
            self.has_runs = True
        return result, added

    def close(self) -> None:
        """Let the database go (the file is then free for other processes)."""
        if self._hold is not None:
            self._hold.close()
            self._hold = None
