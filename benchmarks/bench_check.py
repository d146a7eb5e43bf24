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
  3. The GeoPandas peer: project once to UTM, build every zone polygon in UTM with shapely
     (buffer / intersection / union / difference; sides by splitting the theatre with the
     extended line), then `within` for the status and `distance(zone.boundary)` for the margin,
     per clause and per feature-version epoch; limits aggregated over the same windows.
  4. Verdict comparison, the UTM error band, and a brute-force pyproj.Geod oracle.

Feature accuracy is IGNORED in both engines (the pack is copied with accuracy_m = 0), so the
tolerance is the observation radius alone. Library code is not modified.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, versions, write_section  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.oracle import distance_to_polyline  # noqa: E402  (the tests' oracle, not a copy)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECTION = "## check: 1M observations vs GeoPandas"
VIOLATION, POSSIBLE, COMPLIANT, NOT_APPLICABLE = 0, 1, 2, 3
STATUS_NAMES = ("violation", "possible", "compliant", "not_applicable")


# --------------------------------------------------------------------------- memory sampling
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


# --------------------------------------------------------------------------- standoff
def cold_compile_seconds(pack_name: str) -> float | None:
    """Import + first check of 1k points in a fresh process with an empty numba cache."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[2]); t = time.perf_counter()\n"
        "import bench_check as b, standoff\n"
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


def location_status(kind: str, margin: np.ndarray, tol: np.ndarray) -> np.ndarray:
    """The located status rule shared by both engines (inside by more than r: in the zone)."""
    inside, outside = margin > tol, margin < -tol
    if kind == "must_stay_in":
        inside, outside = outside, inside
    st = np.where(inside, VIOLATION, np.where(outside, COMPLIANT, POSSIBLE)).astype(np.int8)
    st[np.isnan(margin)] = NOT_APPLICABLE
    return st


# --------------------------------------------------------------------------- GeoPandas peer
def utm_epsg(pack) -> int:
    c = theatre_polygon(pack).centroid
    zone = int((c.x + 180) // 6) + 1
    return (32600 if c.y >= 0 else 32700) + zone


class UTMZones:
    """Zone polygons in UTM built with shapely, mirroring standoff.geo.shapes.ZoneShaper.

    Semantics follow the engine (standoff.geo.zones): `beyond` and `not` are complements in an
    unbounded plane (a large box), `side` is clipped to the theatre, `band` of an area starts at
    the area's edge (its interior is not in a 0-x km band), `within` of an area includes it.
    Lines and rings are densified along the geodesic every 2 km before projection, as ZoneShaper
    does; sides use the line prolonged geodesically along its end azimuths past the theatre.
    """

    def __init__(self, pack, epsg: int) -> None:
        from pyproj import Geod, Transformer
        self.pack = pack
        self.geod = Geod(ellps="WGS84")
        self.fwd = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)
        self.inv = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
        self.cache: dict[tuple, object] = {}

    # geometry helpers -------------------------------------------------------
    def dense(self, xy: np.ndarray, step: float = 2000.0) -> np.ndarray:
        out = [xy[:1]]
        for a, b in zip(xy[:-1], xy[1:], strict=True):
            _, _, s = self.geod.inv(a[0], a[1], b[0], b[1])
            k = int(s // step)
            if k:
                out.append(np.asarray(self.geod.npts(a[0], a[1], b[0], b[1], k)))
            out.append(b[None, :])
        return np.concatenate(out)

    def proj(self, xy: np.ndarray) -> np.ndarray:
        x, y = self.fwd.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    def version(self, fid: str, day):
        return self.pack.features[fid].version_at(day)

    def lonlat_geom(self, fid: str, day):
        """The feature version in lon/lat (None when no version is in force)."""
        import shapely
        f = self.pack.features[fid]
        v = f.version_at(day)
        if v is None:
            return None
        if v.between is not None:  # the lines' versions in force that day
            a, b = (self.pack.features[x].version_at(day or v.valid_from) for x in v.between)
            if a is None or b is None:
                return None
            ring = list(a.coords) + list(reversed(b.coords))
            if ring[0] != ring[-1]:
                ring.append(ring[0])
            return shapely.make_valid(shapely.Polygon(ring))
        if v.rings is not None:
            return shapely.make_valid(shapely.Polygon(v.rings[0], v.rings[1:]))
        return shapely.Point(v.coords[0]) if f.kind == "point" else shapely.LineString(v.coords)

    def utm(self, geom):
        import shapely
        if geom.geom_type == "Point":
            return shapely.Point(self.proj(np.asarray(geom.coords))[0])
        if geom.geom_type == "LineString":
            return shapely.LineString(self.proj(self.dense(np.asarray(geom.coords))))
        if geom.geom_type == "Polygon":
            return shapely.Polygon(self.proj(self.dense(np.asarray(geom.exterior.coords))),
                                   [self.proj(self.dense(np.asarray(r.coords))) for r in geom.interiors])
        return shapely.union_all([self.utm(g) for g in shapely.get_parts(geom)])

    def feature(self, fid: str, day):
        v = self.version(fid, day)
        lines = tuple(getattr(self.version(x, day or v.valid_from), "version", None)
                      for x in (v.between or ())) if v is not None else ()
        key = ("f", fid, None if v is None else v.version, lines)
        if key not in self.cache:
            g = self.lonlat_geom(fid, day)
            self.cache[key] = None if g is None else self.utm(g)
        return self.cache[key]

    def universe(self, day):
        import shapely
        t = self.feature(self.pack.theatre, day)
        return shapely.box(*t.bounds).buffer(300_000, join_style="mitre")

    # zones ------------------------------------------------------------------
    def zone(self, zone, agreement, day):
        """UTM (multi)polygon of the zone, or None when a feature has no version that day."""
        import shapely
        op = zone.op
        if op == "ref":
            return self.zone(agreement.zones[zone.ref], agreement, day)
        if op in ("within", "beyond", "band"):
            spec = getattr(zone, op)
            g = self.feature(spec.of, day)
            if g is None:
                return None
            is_area = self.pack.features[spec.of].kind == "area"
            if op == "within":
                return g.buffer(spec.km * 1000, quad_segs=64)
            if op == "beyond":
                return self.universe(day).difference(g.buffer(spec.km * 1000, quad_segs=64))
            outer = g.buffer(spec.to_km * 1000, quad_segs=64)
            if spec.from_km > 0:
                return outer.difference(g.buffer(spec.from_km * 1000, quad_segs=64))
            return outer.difference(g) if is_area else outer
        if op == "area":
            return self.feature(zone.area, day)
        if op == "side":
            return self.side(zone.side, day)
        if op in ("all_of", "any_of"):
            parts = [self.zone(z, agreement, day) for z in getattr(zone, op)]
            if any(p is None for p in parts):
                return None
            return shapely.intersection_all(parts) if op == "all_of" else shapely.union_all(parts)
        if op == "not":
            inner = self.zone(zone.not_, agreement, day)
            return None if inner is None else self.universe(day).difference(inner)
        raise AssertionError(op)

    def extended_line(self, fid: str, day) -> np.ndarray:
        """lon/lat path of the line prolonged along its end azimuths past the theatre."""
        coords = np.asarray(self.lonlat_geom(fid, day).coords)
        box = np.asarray(theatre_polygon(self.pack, day).envelope.exterior.coords)
        ends = []
        for tip, before in ((coords[0], coords[1]), (coords[-1], coords[-2])):
            az, _, _ = self.geod.inv(before[0], before[1], tip[0], tip[1])
            _, _, reach = self.geod.inv(np.full(len(box), tip[0]), np.full(len(box), tip[1]),
                                        box[:, 0], box[:, 1])
            lon, lat, _ = self.geod.fwd(tip[0], tip[1], az, float(np.max(reach)) * 1.1 + 10_000)
            ends.append((lon, lat))
        return np.vstack([[ends[0]], coords, [ends[1]]])

    def side(self, spec, day):
        import shapely
        import shapely.ops
        theatre = self.feature(self.pack.theatre, day)
        if self.version(spec.of, day) is None or theatre is None:
            return None
        path = self.extended_line(spec.of, day)
        line = shapely.LineString(self.proj(self.dense(path)))
        pieces = list(shapely.get_parts(shapely.ops.split(theatre, line)))
        if spec.facing is not None:
            coords = np.asarray(self.lonlat_geom(spec.of, day).coords)
            az, _, _ = self.geod.inv(coords[0, 0], coords[0, 1], coords[-1, 0], coords[-1, 1])
            compass = {"north": 0.0, "east": 90.0, "south": 180.0, "west": 270.0}[spec.facing]
            want_right = math.cos(math.radians(az + 90.0 - compass)) > 0
        else:
            if self.version(spec.toward, day) is None:
                return None
            tg = self.lonlat_geom(spec.toward, day)
            kind = self.pack.features[spec.toward].kind
            p = (tg if kind == "point" else shapely.line_interpolate_point(tg, 0.5, normalized=True)
                 if kind == "line" else shapely.point_on_surface(tg))
            want_right = self.right_of(line, self.utm(p))
        keep = [pc for pc in pieces if self.right_of(line, pc.representative_point()) == want_right]
        return shapely.union_all(keep) if keep else shapely.Polygon()

    @staticmethod
    def right_of(line, point) -> bool:
        """Whether a UTM point lies right of the (directed) UTM line, by its nearest segment."""
        s = line.project(point)
        a = line.interpolate(max(s - 1.0, 0.0))
        b = line.interpolate(min(s + 1.0, line.length))
        f = line.interpolate(s)
        cross = (b.x - a.x) * (point.y - f.y) - (b.y - a.y) * (point.x - f.x)
        return cross < 0


def feature_cut_days(pack) -> list[int]:
    cuts = set()
    for f in pack.features.values():
        for v in f.versions:
            for d in (v.valid_from, v.valid_to):
                if d is not None:
                    cuts.add(int(np.datetime64(d, "D").astype(np.int64)))
    return sorted(cuts)


def actor_mask(actor_codes: np.ndarray, selectors: list[str]) -> np.ndarray:
    """Plain string matching of the clause's actor selectors (what an analyst writes)."""
    mask = np.zeros(len(actor_codes), bool)
    s = actor_codes.astype(str)
    for sel in selectors:
        if sel == "*":
            mask[:] = True
        elif sel.endswith("*"):
            root = sel[:-1].rstrip(".")
            mask |= (s == root) | np.char.startswith(s, root + ".")
        else:
            mask |= s == sel
    return mask


def window_status(day: np.ndarray, count: np.ndarray, certain: np.ndarray, possible: np.ndarray,
                  maximum: int, window: int) -> np.ndarray:
    """Per report: worst status of any window of `window` days that contains it (daily bins)."""
    if len(day) == 0:
        return np.zeros(0, np.int8)
    d0 = int(day.min())
    k = (day - d0).astype(np.int64)
    span = int(k.max()) + window + 1
    cert = np.bincount(k, weights=np.where(certain, count, 0.0), minlength=span)
    anyc = np.bincount(k, weights=np.where(certain | possible, count, 0.0), minlength=span)
    c_c, c_a = np.concatenate([[0], np.cumsum(cert)]), np.concatenate([[0], np.cumsum(anyc)])
    end = np.arange(span)
    lo = np.maximum(end - window + 1, 0)
    lower, upper = c_c[end + 1] - c_c[lo], c_a[end + 1] - c_a[lo]
    st = np.where(lower > maximum, VIOLATION, np.where(upper > maximum, POSSIBLE, COMPLIANT))
    worst = st.copy()  # min over windows ending on day e .. e + window - 1
    for j in range(1, window):
        worst[: span - j] = np.minimum(worst[: span - j], st[j:])
    return worst[k].astype(np.int8)


@dataclass
class PeerResult:
    location: list[np.ndarray] = field(default_factory=list)  # per clause, located status
    status: list[np.ndarray] = field(default_factory=list)  # per clause, final status
    margin: list[np.ndarray] = field(default_factory=list)  # per clause, UTM margin (m)
    x: np.ndarray | None = None
    y: np.ndarray | None = None
    zones: dict = field(default_factory=dict)  # (clause k, epoch day) -> UTM zone
    epoch_of: np.ndarray | None = None
    epoch_days: list = field(default_factory=list)
    timing: dict = field(default_factory=lambda: {"project": 0.0, "zones": 0.0, "within": 0.0,
                                                  "distance": 0.0})


def geopandas_check(obs, pack, epsg: int) -> PeerResult:
    """The obvious GeoPandas approach, everything an analyst would have to do."""
    import geopandas as gpd
    out = PeerResult()
    t_start = time.perf_counter()
    n = len(obs)
    gdf = gpd.GeoDataFrame(geometry=gpd.points_from_xy(obs.lon, obs.lat), crs="EPSG:4326")
    gdf = gdf.to_crs(epsg=epsg)  # project once
    out.x, out.y = gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy()
    out.timing["project"] = time.perf_counter() - t_start
    zoner = UTMZones(pack, epsg)
    day = obs.time.astype(np.int64)
    cuts = feature_cut_days(pack)
    epoch_of = np.searchsorted(np.asarray(cuts), day, side="right")
    # a day inside each epoch: the first epoch ends the day before the first cut
    epoch_days = [dt.date(1970, 1, 1) + dt.timedelta(days=int(b))
                  for b in [cuts[0] - 1 if cuts else 0, *cuts]]
    out.epoch_of, out.epoch_days = epoch_of, epoch_days
    units = obs.unit.astype(str)
    for agreement in pack.agreements.values():
        for clause in agreement.clauses:
            k = len(out.status)
            lo = max(d for d in (agreement.valid_from, clause.valid_from, dt.date.min) if d)
            hi = min(d for d in (agreement.valid_to, clause.valid_to, dt.date.max) if d)
            lo_d = int(np.datetime64(lo, "D").astype(np.int64)) if lo != dt.date.min else -10**9
            hi_d = int(np.datetime64(hi, "D").astype(np.int64)) if hi != dt.date.max else 10**9
            ok = actor_mask(obs.actor, clause.actor) & (day >= lo_d) & (day < hi_d)
            if clause.kind == "no_equipment":
                ok &= np.isin(units, clause.equipment)
            elif clause.kind == "limit":
                ok &= np.isin(units, list(clause.max)) & ~np.isnan(obs.count)
            margin = np.full(n, np.nan)
            for e in np.unique(epoch_of[ok]):
                rows = np.flatnonzero(ok & (epoch_of == e))
                t = time.perf_counter()
                zone = zoner.zone(clause.zone, agreement, epoch_days[e])
                out.zones[(k, e)] = zone
                out.timing["zones"] += time.perf_counter() - t
                if zone is None:
                    continue
                pts = gdf.geometry.iloc[rows]
                t = time.perf_counter()
                inside = pts.within(zone).to_numpy()
                out.timing["within"] += time.perf_counter() - t
                t = time.perf_counter()
                dist = pts.distance(zone.boundary).to_numpy()
                out.timing["distance"] += time.perf_counter() - t
                margin[rows] = np.where(inside, dist, -dist)
            kind = "must_not_enter" if clause.kind in ("limit", "no_equipment") else clause.kind
            loc = location_status(kind, margin, obs.radius_m)
            loc[~ok] = NOT_APPLICABLE
            status = loc.copy()
            if clause.kind == "limit":
                for unit, maximum in clause.max.items():
                    sel = np.flatnonzero((loc != NOT_APPLICABLE) & (units == unit))
                    cert, poss = loc[sel] == VIOLATION, loc[sel] == POSSIBLE
                    w = window_status(day[sel], obs.count[sel], cert, poss, maximum,
                                      clause.window_days)
                    status[sel] = np.where(cert | poss, w, COMPLIANT)
            out.location.append(loc)
            out.status.append(status)
            out.margin.append(margin)
    return out


# --------------------------------------------------------------------------- accuracy checks
def pct(a: np.ndarray, digits: int = 2) -> str:
    if len(a) == 0:
        return "n/a (no rows)"
    q = np.percentile(a, [50, 90, 99, 100])
    names = ("p50", "p90", "p99", "max")
    return " · ".join(f"{name} {v:.{digits}f}" for name, v in zip(names, q, strict=True))


def utm_band(obs, pack, result, peer: PeerResult, epsg: int, sample: int, rng):
    """Sample rows where both engines have a margin; compare UTM margins to geodesic ones.

    Returns (|UTM margin − standoff margin| over rows whose standoff margin is exact,
             |UTM planar distance − Geod distance to the UTM nearest point|, their ratio to d).
    """
    import shapely
    from pyproj import Geod, Transformer
    geod = Geod(ellps="WGS84")
    inv = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
    n = len(obs)
    nk = len(result.clauses)
    ops = {k: exact_zone(result.clauses[k][1].zone, pack.agreements[result.clauses[k][0]])
           for k in range(nk)}
    exact_k = [k for k in range(nk) if ops[k]]
    cand = []
    for k in exact_k:
        m_s = result.margin_m[k * n:(k + 1) * n]
        ok = ~np.isnan(m_s) & ~np.isnan(peer.margin[k])
        # within: exact outside the buffer only; beyond: exact inside the zone only
        if ops[k] == "within":
            ok &= m_s <= 0
        elif ops[k] == "beyond":
            ok &= m_s >= 0
        good = np.flatnonzero(ok)
        if len(good):
            pick = rng.choice(good, min(len(good), sample // max(len(exact_k), 1) + 1), replace=False)
            cand += [(k, int(i)) for i in pick]
    d_margin, d_proj, rel = [], [], []
    for k, i in cand:
        m_s = result.margin_m[k * n + i]
        m_u = peer.margin[k][i]
        d_margin.append(abs(m_u - m_s))
        zone = peer.zones[(k, peer.epoch_of[i])]
        p = shapely.Point(peer.x[i], peer.y[i])
        foot = shapely.shortest_line(p, zone.boundary).coords[1]
        lon, lat = inv.transform(foot[0], foot[1])
        _, _, g = geod.inv(obs.lon[i], obs.lat[i], lon, lat)
        planar = abs(m_u)
        d_proj.append(abs(planar - g))
        if g > 1000:
            rel.append(abs(planar - g) / g)
    return np.asarray(d_margin), np.asarray(d_proj), np.asarray(rel), len(cand)


def exact_zone(zone, agreement) -> str | None:
    """Primitive zones whose standoff margin is an exact boundary distance (on some rows):
    `area` everywhere; `within` outside the buffer; `beyond` inside the zone. Inside a buffer
    km − d is only a lower bound of the distance to the buffer's edge."""
    if zone.op == "ref":
        return exact_zone(agreement.zones[zone.ref], agreement)
    return zone.op if zone.op in ("within", "beyond", "area") else None


def compound_zone(zone, agreement) -> bool:
    if zone.op == "ref":
        return compound_zone(agreement.zones[zone.ref], agreement)
    return zone.op in ("all_of", "any_of", "side", "band")


def primitive_line(zone, agreement, pack):
    """(feature id, op, km) for within/beyond of a line feature, else None."""
    if zone.op == "ref":
        return primitive_line(agreement.zones[zone.ref], agreement, pack)
    if zone.op in ("within", "beyond"):
        spec = getattr(zone, zone.op)
        if pack.features[spec.of].kind == "line":
            return spec.of, zone.op, spec.km
    return None


def oracle_check(obs, pack, result, sample: int, rng):
    """standoff margins of primitive within/beyond-a-line clauses vs the brute-force oracle."""
    n = len(obs)
    rows = []
    for k, (aid, clause) in enumerate(result.clauses):
        prim = primitive_line(clause.zone, pack.agreements[aid], pack)
        if prim:
            good = np.flatnonzero(~np.isnan(result.margin_m[k * n:(k + 1) * n]))
            rows += [(k, prim, int(i)) for i in good]
    if not rows:
        return None
    pick = rng.choice(len(rows), min(sample, len(rows)), replace=False)
    errs, worst = [], None
    by_line: dict[tuple, list] = {}
    for j in pick:
        k, (fid, op, km), i = rows[j]
        v = pack.features[fid].version_at(obs.time[i].astype(object))
        by_line.setdefault((fid, v.version), []).append((k, op, km, i, v))
    for (fid, _), items in by_line.items():
        coords = np.asarray(items[0][4].coords)
        idx = np.array([it[3] for it in items])
        d = [distance_to_polyline(x, y, [tuple(c) for c in coords]) for x, y in zip(
            obs.lon[idx], obs.lat[idx], strict=True)]
        for (k, op, km, i, _), di in zip(items, d, strict=True):
            expected = km * 1000 - di if op == "within" else di - km * 1000
            got = result.margin_m[k * n + i]
            e = abs(got - expected)
            errs.append(e)
            if worst is None or e > worst[0]:
                worst = (e, fid, float(obs.lon[i]), float(obs.lat[i]), float(got), float(expected))
    return np.asarray(errs), worst, sorted({f for f, _ in by_line})


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
    L.append(f"- GeoPandas peer: UTM EPSG:{epsg} (theatre centre), zones built in UTM with shapely "
             "buffer(quad_segs=64)/intersection/union/difference, sides by splitting the theatre with "
             "the geodesically extended line; `within` → status, `distance(zone.boundary)` → margin; "
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
    L.append(f"| GeoPandas breakdown: project / build zones / within / distance | – | "
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


class DenseView:
    """A check result laid out clause-major over every (clause, observation) pair.

    standoff stores only the pairs a clause binds; unbound pairs read as not_applicable
    with reason 1 here, the same as the peer's "not applicable" rows.
    """

    COLUMNS = ("status", "reason", "margin_m", "tolerance_m", "distance_m")

    def __init__(self, result) -> None:
        self.clauses = result.clauses
        for name in self.COLUMNS:
            setattr(self, name, result.grid(name).ravel())
        present = np.zeros((len(result.clauses), len(result.observations)), bool)
        present[result.clause_index, result.obs_index] = True
        self.reason[~present.ravel()] = 1


def result_view(result, n: int, m: int):
    """The result restricted to the first m observations of each clause (same row layout)."""
    if m == n:
        return result
    nk = len(result.clauses)
    take = np.concatenate([np.arange(k * n, k * n + m) for k in range(nk)])

    class View:
        clauses = result.clauses
        margin_m = result.margin_m[take]
    return View


if __name__ == "__main__":
    main()
