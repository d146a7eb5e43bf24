"""Small HTML pieces the report sections share. Every text goes through `h` (html.escape)."""

from __future__ import annotations

import base64
import html

from standoff.model import Agreement, Zone
from standoff.model.zone import RefZone

__all__ = ["LABEL", "badge", "describe", "h", "img", "km"]

LABEL = {"violation": "violation", "possible": "possible", "compliant": "compliant",
         "not_applicable": "not applicable"}


def h(value: object) -> str:
    """Text escaped for HTML (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def badge(status: str, text: str | None = None) -> str:
    """A coloured label for a verdict status (CSS class = status)."""
    return f'<span class="badge {h(status)}">{h(text or LABEL.get(status, status))}</span>'


def img(png: bytes, alt: str) -> str:
    """An inline PNG (data: URI)."""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{h(alt)}">'


def km(metres: float | None) -> str:
    """A signed distance for tables: '+12.3 km', '-250 m', 'n/a'."""
    if metres is None or metres != metres:
        return "n/a"
    return f"{metres / 1000:+.1f} km" if abs(metres) >= 1000 else f"{metres:+.0f} m"


def describe(zone: Zone, agreement: Agreement, depth: int = 0) -> str:
    """A zone in words, with the agreement's named zones spelled out."""
    if isinstance(zone, RefZone) and zone._target is not None and depth < 8:
        return f"{zone.ref}: {describe(zone.target, agreement, depth + 1)}"
    return zone.describe()
