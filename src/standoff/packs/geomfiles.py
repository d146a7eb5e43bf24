"""Feature geometry read from a GIS file: `geometry: {file: lines.gpkg, where: {name: M4}}`.

GeoJSON, KML, GeoPackage, Shapefile and whatever else GDAL reads (through pyogrio, which ships
GDAL in its wheel). The file's CRS is transformed to WGS84 lon/lat once, when the pack loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import shapely

from standoff.errors import PackError
from standoff.model import Feature, FeatureVersion, Pack

__all__ = ["resolve_geometry_files"]


def _rows(file: Path, layer: str | None, feature: Feature) -> tuple[dict[str, Any], list[Any], list[Any]]:
    import pyogrio
    import pyogrio.raw

    try:
        meta, _, wkb, values = pyogrio.raw.read(file, layer=layer, force_2d=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        raise PackError(f"feature {feature.id}: cannot read its geometry file: {exc}",
                        file=str(file)) from None
    return meta, list(wkb), list(values)


def _to_lonlat(geoms: np.ndarray, crs: str | None) -> np.ndarray:
    if not crs:
        return geoms
    from pyproj import CRS, Transformer

    src = CRS.from_user_input(crs)
    if src.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        return geoms
    tr = Transformer.from_crs(src, "EPSG:4326", always_xy=True)
    return shapely.transform(geoms, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def _pick(feature: Feature, file: Path, meta: dict[str, Any], geoms: list[Any], values: list[Any],
          where: dict[str, Any]) -> Any:
    fields = list(meta["fields"])
    folded = {f.casefold(): f for f in fields}  # KML writes 'Name' for what others call 'name'
    where = {folded.get(k.casefold(), k) if k not in fields else k: v for k, v in where.items()}
    for key in where:
        if key not in fields:
            raise PackError(f"feature {feature.id}: the file has no field '{key}'; its fields are "
                            f"{', '.join(fields) or 'none'}", file=str(file))
    n = len(geoms)
    keep = np.ones(n, bool)
    for key, wanted in where.items():
        column = values[fields.index(key)]
        keep &= np.array([str(v) == str(wanted) for v in column], dtype=bool)
    hits = np.flatnonzero(keep)
    said = ", ".join(f"{k}={v}" for k, v in where.items()) or "(no where)"
    if len(hits) != 1:
        raise PackError(f"feature {feature.id}: {len(hits)} of the file's {n} rows match {said}; "
                        "give `where` so that exactly one does", file=str(file))
    return geoms[hits[0]]


def _version(feature: Feature, version: FeatureVersion, geom: Any, file: Path) -> FeatureVersion:
    if feature.kind == "line" and geom.geom_type == "MultiLineString":
        geom = shapely.line_merge(geom)
    if feature.kind == "area" and geom.geom_type == "MultiPolygon" and len(geom.geoms) == 1:
        geom = geom.geoms[0]
    wanted = {"line": "LineString", "area": "Polygon", "point": "Point"}[feature.kind]
    if geom.geom_type != wanted:
        raise PackError(f"feature {feature.id}: a {feature.kind} needs a {wanted} in its geometry "
                        f"file, not a {geom.geom_type}", file=str(file))
    update: dict[str, Any] = {"geometry": None}
    if feature.kind == "area":
        rings = [geom.exterior, *geom.interiors]
        update["rings"] = [[(float(x), float(y)) for x, y in np.asarray(r.coords)] for r in rings]
    else:
        update["coords"] = [(float(x), float(y)) for x, y in np.asarray(geom.coords)]
    spec = version.geometry
    assert spec is not None
    update["note"] = (version.note + " " if version.note else "") + f"geometry from {spec.file}"
    return version.model_copy(update=update)


def resolve_geometry_files(pack: Pack, folder: Path) -> list[str]:
    """Fill in the versions whose geometry comes from a file (in place); the ids of those features."""
    done = []
    for fid, feature in list(pack.features.items()):
        if not any(v.geometry for v in feature.versions):
            continue
        versions = []
        for v in feature.versions:
            if v.geometry is None:
                versions.append(v)
                continue
            file = (folder / v.geometry.file).resolve()
            if not file.is_file():
                raise PackError(f"feature {fid}: no such geometry file '{v.geometry.file}'",
                                file=str(folder / "features.yaml"))
            meta, wkb, values = _rows(file, v.geometry.layer, feature)
            geoms = _to_lonlat(shapely.from_wkb(np.array(wkb, dtype=object)), meta.get("crs"))
            versions.append(_version(feature, v, _pick(feature, file, meta, list(geoms), values,
                                                       v.geometry.where), file))
        pack.features[fid] = feature.model_copy(update={"versions": versions})
        done.append(fid)
    return done
