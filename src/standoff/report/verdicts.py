"""Verdict files: JSON, GeoJSON and CSV out (atomically), and JSON back in."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from standoff.engine.result import CheckResult
from standoff.errors import StandoffError
from standoff.files import write_atomic
from standoff.model import STATUSES, Clause, LimitResult, Observation, ObservationSet, Pack, Verdict

FORMATS = ("json", "geojson", "csv")


def _payload(result: CheckResult) -> dict[str, Any]:
    return {
        "standoff": 1,
        "pack": result.pack_id,
        "agreements": result.agreements,
        "summary": result.summary(),
        "limits": [lim.model_dump(mode="json") for lim in result.limits],
        "observations": [o.model_dump(mode="json", exclude_none=True)
                         for o in result.observations.records()],
        "verdicts": [v.model_dump(mode="json") for v in result.verdicts],
    }


def render(result: CheckResult, fmt: str) -> str:
    """The result as text in one of FORMATS."""
    if fmt == "json":
        return json.dumps(_payload(result), ensure_ascii=False, indent=1)
    obs = {o.id: o for o in result.observations.records()}
    if fmt == "geojson":
        features = []
        for v in result.verdicts:
            o = obs[v.observation_id]
            props = {**v.model_dump(mode="json"), "actor": o.actor,
                     "time": o.time.isoformat() if o.time else None, "radius_m": o.radius_m}
            features.append({"type": "Feature", "properties": props,
                             "geometry": {"type": "Point", "coordinates": [o.lon, o.lat]}})
        return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    if fmt == "csv":
        buf = io.StringIO()
        fields = ["observation_id", "time", "actor", "lon", "lat", "radius_m", *Verdict.model_fields]
        writer = csv.DictWriter(buf, fieldnames=list(dict.fromkeys(fields)), lineterminator="\n")
        writer.writeheader()
        for v in result.verdicts:
            o = obs[v.observation_id]
            writer.writerow({**v.model_dump(mode="json"), "time": o.time or "", "actor": o.actor,
                             "lon": o.lon, "lat": o.lat, "radius_m": o.radius_m})
        return buf.getvalue()
    raise StandoffError(f"unknown output format '{fmt}': use one of {', '.join(FORMATS)}")


def write_result(result: CheckResult, path: str | Path) -> Path:
    """Write every verdict to .json, .geojson or .csv, chosen by the file's suffix."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise StandoffError(f"cannot write '{path.name}': the suffix must be .json, .geojson or .csv")
    return write_atomic(path, render(result, fmt))


def load_result(path: str | Path, pack: Pack | None = None) -> CheckResult:
    """Read back a verdicts JSON written by `standoff check -o verdicts.json`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        observations = [Observation.model_validate(o) for o in data["observations"]]
        verdicts = [Verdict.model_validate(v) for v in data["verdicts"]]
        limits = [LimitResult.model_validate(x) for x in data.get("limits", [])]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StandoffError(f"not a verdicts file written by standoff check: {exc}",
                            file=str(path)) from None
    obs = ObservationSet.from_records(observations, origin=str(path))
    index = {oid: i for i, oid in enumerate(obs.id)}
    clause_keys = list(dict.fromkeys((v.agreement_id, v.clause_id) for v in verdicts))
    clauses: list[tuple[str, Clause]] = []
    for aid, cid in clause_keys:
        agreement = pack.agreements.get(aid) if pack else None
        clause = next((c for c in agreement.clauses if c.id == cid), None) if agreement else None
        if clause is None:
            clause = Clause(id=cid, actor=["*"], kind="must_not_enter", zone={"ref": "unknown"},
                            quote=next(v.clause_quote for v in verdicts if v.clause_id == cid) or "?",
                            source="unknown")
        clauses.append((aid, clause))
    key_index = {k: i for i, k in enumerate(clause_keys)}

    labels = list(dict.fromkeys(["", *(v.feature_versions for v in verdicts)]))
    position = {name: i for i, name in enumerate(labels)}
    codes = np.array([position[v.feature_versions] for v in verdicts], np.int32)

    def col(values: list[Any], dtype: Any = np.float64) -> np.ndarray:
        return np.array([np.nan if v is None else v for v in values], dtype=dtype)

    result = CheckResult(
        observations=obs, pack=pack, pack_id=data.get("pack", ""),
        agreements=list(data.get("agreements", [])), clauses=clauses,
        obs_index=np.array([index[v.observation_id] for v in verdicts], dtype=np.int64),
        clause_index=np.array([key_index[(v.agreement_id, v.clause_id)] for v in verdicts], np.int32),
        status=np.array([STATUSES.index(v.status) for v in verdicts], np.int8),
        reason=np.zeros(len(verdicts), np.int8),
        margin_m=col([v.margin_m for v in verdicts]),
        tolerance_m=col([v.tolerance_m for v in verdicts]),
        foot_lon=col([v.nearest_lon for v in verdicts]),
        foot_lat=col([v.nearest_lat for v in verdicts]),
        distance_m=np.full(len(verdicts), np.nan),
        labels=labels,
        versions=codes,
        decider=codes,
        lower=np.full(len(verdicts), np.nan), upper=np.full(len(verdicts), np.nan),
        window_end=np.zeros(len(verdicts), np.int64), limits=limits,
        sentence_override=np.array([v.sentence for v in verdicts], dtype=object),
    )
    result.__dict__["verdicts"] = verdicts  # the records as written, not rebuilt
    return result
