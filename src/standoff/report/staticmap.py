"""A static PNG map with matplotlib, for people who paste figures into documents.

It draws what the interactive map draws, at one moment: Natural Earth countries, the
agreements' zones, reference lines, places, and reports coloured by verdict with their
uncertainty circles. It uses matplotlib's object API only (no pyplot, no global state).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from standoff.engine.geojson import features_geojson, zones_geojson
from standoff.model import Pack
from standoff.report.basemap import BBox, countries_geojson, map_bbox
from standoff.report.columns import RANK_STATUS, VerdictRows, verdict_rows
from standoff.report.mapdata import (
    COLORS,
    Result,
    agreement_colors,
    select_agreements,
)

__all__ = ["draw_map", "figure_png", "geometry_layers", "last_day", "static_map_png"]

#: Place kinds whose names a static map prints.
LABELLED = frozenset({"capital", "city", "town", "base", "airport", "mountain", "crossing"})
#: Above this many reports on one map, uncertainty circles are drawn without their outline.
MANY_REPORTS = 2000
_LABELS = {"violation": "violation", "possible": "possible", "compliant": "compliant",
           "not_applicable": "not applicable"}


def figure_png(fig: Any, *, dpi: int = 150) -> bytes:
    """A matplotlib Figure as a 256-colour PNG (a third of the size), without a timestamp."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image  # matplotlib depends on Pillow

    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()  # type: ignore[no-untyped-call]
    rgba = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    image = Image.frombuffer("RGBA", canvas.get_width_height(), rgba)
    small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                          dither=Image.Dither.NONE)
    buf = io.BytesIO()
    small.save(buf, format="PNG", compress_level=6)  # zlib 9 (optimize) is 9x slower for 10% less
    return buf.getvalue()


def _parts(geometry: dict[str, Any] | None, single: str) -> list[Any]:
    """The coordinates of each `single` (or Multi-) part of a GeoJSON geometry, through collections."""
    geometry = geometry or {}
    kind = geometry.get("type")
    if kind == single:
        return [geometry["coordinates"]]
    if kind == "Multi" + single:
        return list(geometry["coordinates"])
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries", []) for p in _parts(g, single)]
    return []


def _rings(geometry: dict[str, Any] | None) -> list[list[list[list[float]]]]:
    """Polygons of a GeoJSON geometry as lists of rings (none for a null geometry)."""
    return _parts(geometry, "Polygon")


def _lines(geometry: dict[str, Any] | None) -> list[list[list[float]]]:
    """Lines of a GeoJSON geometry: its line strings, then the rings of its polygons."""
    return _parts(geometry, "LineString") + [ring for poly in _rings(geometry) for ring in poly]


def _polygon_patch(rings: list[list[list[float]]], **style: Any) -> Any:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    vertices: list[Any] = []
    codes: list[Any] = []
    for ring in rings:
        pts = np.asarray(ring, dtype=float)[:, :2]
        if len(pts) < 3:
            continue
        vertices.extend(pts.tolist() + [pts[0].tolist()])
        codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(pts) - 1) + [MplPath.CLOSEPOLY])
    return PathPatch(MplPath(vertices, codes), **style) if vertices else None


def _valid(props: dict[str, Any], day: str | None) -> bool:
    if day is None:
        return True
    start, end = props.get("valid_from"), props.get("valid_to")
    return (not start or str(start)[:10] <= day) and (not end or day < str(end)[:10]
                                                      or (day == str(end)[:10] and _after_midnight(str(end))))


def _after_midnight(moment: str) -> bool:
    """Whether an ISO instant ('2020-03-20T12:00+02:00') is later than the start of its day."""
    clock = re.match(r"\d{4}-\d\d-\d\dT(\d\d):(\d\d)(?::(\d\d))?", moment)
    return clock is not None and any(int(g or 0) for g in clock.groups())


def _scale_bar(ax: Any, bbox: BBox) -> None:
    west, south, east, north = bbox
    lat = south + 0.06 * (north - south)
    width_km = (east - west) * 111.32 * math.cos(math.radians(lat))
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if s >= width_km / 6)
    lon0 = west + 0.04 * (east - west)
    lon1 = lon0 + step / (111.32 * math.cos(math.radians(lat)))
    ax.plot([lon0, lon1], [lat, lat], color="black", lw=2.5, solid_capstyle="butt", zorder=9)
    ax.text((lon0 + lon1) / 2, lat + 0.012 * (north - south), f"{step} km", ha="center",
            va="bottom", fontsize=7, zorder=9)


Layers = tuple[dict[str, dict[str, Any]], dict[str, Any]]


def geometry_layers(pack: Pack, agreements: Sequence[str]) -> Layers:
    """The zones of each agreement and the reference features, as GeoJSON, from the engine."""
    return ({aid: zones_geojson(pack, aid, at=None) for aid in agreements},
            features_geojson(pack, at=None))


def draw_map(ax: Any, result: Result, pack: Pack, *, agreements: Sequence[str],
             bbox: BBox, day: str | None = None, title: str | None = None,
             layers: Layers | None = None, rows: VerdictRows | None = None) -> list[Any]:
    """Draw the map of `agreements` on a matplotlib Axes (lon/lat degrees).

    Returns the legend handles (zones, then verdict colours) for the caller to place.
    """
    from matplotlib.lines import Line2D

    zones, features = layers or geometry_layers(pack, agreements)
    ax.set_facecolor("#cfe0ea")
    _draw_countries(ax, bbox)
    handles = _draw_zones(ax, pack, agreements, zones, day)
    _draw_features(ax, pack, features, day)
    _draw_places(ax, pack, bbox)
    _draw_observations(ax, result, agreements, day, rows)
    for s in COLORS:
        handles.append(Line2D([], [], marker="o", ls="", mfc=COLORS[s], mec="#111",
                              label=_LABELS[s]))
    _frame(ax, bbox, day, title)
    return handles


def _draw_countries(ax: Any, bbox: BBox) -> None:
    for f in countries_geojson(bbox)["features"]:
        for poly in _rings(f["geometry"]):
            patch = _polygon_patch(poly, facecolor="#f3f0e8", edgecolor="#7a7a7a", lw=0.6,
                                   zorder=1)
            if patch is not None:
                ax.add_artist(patch)  # limits are set by `_frame`: skip autoscaling


def _draw_zones(ax: Any, pack: Pack, agreements: Sequence[str], zones: dict[str, dict[str, Any]],
                day: str | None) -> list[Any]:
    """Each agreement's zones in force on `day`, in its colour; one legend handle each."""
    from matplotlib.patches import Patch

    colors = agreement_colors(agreements)
    handles: list[Any] = []
    for aid in agreements:
        for f in zones[aid]["features"]:
            if not _valid(f.get("properties") or {}, day):
                continue
            for poly in _rings(f["geometry"]):
                patch = _polygon_patch(poly, facecolor=colors[aid], edgecolor=colors[aid],
                                       alpha=0.18, lw=1.0, zorder=2)
                if patch is not None:
                    ax.add_artist(patch)  # limits are set by `_frame`: skip autoscaling
        handles.append(Patch(facecolor=colors[aid], alpha=0.4, label=pack.agreements[aid].title))
    return handles


def _draw_features(ax: Any, pack: Pack, features: dict[str, Any], day: str | None) -> None:
    """Reference lines in force on `day`, named at their middle; the theatre's edge dashed."""
    for f in features["features"]:
        props = f.get("properties") or {}
        if not _valid(props, day):
            continue
        theatre = (props.get("id") or props.get("feature_id")) == pack.theatre
        lines = _lines(f["geometry"])
        for line in lines:
            xy = np.asarray(line, dtype=float)
            ax.plot(xy[:, 0], xy[:, 1], color="#555" if theatre else "#1c1c1c",
                    lw=0.8 if theatre else 1.4, ls="--" if theatre else "-", zorder=3)
        if lines and not theatre and props.get("name"):
            x, y = lines[0][len(lines[0]) // 2][:2]
            ax.annotate(str(props["name"]), (x, y), xytext=(3, -8), textcoords="offset points",
                        fontsize=6.5, style="italic", color="#333", zorder=6,
                        path_effects=_halo(), annotation_clip=True)


def _draw_places(ax: Any, pack: Pack, bbox: BBox) -> None:
    west, south, east, north = bbox
    for p in pack.places:
        if west <= p.lon <= east and south <= p.lat <= north:
            ax.plot(p.lon, p.lat, "o", ms=3, mfc="white", mec="#222", mew=0.8, zorder=6)
            if p.kind in LABELLED:  # villages and regions would bury the map in text
                ax.annotate(p.name, (p.lon, p.lat), xytext=(4, 2), textcoords="offset points",
                            fontsize=6.5, fontweight="bold", zorder=6, path_effects=_halo())


def _frame(ax: Any, bbox: BBox, day: str | None, title: str | None) -> None:
    """Limits, true aspect at mid-latitude, axis labels, scale bar, title and attribution."""
    west, south, east, north = bbox
    mid = math.radians((south + north) / 2)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / max(math.cos(mid), 1e-6))
    ax.tick_params(labelsize=7)
    ax.set_xlabel("longitude (°E)", fontsize=7)
    ax.set_ylabel("latitude (°N)", fontsize=7)
    _scale_bar(ax, bbox)
    if title or day:
        ax.set_title(" · ".join(x for x in (title, f"state on {day}" if day else "") if x),
                     fontsize=10)
    ax.text(0.005, 0.005, "Basemap: Natural Earth 1:10m (public domain)", transform=ax.transAxes,
            fontsize=5.5, color="#444", zorder=9)


def _halo() -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2.2, foreground="white")]


def _draw_observations(ax: Any, result: Result, agreements: Sequence[str], day: str | None,
                       rows: VerdictRows | None = None) -> None:
    """Reports as dots coloured by their worst verdict (most serious on top), with their
    uncertainty circles or areas: one collection each, however many reports there are."""
    from matplotlib.collections import EllipseCollection, PolyCollection

    obs = result.observations
    rank = (rows or verdict_rows(result)).worst_rank(agreements)
    keep = np.isfinite(obs.lon) & np.isfinite(obs.lat)
    if day is not None:
        keep &= np.isnat(obs.time) | (obs.time.astype("datetime64[D]") <= np.datetime64(day))
    shown = np.flatnonzero(keep)
    shown = shown[np.argsort(rank[shown], kind="stable")]  # most serious last, on top
    if not len(shown):
        return
    from matplotlib.colors import to_rgba_array

    palette = np.array([COLORS[s] for s in RANK_STATUS], dtype=object)
    rgba = to_rgba_array(list(palette))  # colour arrays, not 20,000 strings to parse
    areas = obs.area or []
    has_area = np.array([i < len(areas) and len(areas[i] or ()) > 2 for i in shown],
                        dtype=np.bool_) if areas else np.zeros(len(shown), np.bool_)
    many = len(shown) > MANY_REPORTS  # dashed outlines cost more than the rest of the map
    style = {"alpha": 0.10, "linewidths": 0 if many else 0.6, "linestyles": "--", "zorder": 4}
    circled = shown[~has_area & (obs.radius_m[shown] > 0)]
    if len(circled):  # one unit circle scaled per report: cheap for tens of thousands
        lat = obs.lat[circled]
        height = 2 * obs.radius_m[circled] / 111_320.0  # degrees, locally exact to first order
        width = height / np.maximum(np.cos(np.radians(lat)), 1e-6)
        ring_colors = rgba[rank[circled]]
        ax.add_collection(EllipseCollection(
            width, height, np.zeros(len(circled)), units="xy",
            offsets=np.column_stack([obs.lon[circled], lat]), offset_transform=ax.transData,
            facecolors=ring_colors, edgecolors=ring_colors, **style), autolim=False)
    if has_area.any():
        areas_shown = shown[has_area]
        ax.add_collection(PolyCollection(
            [np.asarray(areas[i], dtype=float)[:, :2] for i in areas_shown], closed=True,
            facecolors=rgba[rank[areas_shown]], edgecolors=rgba[rank[areas_shown]], **style),
            autolim=False)
    for r in np.unique(rank[shown]):  # one marker stamped many times per status (fast in Agg)
        these = shown[rank[shown] == r]
        ax.plot(obs.lon[these], obs.lat[these], "o", ls="", ms=6, mfc=palette[r], mec="#111",
                mew=0.7, zorder=7)


def last_day(result: Result) -> str:
    """The day a static map shows by default: the last report's, else today (ISO)."""
    times = result.observations.time
    known = times[~np.isnat(times)] if len(times) else times
    return str(known.max()) if len(known) else date.today().isoformat()


def static_map_png(result: Result, pack: Pack, *, agreements: Sequence[str] | None = None,
                   bbox: BBox | None = None, day: str | None = None, title: str | None = None,
                   width_in: float = 7.5, dpi: int = 150, layers: Layers | None = None,
                   rows: VerdictRows | None = None) -> bytes:
    """The map of a result as PNG bytes (lon/lat plate carrée, aspect true at mid-latitude).

    It shows the state on `day` (ISO; default: the last report's day): reports up to that
    day, zones and lines in force on it.
    """
    from matplotlib.figure import Figure

    shown = select_agreements(result, pack, agreements)
    box = bbox or map_bbox(pack)
    day = day or last_day(result)
    west, south, east, north = box
    aspect = (north - south) / ((east - west) * math.cos(math.radians((south + north) / 2)))
    map_in = min(max(width_in * aspect, 3.0), 12.0)
    legend_in = 0.1 + 0.19 * math.ceil((len(shown) + 4) / 2)  # two columns under the map
    height_in = map_in + legend_in
    fig = Figure(figsize=(width_in, height_in))  # fixed margins: constrained layout is slow here
    fig.subplots_adjust(left=0.75 / width_in, right=1 - 0.15 / width_in,
                        bottom=(0.5 + legend_in) / height_in, top=1 - 0.35 / height_in)
    handles = draw_map(fig.add_subplot(), result, pack, agreements=shown, bbox=box, day=day,
                       title=title, layers=layers, rows=rows)
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=2,
               fontsize=7, frameon=False)
    return figure_png(fig, dpi=dpi)
