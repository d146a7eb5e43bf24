"""Delivering the outbox: signed POSTs from a background thread, with backoff that survives restarts.

Checking never waits for an endpoint: alerts are rows written with the verdicts, and this
thread sends them with short timeouts, a bounded number per pass. A failed POST (no connection,
a timeout, any answer but 2xx) is retried after an exponential delay with jitter, capped; the
attempt count and the next time are in the store, so a new process carries on.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standoff.alerts.signing import SIGNATURE_HEADER, sign
from standoff.errors import StandoffError
from standoff.store.queue import connect, lease, outbox_counts, settle

__all__ = ["Backoff", "Deliverer", "check_webhook_url", "post"]

USER_AGENT = "standoff-alerts/0.1"


@dataclass(frozen=True)
class Backoff:
    """Delay before retry n (n = 1 after the first failure): base·factor^(n-1), capped, times 0.5-1."""

    base_s: float = 1.0
    factor: float = 2.0
    cap_s: float = 600.0

    def delay_s(self, attempts: int, rng: random.Random | None = None) -> float:
        raw = min(self.cap_s, self.base_s * self.factor ** max(attempts - 1, 0))
        return raw * (0.5 + (rng or random).random() / 2)  # jitter: endpoints are not hit in step


def check_webhook_url(url: str) -> str:
    """The URL if it is http(s) with a host, else a StandoffError naming it."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise StandoffError(f"--webhook: '{url}' is not an http or https URL")
    return url


def post(url: str, body: bytes, headers: dict[str, str], timeout_s: float) -> str | None:
    """POST `body`; None when the endpoint answered 2xx, else why not (one line)."""
    parts = urllib.parse.urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme.lower() == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname or "", parts.port, timeout=timeout_s)
    try:
        conn.request("POST", urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, "")),
                     body=body, headers=headers)
        response = conn.getresponse()
        response.read(65536)
        return None if 200 <= response.status < 300 else f"HTTP {response.status} {response.reason}"
    except (OSError, http.client.HTTPException) as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        conn.close()


class Deliverer:
    """Sends the store's queued alerts; `start()` runs it in a daemon thread, `wake()` hurries it."""

    def __init__(self, store: str | Path, secret: str, *, timeout_s: float = 5.0, max_per_pass: int = 100,
                 poll_s: float = 1.0, backoff: Backoff | None = None, workers: int = 4,
                 log: Callable[[str], None] | None = None) -> None:
        self.store, self.secret, self.timeout_s = Path(store), secret, timeout_s
        self.max_per_pass, self.poll_s, self.backoff = max_per_pass, poll_s, backoff or Backoff()
        self.workers = workers  # POSTs at once (to one endpoint or several)
        self.log = log or (lambda line: None)
        self._lock = threading.Lock()
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def _connection(self) -> Iterator[Any]:
        """The store, opened for one pass only: between passes other processes may open it."""
        try:
            con = connect(self.store) if self.store.is_file() else None
        except StandoffError as exc:
            if "empty store" not in str(exc):
                raise
            con = None  # the first run is being written: nothing queued yet
        if con is None:
            yield None
            return
        try:
            yield con
        finally:
            con.close()

    def _send(self, alert: dict[str, Any]) -> str | None:
        body = alert["body"].encode("utf-8")
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
                   SIGNATURE_HEADER: sign(self.secret, body), "Idempotency-Key": alert["idempotency_key"]}
        return post(alert["url"], body, headers, self.timeout_s)

    def deliver_pending(self) -> dict[str, int]:
        """One pass over the alerts that are due (at most `max_per_pass`), in this thread.

        Each endpoint is probed with one alert first; if it answers, the rest go `workers` at a
        time. After a failure the endpoint's other alerts wait with it (not counted as attempts).
        """
        stats = {"leased": 0, "delivered": 0, "failed": 0, "deferred": 0}
        with self._lock, self._connection() as con:
            if con is None:
                return stats
            due = lease(con, limit=self.max_per_pass, lease_s=2 * self.timeout_s + 30)
            stats["leased"] = len(due)
            groups: dict[str, list[dict[str, Any]]] = {}
            for alert in due:
                groups.setdefault(alert["url"], []).append(alert)
            rest, step = [a for group in groups.values() for a in group[1:]], 4 * self.workers
            probes = [g[0] for g in groups.values()]  # one per endpoint first
            batches = [probes, *(rest[i:i + step] for i in range(0, len(rest), step))]
            down: dict[str, float] = {}  # url → retry delay, for URLs that failed in this pass
            deferred: list[dict[str, Any]] = []
            with ThreadPoolExecutor(self.workers) as pool:
                for batch in batches:
                    live = [a for a in batch if a["url"] not in down]
                    deferred += [{"idempotency_key": a["idempotency_key"], "delivered": False,
                                  "attempted": False, "retry_in_s": down[a["url"]]}
                                 for a in batch if a["url"] in down]
                    sent = zip(live, pool.map(self._send, live), strict=True)
                    settle(con, [self._outcome(a, error, down, stats) for a, error in sent])
                    # settled after each batch: a crash resends at most one batch
            settle(con, deferred)
            stats["deferred"] = len(deferred)
        return stats

    def _outcome(self, alert: dict[str, Any], error: str | None, down: dict[str, float],
                 stats: dict[str, int]) -> dict[str, Any]:
        outcome: dict[str, Any] = {"idempotency_key": alert["idempotency_key"], "delivered": not error}
        stats["delivered" if not error else "failed"] += 1
        if error:
            url = alert["url"]
            outcome["retry_in_s"] = self.backoff.delay_s(alert["attempts"] + 1)
            outcome["error"] = error
            if url not in down:
                down[url] = outcome["retry_in_s"]
                self.log(f"alert to {url} failed ({error}); retry in {down[url]:.1f} s")
        return outcome

    def counts(self) -> dict[str, int]:
        """Queued, delivered and failing alerts in the store."""
        with self._lock, self._connection() as con:
            return outbox_counts(con) if con is not None else {"queued": 0, "delivered": 0, "failing": 0}

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                stats = self.deliver_pending()
            except Exception as exc:  # noqa: BLE001 - a store hiccup must not end delivery
                self.log(f"alerts: {type(exc).__name__}: {exc}".splitlines()[0])
                stats = {"leased": 0}
            if stats["leased"] < self.max_per_pass:
                self._wake.wait(self.poll_s)
                self._wake.clear()

    def start(self) -> Deliverer:
        """Deliver in a daemon thread until `stop()`."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="standoff-alerts", daemon=True)
            self._thread.start()
        return self

    def wake(self) -> None:
        """Look at the outbox now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout_s: float | None = None) -> None:
        """End the thread (waiting at most `timeout_s`, default the POST timeout plus a second)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(self.timeout_s + 1 if timeout_s is None else timeout_s)
            self._thread = None
