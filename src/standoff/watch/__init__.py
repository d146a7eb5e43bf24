"""`standoff watch`: feeds, folders of drops and event files, checked and stored as they come.

    from standoff.packs import load_pack
    from standoff.watch import watch
    watch(["https://example.org/news.rss", "drops/"], load_pack("golan"), "monitor.duckdb",
          every_s=900, webhooks=["https://alerts.example.org/hook"])

Each new item is read (articles with `standoff.read`, tables with `read_observations`, which
knows ACLED and GDELT exports), checked, and stored once in the DuckDB store; see docs/watch.md.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from standoff.alerts import Backoff, Deliverer, check_webhook_url, webhook_secret
from standoff.errors import StandoffError
from standoff.escape import terminal_safe
from standoff.model import Pack
from standoff.read.fetch import SourceLimits
from standoff.watch.run import Context, Retry, one_pass, source_kind

__all__ = ["WATCH_LIMITS", "parse_every", "watch"]

#: what one feed or article may take: 15 s connect/silence, 30 s in all, 10 MB
WATCH_LIMITS = SourceLimits(timeout_s=15.0, deadline_s=30.0)


def parse_every(text: str) -> float:
    """Seconds from '15m', '30s', '2h', '1d' or a plain number of seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not m or float(m.group(1)) <= 0:
        raise StandoffError(f"--every: '{text}' is not a duration such as 30s, 15m or 2h")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def _stderr(line: str) -> None:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print(f"{stamp} {terminal_safe(line)}", file=sys.stderr, flush=True)


def watch(sources: Sequence[str], pack: Pack, store: str | Path, *, agreements: list[str] | None = None,
          every_s: float = 900.0, once: bool = False, webhooks: Sequence[str] = (), secret: str | None = None,
          limits: SourceLimits = WATCH_LIMITS, log: Callable[[str], None] = _stderr,
          stop: threading.Event | None = None, command: str = "standoff watch", batch_items: int = 10,
          delivery_timeout_s: float = 5.0) -> dict[str, int]:
    """Pass over `sources` every `every_s` seconds (once with `once`) until `stop` is set.

    Returns the totals: passes, items, runs, observations_added, verdicts_added, alerts_queued,
    errors. Webhook alerts are signed with `secret` (default: `webhook_secret(store)`) and sent
    from a background thread; with `once`, the queue is sent before returning (a bounded try).
    """
    if not sources:
        raise StandoffError("no source given: name a feed URL, a folder of drops or a table file")
    for source in sources:
        source_kind(source)  # a typo is refused before any work
    hooks = [check_webhook_url(u) for u in webhooks]
    deliverer = None
    if hooks:
        key = secret or webhook_secret(store)[0]
        deliverer = Deliverer(store, key, log=log, timeout_s=delivery_timeout_s)
    ctx = Context(pack, Path(store), agreements, hooks, limits, log, command, batch_items, once, deliverer)
    retry = Retry(Backoff(base_s=every_s, factor=2.0, cap_s=max(every_s, 6 * 3600.0)))
    stop = stop or threading.Event()
    if deliverer is not None and not once:
        deliverer.start()
    try:
        while True:
            started = time.monotonic()
            one_pass(sources, ctx, retry)
            ctx.totals["passes"] += 1
            if once or stop.wait(max(every_s - (time.monotonic() - started), 0.0)):
                break
    finally:
        if deliverer is not None:
            deliverer.stop()
            if once:
                _drain(deliverer, log)
    return {k: int(ctx.totals[k]) for k in ("passes", "items", "runs", "observations_added", "verdicts_added",
                                            "alerts_queued", "errors")}


def _drain(deliverer: Deliverer, log: Callable[[str], None], budget_s: float = 30.0) -> None:
    """Send what is due now, for at most about `budget_s` (the rest waits for the next run)."""
    end = time.monotonic() + budget_s
    while time.monotonic() < end:
        stats = deliverer.deliver_pending()
        if stats["leased"] < deliverer.max_per_pass or not stats["delivered"]:
            break  # all sent, or the endpoints are down: the next run tries again
    counts = deliverer.counts()
    log(f"alerts: {counts['delivered']} of {counts['queued']} delivered, {counts['failing']} failing "
        "(retried by the next run)")
