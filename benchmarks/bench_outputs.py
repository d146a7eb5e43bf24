#!/usr/bin/env python
"""What it costs to get verdicts out: files and the store, against the check alone.

    .venv/bin/python benchmarks/bench_outputs.py                  # 1,000,000 reports, golan
    .venv/bin/python benchmarks/bench_outputs.py --n 100000
    .venv/bin/python benchmarks/bench_outputs.py --write          # also update benchmarks/RESULTS.md

Each scenario runs in its own fresh process (so its peak RSS is its own), on the observations
of benchmarks/workload.py (same mix, same seed), against every golan agreement, after a
warm-up on 10k reports along the scenario's own path (reading GeoParquet, writing the file);
the time excludes making the observations:

  check        standoff.check on the observations in memory (the reference)
  parquet      GeoParquet in -> check -> GeoParquet out, end to end (read_observations included)
  csv, jsonl   check -> verdict file
  store        check -> standoff.store append into a fresh DuckDB file
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SECTION = "## outputs: 1M reports out to files and the store"
SCENARIOS = ("check", "parquet", "csv", "jsonl", "store")


def observations_parquet(pack, n: int, path: Path, seed: int = 1) -> None:
    """The benchmark's observations as a GeoParquet file (points, EPSG:4326)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    import workload as b

    from standoff.report.writers import point_wkb

    obs = b.make_observations(pack, n, seed=seed)
    table = pa.table({"id": pa.array(obs.id, pa.string()), "time": pa.array(obs.time),
                      "actor": pa.array(obs.actor, pa.string()), "lon": obs.lon, "lat": obs.lat,
                      "radius_m": obs.radius_m, "count": obs.count,
                      "unit": pa.array(obs.unit, pa.string()), "geometry": point_wkb(obs.lon, obs.lat)})
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
    pq.write_table(table.replace_schema_metadata({"geo": json.dumps(geo)}), path)
    del np


def scenario(name: str, n: int, folder: Path) -> dict[str, float]:
    """Run one scenario in this process; its wall time and this process's peak RSS."""
    import workload as b

    import standoff

    pack = standoff.load_pack("golan")
    # warm-up: the scenario's own path on 10k reports (imports, numba's cached kernels)
    warm = b.make_observations(pack, 10_000, seed=2)
    if name == "parquet":
        observations_parquet(pack, 10_000, folder / "warm.parquet", seed=2)
        warm = standoff.read_observations(folder / "warm.parquet", pack)
    small = standoff.check(warm, pack)
    if name in ("parquet", "csv", "jsonl"):
        standoff.write_result(small, folder / f"warm-out.{name}")
    obs = None if name == "parquet" else b.make_observations(pack, n)
    # every round appends to a new store: the figure is a first append, not a re-send
    for stale in ("monitor.duckdb", "monitor.duckdb.wal"):
        (folder / stale).unlink(missing_ok=True)
    t, cpu = time.perf_counter(), time.process_time()
    if name == "parquet":
        obs = standoff.read_observations(folder / "in.parquet", pack)
    result = standoff.check(obs, pack)
    if name in ("parquet", "csv", "jsonl"):
        standoff.write_result(result, folder / f"out.{name}")
    elif name == "store":
        from standoff.store import append

        append(folder / "monitor.duckdb", result, command="bench_outputs")
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    out = folder / ("monitor.duckdb" if name == "store" else f"out.{name}")
    size = out.stat().st_size if out.exists() else 0
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"wall_s": wall, "cpu_s": cpu, "rss_mib": rss_mib, "rows": len(result), "bytes": size}


def run_child(name: str, n: int, folder: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", name, "--n", str(n), "--folder", str(folder)],
                         capture_output=True, text=True, timeout=3600)
    if out.returncode:
        print(out.stderr[-3000:], file=sys.stderr)
        return {"wall_s": float("nan"), "cpu_s": float("nan"), "rss_mib": float("nan"), "rows": 0, "bytes": 0}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--only", nargs="*", choices=SCENARIOS, default=list(SCENARIOS))
    ap.add_argument("--repeat", type=int, default=1, help="rounds of every scenario, interleaved (best wall)")
    ap.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(scenario(args.child, args.n, Path(args.folder))))
        return
    import common

    import standoff

    with tempfile.TemporaryDirectory(prefix="standoff-bench-") as tmp:
        folder = Path(tmp)
        pack = standoff.load_pack("golan")
        if "parquet" in args.only:
            observations_parquet(pack, args.n, folder / "in.parquet")
        results: dict[str, dict[str, float]] = {}
        loads = []
        for _ in range(args.repeat):
            for name in args.only:
                loads.append(os.getloadavg()[0])
                got = run_child(name, args.n, folder)
                print(name, got, flush=True)
                best = results.setdefault(name, got)
                for key, pick in (("wall_s", min), ("cpu_s", min), ("rss_mib", max)):
                    best[key] = pick(best[key], got[key])
    check = results.get("check", {}).get("wall_s", float("nan"))
    check_cpu = results.get("check", {}).get("cpu_s", float("nan"))
    rows = [f"| {name} | {r['wall_s']:.2f} s | {r['wall_s'] / check:.2f}× | {r['cpu_s']:.2f} s | "
            f"{r['cpu_s'] / check_cpu:.2f}× | {r['rss_mib']:,.0f} MiB | {r['bytes'] / 2**20:,.0f} MiB |"
            for name, r in results.items()]
    common.publish([
        *common.heading(SECTION),
        f"- command: `.venv/bin/python benchmarks/bench_outputs.py --n {args.n} --repeat {args.repeat}"
        f"{'' if args.only == list(SCENARIOS) else ' --only ' + ' '.join(args.only)}"
        f"{' --write' if args.write else ''}`",
        f"- 1-min load average before each scenario: {', '.join(f'{x:.1f}' for x in loads)} "
        "(2 cores, shared with other sessions: ratios, measured in the same run, are the figure to read)",
        f"- {args.repeat} round(s) of the scenarios in turn; best wall and best CPU time (user + system, all "
        "threads) of each, largest peak RSS",
        f"- observations: N = {args.n:,}, the mix of benchmarks/workload.py; all golan agreements; "
        f"{results.get('check', {}).get('rows', 0):,} verdict rows",
        "", "| scenario | wall | × check alone | CPU | × check's CPU | peak RSS (whole process) | output |",
        "|---|---:|---:|---:|---:|---:|---:|", *rows, ""], SECTION, args.write)


if __name__ == "__main__":
    main()
