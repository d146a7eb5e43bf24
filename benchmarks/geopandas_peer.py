"""The GeoPandas peer of bench_check.py, written as a user would: UTM, shapely, prepared zones.

Distance zones of a line or point take their margin from the distance to the feature itself;
other zones are built as UTM polygons, tested with the prepared polygon (`contains`) and
measured by the distance to their outline."""

from __future__ import annotations

import datetime as dt
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VIOLATION, POSSIBLE, COMPLIANT, NOT_APPLICABLE = 0, 1, 2, 3

sys.path.insert(0, str(HERE))
from workload import theatre_polygon  # noqa: E402


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


def distance_leaf(zone, agreement):
    """The `within` / `beyond` / `band` a zone names (refs followed), or None for other zones."""
    while zone.op == "ref":
        zone = agreement.zones[zone.ref]
    return zone if zone.op in ("within", "beyond", "band") else None


def zone_margin(zoner: UTMZones, zone, agreement, day, polygon, points, timing: dict) -> np.ndarray:
    """Signed margin (m, positive inside) of UTM points, as a user would compute it.

    A distance zone of a line or point: the distance to the feature itself (km - d for within,
    d - km beyond, the nearer edge of a band). Any other zone: in or out by the prepared zone
    polygon (`contains`), and the distance to its outline.
    """
    import shapely
    leaf = distance_leaf(zone, agreement)
    if leaf is not None and zoner.pack.features[getattr(leaf, leaf.op).of].kind != "area":
        spec = getattr(leaf, leaf.op)
        t = time.perf_counter()
        d = shapely.distance(points, zoner.feature(spec.of, day))
        timing["distance"] += time.perf_counter() - t
        if leaf.op == "within":
            return spec.km * 1000 - d
        if leaf.op == "beyond":
            return d - spec.km * 1000
        if spec.from_km == 0:
            return spec.to_km * 1000 - d
        return np.minimum(d - spec.from_km * 1000, spec.to_km * 1000 - d)
    t = time.perf_counter()
    shapely.prepare(polygon)
    inside = shapely.contains(polygon, points)
    timing["within"] += time.perf_counter() - t
    t = time.perf_counter()
    dist = shapely.distance(points, polygon.boundary)
    timing["distance"] += time.perf_counter() - t
    return np.where(inside, dist, -dist)


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
    geoms = np.asarray(gdf.geometry.array)
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
                margin[rows] = zone_margin(zoner, clause.zone, agreement, epoch_days[e], zone,
                                           geoms[rows], out.timing)
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


