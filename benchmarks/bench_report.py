#!/usr/bin/env python
"""Time `standoff report` (build_report) on N random reports, the way the command does it.

    .venv/bin/python benchmarks/bench_report.py                  # 20,000 reports, golan
    .venv/bin/python benchmarks/bench_report.py --n 2000 --profile
    .venv/bin/python benchmarks/bench_report.py --write          # also update RESULTS.md

The reports are those of bench_check.py (uniform in the theatre's box, actors cycling, half
with an uncertainty radius, days over 2017-2019), checked once; the time is build_report's
alone (HTML with one static map, clause table, timeline and findings per agreement, and the
comparison section), best of --repeat runs, plus the first.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import machine, publish, versions  # noqa: E402
from workload import load_pack, make_observations  # noqa: E402

SECTION = "## report: 20,000 reports"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--pack", default="golan")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest calls")
    parser.add_argument("--write", action="store_true", help=f"write '{SECTION}' into RESULTS.md")
    args = parser.parse_args()

    import standoff
    from standoff.report.report import build_report

    pack, note = load_pack(args.pack)
    obs = make_observations(pack, args.n)
    result = standoff.check(obs, pack)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        page = build_report(result, pack)
        times.append(time.perf_counter() - start)
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(build_report, result, pack)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    load = os.getloadavg()[0]
    publish([
        SECTION, "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        f"- software: {versions()}",
        f"- command: `.venv/bin/python benchmarks/bench_report.py --n {args.n}`",
        f"- pack: `{pack.id}` ({len(pack.agreements)} agreements){' — ' + note if note else ''}",
        f"- reports: N = {args.n:,} ({len(result):,} verdict rows), as in bench_check.py",
        f"- 1-min load average after the runs: {load:.1f} (2 cores shared with other sessions)",
        "",
        "| | seconds |",
        "|---|---:|",
        f"| build_report, best of {args.repeat} | **{min(times):.2f}** |",
        f"| build_report, first run | {times[0]:.2f} |",
        f"| page size | {len(page) / 1e6:.1f} MB |",
        "",
        "Before the report worked on verdict columns (issue 17): 348 s for 20,000 reports.",
        "",
    ], SECTION, args.write)


if __name__ == "__main__":
    main()
