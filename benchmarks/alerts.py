#!/usr/bin/env python
"""Webhook delivery latency: from a run's commit (alerts queued) to the POST received, endpoint healthy.

    .venv/bin/python benchmarks/alerts.py                 # 40 runs of 25 new reports, each mode
    .venv/bin/python benchmarks/alerts.py --runs 60 --write

A real receiver (http.server on loopback, in a thread) records when each alert arrives; a
`Deliverer` thread sends them. Two modes, interleaved in blocks of `--block` runs, each block
on its own store with only its own deliverer running (as in watch or serve: one store, one
deliverer per process): `wake` (the appender calls `deliverer.wake()` after a run that queued
alerts, as watch does) and `poll` (the thread finds them on its own, polling every second).
Latency is per alert: arrival minus the moment `append` returned (the run committed); also
from the moment `append` began.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import load_average, machine, write_section  # noqa: E402
from workload import make_observations, subset  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import standoff  # noqa: E402
from standoff.alerts import Deliverer, verify  # noqa: E402
from standoff.store import append  # noqa: E402
from tests._server import serve_in_thread  # noqa: E402  (the tests' helper, not a copy)

SECRET = "bench-secret"


class Receiver:
    def __init__(self) -> None:
        self.arrived: dict[str, tuple[float, int, str]] = {}  # key → (time, run id, mode)
        self.bad = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                now = time.time()
                if not verify(SECRET, self.headers["Standoff-Signature"], body):
                    outer.bad += 1
                outer.arrived[self.headers["Idempotency-Key"]] = (now, json.loads(body)["run_id"],
                                                                  self.path.rsplit("/", 1)[-1])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server, base = serve_in_thread(Handler)
        self.url = base + "/hook"


def percentiles(values: list[float]) -> dict[str, float]:
    a = np.array(values)
    return {"n": len(a), "p50": float(np.percentile(a, 50)), "p90": float(np.percentile(a, 90)),
            "p99": float(np.percentile(a, 99)), "max": float(a.max())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--per-run", type=int, default=25)
    ap.add_argument("--block", type=int, default=10)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    pack = standoff.load_pack("golan")
    obs = make_observations(pack, args.runs * args.per_run * 2, seed=3)
    receiver = Receiver()
    loads = [load_average()]
    began: dict[tuple[str, int], float] = {}
    committed: dict[tuple[str, int], float] = {}
    queued = {"wake": 0, "poll": 0}
    with tempfile.TemporaryDirectory() as tmp:
        k = 0
        for block in range(0, args.runs, args.block):
            for mode in ("wake", "poll"):  # interleaved by block
                store = Path(tmp) / f"{mode}.duckdb"
                deliverer = Deliverer(store, SECRET, poll_s=1.0, log=print).start()  # print: a failure shows
                for _ in range(min(args.block, args.runs - block)):
                    result = standoff.check(subset(obs, np.arange(k, k + args.per_run)), pack)
                    k += args.per_run
                    t0 = time.time()
                    added = append(store, result, webhooks=[receiver.url + "/" + mode])
                    committed[(mode, added["run_id"])] = time.time()
                    began[(mode, added["run_id"])] = t0
                    queued[mode] += added["alerts_queued"]
                    if mode == "wake":
                        deliverer.wake()
                    time.sleep(0.1)
                end = time.time() + 30
                while len(receiver.arrived) < sum(queued.values()) and time.time() < end:
                    time.sleep(0.05)
                deliverer.stop()
    loads.append(load_average())
    report(args, receiver, queued, began, committed, loads)


def report(args: argparse.Namespace, receiver: Receiver, queued: dict[str, int],
           began: dict[tuple[str, int], float], committed: dict[tuple[str, int], float],
           loads: list[str]) -> None:
    rows = []
    for mode in ("wake", "poll"):
        mine = [(t, run) for t, run, m in receiver.arrived.values() if m == mode]  # run ids overlap: by URL
        lat_commit = percentiles([t - committed[(mode, run)] for t, run in mine])
        lat_begin = percentiles([t - began[(mode, run)] for t, run in mine])
        rows.append((mode, queued[mode], lat_commit, lat_begin))
    lines = ["## alerts: webhook delivery latency, endpoint healthy (issue 14)", "",
             f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
             f"- machine: {machine()}",
             f"- command: `.venv/bin/python benchmarks/alerts.py --runs {args.runs} --per-run {args.per_run} "
             f"--block {args.block}"
             f"{' --write' if args.write else ''}`",
             f"- load average (1/5/15 min) before / after: {loads[0]} | {loads[1]}",
             f"- workload: {args.runs} runs per mode, {args.per_run} new random golan reports each "
             "(check, then `append(..., webhooks=[url])`), 0.1 s apart; the two modes interleaved in "
             f"blocks of {args.block} runs, each on its own store with only its deliverer running; "
             "receiver: http.server on loopback verifying every signature "
             f"({receiver.bad} bad); Deliverer defaults (5 s timeout, 100 per pass, 4 POSTs at once, "
             "poll 1 s)",
             "", "| mode | alerts | delivered | from commit p50 / p90 / p99 / max (s) | "
             "from append start p50 / p99 (s) |", "|---|---:|---:|---|---|"]
    for mode, n, c, b in rows:
        lines.append(f"| {mode} | {n} | {c['n']} | {c['p50']:.3f} / {c['p90']:.3f} / **{c['p99']:.3f}** / "
                     f"{c['max']:.3f} | {b['p50']:.3f} / {b['p99']:.3f} |")
    lines += ["", "Target (issue 14): p99 < 2 s while the endpoint is healthy. `wake` is how "
              "`standoff watch` runs (and what serve is asked to do); `poll` is the worst case without it."]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write_section(Path(__file__).parent / "RESULTS.md",
                      "## alerts: webhook delivery latency, endpoint healthy (issue 14)", text)


if __name__ == "__main__":
    main()
