#!/usr/bin/env python
"""One clause at 1M points: standoff against the tools an analyst would reach for, in one run.

    .venv/bin/python benchmarks/peers.py                # 1,000,000 points, print the report
    .venv/bin/python benchmarks/peers.py --n 100000     # quicker
    .venv/bin/python benchmarks/peers.py --write        # also update benchmarks/RESULTS.md

The clause: golan `israel-demand-60km/iran-60km`, "within 60 km of LINE_A", judged on
2018-06-01 (one version of the line). Points are uniform in the theatre's bounding box, half
with an uncertainty radius uniform in 0-5 km; the line's stated accuracy is set to 0 for every
engine, so the tolerance is the radius. Each peer is written as a user would write it, from the
line's coordinates (no standoff geometry code): distance to the line itself, margin = 60 km - d,
violation when margin > r, compliant when margin < -r, possible otherwise.

- shapely 2: points projected to an azimuthal equidistant projection centred on the line,
  `shapely.distance` to the prepared projected line;
- GeoPandas: UTM 37N (EPSG:32637), `GeoSeries.distance(line)`;
- DuckDB spatial (the extension file of `duckdb-extension-spatial`, loaded from disk, no
  network): `ST_Distance` in UTM 37N after `ST_Transform`;
- PostGIS geography (when a PostgreSQL with PostGIS answers as user postgres via `psql`; skipped
  with a message otherwise), serial (no parallel workers): `ST_DWithin` (two calls give the
  status) and `ST_Distance` (the margin).

Engines run interleaved (A B C ... A B C ...), best of three; standoff is timed with one thread
and with two. Disagreements with standoff's status are counted and explained by the peer's
distance error (|peer margin - standoff margin| against the row's distance from the threshold).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import load_average, machine, parser, publish, versions  # noqa: E402

SECTION = "## check: one clause at 1M points vs peers"
AGREEMENT, CLAUSE, FEATURE, KM = "israel-demand-60km", "iran-60km", "LINE_A", 60.0
DAY = dt.date(2018, 6, 1)
UTM = "EPSG:32637"
VIOLATION, POSSIBLE, COMPLIANT = 0, 1, 2


def status_of(margin_m: np.ndarray, radius_m: np.ndarray) -> np.ndarray:
    """The peers' rule: certainly inside, certainly outside, or possible."""
    return np.where(margin_m > radius_m, VIOLATION, np.where(margin_m < -radius_m, COMPLIANT, POSSIBLE))


def setup(n: int, seed: int = 1):
    """The pack (accuracy 0), the line's coordinates on DAY, and n reports bound by the clause."""
    import standoff
    from standoff.model import ObservationSet

    pack = standoff.load_pack("golan")
    pack.features = {k: f.model_copy(update={"accuracy_m": 0.0}) for k, f in pack.features.items()}
    line = np.asarray(pack.features[FEATURE].version_at(DAY).coords, dtype=np.float64)
    ring = np.asarray(pack.features[pack.theatre].version_at(DAY).rings[0])
    (x0, y0), (x1, y1) = ring.min(axis=0), ring.max(axis=0)
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)
    radius = np.where(rng.random(n) < 0.5, 0.0, rng.uniform(0.0, 5000.0, n))
    blank = np.full(n, "", dtype=object)
    obs = ObservationSet(
        id=np.char.add("o", np.arange(n).astype(str)).astype(object), actor=np.full(n, "IRN.IRGC", object),
        lon=lon, lat=lat, radius_m=radius, time=np.full(n, np.datetime64(DAY), "datetime64[D]"),
        time_end=np.full(n, np.datetime64("NaT"), "datetime64[D]"), count=np.full(n, np.nan),
        unit=blank, source=blank, quote=blank, attribution=blank, confidence=np.ones(n), origin="peers")
    return pack, line, obs


def run_standoff(pack, obs, threads: int) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    import standoff

    def run() -> tuple[np.ndarray, np.ndarray]:
        os.environ["STANDOFF_THREADS"] = str(threads)
        r = standoff.check(obs, pack, agreements=[AGREEMENT])
        assert len(r) == len(obs) and np.array_equal(r.obs_index, np.arange(len(obs)))
        return r.status.astype(np.int64), r.margin_m
    return run


def run_shapely(line: np.ndarray, obs) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    import shapely
    from pyproj import Transformer

    lon0, lat0 = line.mean(axis=0)
    aeqd = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +ellps=WGS84",
                                always_xy=True)

    def run() -> tuple[np.ndarray, np.ndarray]:
        target = shapely.LineString(np.column_stack(aeqd.transform(line[:, 0], line[:, 1])))
        shapely.prepare(target)
        x, y = aeqd.transform(obs.lon, obs.lat)
        margin = KM * 1000 - shapely.distance(shapely.points(x, y), target)
        return status_of(margin, obs.radius_m), margin
    return run


def run_geopandas(line: np.ndarray, obs) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    import geopandas as gpd
    import shapely

    def run() -> tuple[np.ndarray, np.ndarray]:
        points = gpd.GeoSeries(gpd.points_from_xy(obs.lon, obs.lat), crs="EPSG:4326").to_crs(UTM)
        target = gpd.GeoSeries([shapely.LineString(line)], crs="EPSG:4326").to_crs(UTM).iloc[0]
        margin = KM * 1000 - points.distance(target).to_numpy()
        return status_of(margin, obs.radius_m), margin
    return run


def run_duckdb(line: np.ndarray, obs, threads: int) -> Callable[[], tuple[np.ndarray, np.ndarray]] | str:
    try:
        import duckdb
        import duckdb_extension_spatial
    except ImportError as exc:
        return f"DuckDB spatial skipped: {exc}"
    ext = next(Path(duckdb_extension_spatial.__file__).parent.glob("extensions/*/spatial.duckdb_extension"))
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.execute(f"LOAD '{ext}'")
    con.execute(f"SET threads = {threads}")
    con.execute("CREATE TABLE pts AS SELECT * FROM (SELECT unnest($1) AS lon, unnest($2) AS lat)",
                [obs.lon.tolist(), obs.lat.tolist()])
    wkt = "LINESTRING(" + ", ".join(f"{x} {y}" for x, y in line) + ")"

    def run() -> tuple[np.ndarray, np.ndarray]:
        sql = (f"SELECT {KM * 1000} - ST_Distance(ST_Transform(ST_Point(lon, lat), 'EPSG:4326', '{UTM}', "
               f"always_xy := true), ST_Transform(ST_GeomFromText('{wkt}'), 'EPSG:4326', '{UTM}', "
               "always_xy := true)) AS margin FROM pts")
        margin = con.execute(sql).fetchnumpy()["margin"]
        return status_of(np.asarray(margin, np.float64), obs.radius_m), np.asarray(margin, np.float64)
    return run


def _psql(sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["su", "postgres", "-c", "psql -X -q -v ON_ERROR_STOP=1 -d postgres"],
                          input=sql, capture_output=True, text=True)


def run_postgis(line: np.ndarray, obs, how: str) -> Callable[[], tuple[np.ndarray, np.ndarray]] | str:
    """PostGIS geography, serial; `how` is 'dwithin' (status only) or 'distance'."""
    probe = _psql("CREATE EXTENSION IF NOT EXISTS postgis; SELECT postgis_full_version();")
    if probe.returncode != 0:
        why = (probe.stderr.strip().splitlines() or ["no message"])[0][:120]
        return f"PostGIS skipped: no PostgreSQL with PostGIS answers ({why})"
    folder = Path(tempfile.mkdtemp(prefix="peers-"))
    folder.chmod(0o777)  # psql runs as postgres and writes the results here
    data = folder / "pts.csv"
    np.savetxt(data, np.column_stack([np.arange(len(obs)), obs.lon, obs.lat, obs.radius_m]),
               fmt="%d,%.9f,%.9f,%.6f")
    data.chmod(0o644)
    wkt = "LINESTRING(" + ", ".join(f"{x} {y}" for x, y in line) + ")"
    load = _psql("DROP TABLE IF EXISTS pts; CREATE TABLE pts (id int, lon float8, lat float8, r float8);"
                 f"\\copy pts FROM '{data}' CSV\n"
                 "ALTER TABLE pts ADD COLUMN g geography;\n"
                 "UPDATE pts SET g = ST_MakePoint(lon, lat)::geography; VACUUM ANALYZE pts;")
    assert load.returncode == 0, load.stderr
    if how == "dwithin":
        expr = (f"CASE WHEN ST_DWithin(p.g, L.line, {KM * 1000} - p.r) AND p.r < {KM * 1000} THEN 0 "
                f"WHEN NOT ST_DWithin(p.g, L.line, {KM * 1000} + p.r) THEN 2 ELSE 1 END, NULL::float8")
    else:
        expr = f"NULL::int, {KM * 1000} - ST_Distance(p.g, L.line)"

    def run() -> tuple[np.ndarray, np.ndarray]:
        out = folder / "out.csv"
        done = _psql("SET max_parallel_workers_per_gather = 0; \\timing on\n"
                     f"CREATE TEMP TABLE res AS SELECT p.id, {expr} FROM pts p, "
                     f"(SELECT ST_GeogFromText('SRID=4326;{wkt}') AS line) L;\n"
                     f"\\timing off\n\\copy (SELECT * FROM res ORDER BY id) TO '{out}' CSV\n")
        assert done.returncode == 0, done.stderr
        run.seconds = float(done.stdout.split("Time:")[-1].split("ms")[0]) / 1000  # type: ignore[attr-defined]
        rows = np.genfromtxt(out, delimiter=",", dtype=np.float64)
        if how == "dwithin":
            return rows[:, 1].astype(np.int64), np.full(len(obs), np.nan)
        return status_of(rows[:, 2], obs.radius_m), rows[:, 2]
    return run


Outcome = tuple[np.ndarray, np.ndarray]


def timed(run: Callable[[], Outcome]) -> tuple[float, float, Outcome]:
    """Wall seconds (PostGIS: the server's own time of the query), CPU seconds of this process, result."""
    t, cpu = time.perf_counter(), time.process_time()
    out = run()
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return getattr(run, "seconds", seconds), cpu, out


def explain(ref_status, ref_margin, status, margin, radius) -> str:
    """Disagreements with standoff's status, each set against the peer's distance error."""
    bad = np.flatnonzero(status != ref_status)
    if not len(bad):
        return "0"
    if np.isnan(margin).all():
        gap = np.abs(np.abs(ref_margin[bad]) - radius[bad])
        return f"{len(bad):,} (status only; each within {gap.max():.2f} m of its threshold)"
    gap = np.abs(np.abs(ref_margin[bad]) - radius[bad])  # standoff's distance from the threshold
    err = np.abs(margin[bad] - ref_margin[bad])  # the peer's distance error there
    explained = int(np.count_nonzero(err >= gap))
    return (f"{len(bad):,}: {explained:,} where the peer's distance is off by more than the row's "
            f"distance from the threshold (max error {err.max():.1f} m, max gap {gap.max():.1f} m); "
            f"{len(bad) - explained} other")


def main() -> None:
    args = parser(__doc__).parse_args()
    pack, line, obs = setup(args.n)
    engines: dict[str, Callable | str] = {
        "standoff, 1 thread": run_standoff(pack, obs, 1), "standoff, 2 threads": run_standoff(pack, obs, 2),
        "shapely 2, azimuthal equidistant, prepared line, distance": run_shapely(line, obs),
        "GeoPandas, UTM 37N, distance": run_geopandas(line, obs),
        "DuckDB spatial, UTM 37N, ST_Distance, 1 thread": run_duckdb(line, obs, 1),
        "DuckDB spatial, UTM 37N, ST_Distance, 2 threads": run_duckdb(line, obs, 2),
        "PostGIS geography ST_DWithin, serial": run_postgis(line, obs, "dwithin"),
        "PostGIS geography ST_Distance, serial": run_postgis(line, obs, "distance"),
    }
    runnable = {k: v for k, v in engines.items() if callable(v)}
    for run in runnable.values():  # warm-up: numba cache, grids, imports, first-touch memory
        run()
    best: dict[str, float] = {k: np.inf for k in runnable}
    best_cpu: dict[str, float] = {k: np.inf for k in runnable}
    results: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    loads = []
    for _ in range(args.rounds):
        for name, run in runnable.items():
            loads.append(os.getloadavg()[0])
            seconds, cpu, results[name] = timed(run)
            best[name], best_cpu[name] = min(best[name], seconds), min(best_cpu[name], cpu)
    ref_status, ref_margin = results["standoff, 1 thread"]
    one = best["standoff, 1 thread"]
    lines = [SECTION, "", f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
             f"- machine: {machine()}", f"- software: {versions()}",
             f"- command: `.venv/bin/python benchmarks/peers.py --n {args.n}`",
             f"- clause: {AGREEMENT}/{CLAUSE} (within {KM:g} km of {FEATURE}) on {DAY}, "
             f"N = {args.n:,} points, accuracy 0, half with a radius uniform 0-5 km",
             f"- 1-minute load average during the timed runs: {min(loads):.2f}-{max(loads):.2f} "
             f"(now {load_average()}); 2 cores shared with other sessions", "",
             f"- CPU: this process's CPU seconds in the run (all its threads; PostGIS works in the server), "
             f"best of {args.rounds}; standoff on 1 thread: "
             f"{args.n / best_cpu['standoff, 1 thread'] / 1e6:.1f} M points per CPU second", "",
             "| engine | best of 3 | points/s | ÷ standoff (1 thread) | CPU s "
             "| status disagreements with standoff |",
             "|---|---:|---:|---:|---:|---|"]
    for name in runnable:
        status, margin = results[name]
        same = "—" if name.startswith("standoff") else explain(
            ref_status, ref_margin, status, margin, obs.radius_m)
        if name == "standoff, 2 threads":
            same = "0" if np.array_equal(status, ref_status) else f"{np.count_nonzero(status != ref_status)}"
        cpu = "server" if name.startswith("PostGIS") else f"{best_cpu[name]:.3f}"
        lines.append(f"| {name} | {best[name]:.3f} s | {args.n / best[name] / 1e6:.2f} M | "
                     f"{best[name] / one:.1f}× | {cpu} | {same} |")
    lines += [f"| {k} | skipped | | | | {v} |" for k, v in engines.items() if not callable(v)]
    lines.append("")
    publish(lines, SECTION, args.write)


if __name__ == "__main__":
    main()
