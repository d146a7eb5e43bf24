"""standoff: separation agreements as code.

    >>> import standoff
    >>> pack = standoff.load_pack("golan")
    >>> obs = standoff.read_observations("reports.csv", pack)
    >>> result = standoff.check(obs, pack, agreements=["israel-demand-60km"])
    >>> standoff.write_result(result, "verdicts.json")
"""

from __future__ import annotations

import json
from typing import Any

from standoff.engine import CheckResult, check
from standoff.engine.compare import compare
from standoff.errors import StandoffError
from standoff.geo.geojson import features_geojson, zones_geojson
from standoff.ingest import read_observations
from standoff.model import Agreement, Observation, ObservationSet, Pack, Verdict
from standoff.packs import builtin_packs, load_agreement, load_pack
from standoff.report.verdicts import load_result, render, write_result

__version__ = "0.1.0"

SCHEMAS = {"agreement": Agreement, "observation": Observation, "verdict": Verdict}


def schema(kind: str) -> dict[str, Any]:
    """JSON Schema of an agreement, observation or verdict, for editors and validators."""
    if kind not in SCHEMAS:
        raise StandoffError(f"no schema '{kind}': choose one of {', '.join(SCHEMAS)}")
    out = SCHEMAS[kind].model_json_schema(by_alias=True)
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.loads(json.dumps(out))


__all__ = [
    "CheckResult", "ObservationSet", "Pack", "StandoffError", "builtin_packs", "check", "compare",
    "features_geojson", "load_agreement", "load_pack", "load_result", "read_observations", "render",
    "schema", "write_result", "zones_geojson",
]
