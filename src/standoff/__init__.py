"""standoff: separation agreements as code.

    >>> import standoff
    >>> pack = standoff.load_pack("golan")
    >>> obs = standoff.read_observations("reports.csv", pack)
    >>> result = standoff.check(obs, pack, agreements=["israel-demand-60km"])
    >>> standoff.write_result(result, "verdicts.json")

Names are imported on first use, so `standoff --help` does not load numba, pyproj or spaCy.
"""

from __future__ import annotations

import importlib
import json
from typing import TYPE_CHECKING, Any, cast

from standoff.errors import StandoffError

if TYPE_CHECKING:  # pragma: no cover
    from standoff.engine import CheckResult, check
    from standoff.engine.compare import compare
    from standoff.engine.geojson import features_geojson, zones_geojson
    from standoff.ingest import read_observations
    from standoff.model import ObservationSet, Pack
    from standoff.packs import builtin_packs, load_agreement, load_pack, with_agreements
    from standoff.read import read as read_articles
    from standoff.report.verdicts import load_result, render, write_result
    from standoff.scale.cluster import check_dask
    from standoff.scale.stream import check_stream

__version__ = "0.1.0"

_LAZY = {
    "CheckResult": "standoff.engine", "check": "standoff.engine",
    "compare": "standoff.engine.compare",
    "features_geojson": "standoff.engine.geojson", "zones_geojson": "standoff.engine.geojson",
    "read_observations": "standoff.ingest",
    "ObservationSet": "standoff.model", "Pack": "standoff.model",
    "builtin_packs": "standoff.packs", "load_agreement": "standoff.packs", "load_pack": "standoff.packs",
    "with_agreements": "standoff.packs", "read_articles": "standoff.read:read",
    "load_result": "standoff.report.verdicts", "render": "standoff.report.verdicts",
    "write_result": "standoff.report.verdicts",
    "check_stream": "standoff.scale.stream", "check_dask": "standoff.scale.cluster",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, _, attr = _LAZY[name].partition(":")
        value = getattr(importlib.import_module(module), attr or name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'standoff' has no attribute '{name}'")


def schema(kind: str) -> dict[str, Any]:
    """JSON Schema of a pack file (pack, features, actors, places, agreement), an observation or a
    verdict, for editors and validators."""
    from pydantic import TypeAdapter

    from standoff.model import Actor, Agreement, Feature, Observation, Pack, Place, Unit, Verdict

    schemas: dict[str, Any] = {
        "agreement": Agreement, "observation": Observation, "verdict": Verdict,
        "pack": _pack_file_schema(Pack), "features": TypeAdapter(list[Feature]),
        "actors": TypeAdapter(list[Actor]), "places": TypeAdapter(list[Place]),
        "units": TypeAdapter(list[Unit]),
    }
    if kind not in schemas:
        raise StandoffError(f"no schema '{kind}': choose one of {', '.join(schemas)}")
    model = schemas[kind]
    if isinstance(model, dict):
        out = model
    elif hasattr(model, "json_schema"):
        out = model.json_schema(by_alias=True)
    else:
        out = model.model_json_schema(by_alias=True)
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return cast(dict[str, Any], json.loads(json.dumps(out)))


def _pack_file_schema(pack: Any) -> dict[str, Any]:
    """pack.yaml's schema: the Pack fields an author writes (the loader fills in the rest)."""
    full = pack.model_json_schema()
    written = ("id", "title", "theatre", "description", "line_aliases", "distance_from")
    props = {k: v for k, v in full["properties"].items() if k in written}
    props["examples"] = {"type": "array", "items": {"type": "string"},
                         "description": "Example observation files, relative to the pack folder."}
    return {"title": "pack.yaml", "type": "object", "properties": props,
            "required": ["id", "title", "theatre"], "additionalProperties": False}


__all__ = [
    "CheckResult", "ObservationSet", "Pack", "StandoffError", "builtin_packs", "check", "check_dask",
    "check_stream", "compare",
    "features_geojson", "load_agreement", "load_pack", "load_result", "read_articles", "read_observations",
    "render", "schema", "with_agreements", "write_result", "zones_geojson",
]
