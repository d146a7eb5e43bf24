#!/usr/bin/env python
"""Where one check's time goes, stage by stage (wall-clock timers around the engine's steps).

    .venv/bin/python benchmarks/stages.py                 # one clause (peers.py's), 1M points
    .venv/bin/python benchmarks/stages.py --all           # every golan clause, workload.py's 1M reports
    .venv/bin/python benchmarks/stages.py --write         # also update benchmarks/RESULTS.md

The engine is not changed: the benchmark wraps the functions `standoff.engine.check` calls
with timers (inclusive wall time; a stage called inside another counts in both), runs one
warm-up check (grids built or loaded, numba cache, first-touch memory), then reports the best
of three checks on one thread. "other" is the check's time outside every wrapped stage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import load_average, machine, publish  # noqa: E402

SECTION = "## check: where one check's time goes (stage timers, issue 13)"
SPENT: dict[str, float] = defaultdict(float)
OUTER: list[str] = []  # stages running now, so nested time is not counted as "other" twice


def timed(name: str, fn: Callable) -> Callable:
    @functools.wraps(fn)
    def run(*args, **kwargs):
        t = time.perf_counter()
        OUTER.append(name)
        try:
            return fn(*args, **kwargs)
        finally:
            OUTER.pop()
            spent = time.perf_counter() - t
            SPENT[name] += spent
            if not OUTER:
                SPENT["(all stages)"] += spent
    return run


def instrument() -> list[str]:
    """Wrap the steps of a check; returns the stage names in pipeline order."""
    import importlib

    ck = importlib.import_module("standoff.engine.check")
    from standoff.engine import rows
    stages = [
        (ck, "encode", "encode: actor and unit strings to codes"),
        (ck, "_reasons", "which reports each clause binds"),
        (ck, "clause_rows", "verdict columns allocated"),
        (ck.Grids, "get", "grids looked up (memory, disk or built)"),
        (ck, "decide_rows", "decide by cell (grid kernel) and write the rows it decides"),
        (ck, "decide_far", "far rows' planar margins (STANDOFF_FAR_PLANAR=1) and their rows"),
        (ck, "EpochEvaluator", "exact kernel set-up"),
        (ck, "_exact", "exact kernel (undecided rows) and judge"),
        (rows.ClauseRows, "add", "epoch verdicts scattered into rows"),
        (rows.ClauseRows, "finish", "epochs combined, limit windows, version labels"),
        (ck, "limit_results", "limit summaries"),
    ]
    for owner, attr, label in stages:
        setattr(owner, attr, timed(label, getattr(owner, attr)))
    return [label for _, _, label in stages]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--all", action="store_true", help="every golan clause (workload.py's reports)")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    os.environ["STANDOFF_THREADS"] = "1"
    import standoff

    if args.all:
        from workload import load_pack, make_observations
        pack, _ = load_pack("golan")
        obs, chosen, what = make_observations(pack, args.n), None, "all golan clauses, workload.py reports"
    else:
        from peers import AGREEMENT, setup
        pack, _, obs = setup(args.n)
        chosen, what = [AGREEMENT], "one clause (peers.py: within 60 km of LINE_A)"
    names = instrument()
    standoff.check(obs, pack, agreements=chosen)  # warm-up
    best: tuple[float, dict[str, float], int] | None = None
    for _ in range(3):
        SPENT.clear()
        load = os.getloadavg()[0]
        t = time.perf_counter()
        result = standoff.check(obs, pack, agreements=chosen)
        total = time.perf_counter() - t
        if best is None or total < best[0]:
            best = (total, dict(SPENT), len(result))
    assert best is not None
    total, spent, rows = best
    title = SECTION + (", all golan clauses" if args.all else ", one clause")
    lines = [title, "", f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {machine()}",
             f"- command: `.venv/bin/python benchmarks/stages.py --n {args.n}{' --all' if args.all else ''}`"
             f" ({what}, one thread, best of 3 after a warm-up)",
             f"- load average after the runs: {load_average()} (1-min before the last run {load:.2f})",
             f"- check: {total:.3f} s for {rows:,} rows ({rows / total / 1e6:.2f} M rows/s)", "",
             "| stage | seconds | share |", "|---|---:|---:|"]
    for name in names:
        if spent.get(name):
            lines.append(f"| {name} | {spent[name]:.3f} | {spent[name] / total:.0%} |")
    other = total - spent.get("(all stages)", 0.0)
    lines += [f"| other (numpy work in check.py between stages) | {other:.3f} | {other / total:.0%} |", ""]
    publish(lines, title, args.write)


if __name__ == "__main__":
    main()
