"""Geodesic polylines ready for the kernel: densified, with azimuths and neighbour links."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely

from standoff.geo.ellipsoid import GEOD, densify

#: Segments longer than this are split along the geodesic so the kernel's first guess stays close.
MAX_SEGMENT_M = 20_000.0


def _drop_repeats(coords: np.ndarray) -> np.ndarray:
    """Drop vertices within a millimetre of the previous kept one (their azimuth is undefined)."""
    if len(coords) < 2:
        return coords
    keep = [0]
    for i in range(1, len(coords)):
        a, b = coords[keep[-1]], coords[i]
        if GEOD.inv(a[0], a[1], b[0], b[1])[2] > 1e-3:
            keep.append(i)
    if len(keep) == 1 and len(coords) > 1:
        return coords[:1]
    return coords[keep]


def _closed(coords: np.ndarray) -> np.ndarray:
    """A ring whose last vertex is exactly its first (replacing a last vertex within 1 mm)."""
    if len(coords) < 2:
        return coords
    if GEOD.inv(*coords[0], *coords[-1])[2] <= 1e-3:
        return np.vstack([coords[:-1], coords[:1]])
    return np.vstack([coords, coords[:1]])


@dataclass(frozen=True)
class Polylines:
    """Parts of geodesic polylines (lon/lat degrees), flattened for `kernels.polyline_distance`."""

    lon: np.ndarray
    lat: np.ndarray
    kind: np.ndarray
    prev_seg: np.ndarray
    next_seg: np.ndarray
    az_start: np.ndarray
    az_end: np.ndarray
    seg_len: np.ndarray

    @classmethod
    def from_parts(cls, parts: list[np.ndarray], *, max_segment_m: float = MAX_SEGMENT_M) -> Polylines:
        """Build from [lon, lat] arrays; a part whose last vertex equals its first is a ring."""
        lons, lats, kinds, prevs, nexts = [], [], [], [], []
        offset = 0
        for raw in parts:
            coords = np.asarray(raw, dtype=np.float64).reshape(-1, 2)
            closed = len(coords) > 3 and GEOD.inv(*coords[0], *coords[-1])[2] <= 1e-3
            coords = _drop_repeats(coords)
            if closed:  # the ring ends exactly where it starts, whatever was dropped
                coords = _closed(coords)
                closed = len(coords) > 3
            if len(coords) > 1:
                coords = densify(coords, max_segment_m)
            n = len(coords)
            kind = np.ones(n, np.int8)
            kind[-1] = -1 if n > 1 else 0
            idx = np.arange(offset, offset + n)
            prev = np.where(idx > offset, idx - 1, -1)
            nxt = np.where(idx < offset + n - 2, idx + 1, -1)
            if closed:
                prev[0] = offset + n - 2
                nxt[n - 2] = offset
            prev[-1] = nxt[-1] = -1
            lons.append(coords[:, 0])
            lats.append(coords[:, 1])
            kinds.append(kind)
            prevs.append(prev)
            nexts.append(nxt)
            offset += n
        lon, lat = np.concatenate(lons), np.concatenate(lats)
        kind = np.concatenate(kinds)
        az_start = np.zeros(len(lon))
        az_end = np.zeros(len(lon))
        seg_len = np.zeros(len(lon))
        seg = np.flatnonzero(kind == 1)
        if len(seg):
            fwd, back, dist = GEOD.inv(lon[seg], lat[seg], lon[seg + 1], lat[seg + 1])
            az_start[seg] = np.radians(fwd)
            az_end[seg] = np.radians(np.asarray(back) + 180.0)  # forward azimuth at the end
            seg_len[seg] = dist
        return cls(lon, lat, kind, np.concatenate(prevs), np.concatenate(nexts),
                   az_start, az_end, seg_len)

    def parts(self) -> list[np.ndarray]:
        """The [lon, lat] vertices of each part (rings end on their first vertex)."""
        ends = np.flatnonzero(self.kind != 1)
        starts = np.concatenate([[0], ends[:-1] + 1])
        xy = np.column_stack([self.lon, self.lat])
        return [xy[a:b + 1] for a, b in zip(starts, ends, strict=True)]

    @cached_property
    def planar(self) -> Polylines:
        """These polylines split finely enough for the certified planar distance (`geo.planar`)."""
        from standoff.geo.planar import segment_limit_m

        if len(self.lat) == 0:
            return self
        limit = segment_limit_m(float(np.abs(self.lat).max()))
        if not (self.seg_len > limit).any():
            return self
        return Polylines.from_parts(self.parts(), max_segment_m=limit)

    def distance(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, ...]:
        """Geodesic distance (m), right-of-path flag and nearest point (lon, lat) for each point."""
        from standoff.geo import kernels  # compiled on first use: building polylines needs no numba

        lon = np.ascontiguousarray(lon, dtype=np.float64)
        lat = np.ascontiguousarray(lat, dtype=np.float64)
        n = len(lon)
        d = np.empty(n)
        right = np.empty(n, bool)
        flat = np.empty(n)
        flon = np.empty(n)
        kernels.polyline_distance(
            lat, lon, np.radians(self.lat), np.radians(self.lon),
            self.kind, self.prev_seg, self.next_seg, self.az_start, self.az_end, self.seg_len,
            d, right, flat, flon,
        )
        return d, right, flon, flat


def oriented_rings(polygon: shapely.Polygon) -> list[np.ndarray]:
    """Rings of a polygon with the interior on the right: outer clockwise, holes counter-clockwise."""
    oriented = shapely.orient_polygons(polygon, exterior_cw=True)
    rings = [np.asarray(oriented.exterior.coords)]
    rings += [np.asarray(r.coords) for r in oriented.interiors]
    return rings
