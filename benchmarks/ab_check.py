#!/usr/bin/env python
"""CPU seconds of one `standoff.check`, best of 3 after a warm-up, for A/B runs of two trees.

    PYTHONPATH=src .venv/bin/python benchmarks/ab_check.py all    # every golan clause, workload.py's 1M
    PYTHONPATH=src .venv/bin/python benchmarks/ab_check.py one    # peers.py's clause and 1M points

Run it once per tree (PYTHONPATH at each tree's src) and per setting (e.g. STANDOFF_FAR_PLANAR=0/1),
interleaved, a few rounds: the machine is shared, so compare the best CPU times, not one run.
One thread (STANDOFF_THREADS=1); grids come from STANDOFF_CACHE (built by the warm-up if absent).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["all", "one"])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--tag", default=os.environ.get("STANDOFF_FAR_PLANAR", ""))
    args = ap.parse_args()
    os.environ["STANDOFF_THREADS"] = "1"
    import standoff

    if args.what == "all":
        from workload import load_pack, make_observations
        pack, _ = load_pack("golan")
        obs, chosen = make_observations(pack, args.n), None
    else:
        from peers import AGREEMENT, setup
        pack, _, obs = setup(args.n)
        chosen = [AGREEMENT]
    standoff.check(obs, pack, agreements=chosen)  # warm-up: grids, numba cache, first-touch memory
    wall = cpu = float("inf")
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        result = standoff.check(obs, pack, agreements=chosen)
        wall, cpu = min(wall, time.perf_counter() - t), min(cpu, time.process_time() - c)
    inexact = 0 if result.margin_exact is None else int((~result.margin_exact).sum())
    print(f"{args.tag} {args.what} n={args.n} rows={len(result)} cpu {cpu:.3f} s wall {wall:.3f} s "
          f"margin_exact False {inexact} load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
