"""Observation tables that arrive in memory (an HTTP body): CSV text or a list of JSON records.

The same checks and the same error wording as `read_observations` on a file: `name` stands
in for the file name in messages ("request.csv:3: field 'lat': 95 is outside [-90, 90]").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from standoff.errors import ObservationError, decode_utf8, message
from standoff.ingest import strict
from standoff.ingest.tabular import _build, _extra_columns, _read_csv_rows, _Table
from standoff.model import ObservationSet, Pack

_SCALARS = (str, int, float, bool, type(None))


def observations_from_csv(data: bytes | str, pack: Pack | None = None, *, name: str = "request.csv"
                          ) -> ObservationSet:
    """Observations from CSV text (bytes must be UTF-8), as `read_observations` reads a .csv file."""
    text = decode_utf8(data, ObservationError, name, "CSV") if isinstance(data, bytes) else data
    path = Path(name)
    header, records, starts = strict.csv_records(path, text)
    return _build(_read_csv_rows(path, header, records, starts), None, pack)


def observations_from_records(records: Any, pack: Pack | None = None, *, name: str = "request.json"
                              ) -> ObservationSet:
    """Observations from a list of JSON objects with the CSV's columns (see `model.COLUMNS`).

    Values are text, numbers or null; `row N` in a message counts from 1. Other keys are kept
    as extra columns, as a CSV file's other columns are.
    """
    if not isinstance(records, list):
        raise ObservationError(f"expected a JSON list of observations, got {strict.kind_of(records)}",
                               file=name)
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            raise ObservationError(message("not-an-object", kind=strict.kind_of(record)), file=name,
                                   row=i + 1, code="not-an-object")
        for key, value in record.items():
            if not isinstance(value, _SCALARS):
                raise ObservationError(f"field '{key}': expected text, a number or null, got "
                                       f"{strict.kind_of(value)}", file=name, row=i + 1, field=key)
    rows = [{k: v for k, v in r.items() if v is not None} for r in records]
    table = _Table(Path(name), rows, [(None, i + 1) for i in range(len(rows))])
    table.extra = _extra_columns(Path(name), list(dict.fromkeys(k for r in records for k in r)))
    return _build(table, None, pack)
