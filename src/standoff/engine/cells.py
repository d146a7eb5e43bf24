"""Certified margin grids (`geo.grid`) for each zone and set of feature versions, cached on disk.

A grid is keyed by a hash of everything its margins depend on: the zone expression (with the
agreement's named zones), every feature it reads (all versions, accuracies) and which version is
in force, the theatre, and the cell size. It is stored as .npy files under the cache folder
(`STANDOFF_CACHE`, else `$XDG_CACHE_HOME/standoff`, else `~/.cache/standoff`), so a second run
loads it instead of building it. `STANDOFF_CACHE=off` keeps grids in memory only.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

from standoff.geo import band
from standoff.geo.features import ShapeCache
from standoff.geo.grid import FAR_M, FORMAT, SLACK_M, SMOOTH_CELLS, CellGrid, Layout
from standoff.geo.zones import EpochEvaluator, ZoneMargin, zone_features
from standoff.model import Agreement, Clause, Pack, Zone
from standoff.model.zone import BeyondZone, RefZone, WithinZone

#: Cell size (m): about 150k nodes over a 140 x 180 km theatre.
CELL_M = 400.0
#: A grid is built (or loaded) when a clause binds at least this many point reports in one
#: epoch; below, the exact kernel. One number for both, so whether a margin is interpolated
#: depends on the input alone, never on which grids an earlier run left in the cache.
BUILD_MIN = 20_000
USE_MIN = BUILD_MIN
#: Grids kept in memory between checks of one process (keyed by content, like the files).
RECENT = 32
_RECENT: dict[str, CellGrid] = {}


def cache_folder() -> Path | None:
    """Where grids are kept (None: memory only)."""
    base = os.environ.get("STANDOFF_CACHE")
    if base == "off":
        return None
    root = Path(base) if base else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return (root if base else root / "standoff") / "grids"


def forget() -> None:
    """Drop the grids kept in this process for later checks (their memory; the disk cache stays)."""
    _RECENT.clear()


class Grids:
    """The grids of one check: looked up in memory, then on disk, else built when worth it."""

    def __init__(self, pack: Pack, shapes: ShapeCache) -> None:
        self.pack, self.shapes = pack, shapes
        self.cell_m, self.build_min, self.use_min = CELL_M, BUILD_MIN, USE_MIN  # read at each check
        self.folder = cache_folder()
        self._memo: dict[str, CellGrid | None] = {}
        self.built = 0  # grids built (not loaded) by this object

    def get(self, agreement: Agreement, clause: Clause, day: date | None, n_points: int) -> CellGrid | None:
        """The clause zone's grid for the versions in force on `day`, or None (use the exact kernel)."""
        if n_points < self.use_min:
            return None
        key = self._key(agreement, clause, day)
        if key in self._memo:
            return self._memo[key]
        path = self.folder / key if self.folder else None
        grid = _RECENT.get(key)  # loaded or built by an earlier check in this process
        if grid is None and path is not None and path.is_dir():
            grid = CellGrid.load(path)
        if grid is None and n_points >= self.build_min:
            grid = self._build(agreement, clause, day)
            self.built += 1
            if grid is not None and path is not None:
                try:
                    grid.save(path)
                except OSError:  # a read-only cache costs speed, not results
                    pass
        self._memo[key] = grid
        if grid is not None:
            _RECENT[key] = _RECENT.pop(key, grid)  # most recent last
            while len(_RECENT) > RECENT:
                _RECENT.pop(next(iter(_RECENT)))
        return grid

    def _key(self, agreement: Agreement, clause: Clause, day: date | None) -> str:
        theatre = self.pack.theatre
        fids = set(zone_features(clause.zone, agreement, theatre)) | {theatre}
        for fid in list(fids):
            for v in self.pack.features[fid].versions:
                fids |= set(v.between or ())
        in_force = {f: getattr(self.shapes.get(f, day), "label", None) for f in sorted(fids)}
        content = {
            "format": FORMAT, "cell_m": self.cell_m, "smooth": SMOOTH_CELLS,
            "fine": [band.K, band.ERROR_M, band.NODE_M, band.RADIUS_M],
            "zone": clause.zone.model_dump(mode="json"),
            "zones": {z: v.model_dump(mode="json") for z, v in agreement.zones.items()},
            "features": {f: self.pack.features[f].model_dump(mode="json") for f in sorted(fids)},
            "in_force": in_force, "theatre": theatre,
        }
        text = json.dumps(content, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def _build(self, agreement: Agreement, clause: Clause, day: date | None) -> CellGrid | None:
        theatre = self.shapes.get(self.pack.theatre, day)
        if theatre is None:
            return None
        layout = Layout.over(*theatre.geometry.bounds, self.cell_m)
        lon, lat = layout.nodes()
        zm = EpochEvaluator(self.shapes, lon, lat, day).zone(clause.zone, agreement)
        grid = CellGrid.build(layout, zm.margin_m, zm.distance_m, zm.feature, zm.foot_lon, zm.foot_lat,
                              np.asarray(zm.accuracy_m, np.float64), zm.labels)
        if distance_leaf(clause.zone) is None or len(grid.labels) != 1:
            return grid
        # one distance leaf: interpolate where the bound of geo.band proves it, and refine the rest
        shape = grid.margin_m.shape
        values = _leaf_values(zm, grid.labels[0])
        margin_m, distance_m, foot_lon, foot_lat = (a.reshape(shape) for a in values)
        err = band.cell_errors_m(lon.reshape(shape), lat.reshape(shape), margin_m, distance_m, foot_lon,
                                 foot_lat, layout.dlon, layout.dlat)
        near = _corner_min(np.abs(grid.margin_m)) - grid.half_diag_m[:, None]
        grid = replace(grid, decider=np.where(err <= 0.0005 * near + 5.0, 0, -1).astype(np.int32))
        return replace(grid, fine=_fine(grid, err, lambda lon, lat: _leaf_values(
            EpochEvaluator(self.shapes, lon, lat, day).zone(clause.zone, agreement), grid.labels[0]),
            distance_from(distance_leaf(clause.zone))))


def _corner_min(nodes: np.ndarray) -> np.ndarray:
    """(ny + 1, nx + 1) node values -> (ny, nx) the smallest at each cell's corners (NaN if any)."""
    lowest: np.ndarray = band.corners(nodes).min(axis=-1)
    return lowest


def distance_leaf(zone: Zone) -> Zone | None:
    """The zone itself (refs followed) when it is one `within` (round ends) or `beyond`, else None."""
    while isinstance(zone, RefZone):
        zone = zone.target
    if isinstance(zone, BeyondZone) or (isinstance(zone, WithinZone) and zone.within.ends == "round"):
        return zone
    return None


def distance_from(leaf: Zone | None) -> tuple[float, float]:
    """(offset, sign) such that a one-leaf zone's distance is offset + sign * margin (metres)."""
    if leaf is not None and leaf.op == "within":
        return leaf.within.km * 1000.0, -1.0  # type: ignore[union-attr]
    if leaf is not None and leaf.op == "beyond":
        return -leaf.beyond.km * 1000.0, 1.0  # type: ignore[union-attr]
    raise ValueError("not a distance leaf")


def _leaf_values(zm: ZoneMargin, label: str) -> tuple[np.ndarray, ...]:
    """Margin, distance and nearest point of a one-leaf zone (NaN where another version decides)."""
    other = np.array([x != label for x in zm.labels] + [True])[zm.feature]
    return tuple(np.where(other, np.nan, a) for a in (zm.margin_m, zm.distance_m, zm.foot_lon, zm.foot_lat))


def _fine(grid: CellGrid, coarse_error_m: np.ndarray,
          evaluate: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, ...]],
          leaf_distance: tuple[float, float]) -> band.FineBlocks | None:
    """Certified fine cells (geo.band) in the coarse cells that cannot decide every report of
    radius <= band.RADIUS_M, where the feature is far enough for some fine cell to be certified."""
    h = grid.half_diag_m[:, None]
    near = _corner_min(np.abs(grid.margin_m)) - h
    reach = _corner_min(grid.distance_m) - h
    fine_diag = 2 * h / band.K
    # the bound is at least about diagonal^2 / (2 f): nearer than this no fine cell is kept
    far_enough = reach >= fine_diag**2 / (2 * band.KEEP_M)
    reach_band = FAR_M + SLACK_M + float(grid.accuracy_m.max(initial=0.0)) + band.RADIUS_M + 2 * h
    candidates = ((near <= reach_band) | (grid.decider < 0)) & far_enough  # NaN (no version): False
    lay = grid.layout
    return band.build(lay.lon0, lay.lat0, lay.dlon, lay.dlat, candidates, evaluate, leaf_distance)
