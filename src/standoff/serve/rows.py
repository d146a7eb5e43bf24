"""Arrow tables and check results as JSON-ready rows (dates as ISO text, NaN as null)."""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from standoff.engine.result import CheckResult
from standoff.engine.table import ROW_SCHEMA, record_batches

#: the columns of a verdict a POST returns (the store and GET /observations/{id} keep them all)
BRIEF = ["observation_id", "agreement_id", "clause_id", "status", "margin_m", "tolerance_m",
         "feature_versions", "sentence"]


def _plain(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    if pa.types.is_floating(column.type):
        return pc.if_else(pc.is_nan(column), pa.scalar(None, column.type), column)
    if pa.types.is_temporal(column.type):
        return pc.cast(column, pa.string())
    return column


def json_rows(table: pa.Table) -> list[dict[str, Any]]:
    """The rows of `table` as dicts that json.dumps takes (no NaN, no dates)."""
    if table.num_rows == 0:
        return []
    rows: list[dict[str, Any]] = pa.table([_plain(c) for c in table.columns],
                                          names=table.column_names).to_pylist()
    return rows


def result_table(result: CheckResult, columns: list[str] | None = None) -> pa.Table:
    """A check result's verdict rows as one Arrow table (all columns, or `columns`)."""
    table = pa.Table.from_batches(list(record_batches(result)), schema=ROW_SCHEMA)
    return table.select(columns) if columns else table


def dumps(data: Any) -> bytes:
    """Compact JSON bytes (UTF-8)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
