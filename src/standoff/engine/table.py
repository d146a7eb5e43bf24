"""The verdict set as Arrow record batches, one row per verdict, and back.

`ROW_SCHEMA` is the row layout every verdict file shares (CSV columns, JSON keys, GeoJSON
properties, GeoParquet columns): the observation's columns, the verdict's columns and its
sentence. A result read back from any of them is the same `CheckResult` a check returns.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from standoff.engine.result import REASONS, CheckResult
from standoff.errors import StandoffError
from standoff.model import STATUSES, Clause, LimitResult, ObservationSet, Pack

FORMAT_VERSION = 2
_F, _S, _D = pa.float64(), pa.string(), pa.date32()
OBSERVATION_FIELDS = [("observation_id", _S), ("time", _D), ("time_end", _D), ("actor", _S), ("lon", _F),
                      ("lat", _F), ("radius_m", _F), ("count", _F), ("unit", _S), ("activity", _S)]
VERDICT_FIELDS = [("agreement_id", _S), ("clause_id", _S), ("status", _S), ("reason", _S),
                  ("margin_m", _F), ("margin_exact", pa.bool_()), ("tolerance_m", _F), ("nearest_lon", _F),
                  ("nearest_lat", _F), ("distance_m", _F), ("feature_versions", _S), ("decided_by", _S),
                  ("lower", _F), ("upper", _F), ("window_end", _D), ("sentence", _S)]
SPAN = pa.list_(pa.int64())
TEXT_FIELDS = [("quote", _S), ("span", SPAN), ("context", _S), ("source", _S), ("attribution", _S),
               ("confidence", _F), ("clause_quote", _S), ("clause_source", _S)]
ROW_SCHEMA = pa.schema(OBSERVATION_FIELDS + VERDICT_FIELDS + TEXT_FIELDS)
BATCH_ROWS = 1 << 16


def _floats(values: np.ndarray) -> pa.Array:
    return pa.array(values, _F, mask=np.isnan(values))


def _days(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype("datetime64[D]"), _D, mask=np.isnat(values))


_KEPT_TYPES = (pa.types.is_string, pa.types.is_integer, pa.types.is_floating, pa.types.is_boolean,
               pa.types.is_date32)


def _as_text(values: list[Any]) -> pa.Array:
    """Values of any kind as strings (lists and objects as JSON); None stays null."""
    import json

    return pa.array([None if v is None else v if isinstance(v, str) else
                     json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, dict | list)
                     else str(v) for v in values], _S)


def extra_array(values: Any) -> pa.Array:
    """One extra column as Arrow: text, integers, floats, booleans and dates keep their type;
    anything else (timestamps, lists, mixed kinds) becomes text."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not isinstance(values, pa.Array):
        items = list(values)
        try:
            values = pa.array(items, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            return _as_text(items)
    if pa.types.is_large_string(values.type) or pa.types.is_dictionary(values.type):
        values = values.cast(_S)
    if pa.types.is_integer(values.type):
        values = values.cast(pa.int64())
    if pa.types.is_floating(values.type):
        values = values.cast(_F)
    if not any(kept(values.type) for kept in _KEPT_TYPES):
        return _as_text(values.to_pylist())
    return values


def extra_names(result: CheckResult) -> dict[str, str]:
    """The observations' extra columns -> their names in verdict files (`input_` before a name
    the files already use, such as `status`)."""
    taken = {*ROW_SCHEMA.names, *OBSERVATION_KEYS.values(), "geometry", "area"}
    out = {}
    for name in result.observations.extra:
        new = name
        while new in taken:
            new = f"input_{new}"
        taken.add(new)
        out[name] = new
    return out


def row_schema(result: CheckResult) -> pa.Schema:
    """ROW_SCHEMA followed by the observations' extra columns."""
    cols = ArrowColumns(result, extra=True).extra
    return pa.schema([*ROW_SCHEMA, *(pa.field(name, arr.type) for name, arr in cols.items())])


def _exact(result: CheckResult, rows: np.ndarray) -> pa.Array:
    """Whether each row's margin was computed (True) or interpolated in a grid cell; null: no margin."""
    exact = np.ones(len(rows), bool) if result.margin_exact is None else result.margin_exact[rows]
    return pa.array(exact, pa.bool_(), mask=np.isnan(result.margin_m[rows]))


class ArrowColumns:
    """A result's observation and clause columns as Arrow arrays, made once and taken per batch."""

    def __init__(self, result: CheckResult, *, extra: bool = False) -> None:
        self.result = result
        self.schema = ROW_SCHEMA
        if extra and result.observations.extra:
            self.schema = pa.schema([*ROW_SCHEMA, *(pa.field(k, v.type) for k, v in self.extra.items())])

    @cached_property
    def extra(self) -> dict[str, pa.Array]:
        """The observations' extra columns, under their names in verdict files."""
        o = self.result.observations
        return {new: extra_array(o.extra[name]) for name, new in extra_names(self.result).items()}

    @cached_property
    def obs(self) -> dict[str, pa.Array]:
        o = self.result.observations
        text = {k: pa.array(getattr(o, k), _S, from_pandas=True)
                for k in ("id", "actor", "unit", "quote", "source", "attribution")}
        text["activity"] = pa.array(o.activities(), _S, from_pandas=True)
        n = len(o)
        text["context"] = pa.array(o.context, _S) if len(o.context) == n else pa.array([""] * n, _S)
        span = (pa.array([list(s) if s else None for s in o.span], SPAN) if len(o.span) == n
                else pa.nulls(n, SPAN))
        return {"observation_id": text["id"], "time": _days(o.time), "time_end": _days(o.time_end),
                "actor": text["actor"], "lon": _floats(o.lon), "lat": _floats(o.lat),
                "radius_m": _floats(o.radius_m), "count": _floats(o.count), "unit": text["unit"],
                "activity": text["activity"], "span": span, "context": text["context"],
                "quote": text["quote"], "source": text["source"], "attribution": text["attribution"],
                "confidence": _floats(o.confidence), **(self.extra if self.schema is not ROW_SCHEMA else {})}

    @cached_property
    def coded_obs(self) -> dict[str, pa.DictionaryArray]:
        """The observations' text columns with few distinct values (actor, unit, empty quotes...),
        dictionary-encoded once for the text writers."""
        out = {}
        for name in ("actor", "unit", "activity", "context", "quote", "source", "attribution"):
            coded = pc.dictionary_encode(self.obs[name])
            if len(coded.dictionary) <= len(coded) // 4:
                out[name] = coded
        return out

    @cached_property
    def clause(self) -> dict[str, pa.Array]:
        r = self.result
        return {"agreement_id": pa.array([a for a, _ in r.clauses], _S),
                "clause_id": pa.array([c.id for _, c in r.clauses], _S),
                "clause_quote": pa.array([c.quote for _, c in r.clauses], _S),
                "clause_source": pa.array(r.clause_sources, _S)}

    @cached_property
    def is_limit(self) -> np.ndarray:
        return np.array([c.kind == "limit" for _, c in self.result.clauses] + [False], bool)

    def batch(self, rows: np.ndarray, *, coded: bool = False, sentences: bool = True,
              skip: frozenset[str] = frozenset()) -> pa.RecordBatch:
        """Rows `rows` of the result in ROW_SCHEMA; `coded`: the columns of the clause, status,
        reason and feature versions as dictionaries (for the text writers, which escape each value
        once), in a schema of their own; not `sentences`: the sentence column left null (for a
        writer that builds them itself); `skip`: report columns left null (for a writer given
        their text)."""
        r = self.result

        def pick(values: pa.Array, index: np.ndarray) -> pa.Array:
            at = pa.array(index)
            return pa.DictionaryArray.from_arrays(at, values) if coded else values.take(at)

        i, k = pa.array(r.obs_index[rows]), r.clause_index[rows]
        labels = pa.array(r.labels, _S)
        counted = self.is_limit[r.clause_index[rows]] & (r.reason[rows] == 0)
        limit = {name: pa.array(getattr(r, name)[rows], _F, mask=~counted) for name in ("lower", "upper")}
        obs = {**self.obs, **self.coded_obs} if coded else self.obs
        cols: dict[str, pa.Array] = {
            **{name: pa.nulls(len(rows), arr.type) if name in skip else arr.take(i)
               for name, arr in obs.items()},
            **{name: pick(arr, k) for name, arr in self.clause.items()},
            "status": pick(pa.array(STATUSES, _S), r.status[rows]),
            "reason": pick(pa.array(REASONS, _S), r.reason[rows]),
            "margin_m": _floats(r.margin_m[rows]), "margin_exact": _exact(r, rows),
            "tolerance_m": _floats(r.tolerance_m[rows]),
            "nearest_lon": _floats(r.foot_lon[rows]), "nearest_lat": _floats(r.foot_lat[rows]),
            "distance_m": _floats(r.distance_m[rows]),
            "feature_versions": pick(labels, r.versions[rows]),
            "decided_by": pick(labels, r.decider[rows]), **limit,
            "window_end": pa.array(r.window_end[rows].astype("datetime64[D]"), _D, mask=~counted),
            "sentence": r.sentences(rows) if sentences else pa.nulls(len(rows), _S),
        }
        if coded:
            return pa.RecordBatch.from_pydict({f.name: cols[f.name] for f in self.schema})
        return pa.RecordBatch.from_arrays([cols[f.name] for f in self.schema], schema=self.schema)


def record_batches(result: CheckResult, rows: int = BATCH_ROWS, *, extra: bool = False
                   ) -> Iterator[pa.RecordBatch]:
    """The result's verdicts in ROW_SCHEMA (`extra`: then the observations' extra columns),
    `rows` at a time."""
    arrow = ArrowColumns(result, extra=extra)
    for start in range(0, len(result), rows):
        yield arrow.batch(np.arange(start, min(len(result), start + rows)))


def metadata(result: CheckResult) -> dict[str, Any]:
    """What a file needs besides its rows to be read back as the same result."""
    return metadata_of(result.pack_id, result.agreements, result.clauses, result.limits)


def metadata_of(pack_id: str, agreements: list[str], clauses: list[tuple[str, Clause]],
                limits: list[LimitResult]) -> dict[str, Any]:
    """`metadata` from its parts (for verdicts written without one CheckResult: `standoff.scale`)."""
    return {"standoff": FORMAT_VERSION, "pack": pack_id, "agreements": agreements,
            "clauses": [{"agreement": a, **c.model_dump(mode="json", exclude_none=True)} for a, c in clauses],
            "limits": [lim.model_dump(mode="json") for lim in limits]}


def _clauses(meta: dict[str, Any], table: pa.Table, pack: Pack | None) -> list[tuple[str, Clause]]:
    """The clauses of a file: the pack's where it has them, else the definitions the file holds."""
    defined = meta.get("clauses")
    if defined is None:  # a file without metadata (CSV, JSON Lines): the pack's clauses
        aids = pc.unique(table.column("agreement_id")).to_pylist() if len(table) else []
        defined = [{"agreement": a, "id": c.id} for a in aids
                   for c in (pack.agreements[a].clauses if pack and a in pack.agreements else [])]
        found = {(d["agreement"], d["id"]) for d in defined}
        pairs = pc.unique(pc.binary_join_element_wise(table.column("agreement_id"),
                                                      table.column("clause_id"), "\x00")).to_pylist()
        missing = [p for p in pairs if tuple(p.split("\x00")) not in found]
        if missing:
            aid, cid = missing[0].split("\x00")
            raise StandoffError(f"clause '{cid}' of agreement '{aid}' is not in the pack "
                                f"{pack.id if pack else '(none given)'}: give the pack the verdicts "
                                "were checked with")
    out = []
    for d in defined:
        d = dict(d)
        aid = d.pop("agreement")
        agreement = pack.agreements.get(aid) if pack else None
        clause = next((c for c in agreement.clauses if c.id == d["id"]), None) if agreement else None
        out.append((aid, clause or Clause.model_validate(d)))
    return out


def _column(table: pa.Table, name: str, default: Any, dtype: Any = None) -> np.ndarray:
    if name not in table.column_names:
        return np.full(len(table), default, dtype)
    col = table.column(name)
    if pa.types.is_date(col.type):
        return cast(np.ndarray, col.to_numpy(zero_copy_only=False).astype("datetime64[D]"))
    if pa.types.is_floating(col.type) or pa.types.is_integer(col.type):
        return cast(np.ndarray, pc.fill_null(col.cast(_F), default).to_numpy().astype(dtype or np.float64))
    return np.asarray(pc.fill_null(col.cast(_S), default).to_numpy(zero_copy_only=False), dtype=object)


def observations_from_rows(table: pa.Table, origin: str, areas: list[Any] | None = None) -> tuple[
        ObservationSet, np.ndarray]:
    """The observations of a row table (first row of each id) and each row's observation index."""
    ids = table.column("observation_id").combine_chunks() if len(table) else pa.array([], _S)
    unique = pc.unique(ids)
    index = pc.index_in(ids, value_set=unique).to_numpy(zero_copy_only=False).astype(np.int64)
    _, first = np.unique(index, return_index=True)
    head = table.take(pa.array(first))
    text = {k: _column(head, k, "") for k in ("actor", "unit", "quote", "source", "attribution", "activity")}
    spans = head.column("span").to_pylist() if "span" in head.column_names else []
    context = [str(c) for c in _column(head, "context", "")]
    extra = {c: head.column(c).combine_chunks() for c in head.column_names
             if c not in ROW_SCHEMA.names and c not in ("geometry", "area")}
    obs = ObservationSet(
        id=np.asarray(unique.to_numpy(zero_copy_only=False), dtype=object),
        lon=_column(head, "lon", np.nan), lat=_column(head, "lat", np.nan),
        radius_m=_column(head, "radius_m", 0.0), count=_column(head, "count", np.nan),
        time=_column(head, "time", np.datetime64("NaT"), "datetime64[D]"),
        time_end=_column(head, "time_end", np.datetime64("NaT"), "datetime64[D]"),
        confidence=_column(head, "confidence", 1.0),
        area=[areas[j] for j in first] if areas else [], origin=origin,
        span=[tuple(s) if s else None for s in spans] if any(spans) else [],
        context=context if any(context) else [], extra=extra, **text)
    return obs, index


def from_table(table: pa.Table, pack: Pack | None, meta: dict[str, Any], origin: str,
               observations: ObservationSet | None = None, areas: list[Any] | None = None) -> CheckResult:
    """A result from rows in ROW_SCHEMA (missing columns take their defaults) and the file's metadata."""
    if meta.get("standoff", 1) > FORMAT_VERSION:
        raise StandoffError(f"written by a newer standoff (format {meta['standoff']}; this one reads "
                            f"up to {FORMAT_VERSION}): upgrade standoff", file=origin)
    clauses = _clauses(meta, table, pack)
    key = {f"{a}\x00{c.id}": k for k, (a, c) in enumerate(clauses)}
    pairs = pc.binary_join_element_wise(table.column("agreement_id"), table.column("clause_id"), "\x00")
    clause_index = pc.index_in(pairs, value_set=pa.array(list(key), _S)).to_numpy(zero_copy_only=False)
    if observations is None:
        observations, obs_index = observations_from_rows(table, origin, areas)
    else:
        obs_index = pc.index_in(table.column("observation_id"), value_set=pa.array(
            observations.id, _S)).to_numpy(zero_copy_only=False)
        if np.isnan(obs_index.astype(np.float64)).any():
            raise StandoffError("a verdict names an observation the file does not list", file=origin)
    version_text = pc.fill_null(table.column("feature_versions"), "")
    decided = (pc.fill_null(table.column("decided_by"), "") if "decided_by" in table.column_names
               else version_text)
    labels = pc.unique(pa.chunked_array([pa.array([""], _S), *version_text.chunks, *decided.chunks],
                                        _S))

    def codes(values: pa.ChunkedArray) -> np.ndarray:
        found: np.ndarray = pc.index_in(values, value_set=labels).to_numpy(zero_copy_only=False)
        return found.astype(np.int32)

    def coded(name: str, names: tuple[str, ...], default: str) -> np.ndarray:
        col = pc.fill_null(table.column(name), default) if name in table.column_names else \
            pa.chunked_array([pa.array([default] * len(table), _S)])
        found: np.ndarray = pc.index_in(col, value_set=pa.array(names, _S)).to_numpy(zero_copy_only=False)
        return found.astype(np.int8)

    window = _column(table, "window_end", np.datetime64("NaT"), "datetime64[D]")
    result = CheckResult(
        observations=observations, pack=pack, pack_id=meta.get("pack", ""),
        agreements=list(meta.get("agreements") or dict.fromkeys(a for a, _ in clauses)),
        clauses=clauses, obs_index=obs_index.astype(np.int64), clause_index=clause_index.astype(np.int32),
        status=coded("status", STATUSES, "not_applicable"), reason=coded("reason", REASONS, ""),
        margin_m=_column(table, "margin_m", np.nan), tolerance_m=_column(table, "tolerance_m", 0.0),
        foot_lon=_column(table, "nearest_lon", np.nan), foot_lat=_column(table, "nearest_lat", np.nan),
        distance_m=_column(table, "distance_m", np.nan), labels=labels.to_pylist(),
        versions=codes(version_text), decider=codes(decided),
        lower=_column(table, "lower", 0.0), upper=_column(table, "upper", 0.0),
        window_end=np.where(np.isnat(window), 0, window.astype(np.int64)),
        sentence_override=table.column("sentence").combine_chunks() if len(table) else pa.array([], _S),
        margin_exact=(pc.fill_null(table.column("margin_exact"), True).to_numpy(zero_copy_only=False)
                      .astype(bool) if "margin_exact" in table.column_names else None),
    )
    if "limits" in meta:
        result.limits = [LimitResult.model_validate(x) for x in meta["limits"]]
    else:
        from standoff.engine.summaries import limit_results

        result.limits = limit_results(result)
    return result


OBSERVATION_KEYS = {"observation_id": "id", **{k: k for k in (
    "time", "time_end", "actor", "lon", "lat", "radius_m", "count", "unit", "activity", "source", "quote",
    "span", "context", "attribution", "confidence")}}


def observation_table(result: CheckResult, *, extra: bool = False) -> pa.Table:
    """The result's observations as a table keyed as Observation records (id, time, ...);
    `extra`: then their extra columns."""
    arrow = ArrowColumns(result, extra=extra)
    cols = arrow.obs
    more = arrow.extra if extra else {}
    return pa.table({**{key: cols[name] for name, key in OBSERVATION_KEYS.items()}, **more})


def observations_from_table(table: pa.Table, areas: list[Any], origin: str) -> ObservationSet:
    """An ObservationSet from a table keyed as Observation records."""
    renamed = table.rename_columns([next((n for n, k in OBSERVATION_KEYS.items() if k == c), c)
                                    for c in table.column_names])
    for name in ("time", "time_end"):
        if name in renamed.column_names:
            j = renamed.column_names.index(name)
            renamed = renamed.set_column(j, name, renamed.column(name).cast(pa.string()).cast(_D))
    obs, _ = observations_from_rows(renamed, origin, areas)
    return obs
