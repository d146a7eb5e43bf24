"""Digests of the verdict columns, to show that a refactor leaves behaviour unchanged.

Runs the golan pack's example observations (as shipped) and the 1M benchmark mix of
`workload.py` (golan, accuracy zeroed, seed 1), and prints one SHA-256 digest (first 16 hex
digits) per column: status, reason, margin, ids, versions, bounds, sentences, limits. Two commits
behave alike on these inputs when every line matches.

    PYTHONPATH=$PWD/src .venv/bin/python benchmarks/identity.py [--n 1000000]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import load_pack, make_observations  # noqa: E402

FLOAT_COLUMNS = ("margin_m", "tolerance_m", "foot_lon", "foot_lat", "distance_m",
                 "lower", "upper")


def _hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _text(values: object) -> str:
    return _hex("\n".join(str(v) for v in values).encode())


def digests(result: object) -> dict[str, str]:
    """Column name -> digest of one CheckResult's verdict columns, in row order."""
    r = result
    obs_ids = np.asarray(r.observations.id, dtype=object)[r.obs_index]
    clause_ids = [f"{a}/{c.id}" for a, c in r.clauses]
    labels = np.asarray(r.labels, dtype=object)
    out = {
        "rows": str(len(r)),
        "observation": _text(obs_ids),
        "clause": _text(np.asarray(clause_ids, dtype=object)[r.clause_index]),
        "status": _text(r.status_names()),
        "reason": _hex(np.ascontiguousarray(r.reason, dtype=np.int8).tobytes()),
        "versions": _text(labels[r.versions]),
        "decider": _text(labels[r.decider]),
        "window_end": _text(r.window_end),
    }
    for name in FLOAT_COLUMNS:
        out[name] = _hex(np.ascontiguousarray(getattr(r, name), dtype=np.float64).tobytes())
    exact = r.margin_exact
    out["margin_exact"] = "all" if exact is None else _hex(np.asarray(exact, bool).tobytes())
    out["sentence"] = _text(r.sentences().to_pylist())
    out["limits"] = _text(lim.model_dump_json() for lim in r.limits)
    return out


def whole(columns: dict[str, str]) -> str:
    """One digest over every column's digest."""
    return _hex("\n".join(f"{k}={v}" for k, v in sorted(columns.items())).encode())


def show(title: str, columns: dict[str, str]) -> None:
    print(f"{title}: {whole(columns)}")
    for name, value in columns.items():
        print(f"  {name:<12} {value}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="reports in the benchmark mix")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    import standoff

    pack = standoff.load_pack("golan")
    for path in pack.examples:
        obs = standoff.read_observations(path, pack)
        show(f"golan example {path.name}", digests(standoff.check(obs, pack)))
        show(f"golan example {path.name} (every pair)",
             digests(standoff.check(obs, pack, every_pair=True)))
    bench, note = load_pack("golan")
    if note:
        print(note)
    mix = make_observations(bench, args.n, args.seed)
    show(f"benchmark mix N={args.n:,} seed={args.seed}", digests(standoff.check(mix, bench)))


if __name__ == "__main__":
    main()
