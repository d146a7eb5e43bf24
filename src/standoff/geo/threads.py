"""When the compiled kernels may use more than one thread.

Threads pay only on large batches and only when a core is free: on a small check the thread
pool's start-up and, on a busy machine, waiting for a core cost more than the work. Set
`STANDOFF_THREADS=1` to stay on one thread, or `STANDOFF_THREADS=N` to use threads whatever the load.
"""

from __future__ import annotations

import os

#: Below this many points a kernel runs on the calling thread.
MIN_POINTS = 50_000


def wanted(n_points: int) -> bool:
    """Whether a kernel over `n_points` should run on the numba thread pool."""
    if n_points < MIN_POINTS:
        return False
    setting = os.environ.get("STANDOFF_THREADS", "")
    if setting.isdigit():
        return int(setting) > 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    # a core is free when the other work on the machine (1-minute load) leaves one idle
    return cores > 1 and os.getloadavg()[0] <= cores - 1
