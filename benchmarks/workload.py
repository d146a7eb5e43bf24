"""The check benchmarks' workload: the pack, N random reports, memory sampling and timing."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VIOLATION, POSSIBLE, COMPLIANT, NOT_APPLICABLE = 0, 1, 2, 3


class PeakRSS:
    """Peak resident memory of this process, sampled every few ms by a child process.

    A child process, not a thread: numba kernels hold the GIL, which would starve a thread.
    """

    CODE = (
        "import sys, time, psutil\n"
        "p = psutil.Process(int(sys.argv[1])); peak = 0\n"
        "import select\n"
        "while True:\n"
        "    try: peak = max(peak, p.memory_info().rss)\n"
        "    except psutil.Error: break\n"
        "    r, _, _ = select.select([sys.stdin], [], [], 0.005)\n"
        "    if r:\n"
        "        sys.stdin.readline(); print(peak, flush=True); peak = 0\n"
    )

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", self.CODE, str(os.getpid())],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def reset(self) -> int:
        """Start a new measurement; returns the current RSS (the baseline)."""
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        self.proc.stdout.readline()
        import psutil
        return psutil.Process().memory_info().rss

    def peak(self) -> int:
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


# --------------------------------------------------------------------------- inputs
def load_pack(name: str):
    """The requested pack with accuracy zeroed, and a note when it had to fall back."""
    import standoff
    note = ""
    try:
        pack = standoff.load_pack(name)
        if not pack.agreements:
            raise RuntimeError("it has no agreements yet")
    except Exception as exc:  # noqa: BLE001 - any failure means: fall back
        fallback = ROOT / "tests" / "data" / "toypack"
        note = (f"pack '{name}' could not be used ({type(exc).__name__}: {exc}); "
                f"FELL BACK to {fallback.relative_to(ROOT)}")
        pack = standoff.load_pack(fallback)
    pack.features = {k: f.model_copy(update={"accuracy_m": 0.0}) for k, f in pack.features.items()}
    return pack, note


def theatre_polygon(pack, day=None):
    import shapely
    v = pack.features[pack.theatre].version_at(day)
    return shapely.Polygon(v.rings[0], v.rings[1:])


def clause_units(pack) -> list[str]:
    units: set[str] = set()
    for a in pack.agreements.values():
        for c in a.clauses:
            units |= set(c.max or {}) | set(c.equipment or [])
    return sorted(units | {"soldier"})


def make_observations(pack, n: int, seed: int = 1):
    """N observations as columns, straight from numpy (no CSV, no records)."""
    from standoff.model import ObservationSet
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = theatre_polygon(pack).bounds
    codes = np.array(sorted(pack.actors), dtype=object)
    units = np.array(clause_units(pack), dtype=object)
    first, last = np.datetime64("2017-01-01"), np.datetime64("2019-12-31")
    days = rng.integers(0, int((last - first).astype(int)) + 1, n)
    return ObservationSet(
        id=np.char.add("o", np.arange(n).astype(str)).astype(object),
        actor=codes[np.arange(n) % len(codes)],
        lon=rng.uniform(x0, x1, n),
        lat=rng.uniform(y0, y1, n),
        radius_m=np.where(rng.random(n) < 0.5, 0.0, rng.uniform(0.0, 5000.0, n)),
        time=(first + days).astype("datetime64[D]"),
        time_end=np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"),
        count=rng.integers(1, 40, n).astype(np.float64),
        unit=units[rng.integers(0, len(units), n)],
        source=np.full(n, "", dtype=object),
        quote=np.full(n, "", dtype=object),
        attribution=np.full(n, "", dtype=object),
        confidence=np.ones(n),
        origin="benchmark",
    )


def subset(obs, idx):
    from standoff.model import ObservationSet
    return ObservationSet(**{k: getattr(obs, k)[idx] for k in (
        "id", "actor", "lon", "lat", "radius_m", "time", "time_end", "count", "unit", "source",
        "quote", "attribution", "confidence")}, origin=obs.origin)



def timed_runs(run, repeat: int, sampler: PeakRSS):
    """Run `run` `repeat` times: (last result, best wall s, first wall s, CPU s of the best run,
    peak RSS increase over all runs, highest 1-min load average seen)."""
    walls, cpus, peak, load, out = [], [], 0, 0.0, None
    for _ in range(max(1, repeat)):
        out = None  # free the previous result before the next run
        gc.collect()
        base = sampler.reset()
        load = max(load, os.getloadavg()[0])
        c0, t0 = time.process_time(), time.perf_counter()
        out = run()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        peak = max(peak, sampler.peak() - base)
        load = max(load, os.getloadavg()[0])
    best = int(np.argmin(walls))
    return out, walls[best], walls[0], cpus[best], peak, load


