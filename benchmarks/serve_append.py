"""The serve writer's append with and without plain inserts for rounds of new reports.

    .venv/bin/python benchmarks/serve_append.py [--rounds 60] [--clients 4] [--repeat 3]

The server's writer (`serve.writer.StoreWriter`) in this process, fed `--clients` CSV batches of
100 new reports at a time (the check benchmarks' mix), into a fresh store: once as it is (a
round of reports new to the store goes in with `store.write.append_new`), once with every round
through `store.append` (the stored rows are looked up). Interleaved, `--repeat` times; prints
reports/s, CPU per batch and the store's size at the end. Best of the repeats is what counts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import load_average  # noqa: E402
from serve import csv_batches  # noqa: E402


def run(bodies: list[bytes], clients: int, plain: bool) -> tuple[float, float]:
    """Reports/s and CPU ms per batch after a warm-up of 20 batches."""
    import standoff
    from standoff.ingest.records import observations_from_csv
    from standoff.serve import writer as writer_module
    from standoff.store import append, append_new

    pack = standoff.load_pack("golan")
    writer_module.append_new = append_new if plain else append  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp:
        writer = writer_module.StoreWriter(Path(tmp) / "w.duckdb", pack)
        try:
            groups = [bodies[k:k + clients] for k in range(0, len(bodies) - clients + 1, clients)]
            for k, group in enumerate(groups):
                if k * clients == 20:
                    t0, c0 = time.perf_counter(), time.process_time()
                with writer._wake:  # the round takes them all
                    futures = [writer.submit(observations_from_csv(b, pack)) for b in group]
                for future in futures:
                    future.result()
            n = len(groups) * clients - 20
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        finally:
            writer.close()
            writer_module.append_new = append_new  # type: ignore[attr-defined]
    return 100 * n / wall, 1e3 * cpu / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bodies, _ = csv_batches(args.rounds * args.clients, 100, 0)
    print("load average before:", load_average())
    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.repeat):
        for plain in (True, False):
            name = "append_new" if plain else "append"
            got = run(bodies, args.clients, plain)
            print(f"{name}: {got[0]:,.0f} reports/s, CPU {got[1]:.1f} ms per batch")
            if name not in best or got[0] > best[name][0]:
                best[name] = got
    print("load average after:", load_average())
    print("best:", {k: f"{v[0]:,.0f} reports/s, {v[1]:.1f} ms CPU per batch" for k, v in best.items()},
          f"ratio {best['append_new'][0] / best['append'][0]:.2f}")


if __name__ == "__main__":
    main()
