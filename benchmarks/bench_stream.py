#!/usr/bin/env python
"""Inputs larger than memory: a GeoParquet dataset streamed, and the same on a Dask LocalCluster.

    .venv/bin/python benchmarks/bench_stream.py --n 20000000 --data /tmp/standoff-20m   # makes it once
    .venv/bin/python benchmarks/bench_stream.py --n 2000000 --data /tmp/standoff-2m --write

The dataset is a folder of GeoParquet files of 1,000,000 reports each (the mix of
benchmarks/workload.py, one seed per file, ids unique across files, row groups of 250,000),
checked against every golan agreement. Each scenario runs in its own fresh process; peak RSS
is that process's (for dask: the client's, and each worker's as reported by the worker).

  stream   standoff.scale.check_stream(folder, pack, out.parquet)         one process
  dask     standoff.scale.check_dask(folder, pack, out/, LocalCluster(2 workers, processes))

The two outputs are compared row for row (sorted by observation, agreement and clause).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SECTION = "## stream: a GeoParquet dataset larger than memory, in one process and on Dask"
PER_FILE = 1_000_000


def make_dataset(folder: Path, n: int) -> None:
    """`n` reports as GeoParquet files of PER_FILE reports (skipped when already there)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    import workload as b

    import standoff
    from standoff.report.writers import point_wkb

    pack = standoff.load_pack("golan")
    folder.mkdir(parents=True, exist_ok=True)
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
    for p in range(-(-n // PER_FILE)):
        path = folder / f"reports-{p:04d}.parquet"
        if path.exists():
            continue
        obs = b.make_observations(pack, min(PER_FILE, n - p * PER_FILE), seed=100 + p)
        ids = pa.array(np.char.add(f"f{p}-", obs.id.astype(str)))
        table = pa.table({"id": ids, "time": pa.array(obs.time),
                          "actor": pa.array(obs.actor, pa.string()), "radius_m": obs.radius_m,
                          "count": obs.count, "unit": pa.array(obs.unit, pa.string()),
                          "geometry": point_wkb(obs.lon, obs.lat)})
        pq.write_table(table.replace_schema_metadata({"geo": json.dumps(geo)}), path.with_suffix(".tmp"),
                       row_group_size=250_000)
        path.with_suffix(".tmp").rename(path)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scenario(name: str, data: Path, out: Path) -> dict[str, float]:
    import standoff
    from standoff.scale import check_stream

    pack = standoff.load_pack("golan")
    t = time.perf_counter()
    if name == "stream":
        done = check_stream(data, pack, out / "stream.parquet")
        workers: list[float] = []
    else:
        from distributed import Client, LocalCluster

        from standoff.scale import check_dask

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                          silence_logs=40) as cluster, Client(cluster) as client:
            done = check_dask(data, pack, out / "dask", scheduler=client)
            workers = list(client.run(peak_rss_mib).values())
    return {"wall_s": time.perf_counter() - t, "rss_mib": peak_rss_mib(),
            "worker_rss_mib": max(workers, default=0.0), "rows": len(done), "reports": done.reports}


def same_rows(out: Path) -> str:
    """Compare the two outputs row for row, a file of the dask output at a time."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    keys = ["observation_id", "agreement_id", "clause_id"]
    single = ds.dataset(out / "stream.parquet")
    parts = sorted((out / "dask").glob("part-*.parquet"))
    rows = 0
    for part in parts:
        mine = ds.dataset(part).to_table().drop_columns(["geometry"])
        ids = pc.unique(mine.column("observation_id"))
        lo, hi = pc.min_max(ids).values()  # lets the row groups' statistics skip most of the file
        near = (pc.field("observation_id") >= lo) & (pc.field("observation_id") <= hi)
        theirs = single.to_table(filter=near & pc.field("observation_id").isin(ids))
        theirs = theirs.drop_columns(["geometry"])
        order = [(k, "ascending") for k in keys]
        if not mine.sort_by(order).equals(theirs.sort_by(order)):
            return f"DIFFERENT in {part.name}"
        rows += mine.num_rows
    del pa
    return f"equal ({rows:,} rows in {len(parts)} part files = the single file's {single.count_rows():,})"


def run_child(name: str, data: Path, out: Path) -> dict[str, float]:
    res = subprocess.run([sys.executable, __file__, "--child", name, "--data", str(data), "--out", str(out)],
                         capture_output=True, text=True, timeout=4 * 3600)
    if res.returncode:
        print(res.stderr[-3000:], file=sys.stderr)
        return {"wall_s": float("nan"), "rss_mib": float("nan"), "worker_rss_mib": 0, "rows": 0, "reports": 0}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000_000)
    ap.add_argument("--data", type=Path, default=Path("/tmp/standoff-stream-data"))
    ap.add_argument("--out", type=Path, default=None, help="folder for the outputs (default: next to --data)")
    ap.add_argument("--only", nargs="*", choices=("stream", "dask"), default=["stream", "dask"])
    ap.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    ap.add_argument("--child")
    args = ap.parse_args()
    out = args.out or args.data.with_name(args.data.name + "-out")
    if args.child:
        print(json.dumps(scenario(args.child, args.data, out)))
        return
    import common

    t = time.perf_counter()
    make_dataset(args.data, args.n)
    print(f"dataset ready in {time.perf_counter() - t:.0f} s", flush=True)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    results, loads = {}, []
    for name in args.only:
        loads.append(os.getloadavg())
        results[name] = run_child(name, args.data, out)
        print(name, results[name], flush=True)
    loads.append(os.getloadavg())
    verdict = same_rows(out) if len(results) == 2 else "not compared"
    size = sum(f.stat().st_size for f in args.data.glob("*.parquet"))
    rows = [f"| {name} | {r['wall_s']:.0f} s | {r['rss_mib']:,.0f} MiB | "
            f"{r['worker_rss_mib']:,.0f} MiB | {r['rows']:,} |" for name, r in results.items()]
    common.publish([
        SECTION, "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {common.machine()}",
        f"- command: `.venv/bin/python benchmarks/bench_stream.py --n {args.n}"
        f"{' --write' if args.write else ''}`",
        "- load average (1/5/15 min) before each scenario and after: "
        + "; ".join(" ".join(f"{x:.1f}" for x in load) for load in loads),
        f"- dataset: {args.n:,} reports in {len(list(args.data.glob('*.parquet')))} GeoParquet files "
        f"({size / 2**20:,.0f} MiB), all golan agreements; the default batch of 250,000 reports",
        f"- dask output vs single process, row for row: {verdict}", "",
        "| scenario | wall | peak RSS (client process) | peak RSS (largest worker) | verdict rows |",
        "|---|---:|---:|---:|---:|", *rows, ""], SECTION, args.write)


if __name__ == "__main__":
    main()
