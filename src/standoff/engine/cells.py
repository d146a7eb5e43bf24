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
from datetime import date
from pathlib import Path

import numpy as np

from standoff.geo.features import ShapeCache
from standoff.geo.grid import FORMAT, SMOOTH_CELLS, CellGrid, Layout
from standoff.geo.zones import EpochEvaluator, zone_features
from standoff.model import Agreement, Clause, Pack

#: Cell size (m): about 150k nodes over a 140 x 180 km theatre.
CELL_M = 400.0
#: A grid is built when a clause binds at least this many point reports in one epoch ...
BUILD_MIN = 20_000
#: ... and a stored one is used from this many (below, loading costs more than it saves).
USE_MIN = 2_000


def cache_folder() -> Path | None:
    """Where grids are kept (None: memory only)."""
    base = os.environ.get("STANDOFF_CACHE")
    if base == "off":
        return None
    root = Path(base) if base else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return (root if base else root / "standoff") / "grids"


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
        grid = CellGrid.load(path) if path is not None and path.is_dir() else None
        if grid is None and n_points >= self.build_min:
            grid = self._build(agreement, clause, day)
            self.built += 1
            if grid is not None and path is not None:
                try:
                    grid.save(path)
                except OSError:  # a read-only cache costs speed, not results
                    pass
        self._memo[key] = grid
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
        return CellGrid.build(layout, zm.margin_m, zm.distance_m, zm.feature, zm.foot_lon, zm.foot_lat,
                              np.asarray(zm.accuracy_m, np.float64), zm.labels)
