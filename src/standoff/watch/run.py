"""Passes over the sources: every new item read, checked and stored once, each source on its own.

A source is a feed URL, a folder of drops (each table file in it) or one table file. A unit of
work (a feed, a file) that fails is logged and tried again after a growing delay; the others go
on. Items are marked seen in the same transaction as the run that stores their observations, so
a process killed at any point neither loses an item nor stores one twice.
"""

from __future__ import annotations

import random
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from standoff.alerts import Backoff, Deliverer
from standoff.engine import check
from standoff.errors import StandoffError, StandoffWarning
from standoff.ingest import read_observations
from standoff.model import ObservationSet, Pack
from standoff.read import observation_set, read_docs
from standoff.read.fetch import SourceLimits
from standoff.store import append
from standoff.store.queue import seen_keys
from standoff.watch.feeds import article, content_key, feed_items

TABLE_SUFFIXES = (".csv", ".tsv", ".geojson", ".json", ".parquet", ".geoparquet")
Log = Callable[[str], None]


@dataclass
class Context:
    """What every pass needs: where to store, what to check against, how to report."""

    pack: Pack
    store: Path
    agreements: list[str] | None = None
    webhooks: Sequence[str] = ()
    limits: SourceLimits = field(default_factory=SourceLimits)
    log: Log = print
    command: str = "standoff watch"
    batch_items: int = 10  # feed items per run: a long feed is stored as it is read
    once: bool = False
    deliverer: Deliverer | None = None
    totals: Counter[str] = field(default_factory=Counter)
    item_failures: Counter[str] = field(default_factory=Counter)


def source_kind(source: str) -> str:
    """'feed', 'folder' or 'file'; a StandoffError for anything else."""
    if source.lower().startswith(("http://", "https://")):
        return "feed"
    path = Path(source)
    if path.is_dir():
        return "folder"
    if path.is_file():
        if path.suffix.lower() not in TABLE_SUFFIXES:
            raise StandoffError(f"not a table file ({', '.join(TABLE_SUFFIXES)}), a folder of them or "
                                "an http(s) feed URL", file=source)
        return "file"
    raise StandoffError("no such file or folder (a SOURCE is a feed URL, a folder of drops or a table "
                        "file)", file=source)


def units(source: str) -> list[tuple[str, str]]:
    """The units of work of a source now: the feed, or each table file of a folder."""
    kind = source_kind(source)
    if kind != "folder":
        return [(kind, source)]
    files = sorted(p for p in Path(source).iterdir() if p.is_file() and not p.name.startswith((".", "~"))
                   and p.suffix.lower() in TABLE_SUFFIXES)
    return [("file", str(p)) for p in files]


def store_observations(ctx: Context, obs: ObservationSet, keys: list[tuple[str, str]], label: str) -> None:
    """Check `obs` and append them with the seen `keys` in one run; log one line."""
    result = check(obs, ctx.pack, agreements=ctx.agreements)
    added = append(ctx.store, result, command=ctx.command, webhooks=ctx.webhooks, seen=keys)
    for name in ("observations_added", "verdicts_added", "alerts_queued"):
        ctx.totals[name] += added[name]
    ctx.totals["runs"] += 1
    alerts = f", {added['alerts_queued']} alerts queued" if ctx.webhooks else ""
    ctx.log(f"{label}: run {added['run_id']}: {len(obs)} observations, {added['observations_added']} new "
            f"or revised; {added['verdicts_added']} verdicts new or changed{alerts}")
    if added["alerts_queued"] and ctx.deliverer is not None:
        ctx.deliverer.wake()


def feed_pass(url: str, ctx: Context) -> None:
    """Read, check and store the feed's items not seen before, `batch_items` per run."""
    items = feed_items(url, ctx.limits)
    known = seen_keys(ctx.store, [k for it in items for k in it.keys()])
    new = [it for it in items if not set(it.keys()) & known]
    ctx.log(f"feed {url}: {len(items)} items, {len(new)} new")
    for start in range(0, len(new), ctx.batch_items):
        docs, keys, hashes = [], [], set()
        for item in new[start:start + ctx.batch_items]:
            try:
                doc = article(item, ctx.limits, fallback=ctx.item_failures[item.guid] >= 2)
            except StandoffError as exc:
                ctx.item_failures[item.guid] += 1
                ctx.log(f"feed {url}: item {item.link or item.guid}: {exc} (tried again next pass)")
                continue
            key = content_key(doc)
            keys += [*item.keys(), key]
            if key in hashes or seen_keys(ctx.store, [key]):
                continue  # the same text under another link or GUID
            hashes.add(key)
            docs.append(doc)
        if keys:
            ctx.totals["items"] += len(docs)
            store_observations(ctx, observation_set(read_docs(docs, ctx.pack)), keys,
                               f"feed {url}: {len(docs)} articles")


def table_pass(path: Path, ctx: Context) -> None:
    """Check and store a table file once per version of it (path, size, modification time)."""
    stat = path.stat()
    key = ("file", f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}")
    if seen_keys(ctx.store, [key]):
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", StandoffWarning)
        obs = read_observations(path, ctx.pack)
    for w in caught:
        ctx.log(f"file {path}: warning: {w.message}")
    ctx.totals["items"] += 1
    store_observations(ctx, obs, [key], f"file {path}")


@dataclass
class Retry:
    """Per unit of work: failures in a row and when it may be tried again."""

    policy: Backoff
    state: dict[str, tuple[int, float]] = field(default_factory=dict)

    def due(self, name: str) -> bool:
        return self.state.get(name, (0, 0.0))[1] <= time.monotonic()

    def failed(self, name: str) -> float:
        n = self.state.get(name, (0, 0.0))[0] + 1
        delay = self.policy.delay_s(n, random.Random())
        self.state[name] = (n, time.monotonic() + delay)
        return delay

    def ok(self, name: str) -> None:
        self.state.pop(name, None)


def one_pass(sources: Sequence[str], ctx: Context, retry: Retry) -> None:
    """Every unit of every source once (those backing off wait); a failure never stops the others."""
    for source in sources:
        try:
            work = units(source)
        except StandoffError as exc:
            ctx.totals["errors"] += 1
            ctx.log(f"error: {exc}")
            continue
        for kind, target in work:
            if not retry.due(target):
                continue
            try:
                if kind == "feed":
                    feed_pass(target, ctx)
                else:
                    table_pass(Path(target), ctx)
                retry.ok(target)
            except Exception as exc:  # noqa: BLE001 - one bad source must not stop the others
                ctx.totals["errors"] += 1
                what = str(exc) if isinstance(exc, StandoffError) else f"{target}: {type(exc).__name__} {exc}"
                delay = retry.failed(target)
                again = "tried again by the next run" if ctx.once else f"tried again in {delay:.1f} s"
                ctx.log(f"error: {what.splitlines()[0] if what else target}; {again}")
