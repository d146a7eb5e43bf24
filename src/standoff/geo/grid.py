"""Decide by cell: a lon/lat grid whose cells carry certified bounds of a zone's signed margin.

A zone's margin (metres, positive inside) is built from geodesic distances to features by
subtraction, min, max and negation, so it changes by at most one metre per metre moved:
|margin(p) - margin(q)| <= geodesic distance(p, q). The grid holds the exact margin at its
nodes. Every point of a cell lies within `half_diagonal_m` of one of the cell's four corners
(go along the corner's parallel, then along the meridian: the geodesic is no longer than that
path), so its margin lies in [min(corners) - h, max(corners) + h]. When that interval is beyond
the point's tolerance by more than `FAR_M`, the status is certain without the exact kernel,
and the margin is far from any threshold: it is interpolated (bilinear, between the corners)
instead of computed. Cells where that interpolation could be poor are left to the exact kernel:
a corner closer to the deciding geometry than `SMOOTH_CELLS` cell diagonals, corners decided
by different features, or nearest points that jump (a ridge of the distance function).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from numba import njit

from standoff.geo.band import ERROR_STEPS, FineBlocks, K, refine, tables
from standoff.geo.vincenty import A, F

E2 = F * (2 - F)
#: Rows whose margin is at most tolerance + FAR_M from a threshold always get the exact margin.
FAR_M = 10_000.0
#: Slack (m) for the exact kernel's own error at the nodes and at the point (both below 0.03 m).
SLACK_M = 1.0
#: Interpolate only where every corner is this many cell diagonals from the deciding geometry.
SMOOTH_CELLS = 20.0
#: Bumped when the stored arrays change meaning.
FORMAT = 3
Box = tuple[float, float, float, float]  # lon0, lat0, dlon, dlat (degrees)
#: `CellGrid.kernel`: layout, `lookup`, half diagonals, extra margin, fine blocks, their `band.tables`,
#: ERROR_STEPS, (label, accuracy) and distance_from of the one-leaf fine blocks
Kernel = tuple[Box, tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray, float, np.ndarray, np.ndarray,
               np.ndarray, np.ndarray, tuple[int, float], tuple[float, float]]
#: Points looked up together: their cells are fetched first, then each is decided (`_decide`).
BATCH = 128
#: `CellGrid.decide` states: interpolated margin (0.05 % + 5 m) far inside or outside ...
FAR_INSIDE, FAR_OUTSIDE = 1, -1
#: ... and margin within `band.ERROR_M` (fine cells): inside, outside, possible; 0 undecided
NEAR_INSIDE, NEAR_OUTSIDE, NEAR_POSSIBLE = 2, -2, 3


def half_diagonal_m(lat_lo: np.ndarray, dlon: float, dlat: float) -> np.ndarray:
    """A bound on the geodesic distance from any point of a cell to its nearest corner (m).

    For cells [lat_lo, lat_lo + dlat] x dlon degrees: half the longest parallel arc plus half
    the meridian arc at the largest meridional radius of curvature (plus 1e-9 relative).
    """
    lat_a, lat_b = np.radians(lat_lo), np.radians(lat_lo + dlat)
    widest = np.where(lat_a * lat_b <= 0, 0.0, np.minimum(np.abs(lat_a), np.abs(lat_b)))
    parallel = A * np.cos(widest) / np.sqrt(1 - E2 * np.sin(widest) ** 2)  # N cos(lat), largest
    steepest = np.maximum(np.abs(lat_a), np.abs(lat_b))
    meridian = A * (1 - E2) / (1 - E2 * np.sin(steepest) ** 2) ** 1.5  # M, largest
    h = parallel * math.radians(dlon) / 2 + meridian * math.radians(dlat) / 2
    half_diag: np.ndarray = h * (1 + 1e-9)
    return half_diag


@dataclass(frozen=True)
class Layout:
    """Nodes lon0 + i dlon, lat0 + j dlat for i <= nx, j <= ny (degrees)."""

    lon0: float
    lat0: float
    dlon: float
    dlat: float
    nx: int
    ny: int

    @classmethod
    def over(cls, west: float, south: float, east: float, north: float, cell_m: float) -> Layout:
        """Cells of about `cell_m` metres covering the box, one cell of margin on each side."""
        dlat = cell_m / 111_000.0
        mid = math.radians((south + north) / 2)
        dlon = cell_m / (111_000.0 * max(math.cos(mid), 0.05))
        nx = int(math.ceil((east - west) / dlon)) + 2
        ny = int(math.ceil((north - south) / dlat)) + 2
        return cls(west - dlon, south - dlat, dlon, dlat, nx, ny)

    def nodes(self) -> tuple[np.ndarray, np.ndarray]:
        """Node longitudes and latitudes, flattened row by row (j major)."""
        lon = self.lon0 + np.arange(self.nx + 1) * self.dlon
        lat = self.lat0 + np.arange(self.ny + 1) * self.dlat
        glon, glat = np.meshgrid(lon, lat)
        return glon.ravel(), glat.ravel()

    def as_array(self) -> np.ndarray:
        return np.array([self.lon0, self.lat0, self.dlon, self.dlat, self.nx, self.ny], np.float64)


@dataclass(frozen=True)
class CellGrid:
    """One zone's margins at the nodes of a layout, and which cells may be decided."""

    layout: Layout
    margin_m: np.ndarray  # (ny + 1, nx + 1) exact margin at the nodes, NaN where unknown
    distance_m: np.ndarray  # (ny + 1, nx + 1) distance to the deciding feature (NaN: none)
    decider: np.ndarray  # (ny, nx) the cell's deciding part (index into labels), -1: never interpolate
    half_diag_m: np.ndarray  # (ny,) per row of cells
    accuracy_m: np.ndarray  # per label: the stated accuracy of the feature version
    labels: list[str]
    fine: FineBlocks | None = None  # certified fine cells near the zone's edge (geo.band)

    @classmethod
    def build(cls, layout: Layout, margin_m: np.ndarray, distance_m: np.ndarray, feature: np.ndarray,
              foot_lon: np.ndarray, foot_lat: np.ndarray, accuracy_m: np.ndarray,
              labels: list[str]) -> CellGrid:
        """From the zone's margin at `layout.nodes()` (flat arrays, as the evaluator returns them)."""
        shape = (layout.ny + 1, layout.nx + 1)
        m, d = margin_m.reshape(shape), distance_m.reshape(shape)
        f, flon, flat = feature.reshape(shape), foot_lon.reshape(shape), foot_lat.reshape(shape)
        h = half_diagonal_m(layout.lat0 + np.arange(layout.ny) * layout.dlat, layout.dlon, layout.dlat)
        reach = np.where(np.isnan(d), np.abs(m), d)  # how far the deciding geometry is
        ok = np.isfinite(m) & (reach >= SMOOTH_CELLS * 2 * h.max())
        corners = [(slice(0, -1), slice(0, -1)), (slice(0, -1), slice(1, None)),
                   (slice(1, None), slice(0, -1)), (slice(1, None), slice(1, None))]
        smooth = np.ones((layout.ny, layout.nx), bool)
        for a in corners:
            smooth &= ok[a] & (f[a] == f[corners[0]])
        # nearest points of neighbouring corners stay close unless a ridge lies between them
        kx = 111_000.0 * math.cos(math.radians(layout.lat0 + layout.ny * layout.dlat / 2))
        for a in corners[1:]:
            jump = np.hypot((flon[a] - flon[corners[0]]) * kx, (flat[a] - flat[corners[0]]) * 111_000.0)
            smooth &= ~(jump > 4 * h.max())  # NaN feet (no nearest point) do not count as a jump
        decider = np.where(smooth, f[corners[0]], -1).astype(np.int32)
        acc = np.array([np.nanmax(accuracy_m[feature == i], initial=0.0) for i in range(len(labels))])
        return cls(layout, m, d, decider, h, acc, labels)

    def save(self, folder: Path) -> None:
        """Plain .npy files (no pickle) in `folder`, written to a temporary name then renamed."""
        tmp = folder.with_name(folder.name + ".part")
        tmp.mkdir(parents=True, exist_ok=True)
        for name, values in self._arrays().items():
            np.save(tmp / f"{name}.npy", values, allow_pickle=False)
        (tmp / "labels.txt").write_text("\n".join(self.labels), encoding="utf-8")
        try:
            tmp.rename(folder)
        except OSError:  # another process stored it first
            for p in tmp.iterdir():
                p.unlink()
            tmp.rmdir()

    def _arrays(self) -> dict[str, np.ndarray]:
        return {"layout": self.layout.as_array(), "margin": self.margin_m, "distance": self.distance_m,
                "decider": self.decider, "half_diag": self.half_diag_m, "accuracy": self.accuracy_m,
                **(self.fine.arrays() if self.fine is not None else {})}

    @classmethod
    def load(cls, folder: Path) -> CellGrid | None:
        """A grid stored by `save`, or None when it is missing or unreadable."""
        try:
            a = {n: np.load(folder / f"{n}.npy", allow_pickle=False)
                 for n in ("layout", "margin", "distance", "decider", "half_diag", "accuracy")}
            labels = (folder / "labels.txt").read_text(encoding="utf-8").split("\n")
            if (folder / "fine_block.npy").exists():
                a |= {n: np.load(folder / f"{n}.npy", allow_pickle=False) for n in (
                    "fine_block", "fine_margin", "fine_distance", "fine_error", "fine_label", "fine_from")}
        except (OSError, ValueError):
            return None
        lon0, lat0, dlon, dlat, nx, ny = a["layout"]
        layout = Layout(float(lon0), float(lat0), float(dlon), float(dlat), int(nx), int(ny))
        fine = FineBlocks.from_arrays(a) if "fine_block" in a else None
        return cls(layout, a["margin"], a["distance"], a["decider"], a["half_diag"], a["accuracy"], labels,
                   fine)

    def decide(self, lon: np.ndarray, lat: np.ndarray, radius_m: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per point: state (FAR_* / NEAR_*, 0: ask the exact kernel), the interpolated margin and
        distance (m), and the deciding part (index into `labels`); NaN and -1 where undecided.

        A point is decided far when its whole cell's margin interval is beyond radius + the
        largest accuracy of the zone's features + FAR_M; near, in a certified fine cell, when its
        margin is more than the cell's error bound + SLACK_M from both thresholds.
        """
        n = len(lon)
        state, decider = np.zeros(n, np.int8), np.full(n, -1, np.int32)
        margin, distance = np.full(n, np.nan), np.full(n, np.nan)
        _decide_serial(np.ascontiguousarray(lon, np.float64), np.ascontiguousarray(lat, np.float64),
            np.ascontiguousarray(radius_m, np.float64), self.kernel, state, margin, distance, decider)
        undecided = state == 0
        margin[undecided], distance[undecided], decider[undecided] = np.nan, np.nan, -1
        return state, margin, distance, decider

    def beyond(self, lon: np.ndarray, lat: np.ndarray, radius_m: np.ndarray) -> np.ndarray:
        """Per point, whether its whole cell lies beyond radius + the zone's largest accuracy +
        FAR_M (+ SLACK_M) of a threshold, inside or outside, as `decide` tests it (False outside
        the grid or where a corner's margin is unknown). Such a point left undecided (its cell is
        not interpolated) may take a certified planar margin (`engine.farplanar`)."""
        lay = self.layout
        x, y = (lon - lay.lon0) / lay.dlon, (lat - lay.lat0) / lay.dlat
        inside = (x >= 0) & (y >= 0) & (x < lay.nx) & (y < lay.ny)  # False for NaN
        i, j = np.where(inside, x, 0).astype(np.int64), np.where(inside, y, 0).astype(np.int64)
        m = self.margin_m
        corners = np.stack([m[j, i], m[j, i + 1], m[j + 1, i], m[j + 1, i + 1]])
        lo = corners.min(axis=0) - self.half_diag_m[j]
        hi = corners.max(axis=0) + self.half_diag_m[j]
        need = radius_m + float(self.accuracy_m.max(initial=0.0)) + FAR_M + SLACK_M
        found: np.ndarray = inside & ((lo > need) | (hi < -need))
        return found

    @cached_property
    def kernel(self) -> Kernel:
        """What `decide_batch` reads of this grid, as one tuple (compiled callers take it whole)."""
        lay, fine = self.layout, self.fine
        nodes, codes = self.fine_tables
        block = fine.block if fine is not None else np.full(self.decider.shape, -1, np.int32)
        return ((lay.lon0, lay.lat0, lay.dlon, lay.dlat), self.lookup, self.half_diag_m,
                float(self.accuracy_m.max(initial=0.0)) + FAR_M + SLACK_M, block, nodes, codes, ERROR_STEPS,
                (fine.label, float(self.accuracy_m[fine.label])) if fine is not None else (0, 0.0),
                fine.distance_from if fine is not None else (0.0, 0.0))

    @cached_property
    def lookup(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What a coarse look-up reads, small enough to stay in a core's cache: the margins and
        distances at the nodes as float32 (the rounding, < 0.01 m, is far inside SLACK_M; a grid
        with fine blocks is one distance leaf, whose distance follows from the margin, so its
        distances are never read) and each cell's deciding part as int8 (-1: never interpolated;
        a part numbered past 127 is never interpolated either, and goes to the exact kernel)."""
        part = np.where(self.decider > 127, -1, self.decider).astype(np.int8)
        return (np.ascontiguousarray(self.margin_m, np.float32),
                np.ascontiguousarray(self.distance_m, np.float32), part)

    @cached_property
    def fine_tables(self) -> tuple[np.ndarray, np.ndarray]:
        """`band.tables` of the fine blocks (one dummy block when there are none)."""
        if self.fine is None:
            return np.zeros((1, (K + 1) ** 2), np.float32), np.full((1, K * K), 255, np.uint8)
        return tables(self.fine)


@njit(cache=True, error_model="numpy")
def _decide_serial(lon: np.ndarray, lat: np.ndarray, radius: np.ndarray, g: Kernel, state: np.ndarray,
                   out_m: np.ndarray, out_d: np.ndarray, out_f: np.ndarray) -> None:  # pragma: no cover
    scratch = scratch_for(BATCH)
    for k0 in range(0, lon.shape[0], BATCH):
        k1 = min(lon.shape[0], k0 + BATCH)
        decide_batch(k1 - k0, lon[k0:k1], lat[k0:k1], radius[k0:k1], g, state[k0:k1], out_m[k0:k1],
                     out_d[k0:k1], out_f[k0:k1], scratch)


#: `decide_batch`'s scratch: cell row and column, position in the cell (x, y), two index lists
Scratch = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@njit(cache=True)
def scratch_for(size: int) -> Scratch:  # pragma: no cover - compiled
    """Scratch arrays for batches of up to `size` points."""
    return (np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size), np.empty(size),
            np.empty(size, np.int64), np.empty(size, np.int64))


@njit(cache=True, error_model="numpy")
def decide_batch(m: int, lon: np.ndarray, lat: np.ndarray, radius: np.ndarray, g: Kernel, state: np.ndarray,
                 out_m: np.ndarray, out_d: np.ndarray, out_f: np.ndarray,
                 scratch: Scratch) -> None:  # pragma: no cover - compiled
    """Points 0 .. m - 1 (at most the scratch's size), in steps whose loads are independent of
    each other (so the memory system fetches them together): every point's cell is read and the
    points far from every threshold decided; the others are listed, their fine blocks looked up,
    those with one listed again, their blocks fetched, then refined (indexed in place: a view of
    a block per point costs reference counts). Writes every point's state (0: undecided); margin,
    distance and part are meaningful only where the state is not 0. One function over 60 lines:
    compiled calls per point that pass arrays made the look-up slower, measured."""
    layout, coarse, half_diag, extra, block, nodes, codes, steps, label, distance_from = g
    lon0, lat0, dlon, dlat = layout
    margins, distances, part = coarse
    ny, nx = part.shape
    cj, ci, fxs, fys, listed, blk = scratch
    fetched = 0.0
    for q in range(m):
        x, y = (lon[q] - lon0) / dlon, (lat[q] - lat0) / dlat
        inside = (x >= 0.0) & (y >= 0.0) & (x < nx) & (y < ny)  # False for NaN
        j = int(y) if inside else -1
        i = int(x) if inside else 0
        cj[q], ci[q] = j, i
        fxs[q], fys[q] = x - i, y - j
        jj = max(j, 0)  # outside the grid: cell (0, 0), never decided
        fetched += margins[jj, i] + margins[jj + 1, i] + part[jj, i]
    derived = distance_from[1] != 0.0  # fine blocks: one distance leaf, distance from the margin
    left = 0
    for q in range(m):  # decided far when the whole cell is beyond the threshold by extra + radius
        j, i = cj[q], ci[q]
        jj = max(j, 0)
        a, b = float(margins[jj, i]), float(margins[jj, i + 1])
        c, e = float(margins[jj + 1, i]), float(margins[jj + 1, i + 1])
        lo = min(min(a, b), min(c, e)) - half_diag[jj]
        hi = max(max(a, b), max(c, e)) + half_diag[jj]
        need = radius[q] + extra
        side = int(lo > need) - int(hi < -need)
        p = part[jj, i]
        far = (j >= 0) & (p >= 0) & (side != 0)
        fx, fy = fxs[q], fys[q]
        v = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + e * fx) * fy
        if derived:
            dist = max(distance_from[0] + distance_from[1] * v, 0.0)
        else:
            a, b = float(distances[jj, i]), float(distances[jj, i + 1])
            c, e = float(distances[jj + 1, i]), float(distances[jj + 1, i + 1])
            dist = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + e * fx) * fy
        # plain stores and selects, not branches: which points are far varies from point to point
        state[q] = side if far else 0
        out_m[q], out_d[q], out_f[q] = min(max(v, lo), hi), dist, p
        listed[left] = q
        left += 1 - int(far | (j < 0))
    fine = 0
    for t in range(left):
        q = listed[t]
        f = block[cj[q], ci[q]]
        listed[fine], blk[fine] = q, f
        fine += int(f >= 0)
    last = nodes.shape[1] - 1
    for t in range(fine):
        f = blk[t]
        fetched += nodes[f, 0] + nodes[f, last // 2] + nodes[f, last] + codes[f, 0]
    state[0] = state[0] + (fetched == 1.5e300)  # keeps the loads above (never true)
    for t in range(fine):
        q, f = listed[t], blk[t]
        s, v, dist = refine(fxs[q], fys[q], radius[q], label[1], SLACK_M, FAR_M, nodes, codes, f, steps,
                            distance_from)
        s0, m0, d0, f0 = state[q], out_m[q], out_d[q], out_f[q]
        state[q] = s if s != 0 else s0
        out_m[q] = v if s != 0 else m0
        out_d[q] = dist if s != 0 else d0
        out_f[q] = label[0] if s != 0 else f0
