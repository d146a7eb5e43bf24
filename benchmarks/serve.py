"""Sustained POST /observations against a real `standoff serve` process: reports/s, p50/p99 latency.

    .venv/bin/python benchmarks/serve.py [--seconds 30] [--clients 4] [--batch 100]

The server runs as its own process (`standoff serve`, a fresh store in a temporary folder) on a
free loopback port; each client is a thread with its own keep-alive httpx connection that posts
CSV batches of `--batch` random reports of the check benchmarks' mix (benchmarks/workload.py)
back to back for `--seconds`. With `--overlap 0.25` consecutive batches share a quarter of their
reports (same ids, same content), posted by different clients at about the same time. At the
end the store is opened and counted: every report once, every POST's reports in a run, every
verdict a client got back present in the store, no verdict row doubled (`ok 1`). A peer runs
the same batches in one process without HTTP: read, check and `store.append` one at a time.
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import machine  # noqa: E402
from workload import load_pack, make_observations  # noqa: E402

TOKEN = "benchmark-token"


def csv_batches(n_batches: int, batch: int, overlap: int) -> tuple[list[bytes], int]:
    """CSV bodies; batch k holds reports [k*(batch-overlap), ... + batch). Returns bodies, unique ids."""
    pack, _ = load_pack("golan")
    step = batch - overlap
    total = step * (n_batches - 1) + batch
    obs = make_observations(pack, total, seed=7)
    rows = io.StringIO()
    lines = [f"{obs.id[i]},{obs.time[i]},{obs.actor[i]},{obs.lon[i]:.6f},{obs.lat[i]:.6f},"
             f"{obs.radius_m[i]:.1f},{int(obs.count[i])},{obs.unit[i]}" for i in range(total)]
    header = "id,time,actor,lon,lat,radius_m,count,unit\n"
    bodies = []
    for k in range(n_batches):
        rows.seek(0)
        rows.truncate()
        rows.write(header + "\n".join(lines[k * step:k * step + batch]) + "\n")
        bodies.append(rows.getvalue().encode())
    return bodies, total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STANDOFF_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-c", "from standoff.cli import main; main()", "serve",
                             "--store", str(store), "--pack", "golan", "--port", str(port)], env=env)
    import httpx

    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/agreements", timeout=2)
            return proc
        except httpx.TransportError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("the server did not start") from None
            time.sleep(0.1)


def run_clients(url: str, bodies: list[bytes], clients: int, seconds: float) -> dict[str, object]:
    """Clients take the next batch from a shared counter until the time is up (or batches run out)."""
    import httpx

    lock, cursor = threading.Lock(), [0]
    latencies: list[float] = []
    answers: list[tuple[int, dict]] = []
    errors: list[str] = []
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        with httpx.Client(base_url=url, timeout=120, headers={"authorization": f"Bearer {TOKEN}",
                                                                  "content-type": "text/csv"}) as http:
            while time.perf_counter() < stop_at:
                with lock:
                    k = cursor[0]
                    cursor[0] += 1
                if k >= len(bodies):
                    return
                t0 = time.perf_counter()
                answer = http.post("/observations", content=bodies[k])
                dt = time.perf_counter() - t0
                with lock:
                    if answer.status_code != 200:
                        errors.append(f"{answer.status_code} {answer.text[:200]}")
                        continue
                    latencies.append(dt)
                    answers.append((k, answer.json()))

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"wall": wall, "latencies": np.array(latencies), "answers": answers, "errors": errors}


def verify(store: Path, answers: list[tuple[int, dict]], batch: int, overlap: int) -> dict[str, int]:
    """Count the store (the server has stopped): nothing lost, nothing doubled."""
    import duckdb

    step = batch - overlap
    sent = {f"o{i}" for k, _ in answers for i in range(k * step, k * step + batch)}
    with duckdb.connect(str(store), read_only=True) as con:
        obs_rows, obs_ids = con.execute("SELECT count(*), count(DISTINCT observation_id) FROM observations"
                                        ).fetchone()
        runs, run_reports = con.execute("SELECT count(*), sum(observations) FROM runs").fetchone()
        verdict_rows, doubled = con.execute("""SELECT count(*), count(*) - count(DISTINCT
            (run_id, observation_id, agreement_id, clause_id)) FROM verdicts""").fetchone()
        pairs = set(con.execute("SELECT DISTINCT observation_id || '/' || agreement_id || '/' || clause_id "
                                "FROM verdicts").fetchall())
    returned = {(f"{v['observation_id']}/{v['agreement_id']}/{v['clause_id']}",)
                for _, a in answers for v in a["verdicts"]}
    added = sum(a["verdicts_added"] for _, a in answers)
    out = {"reports sent (unique ids)": len(sent), "observation rows": obs_rows, "distinct ids": obs_ids,
           "runs (batches waiting together share one)": runs, "posts answered 200": len(answers),
           "reports in runs": int(run_reports or 0),
           "reports posted": batch * len(answers), "verdict rows": verdict_rows,
           "verdicts_added (sum of answers)": added, "doubled verdict rows": doubled,
           "returned pairs missing from the store": len(returned - pairs)}
    ok = (obs_rows == obs_ids == len(sent) and runs <= len(answers) and out["reports in runs"] ==
          out["reports posted"] and verdict_rows == added and doubled == 0 and not (returned - pairs))
    out["ok"] = int(ok)
    return out


def one_run(args: argparse.Namespace, bodies: list[bytes], overlap: int) -> None:
    """A fresh server and store; warm up, post for `--seconds`, stop, count the store."""
    import psutil

    warm, bodies = bodies[:20], bodies[20:]
    with tempfile.TemporaryDirectory() as tmp:
        store, port = Path(tmp) / "bench.duckdb", free_port()
        proc = start_server(store, port)
        try:
            url = f"http://127.0.0.1:{port}"
            warmed = run_clients(url, warm, 1, 60)  # JIT and caches warm; these reports are stored too
            server = psutil.Process(proc.pid)
            load0, cpu0, own0 = os.getloadavg()[0], sum(server.cpu_times()[:2]), time.process_time()
            got = run_clients(url, bodies, args.clients, args.seconds)
            load1, cpu1, own1 = os.getloadavg()[0], sum(server.cpu_times()[:2]), time.process_time()
        finally:
            proc.terminate()
            proc.wait(60)
        lat = got["latencies"]
        reports = args.batch * len(lat)
        print(f"{args.clients} clients, batches of {args.batch} reports (CSV), {got['wall']:.1f} s: "
              f"{len(lat)} POSTs, {reports:,} reports, **{reports / got['wall']:,.0f} reports/s**; latency "
              f"p50 {1e3 * np.percentile(lat, 50):.0f} ms, p99 {1e3 * np.percentile(lat, 99):.0f} ms, "
              f"max {1e3 * lat.max():.0f} ms; errors {len(got['errors'])}; "
              f"load average {load0:.2f} → {load1:.2f}")
        per_post = 1e3 * (cpu1 - cpu0) / max(1, len(lat))
        print(f"  CPU: server {cpu1 - cpu0:.1f} s ({per_post:.0f} ms per POST), "
              f"clients {own1 - own0:.1f} s, of {2 * got['wall']:.0f} core-seconds (2 cores, shared)")
        for e in got["errors"][:5]:
            print("  error:", e)
        answers = warmed["answers"] + [(k + 20, a) for k, a in got["answers"]]  # the warm-up's too
        counts = verify(store, answers, args.batch, overlap)
        print("  store:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))


def peer(bodies: list[bytes]) -> None:
    """The same batches in this process, one at a time, without HTTP: read, check, append each."""
    import standoff
    from standoff.ingest.records import observations_from_csv
    from standoff.store import append

    pack = standoff.load_pack("golan")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "peer.duckdb"
        parts = np.zeros(3)
        for k, body in enumerate(bodies[:120]):
            t0 = time.perf_counter()
            obs = observations_from_csv(body, pack)
            t1 = time.perf_counter()
            result = standoff.check(obs, pack)
            t2 = time.perf_counter()
            append(store, result)
            if k >= 20:  # after the warm-up
                parts += (t1 - t0, t2 - t1, time.perf_counter() - t2)
    per = 1e3 * parts / 100
    print(f"peer, in process, one batch at a time (no HTTP, no grouping): read {per[0]:.1f} ms + check "
          f"{per[1]:.1f} ms + append {per[2]:.1f} ms per 100 reports = {1e5 / per.sum():,.0f} reports/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1, help="Runs, each with a fresh server and store.")
    parser.add_argument("--overlap", type=float, default=0.0,
                        help="Share of each batch that the next batch repeats (0.25: a quarter).")
    args = parser.parse_args()
    overlap = int(args.batch * args.overlap)
    bodies, _ = csv_batches(int(args.seconds * 20_000 / (args.batch - overlap)) + 50, args.batch, overlap)
    print(f"machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    for _ in range(args.repeat):  # interleaved with the peer
        one_run(args, bodies, overlap)
        peer(bodies)


if __name__ == "__main__":
    main()
