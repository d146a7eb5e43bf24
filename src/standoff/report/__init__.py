"""Reports: verdict files, the interactive HTML map, the HTML/PDF report and static figures.

`build_map`, `build_report` and `static_map_png` are imported on first use, so that
`import standoff` does not pay for matplotlib or the basemap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_map", "build_report", "static_map_png", "write_atomic"]

_LAZY = {
    "build_map": "standoff.report.map",
    "build_report": "standoff.report.report",
    "static_map_png": "standoff.report.staticmap",
    "write_atomic": "standoff.files",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'standoff.report' has no attribute '{name}'")
