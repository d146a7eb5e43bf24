"""Where a region lies, from the towns it holds: each town's Voronoi cell, clipped to its country.

No data package ships coordinates or outlines for first- and second-level regions, but the
towns of each region are known (GeoNames cities with population ≥ 500) and so are country
outlines (Natural Earth admin 0). Each town of a country gets the part of the country nearer to
it than to any other town (its cell); a region is the union of its towns' cells, and its point
the area-weighted mean of their centroids. That follows the region's land, not where its people
crowd: northern Ontario, inland Queensland or Alaska pull the point north and west, as GeoNames'
own region points do (on LGL's dev half, 160 regions: median 7 km from GeoNames' point and none
beyond 161 km; the convex hull of the towns gave 8 km and 2 beyond, up to 329 km).

Cells are built in lon/lat (an approximation used only to weigh towns; every distance is still
geodesic) and their areas scaled by cos(latitude). A few towns far from the rest of their
region (misfiled records, such as five towns in Tibet listed under Hebei) are left out.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

__all__ = ["cell_weights", "country_outlines", "cover_radius_m", "kept_members", "weighted_point"]

GEOD = Geod(ellps="WGS84")
_SIMPLIFY_DEG = 0.02  # outline detail kept (about 2 km): cells only weigh towns
_GRID_DEG = 3.0  # grid cells that group a region's towns (see `kept_members`)
_GROUP_SHARE = 0.1  # a group of towns holding less than this share of its region is left out
_KM_PER_DEG = 111.2  # one degree of latitude; cell weights are deg² × cos(latitude)


def country_outlines(package_dir: Path) -> dict[str, BaseGeometry]:
    """ISO code -> the country's outline (Natural Earth admin 0, simplified), all parts united."""
    import shapefile

    z = zipfile.ZipFile(package_dir / "ne_10m_admin_0_countries_deu.zip")

    def member(suffix: str) -> io.BytesIO:
        return io.BytesIO(z.read(next(n for n in z.namelist() if n.endswith(suffix))))

    reader = shapefile.Reader(shp=member(".shp"), dbf=member(".dbf"), shx=member(".shx"))
    fields = [f[0] for f in reader.fields[1:]]
    parts: dict[str, list[BaseGeometry]] = {}
    for rec in reader.iterShapeRecords():
        d = dict(zip(fields, rec.record, strict=True))
        iso = d["ISO_A2"] if d["ISO_A2"] != "-99" else d["ISO_A2_EH"]
        if iso != "-99":
            parts.setdefault(iso, []).append(shapely.geometry.shape(rec.shape.__geo_interface__))
    return {iso: shapely.simplify(shapely.union_all(geoms), _SIMPLIFY_DEG)
            for iso, geoms in parts.items()}


def cell_weights(lon: np.ndarray, lat: np.ndarray, country: np.ndarray,
                 outlines: dict[str, BaseGeometry]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per town: the area weight of its cell (deg² × cos latitude) and the cell's centroid.

    Towns of a country without an outline, or with fewer than three distinct points, get
    weight 0 and their own point. Towns at the same point share one cell.
    """
    weight = np.zeros(len(lon))
    cx, cy = lon.astype(float).copy(), lat.astype(float).copy()
    for cc in np.unique(country).tolist():
        outline = outlines.get(cc)
        idx = np.flatnonzero(country == cc)
        if outline is None or len(idx) < 3:
            continue
        xy, inverse, count = np.unique(np.column_stack([lon[idx], lat[idx]]), axis=0,
                                       return_inverse=True, return_counts=True)
        inverse = inverse.ravel()
        if len(xy) < 3:
            continue
        try:
            cells = shapely.get_parts(shapely.voronoi_polygons(
                shapely.multipoints(xy), extend_to=outline, ordered=True))
        except shapely.errors.GEOSException:
            continue
        if len(cells) != len(xy):
            continue
        shapely.prepare(outline)
        clipped = shapely.intersection(cells, outline)
        centre = shapely.centroid(clipped)
        ok = ~shapely.is_empty(centre)
        x, y = xy[:, 0].copy(), xy[:, 1].copy()
        x[ok], y[ok] = shapely.get_x(centre[ok]), shapely.get_y(centre[ok])
        area = np.where(ok, shapely.area(clipped), 0.0) * np.cos(np.radians(y)) / count
        weight[idx], cx[idx], cy[idx] = area[inverse], x[inverse], y[inverse]
    return weight, cx, cy


def kept_members(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Mask of a region's towns to keep: those in groups holding at least `_GROUP_SHARE` of them.

    Towns form groups through occupied grid cells (`_GRID_DEG`) that touch, corners included,
    so towns up to about two cells apart stay together; a few towns far from the rest (misfiled
    records) form a small group and are left out."""
    if len(lon) < 3:
        return np.ones(len(lon), dtype=bool)
    cells = np.column_stack([np.floor(lon / _GRID_DEG), np.floor(lat / _GRID_DEG)]).astype(np.int64)
    keys, inverse, count = np.unique(cells, axis=0, return_inverse=True, return_counts=True)
    index = {k: i for i, k in enumerate(map(tuple, keys.tolist()))}
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (x, y), i in index.items():
        for dx, dy in ((1, -1), (1, 0), (1, 1), (0, 1)):
            j = index.get((x + dx, y + dy))
            if j is not None:
                parent[root(j)] = root(i)
    group = np.array([root(i) for i in range(len(keys))])
    size = np.bincount(group, weights=count, minlength=len(keys))
    return np.asarray(size[group] >= _GROUP_SHARE * len(lon))[inverse.ravel()]


def weighted_point(weight: np.ndarray, cx: np.ndarray, cy: np.ndarray) -> tuple[float, float] | None:
    """The area-weighted mean of cell centroids (across the antimeridian when shorter), or None
    when the cells have no area."""
    total = float(weight.sum())
    if total <= 0:
        return None
    if cx.max() - cx.min() > 180:
        cx = np.where(cx < 0, cx + 360, cx)
    x = float((weight * cx).sum() / total)
    return (x - 360 if x > 180 else x), float((weight * cy).sum() / total)


def cover_radius_m(weight: np.ndarray, cx: np.ndarray, cy: np.ndarray,
                   point: tuple[float, float]) -> float:
    """The radius (m) of a disc about `point` as large as the region's cells: the larger of the
    disc of equal area and the disc of equal spread (√2 × the area-weighted RMS distance of the
    cells' centroids, as for a uniform disc); 0 when the cells have no area.

    A name said to lie in the region, and placed only by it, may be anywhere in it: the towns'
    own spread is smaller where they crowd (Ladakh's towns along the Indus, Swat's in its valley).
    """
    total = float(weight.sum())
    if total <= 0:
        return 0.0
    area_km2 = total * _KM_PER_DEG**2
    d_km = np.asarray(GEOD.inv(np.full(len(cx), point[0]), np.full(len(cy), point[1]), cx, cy)[2]) / 1000
    spread_km = float(np.sqrt((weight * d_km**2).sum() / total))
    return 1000 * max(float(np.sqrt(area_km2 / np.pi)), float(np.sqrt(2)) * spread_km)
