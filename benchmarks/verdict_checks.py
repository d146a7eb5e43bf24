"""How bench_check.py compares verdicts: a dense view of sparse rows, the UTM band, the oracle."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VIOLATION, POSSIBLE, COMPLIANT, NOT_APPLICABLE = 0, 1, 2, 3

sys.path.insert(0, str(ROOT))
from tests.oracle import distance_to_polyline  # noqa: E402  (the tests' oracle, not a copy)

sys.path.insert(0, str(HERE))
from geopandas_peer import PeerResult  # noqa: E402


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

