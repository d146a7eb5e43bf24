"""Sustained POST /observations against a real `standoff serve` process: reports/s, p50/p99 latency.

    .venv/bin/python benchmarks/serve.py [--seconds 30] [--clients 4] [--batch 100] [--repeat 2] [--write]

The server runs as its own process (`standoff serve`, a fresh store in a temporary folder) on a
free loopback port; each client is a thread with its own keep-alive httpx connection that posts
CSV batches of `--batch` random reports of the check benchmarks' mix (benchmarks/workload.py)
back to back for `--seconds`. With `--overlap 0.25` consecutive batches share a quarter of their
reports (same ids, same content), posted by different clients at about the same time. At the
end the store is opened and counted: every report once, every POST's reports in a run, every
verdict a client got back present in the store, no verdict row doubled (`ok`). Two peers run the
same batches in this process without HTTP, interleaved with the server runs: read, check and
`store.append` one batch at a time; and the server's own writer (`serve.writer.StoreWriter`)
fed `--clients` batches at a time. `--write` puts the table in benchmarks/RESULTS.md.
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

from common import load_average, machine, write_section  # noqa: E402
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


def one_run(args: argparse.Namespace, bodies: list[bytes], overlap: int) -> dict[str, object]:
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
        out = {"rate": reports / got["wall"], "posts": len(lat), "wall": got["wall"],
               "p50": 1e3 * np.percentile(lat, 50), "p99": 1e3 * np.percentile(lat, 99),
               "max": 1e3 * lat.max(),
               "errors": len(got["errors"]), "load": (load0, load1), "cpu": cpu1 - cpu0,
               "cpu_per_post": 1e3 * (cpu1 - cpu0) / max(1, len(lat)), "clients_cpu": own1 - own0,
               "rounds": len({a["run_id"] for _, a in got["answers"]})}  # runs of the timed POSTs
        print(f"{args.clients} clients, batches of {args.batch} reports (CSV), {got['wall']:.1f} s: "
              f"{len(lat)} POSTs, {reports:,} reports, **{out['rate']:,.0f} reports/s**; latency "
              f"p50 {out['p50']:.0f} ms, p99 {out['p99']:.0f} ms, max {out['max']:.0f} ms; errors "
              f"{len(got['errors'])}; load average {load0:.2f} → {load1:.2f}")
        print(f"  CPU: server {out['cpu']:.1f} s ({out['cpu_per_post']:.0f} ms per POST), "
              f"clients {own1 - own0:.1f} s, of {2 * got['wall']:.0f} core-seconds (2 cores, shared)")
        for e in got["errors"][:5]:
            print("  error:", e)
        answers = warmed["answers"] + [(k + 20, a) for k, a in got["answers"]]  # the warm-up's too
        out["store"] = counts = verify(store, answers, args.batch, overlap)
        print("  store:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return out


def peer(bodies: list[bytes], clients: int) -> dict[str, float]:
    """The same batches in this process without HTTP: read, check and append one at a time; then
    the server's writer fed `clients` batches at a time (after a warm-up of 20 batches each)."""
    import standoff
    from standoff.ingest.records import observations_from_csv
    from standoff.serve.writer import StoreWriter
    from standoff.store import append

    pack = standoff.load_pack("golan")
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        parts = np.zeros(3)
        for k, body in enumerate(bodies[:120]):
            t0 = time.perf_counter()
            obs = observations_from_csv(body, pack)
            t1 = time.perf_counter()
            result = standoff.check(obs, pack)
            t2 = time.perf_counter()
            append(Path(tmp) / "peer.duckdb", result)
            if k >= 20:  # after the warm-up
                parts += (t1 - t0, t2 - t1, time.perf_counter() - t2)
        per = 1e3 * parts / 100
        out["one"] = 1e5 / per.sum()
        print(f"peer, in process, one batch at a time (no HTTP, no grouping): read {per[0]:.1f} ms + check "
              f"{per[1]:.1f} ms + append {per[2]:.1f} ms per 100 reports = {out['one']:,.0f} reports/s")
        writer = StoreWriter(Path(tmp) / "writer.duckdb", pack)
        try:
            n = 20 + clients * (220 // clients)
            for first in range(0, n, clients):
                if first == 20:
                    t0, c0 = time.perf_counter(), time.process_time()
                group = [observations_from_csv(body, pack)
                         for body in bodies[120 + first:120 + first + clients]]
                for future in [writer.submit(obs) for obs in group]:
                    future.result()
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        finally:
            writer.close()
        out["writer"], out["writer_cpu"] = 100 * (n - 20) / wall, 1e3 * cpu / (n - 20)
        print(f"peer, in process, the server's writer {clients} batches at a time (no HTTP): "
              f"{out['writer']:,.0f} reports/s, CPU {out['writer_cpu']:.0f} ms per batch")
    return out


def markdown(args: argparse.Namespace, runs: list[dict[str, object]], peers: list[dict[str, float]],
             loads: tuple[str, str]) -> str:
    """The RESULTS.md section of this run."""
    command = (f".venv/bin/python benchmarks/serve.py --seconds {args.seconds:g} --clients {args.clients} "
               f"--batch {args.batch} --repeat {args.repeat}"
               + (f" --overlap {args.overlap:g}" if args.overlap else "") + " --write")
    lines = [TITLE, "", f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
             f"- machine: {machine()}", f"- command: `{command}`",
             f"- load average (1/5/15 min) before / after: {loads[0]} | {loads[1]}",
             "- server: `standoff serve --pack golan` as its own process, a fresh store per run, all 9 "
             f"golan agreements; {args.clients} client threads in the benchmark process, keep-alive httpx, "
             f"CSV bodies of {args.batch} random reports (the check benchmarks' mix), posted back to back "
             f"for {args.seconds:g} s after a warm-up"
             + (f"; consecutive batches share {args.overlap:.0%} of their reports" if args.overlap else ""),
             "- peers (same batches, this process, no HTTP, interleaved with the server runs): read + "
             "`standoff.check` + `store.append` one batch at a time; the server's `StoreWriter` fed "
             f"{args.clients} batches at a time", "",
             "| run | reports/s | p50 | p99 | max | server CPU per POST | runs (rounds) for the POSTs | "
             "load (1 min) | store check |", "|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for k, r in enumerate(runs, 1):
        st: dict[str, int] = r["store"]  # type: ignore[assignment]
        check = ("ok: " if st["ok"] else "**FAILED**: ") + (
            f"{st['distinct ids']:,} reports once, {st['verdict rows']:,} verdict rows = the answers' sum, "
            f"{st['doubled verdict rows']} doubled, {st['returned pairs missing from the store']} missing")
        load0, load1 = r["load"]  # type: ignore[misc]
        lines.append(f"| {k} | **{r['rate']:,.0f}** | {r['p50']:.0f} ms | {r['p99']:.0f} ms | "
                     f"{r['max']:.0f} ms | {r['cpu_per_post']:.0f} ms | {r['rounds']} for {r['posts']} | "
                     f"{load0:.1f} → {load1:.1f} | {check} |")
    for k, p in enumerate(peers, 1):
        lines.append(f"| peer {k}: one at a time | {p['one']:,.0f} | – | – | – | – | one per batch | | |")
        lines.append(f"| peer {k}: writer, {args.clients} at a time | {p['writer']:,.0f} | – | – | – | "
                     f"{p['writer_cpu']:.0f} ms | | | |")
    return "\n".join(lines) + "\n"


TITLE = "## serve: sustained POST /observations (issue 14)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1, help="Runs, each with a fresh server and store.")
    parser.add_argument("--overlap", type=float, default=0.0,
                        help="Share of each batch that the next batch repeats (0.25: a quarter).")
    parser.add_argument("--write", action="store_true", help="Put the results in benchmarks/RESULTS.md.")
    args = parser.parse_args()
    overlap = int(args.batch * args.overlap)
    bodies, _ = csv_batches(int(args.seconds * 20_000 / (args.batch - overlap)) + 400, args.batch, overlap)
    print(f"machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    loads = load_average()
    runs, peers = [], []
    for _ in range(args.repeat):  # interleaved with the peers
        runs.append(one_run(args, bodies, overlap))
        peers.append(peer(bodies, args.clients))
    text = markdown(args, runs, peers, (loads, load_average()))
    print(text)
    if args.write:
        write_section(HERE / "RESULTS.md", TITLE, text)


if __name__ == "__main__":
    main()
