"""Serialise read results: full JSON, observation CSV (what `standoff check` reads), places."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import yaml

from standoff.escape import csv_safe_cell
from standoff.model import COLUMNS
from standoff.read.records import PlaceMention, ReadResult

__all__ = ["agreement_yaml", "observations_csv", "places_json", "result_json"]


def result_json(result: ReadResult, *, include_text: bool = False) -> str:
    """The whole result as JSON; documents' raw and clean text only with `include_text`."""
    exclude: Any = None if include_text else {"documents": {"__all__": {"raw", "clean",
                                                                        "segments"}}}
    return result.model_dump_json(indent=2, exclude=exclude) + "\n"


def places_json(places: list[PlaceMention]) -> str:
    """Place mentions as a JSON list."""
    return json.dumps([p.model_dump(mode="json") for p in places], indent=2,
                      ensure_ascii=False) + "\n"


def observations_csv(result: ReadResult) -> str:
    """Observations as CSV with the columns `standoff check` reads.

    An area ("near the border") goes into `geometry` as WKT, with an empty radius: the table
    reader takes the area's centroid and enclosing radius, the values the reader computed.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe
    (`standoff.escape.csv_safe_cell`); `standoff check` removes it again when reading.
    """
    buf = io.StringIO()
    names = list(COLUMNS)
    writer = csv.DictWriter(buf, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for o in result.observations:
        row = o.model_dump(mode="json", include=set(names))
        if o.area:
            row["geometry"] = _wkt_polygon(o.area)
            row["radius_m"] = None
        writer.writerow({k: "" if row.get(k) is None else csv_safe_cell(row[k]) for k in names})
    return buf.getvalue()


def _wkt_polygon(ring: list[tuple[float, float]]) -> str:
    """A ring as WKT, every coordinate written in full (repr), so it reads back bit for bit."""
    return "POLYGON ((" + ", ".join(f"{x!r} {y!r}" for x, y in ring) + "))"


def agreement_yaml(agreement: dict[str, Any]) -> str:
    """A draft agreement dict as YAML, with a header saying where it came from."""
    head = ("# Draft agreement written by `standoff read --draft-agreement`.\n"
            "# Every clause quotes its source: check each one before relying on it.\n")
    return head + yaml.safe_dump(agreement, sort_keys=False, allow_unicode=True, width=100)
