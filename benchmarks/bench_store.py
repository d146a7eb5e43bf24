#!/usr/bin/env python
"""What one `standoff.store.append` costs: many small transactions, as serve and watch make them.

    .venv/bin/python benchmarks/bench_store.py                    # 200 appends of 100 reports
    .venv/bin/python benchmarks/bench_store.py --appends 50 --batch 100 --repeat 3
    .venv/bin/python benchmarks/bench_store.py --write            # also update benchmarks/RESULTS.md

The batches are checked first (not timed): `--batch` new reports each (the check benchmarks'
mix, benchmarks/workload.py) against every golan agreement (19 clauses). Then each mode appends
them one by one to its own fresh store and times every append:

  held       another connection to the file stays open in the process (as `standoff serve`
             keeps it), so connecting is cheap and nothing is checkpointed on close
  open       the file is opened and closed by every append (as `check --store` and watch)
  webhooks   as held, with two webhook URLs (the outbox rows are written in the transaction)
  resend     as held, appending batches the store already holds (the new-or-changed test
             finds nothing to add)

The modes run interleaved, `--repeat` rounds; the figures are the median wall time per append
over all rounds (its p90 and best) and the median CPU time of the process per append (steadier
on a loaded machine), with the store growing to `appends` x `batch` reports.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SECTION = "## store: the cost of one append (issue 14)"
MODES = ("held", "open", "webhooks", "resend")
HOOKS = ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"]


def results(n_batches: int, batch: int) -> list:
    """`n_batches` checked batches of `batch` new reports each (distinct ids)."""
    import numpy as np
    import workload as b

    import standoff

    pack = standoff.load_pack("golan")
    obs = b.make_observations(pack, n_batches * batch, seed=5)
    return [standoff.check(b.subset(obs, np.arange(k * batch, (k + 1) * batch)), pack)
            for k in range(n_batches)]


def run_mode(mode: str, batches: list, folder: Path) -> tuple[list[float], list[float]]:
    """Append every batch to a fresh store in `mode`; the wall and CPU time of each append in ms."""
    import duckdb

    from standoff.store import append

    path = folder / f"{mode}.duckdb"
    append(path, batches[0], command="first")  # makes the file; not timed
    hold = None if mode == "open" else duckdb.connect(str(path))
    hooks = HOOKS if mode == "webhooks" else []
    todo = batches if mode == "resend" else batches[1:]
    walls, cpus = [], []
    try:
        for result in todo:
            t, c = time.perf_counter(), time.process_time()
            append(path, result, command="bench_store", webhooks=hooks)
            walls.append((time.perf_counter() - t) * 1e3)
            cpus.append((time.process_time() - c) * 1e3)
    finally:
        if hold is not None:
            hold.close()
    return walls, cpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--appends", type=int, default=200)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", choices=MODES, default=list(MODES))
    ap.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    args = ap.parse_args()
    import common

    batches = results(args.appends, args.batch)
    rows = len(batches[0])
    per_mode: dict[str, list[float]] = {m: [] for m in args.only}
    cpu_mode: dict[str, list[float]] = {m: [] for m in args.only}
    loads = []
    for _ in range(args.repeat):
        for mode in args.only:
            loads.append(os.getloadavg()[0])
            with tempfile.TemporaryDirectory(prefix="standoff-bench-store-") as tmp:
                walls, cpus = run_mode(mode, batches, Path(tmp))
                per_mode[mode] += walls
                cpu_mode[mode] += cpus
    lines = []
    for mode, times in per_mode.items():
        times.sort()
        p90 = times[int(0.9 * (len(times) - 1))]
        lines.append(f"| {mode} | {statistics.median(times):.1f} ms | {p90:.1f} ms | {times[0]:.1f} ms | "
                     f"{statistics.median(cpu_mode[mode]):.1f} ms | {len(times)} |")
    common.publish([
        *common.heading(SECTION),
        f"- command: `.venv/bin/python benchmarks/bench_store.py --appends {args.appends} "
        f"--batch {args.batch} --repeat {args.repeat}{' --write' if args.write else ''}`",
        f"- 1-min load average before each mode: {min(loads):.1f}–{max(loads):.1f} (2 cores, shared)",
        f"- each append: {args.batch} new reports x 19 golan clauses = about {rows:,} verdict rows; "
        f"the store grows to {args.appends * args.batch:,} reports per mode and round",
        "", "| mode | median per append | p90 | best | median CPU | appends |",
        "|---|---:|---:|---:|---:|---:|", *lines, ""], SECTION, args.write)


if __name__ == "__main__":
    main()
