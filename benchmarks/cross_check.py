#!/usr/bin/env python
"""Decide-by-cell against the exact kernel on every row: all golan clauses at 1M reports.

    .venv/bin/python benchmarks/cross_check.py               # 1,000,000 reports, print
    .venv/bin/python benchmarks/cross_check.py --write       # also update benchmarks/RESULTS.md
    .venv/bin/python benchmarks/cross_check.py --far-planar  # far rows' planar margins on (engine.farplanar)

The reports are `workload.make_observations` (uniform in the theatre's bounding box, every
actor, days over 2017-2019, half with a radius of 0-5 km; accuracy 0). standoff runs three ways,
interleaved, best of three each: with grids (cells.py; the grids built once beforehand in a fresh
cache folder, then loaded), on one thread and on two, and with grids off (every row through the
exact kernel). Every row is compared: status, tolerance, deciding feature, versions, limit bounds
equal; exact margins the kernel's bit for bit or, from certified fine cells, within 0.5 m;
interpolated margins within 0.05 % + 5 m.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import load_average, machine, parser, publish, versions  # noqa: E402
from workload import load_pack, make_observations  # noqa: E402

SECTION = "## check: decide by cell vs the exact kernel, all golan clauses at 1M"


def named(result, column: str) -> np.ndarray:
    """A label column of a check result as text."""
    names = np.array([*result.labels, ""], dtype=object)
    codes = getattr(result, column)
    return names[np.where(codes >= 0, codes, len(names) - 1)]


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--far-planar", action="store_true", help="STANDOFF_FAR_PLANAR=1 in the grid runs")
    args = ap.parse_args()
    os.environ["STANDOFF_CACHE"] = tempfile.mkdtemp(prefix="standoff-grids-")
    import standoff
    from standoff.engine import cells
    from standoff.geo import band

    pack, _ = load_pack("golan")
    obs = make_observations(pack, args.n)
    t = time.perf_counter()
    standoff.check(obs, pack)  # builds and stores the grids
    build = time.perf_counter() - t

    def run(threads: int, grids: bool):
        os.environ["STANDOFF_THREADS"] = str(threads)
        cells.USE_MIN = 2_000 if grids else 10**12
        os.environ["STANDOFF_FAR_PLANAR"] = "1" if grids and args.far_planar else "0"
        t, cpu = time.perf_counter(), time.process_time()
        result = standoff.check(obs, pack)
        return time.perf_counter() - t, time.process_time() - cpu, result

    ways = {"grids, 1 thread": (1, True), "grids, 2 threads": (2, True),
            "exact kernel only, 1 thread": (1, False), "exact kernel only, 2 threads": (2, False)}
    best, best_cpu, results, loads = {k: np.inf for k in ways}, {k: np.inf for k in ways}, {}, []
    for _ in range(args.rounds):
        for name, (threads, grids) in ways.items():
            loads.append(os.getloadavg()[0])
            seconds, cpu, results[name] = run(threads, grids)
            best[name], best_cpu[name] = min(best[name], seconds), min(best_cpu[name], cpu)
    fast, exact = results["grids, 1 thread"], results["exact kernel only, 1 thread"]
    rows = len(exact)
    assert np.array_equal(fast.obs_index, exact.obs_index)
    assert np.array_equal(fast.clause_index, exact.clause_index)
    same = {c: np.array_equal(getattr(fast, c), getattr(exact, c), equal_nan=True)
            for c in ("status", "tolerance_m", "lower", "upper", "window_end")}
    for c in ("decider", "versions"):  # as text: label codes follow the order labels were met
        same[c] = np.array_equal(named(fast, c), named(exact, c))
    kept = fast.margin_exact
    same_bits = (fast.margin_m == exact.margin_m) | (np.isnan(fast.margin_m) & np.isnan(exact.margin_m))
    fine = kept & ~same_bits  # margins from certified fine cells (geo.band), not from the kernel
    fine_err = np.abs(fast.margin_m[fine] - exact.margin_m[fine])
    band_rows = np.abs(exact.margin_m) <= exact.tolerance_m + 10_000.0
    err = np.abs(fast.margin_m[~kept] - exact.margin_m[~kept])
    allow = 0.0005 * np.abs(exact.margin_m[~kept]) + 5.0
    far = np.abs(exact.margin_m[~kept]) - exact.tolerance_m[~kept]
    two_same = np.array_equal(results["grids, 2 threads"].status, fast.status)
    lines = [SECTION, "", f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
             f"- machine: {machine()}", f"- software: {versions()}",
             f"- command: `.venv/bin/python benchmarks/cross_check.py --n {args.n}"
             f"{' --far-planar' if args.far_planar else ''}`",
             f"- reports: N = {args.n:,} (as bench_check.py), golan, {len(fast.clauses)} clauses, "
             f"{rows:,} bound pairs (rows)",
             f"- 1-minute load average during the timed runs: {min(loads):.2f}-{max(loads):.2f} "
             f"(now {load_average()}); 2 cores shared with other sessions",
             f"- first run, building and storing every grid: {build:.2f} s", "",
             "| way | best of 3 | bound pairs/s | CPU s (all threads), best of 3 | pairs per CPU s |",
             "|---|---:|---:|---:|---:|"]
    lines += [f"| {k} | {v:.2f} s | {rows / v / 1e6:.2f} M | {best_cpu[k]:.2f} | "
              f"{rows / best_cpu[k] / 1e6:.2f} M |" for k, v in best.items()]
    lines += ["", f"- rows decided by cell (interpolated margin, `margin_exact` False): {(~kept).sum():,} "
              f"({(~kept).mean():.1%})",
              "- equal on every row, grids vs exact kernel: " + ", ".join(
                  f"{c} {'yes' if v else 'NO'}" for c, v in same.items())
              + f"; 2 threads' statuses equal 1 thread's: {'yes' if two_same else 'NO'}",
              f"- rows with an exact margin (`margin_exact`): {kept.sum():,}; the kernel's, bit for bit: "
              f"{(kept & same_bits).sum():,}; from certified fine cells: {fine.sum():,}, |error| max "
              f"{fine_err.max(initial=0):.3f} m (bound {band.ERROR_M} m); rows within tolerance + 10 km of "
              f"a threshold: {band_rows.sum():,}, all with an exact margin: "
              f"{'yes' if kept[band_rows].all() else 'NO'}",
              f"- interpolated margins: |error| max {err.max(initial=0):.2f} m, p99 "
              f"{np.percentile(err, 99) if len(err) else 0:.2f} m; over 0.05 % + 5 m: "
              f"{int(np.count_nonzero(err > allow))}; nearest such row to its threshold: "
              f"{far.min(initial=np.inf) / 1000:.1f} km beyond its tolerance", ""]
    publish(lines, SECTION, args.write)


if __name__ == "__main__":
    main()
