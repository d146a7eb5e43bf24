#!/usr/bin/env python
"""Benchmark `standoff.check` against the obvious GeoPandas approach, in one run.

    .venv/bin/python benchmarks/bench_check.py                 # 1,000,000 observations, golan
    .venv/bin/python benchmarks/bench_check.py --n 100000 --pack tests/data/toypack
    .venv/bin/python benchmarks/bench_check.py --write         # also update benchmarks/RESULTS.md

What it does (see benchmarks/README.md):
  1. N random observations, uniform in the theatre's bounding box, actors cycling through the
     pack's actor codes, half of them with an uncertainty radius (uniform 0-5 km), days spread
     over 2017-2019, random unit types and counts; built directly as an ObservationSet.
  2. standoff.check over all agreements (warm-up on 10k points first; first-call time reported).
  3. The GeoPandas peer, as a user would write it: project once to UTM; a distance zone of a
     line or point (`within`, `beyond`, `band`) takes its margin from the distance to the
     feature itself; every other zone is a UTM polygon built with shapely (buffer /
     intersection / union / difference; sides by splitting the theatre with the line extended
     along its end azimuths, as the agreements define a side), tested with the prepared polygon
     (`contains`) and measured by the distance to its outline; per clause and per
     feature-version epoch; limits aggregated over the same windows.
  4. Verdict comparison, the UTM error band, and a brute-force pyproj.Geod oracle.

Feature accuracy is IGNORED in both engines (the pack is copied with accuracy_m = 0), so the
tolerance is the observation radius alone. Library code is not modified.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, versions, write_section  # noqa: E402
from geopandas_peer import geopandas_check, location_status, utm_epsg  # noqa: E402
from verdict_checks import DenseView, compound_zone, oracle_check, pct, result_view, utm_band  # noqa: E402
from workload import (  # noqa: E402
    PeakRSS,
    clause_units,
    load_pack,
    make_observations,
    subset,
    timed_runs,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECTION = "## check: 1M observations vs GeoPandas"
VIOLATION, POSSIBLE, COMPLIANT, NOT_APPLICABLE = 0, 1, 2, 3
STATUS_NAMES = ("violation", "possible", "compliant", "not_applicable")



# --------------------------------------------------------------------------- standoff
def cold_compile_seconds(pack_name: str) -> float | None:
    """Import + first check of 1k points in a fresh process with an empty numba cache."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[2]); t = time.perf_counter()\n"
        "import workload as b, standoff\n"
        "pack, _ = b.load_pack(sys.argv[1]); obs = b.make_observations(pack, 1000)\n"
        "t1 = time.perf_counter(); standoff.check(obs, pack)\n"
        "print(time.perf_counter() - t1)\n"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        out = subprocess.run([sys.executable, "-c", code, pack_name, str(HERE)], env=env,
                             capture_output=True, text=True, timeout=900)
    try:
        return float(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        print(out.stderr[-2000:], file=sys.stderr)
        return None



# --------------------------------------------------------------------------- report
def mib(b: float) -> str:
    return f"{b / 2**20:,.0f} MiB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="number of observations")
    ap.add_argument("--pack", default="golan", help="built-in pack id or pack folder")
    ap.add_argument("--peer-n", type=int, default=None,
                    help="run GeoPandas on only this many observations and scale its time linearly "
                         "(default: all N)")
    ap.add_argument("--sample", type=int, default=2000, help="rows for the oracle and UTM band")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-cold", action="store_true", help="skip the cold numba compile measurement")
    ap.add_argument("--repeat", type=int, default=3,
                    help="time each engine this many times; report the best and the first")
    ap.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    args = ap.parse_args()
    command = "cd " + str(ROOT) + " && .venv/bin/python benchmarks/" + " ".join(
        [Path(sys.argv[0]).name, *sys.argv[1:]])

    import standoff
    rng = np.random.default_rng(args.seed + 7)
    sampler = PeakRSS()
    t_total = time.perf_counter()
    pack, note = load_pack(args.pack)
    n = args.n
    t0 = time.perf_counter()
    obs = make_observations(pack, n, args.seed)
    t_gen = time.perf_counter() - t0
    clauses = [(a.id, c) for a in pack.agreements.values() for c in a.clauses]
    nk = len(clauses)
    print(f"pack {pack.id}: {len(pack.agreements)} agreements, {nk} clauses; N = {n:,} "
          f"(generated in {t_gen:.1f} s){'; ' + note if note else ''}", flush=True)

    # ---- standoff: cold compile (fresh process, empty numba cache), then warm-up, then timed
    cold = None if args.no_cold else cold_compile_seconds(args.pack)
    warm = subset(obs, np.arange(min(10_000, n)))
    t0 = time.perf_counter()
    standoff.check(warm, pack)
    t_first = time.perf_counter() - t0
    runs_std = timed_runs(lambda: standoff.check(obs, pack), args.repeat, sampler)
    result, t_std, t_std_first, cpu_std, peak_std, load_std = runs_std
    print(f"standoff.check: best {t_std:.2f} s, first {t_std_first:.2f} s, peak +{mib(peak_std)}",
          flush=True)
    n_rows = len(result)
    result = DenseView(result)  # the comparison below reads clause-major rows k * n + i

    # ---- GeoPandas
    epsg = utm_epsg(pack)
    peer_n = min(args.peer_n or n, n)
    pobs = obs if peer_n == n else subset(obs, np.arange(peer_n))
    peer, t_gpd_run, t_gpd_first, cpu_gpd, peak_gpd, load_gpd = timed_runs(
        lambda: geopandas_check(pobs, pack, epsg), args.repeat, sampler)
    cpu_gpd *= n / peer_n
    t_gpd, t_gpd_first = t_gpd_run * n / peer_n, t_gpd_first * n / peer_n
    print(f"GeoPandas: best {t_gpd_run:.2f} s on {peer_n:,}, first {t_gpd_first:.2f} s, "
          f"peak +{mib(peak_gpd)}", flush=True)
    sampler.close()

    # ---- UTM error band first (it is the yardstick for the disagreements)
    m = peer_n
    d_margin, d_proj, rel, n_band = utm_band(pobs, pack, result_view(result, n, m), peer, epsg,
                                             args.sample, rng)
    # projection band per row: the sampled max relative error (×1.25) times the distance that
    # the margin is computed from (distance to the feature for within/beyond/band) + 2 m
    rel_max = float(rel.max()) if len(rel) else 1e-3

    # ---- verdict comparison (on the rows both engines ran)
    per_clause = []
    tot_same_final = tot_same_loc = tot = 0
    cats = {"projection": 0, "lower_bound_compound": 0, "lower_bound_primitive": 0, "other": 0}
    dis_abs_m, dis_gap, dis_diff, examples, lb_examples = [], [], [], [], []
    for k, (aid, clause) in enumerate(clauses):
        s_final = result.status[k * n:k * n + m]
        mar = result.margin_m[k * n:k * n + m]
        tol = result.tolerance_m[k * n:k * n + m]
        kind = "must_not_enter" if clause.kind in ("limit", "no_equipment") else clause.kind
        s_loc = location_status(kind, mar, tol)
        s_loc[s_final == NOT_APPLICABLE] = NOT_APPLICABLE
        s_loc[result.reason[k * n:k * n + m] != 0] = NOT_APPLICABLE
        p_loc, p_final = peer.location[k], peer.status[k]
        same_loc = s_loc == p_loc
        same_final = s_final == p_final
        tot += m
        tot_same_loc += int(same_loc.sum())
        tot_same_final += int(same_final.sum())
        dis = np.flatnonzero(~same_loc)
        comp = compound_zone(clause.zone, pack.agreements[aid])
        r = pobs.radius_m[dis]
        ms, mp = mar[dis], peer.margin[k][dis]
        diff = np.abs(mp - ms)
        dist = result.distance_m[k * n:k * n + m][dis]
        scale = np.where(np.isnan(dist), np.abs(ms), np.fmax(dist, np.abs(ms)))
        proj = diff <= 1.25 * rel_max * scale + 2.0
        # a margin that is a lower bound of the distance to the zone boundary (standoff says
        # `possible`, the exact polygon distance says certain): conservative by construction
        lower = ~proj & (s_loc[dis] == POSSIBLE) & (np.abs(ms) < np.abs(mp))
        other = ~proj & ~lower
        cats["projection"] += int(proj.sum())
        cats["lower_bound_compound" if comp else "lower_bound_primitive"] += int(lower.sum())
        cats["other"] += int(other.sum())
        dis_abs_m.append(np.abs(ms[proj]))
        dis_gap.append(np.abs(np.abs(ms[proj]) - r[proj]))
        dis_diff.append(diff[proj])
        for sel, bucket, cap in ((other, examples, 5), (lower, lb_examples, 2)):
            for j in np.flatnonzero(sel)[:cap]:
                i = dis[j]
                bucket.append((aid, clause.id, int(i), float(pobs.lon[i]), float(pobs.lat[i]),
                               float(pobs.radius_m[i]), float(mar[i]), float(peer.margin[k][i]),
                               STATUS_NAMES[s_loc[i]], STATUS_NAMES[p_loc[i]]))
        per_clause.append((aid, clause.id, clause.kind, int((s_loc != NOT_APPLICABLE).sum()),
                           float(same_loc.mean()), float(same_final.mean()), len(dis),
                           int(proj.sum()), int(lower.sum()), int(other.sum())))
    dis_abs_m = np.concatenate(dis_abs_m) if dis_abs_m else np.zeros(0)
    dis_gap = np.concatenate(dis_gap) if dis_gap else np.zeros(0)
    dis_diff = np.concatenate(dis_diff) if dis_diff else np.zeros(0)
    orc = oracle_check(obs, pack, result, args.sample, rng)
    elapsed = time.perf_counter() - t_total

    # ---- markdown
    tests = n * nk
    L = [SECTION, ""]
    L.append(f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    L.append(f"- machine: {machine()}")
    L.append(f"- software: {versions()}")
    L.append(f"- command: `{command}`")
    L.append(f"- pack: `{pack.id}` ({len(pack.agreements)} agreements, {nk} clauses)"
             + (f" — **{note}**" if note else ""))
    L.append(f"- observations: N = {n:,}, uniform in the theatre's bounding box, actors cycling "
             f"through the pack's {len(pack.actors)} codes, half with radius_m uniform 0–5000 m, "
             f"days uniform over 2017–2019, units {', '.join(clause_units(pack))} with counts 1–39; "
             "built directly as an ObservationSet")
    L.append("- feature accuracy: ignored in BOTH engines (pack copied with accuracy_m = 0); "
             "tolerance = radius_m")
    L.append(f"- GeoPandas peer: UTM EPSG:{epsg} (theatre centre); distance zones of a line or point: "
             "margin from the distance to the feature itself; other zones: UTM polygons (shapely "
             "buffer(quad_segs=64)/intersection/union/difference, sides by splitting the theatre with "
             "the line extended along its end azimuths), prepared `contains` → in or out, distance to "
             "the outline → margin; "
             "per clause only the applicable rows, per feature-version epoch"
             + (f"; **run on {peer_n:,} rows and its time scaled linearly ×{n / peer_n:g}**"
                if peer_n != n else "; run on all N"))
    L.append("")
    L.append("| | standoff | GeoPandas |")
    L.append("|---|---:|---:|")
    L.append(f"| wall time, N = {n:,} × {nk} clauses, best of {args.repeat} | **{t_std:.2f} s** | "
             f"**{t_gpd:.2f} s**" + (" (scaled)" if peer_n != n else "") + " |")
    L.append(f"| wall time of the first of those runs (fresh memory) | {t_std_first:.2f} s | "
             f"{t_gpd_first:.2f} s |")
    L.append(f"| observation×zone tests / s | {tests / t_std:,.0f} | {tests / t_gpd:,.0f} |")
    L.append(f"| verdict rows returned (pairs a clause binds; the rest are not_applicable by "
             f"actor, time or unit) | {n_rows:,} | {tests:,} |")
    L.append(f"| peak RSS increase (sampled every 5 ms) | {mib(peak_std)} | {mib(peak_gpd)}"
             + (f" (on {peer_n:,})" if peer_n != n else "") + " |")
    L.append(f"| CPU time of the best run (all threads) | {cpu_std:.2f} s | {cpu_gpd:.2f} s |")
    L.append(f"| 1-min load average around the run (2 cores; other sessions share the machine) | "
             f"{load_std:.1f} | {load_gpd:.1f} |")
    tm = peer.timing
    L.append(f"| GeoPandas breakdown: project / build zones / contains / distance | – | "
             f"{tm['project']:.2f} / {tm['zones']:.2f} / {tm['within']:.2f} / {tm['distance']:.2f} s"
             + (f" (on {peer_n:,})" if peer_n != n else "") + " |")
    L.append(f"| first call on 10k points (numba cache warm) | {t_first:.2f} s | – |")
    if cold is not None:
        L.append(f"| first call on 1k points, empty numba cache (compile) | {cold:.2f} s | – |")
    L.append("")
    L.append(f"**Speed-up: GeoPandas / standoff = {t_gpd / t_std:.1f}×** best of {args.repeat} each, "
             f"{t_gpd_first / t_std_first:.1f}× on the first runs (floor for issue 2: ≥ 10×).")
    L.append("")
    L.append(f"Verdicts compared on {m:,} observations × {nk} clauses = {tot:,} rows: "
             f"**identical located status {tot_same_loc / tot:.4%}**, identical final status "
             f"(after limit windows) {tot_same_final / tot:.4%}. {tot - tot_same_loc:,} located "
             f"disagreements: {cats['projection']:,} within the UTM projection band "
             f"(|UTM margin − geodesic margin| ≤ 1.25 × {rel_max:.2e} × distance + 2 m, the measured "
             "max relative UTM error below); "
             f"{cats['lower_bound_compound']:,} + {cats['lower_bound_primitive']:,} where standoff's "
             "margin is a lower bound of the distance to the zone edge and it says `possible` where "
             "the disk is certainly in/out (compound zones: documented; primitive `within` inside "
             f"the buffer: km − d near bends, documented); **{cats['other']:,} other**.")
    L.append("")
    L.append("| agreement | clause | kind | applicable | same located | same final | disagree "
             "| projection band | lower-bound margin | other |")
    L.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for aid, cid, kind, app, sl, sf, nd, npj, nlb, noth in per_clause:
        L.append(f"| {aid} | {cid} | {kind} | {app:,} | {sl:.4%} | {sf:.4%} | {nd:,} | {npj:,} | "
                 f"{nlb:,} | {noth:,} |")
    L.append("")
    L.append(f"Disagreements inside the projection band ({len(dis_abs_m):,}): |standoff margin| m: "
             f"{pct(dis_abs_m)}; ||standoff margin| − r| (distance from the decision threshold) m: "
             f"{pct(dis_gap)}; |UTM margin − geodesic margin| m: {pct(dis_diff)}.")
    for title, rows in (("Lower-bound examples", lb_examples[:4]), ("Other disagreements", examples[:10])):
        if rows:
            L.append("")
            L.append(f"{title} (clause, row, lon, lat, r, standoff margin vs UTM margin, "
                     "standoff vs GeoPandas):")
            L.append("")
            for ex in rows:
                L.append(f"- {ex[0]}/{ex[1]} #{ex[2]} ({ex[3]:.5f}, {ex[4]:.5f}) r={ex[5]:.0f} m: "
                         f"{ex[6]:.1f} vs {ex[7]:.1f} m → {ex[8]} vs {ex[9]}")
    L.append("")
    L.append(f"UTM error band ({n_band:,} sampled rows where standoff's margin is an exact boundary "
             "distance: `area` zones, `within` outside the buffer, `beyond` inside the zone)"
             f": |UTM margin − standoff geodesic margin| m: {pct(d_margin)}; "
             f"|UTM planar distance − pyproj.Geod distance to the UTM nearest point| m: {pct(d_proj)}; "
             f"relative (d > 1 km): max {rel.max() if len(rel) else float('nan'):.2e}.")
    L.append("")
    if orc is None:
        L.append("Oracle: the pack has no within/beyond-a-line clause to check.")
    else:
        errs, worst, lines = orc
        L.append(f"Oracle ({len(errs):,} sampled rows of within/beyond clauses on {', '.join(lines)}; "
                 "tests/oracle.py: pyproj.Geod along each segment, 400 samples then a golden-section "
                 f"search): |standoff margin − oracle| m: {pct(errs, 4)}; worst at "
                 f"({worst[2]:.5f}, {worst[3]:.5f}) to {worst[1]}: {worst[4]:.4f} vs {worst[5]:.4f} m.")
    L.append("")
    L.append(f"(whole benchmark incl. oracle: {elapsed:.0f} s)")
    md = "\n".join(L) + "\n"
    print()
    print(md)
    if args.write:
        write_section(HERE / "RESULTS.md", SECTION, md)
        print(f"wrote {HERE / 'RESULTS.md'}")



if __name__ == "__main__":
    main()
