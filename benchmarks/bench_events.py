#!/usr/bin/env python
"""Reading event data: ACLED and GDELT files of N made-up events against the golan pack.

    .venv/bin/python benchmarks/bench_events.py                 # 200,000 events of each
    .venv/bin/python benchmarks/bench_events.py --n 50000 --write

Each run writes an ACLED-layout CSV and a GDELT 2.0 file of N events (two actors each, some
not in the pack) and, as the peer, our own CSV of the observations they give; then times
`standoff.read_observations` on the three, interleaved, best of `--repeat`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import load_average, machine, publish  # noqa: E402

SECTION = "## ingest: ACLED and GDELT files"
ACLED_NAMES = ["Military Forces of Syria (2000-2024)", "Hezbollah", "IRGC", "Civilians (Syria)",
               "Military Forces of Israel (2022-)", "Unidentified Armed Group (Syria)"]
GDELT_CODES = ["ISRMIL", "SYRMIL", "IRN", "SYRREB", "LBNREB", "RUSMIL", ""]


def make_files(folder: Path, n: int) -> dict[str, Path]:
    from standoff.ingest.events import GDELT_COLUMNS

    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(35.6, 36.9, n), rng.uniform(32.3, 33.8, n)
    days = np.datetime64("2018-01-01") + rng.integers(0, 365, n)
    a1, a2 = rng.integers(0, len(ACLED_NAMES), n), rng.integers(0, len(ACLED_NAMES), n)
    paths = {"acled": folder / "acled.csv", "gdelt": folder / "events.export.CSV",
             "ours": folder / "ours.csv"}
    with paths["acled"].open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["event_id_cnty", "event_date", "time_precision", "sub_event_type", "actor1", "actor2",
                    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"])
        for i in range(n):
            w.writerow([f"SYR{i}", str(days[i]), 1, "Armed clash", ACLED_NAMES[a1[i]], ACLED_NAMES[a2[i]],
                        f"{lat[i]:.4f}", f"{lon[i]:.4f}", 1 + i % 3, "made up", f"event {i}", i % 5])
    g = {name: j for j, name in enumerate(GDELT_COLUMNS)}
    with paths["gdelt"].open("w") as f:
        for i in range(n):
            row = [""] * len(GDELT_COLUMNS)
            row[g["GLOBALEVENTID"]], row[g["SQLDATE"]] = str(900_000_000 + i), str(days[i]).replace("-", "")
            row[g["Actor1Code"]], row[g["Actor2Code"]] = GDELT_CODES[a1[i]], GDELT_CODES[a2[i] % 6]
            row[g["EventCode"]], row[g["ActionGeo_Type"]] = "190", "4"
            row[g["ActionGeo_Lat"]], row[g["ActionGeo_Long"]] = f"{lat[i]:.4f}", f"{lon[i]:.4f}"
            row[g["SOURCEURL"]] = f"https://example.org/{i}"
            f.write("\t".join(row) + "\n")
    with paths["ours"].open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "time", "actor", "lon", "lat", "radius_m", "source", "quote"])
        for k in range(2):  # as many observations as the events give (two actors each)
            for i in range(n):
                w.writerow([f"o{k}-{i}", str(days[i]), "IRN", f"{lon[i]:.4f}", f"{lat[i]:.4f}", 2000,
                            "made up", f"event {i}"])
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args()
    import standoff

    pack = standoff.load_pack("golan")
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_files(Path(tmp), args.n)
        best = dict.fromkeys(paths, float("inf"))
        rows = {}
        loads = []
        for _ in range(args.repeat):
            for name, path in paths.items():  # interleaved
                loads.append(load_average().split(" / ")[0])
                t = time.perf_counter()
                rows[name] = len(standoff.read_observations(path, pack))
                best[name] = min(best[name], time.perf_counter() - t)
    command = f".venv/bin/python benchmarks/bench_events.py --n {args.n} --repeat {args.repeat}"
    lines = [SECTION, "", f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC", f"- machine: {machine()}",
             f"- command: `{command}`",
             f"- 1-min load average before each read: {', '.join(loads)} (2 cores, shared)",
             "", "| file | events | observations | best read | per observation |",
             "|---|---:|---:|---:|---:|"]
    for name in paths:
        events = args.n if name != "ours" else "–"
        lines.append(f"| {name} | {events if isinstance(events, str) else f'{events:,}'} | {rows[name]:,} | "
                     f"{best[name]:.2f} s | {best[name] / rows[name] * 1e6:.1f} µs |")
    publish(lines + [""], SECTION, args.write)


if __name__ == "__main__":
    main()
