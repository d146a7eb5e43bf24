"""`segment: {of: LINE, from: A, to: B}` features become plain lines when a pack loads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from standoff.errors import PackError, did_you_mean
from standoff.geo.ellipsoid import GEOD
from standoff.geo.segment import cut_line
from standoff.model import Feature, FeatureVersion, Pack

__all__ = ["resolve_segments"]

LonLat = tuple[float, float]


def _point(pack: Pack, ref: str | LonLat, feature: Feature, path: Path) -> LonLat:
    if not isinstance(ref, str):
        return (float(ref[0]), float(ref[1]))
    place = next((p for p in pack.places if p.id == ref), None)
    if place is not None:
        return (place.lon, place.lat)
    point = pack.features.get(ref)
    if point is not None and point.kind == "point" and point.versions[-1].coords:
        return point.versions[-1].coords[0]
    known = [p.id for p in pack.places] + [f.id for f in pack.features.values() if f.kind == "point"]
    raise PackError(f"feature {feature.id}: segment end '{ref}' is neither a place nor a point "
                    f"feature{did_you_mean(ref, known)}", file=str(path))


def _overlap(a: FeatureVersion, b: FeatureVersion) -> tuple[date | None, date | None] | None:
    lo = max((d for d in (a.valid_from, b.valid_from) if d), default=None)
    hi = min((d for d in (a.valid_to, b.valid_to) if d), default=None)
    return None if lo and hi and hi <= lo else (lo, hi)


def _versions(pack: Pack, feature: Feature, version: FeatureVersion, path: Path) -> list[FeatureVersion]:
    spec = version.segment
    assert spec is not None
    line = pack.features.get(spec.of)
    if line is None or line.kind != "line" or feature.kind != "line":
        what = "unknown" if line is None else f"{'an' if line.kind == 'area' else 'a'} {line.kind}"
        raise PackError(f"feature {feature.id}: a segment is a line cut from a line; '{spec.of}' is "
                        f"{what}{did_you_mean(spec.of, list(pack.features)) if line is None else ''}",
                        file=str(path))
    start, end = _point(pack, spec.from_, feature, path), _point(pack, spec.to, feature, path)
    out = []
    for parent in line.versions:
        when = _overlap(version, parent)
        if when is None or parent.coords is None:
            continue
        coords = cut_line(parent.coords, start, end)
        lons, lats = zip(*coords, strict=True)
        if len(coords) < 2 or GEOD.line_length(lons, lats) < 1.0:
            raise PackError(f"feature {feature.id}: both ends project onto the same point of "
                            f"{spec.of}@{parent.version}", file=str(path))
        label = version.version if len(line.versions) == 1 else f"{version.version}/{parent.version}"
        out.append(FeatureVersion(
            version=label, valid_from=when[0], valid_to=when[1], coords=coords,
            source=version.source or parent.source,
            note=f"segment of {spec.of}@{parent.version} from {spec.from_} to {spec.to}"))
    if not out:
        raise PackError(f"feature {feature.id}: no version of {spec.of} is in force when the "
                        "segment is", file=str(path))
    return out


def resolve_segments(pack: Pack, path: Path) -> None:
    """Replace every segment version of the pack's features by the lines it cuts (in place)."""
    for fid, feature in list(pack.features.items()):
        if not any(v.segment for v in feature.versions):
            continue
        versions: list[FeatureVersion] = []
        for v in feature.versions:
            versions += _versions(pack, feature, v, path) if v.segment else [v]
        pack.features[fid] = feature.model_copy(update={"versions": versions})
