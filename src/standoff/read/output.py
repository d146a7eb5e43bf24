"""Serialise read results: full JSON, observation CSV (what `standoff check` reads), places, drafts.

`write_read` and `write_draft` are what `standoff read -o` and `--draft-agreement` call.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import yaml

from standoff.errors import StandoffError
from standoff.escape import csv_safe_cell
from standoff.files import write_atomic
from standoff.model import COLUMNS, Pack
from standoff.read.draft import draft_agreement
from standoff.read.records import PlaceMention, ReadResult

__all__ = ["agreement_yaml", "observations_csv", "places_json", "render_read", "result_json",
           "write_agreement", "write_draft", "write_read"]


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


def render_read(result: ReadResult, fmt: str = "json", *, places: bool = False) -> str:
    """The result as "json" (everything) or "csv" (observations); with `places`, the place mentions."""
    if places:
        return places_json(result.places)
    if fmt == "csv":
        return observations_csv(result)
    if fmt == "json":
        return result_json(result)
    raise StandoffError(f"unknown format '{fmt}': use json or csv (observations)")


def write_read(result: ReadResult, path: str | Path, *, places: bool = False) -> Path:
    """Write the result to .json (everything, or the place mentions) or .csv (observations)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if places and fmt != "json" or fmt not in ("json", "csv"):
        wanted = ".json" if places else ".json or .csv (observations)"
        raise StandoffError(f"cannot write '{path.name}': use {wanted}")
    return write_atomic(path, render_read(result, fmt, places=places))


def write_draft(result: ReadResult, pack: Pack, path: str | Path) -> int:
    """Write the draft agreement of a read result as YAML; the number of clauses written.

    With no clause to draft nothing is written and 0 is returned.
    """
    agreement = draft_agreement(result, pack)
    if agreement["clauses"]:
        write_agreement(agreement, pack, path)
    return len(agreement["clauses"])


def write_agreement(agreement: dict[str, Any], pack: Pack, path: str | Path) -> Path:
    """Write an agreement dict as YAML, loaded as an agreement of `pack` before it replaces `path`.

    An invalid agreement raises the loader's error (naming `path`) and leaves `path` as it was.
    """
    from standoff.packs import load_agreement

    path = Path(path)
    text = agreement_yaml(agreement)
    with tempfile.TemporaryDirectory(prefix="standoff-draft-") as tmp:
        trial = Path(tmp) / path.name
        trial.write_text(text, encoding="utf-8")
        try:
            load_agreement(trial, pack)
        except StandoffError as exc:
            raise type(exc)(exc.message, file=str(path), line=exc.line, col=exc.col,
                            field=exc.field) from None
    return write_atomic(path, text)
