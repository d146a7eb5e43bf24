"""`build_map`: one self-contained HTML page (Leaflet inlined) that works with no network.

The page's data is JSON inside `<script type="application/json">`, escaped so no text can
close the element; the page's script puts every string on screen through `textContent`. A
Content-Security-Policy allows only the page's own inline scripts (by hash), data: images and,
when the user switches them on, online tiles.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections.abc import Sequence
from typing import Any

from standoff.model import Pack
from standoff.report.basemap import BBox
from standoff.report.mapdata import ColourBy, Result, map_data
from standoff.report.vendor import asset_text, leaflet_css, leaflet_js

__all__ = ["TILE_HOST", "build_map", "render_map", "safe_json"]

#: The one host the page may contact, and only when the user turns on online tiles.
TILE_HOST = "https://tile.openstreetmap.org"

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}


def _finite(value: Any) -> Any:
    """NaN and infinities become None (JSON has no such numbers); containers are copied."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def safe_json(data: Any) -> str:
    """JSON that is safe inside an HTML <script> element: no `<`, `>`, `&`, U+2028/9.

    Non-finite floats become null.
    """
    text = json.dumps(_finite(data), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("standoff")
    except Exception:  # not installed as a distribution
        return "dev"


def render_map(data: dict[str, Any]) -> str:
    """The HTML page for map data built by `mapdata.map_data`."""
    scripts = [leaflet_js(), asset_text("measure.js"), asset_text("map.js")]
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_sha256(s) for s in scripts),
        "style-src 'unsafe-inline'",
        f"img-src data: {TILE_HOST}",
        "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    parts = {
        "CSP": csp,
        "VERSION": html.escape(_version()),
        "TITLE": html.escape(str(data.get("title", "standoff map"))),
        "LEAFLET_CSS": leaflet_css(),
        "MAP_CSS": asset_text("map.css"),
        "DATA": safe_json(data),
        "LEAFLET_JS": scripts[0],
        "MEASURE_JS": scripts[1],
        "MAP_JS": scripts[2],
    }
    # one pass, so text inside a part is never taken for a placeholder
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], asset_text("map.html"))


def build_map(result: Result, pack: Pack, *, agreements: Sequence[str] | None = None,
              title: str | None = None, bbox: BBox | None = None,
              colour_by: ColourBy = "agreement") -> str:
    """The interactive map of a check result as one self-contained HTML page (text).

    `agreements` selects the versions to draw (default: those the result was checked
    against); `colour_by="clause"` colours each clause's zones apart, with a legend. The page
    needs no network: Leaflet and the Natural Earth basemap are inlined.
    """
    return render_map(map_data(result, pack, agreements=agreements, title=title, bbox=bbox,
                               colour_by=colour_by))
