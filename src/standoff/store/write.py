"""Appending a check to the store: one transaction of a few statements, no temporary tables.

The new-or-changed test joins the incoming rows with the last stored row of the same report
(observations: by content hash) or of the same report and clause (verdicts: column by column),
looked up only for the reports of the append. Verdict rows stream into DuckDB as Arrow record
batches, so a large append never holds all its rows at once.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from standoff.engine.result import CheckResult
from standoff.engine.table import ROW_SCHEMA, observation_table, record_batches
from standoff.store import outbox
from standoff.store.duck import OBSERVATION_COLUMNS, VERDICT_COLUMNS, _connect, _hash, pack_hash

_OBS_COLUMNS = ", ".join(f"i.{c}" for c in OBSERVATION_COLUMNS)
_VERDICT_COLUMNS = ", ".join(f"b.{c}" for c in VERDICT_COLUMNS)
_CHANGED = " OR ".join(f"b.{c} IS DISTINCT FROM l.{c}" for c in VERDICT_COLUMNS[2:])
_VERDICT_KEEP = ["observation_id", *VERDICT_COLUMNS]
_VERDICT_SCHEMA = pa.schema([ROW_SCHEMA.field(c) for c in _VERDICT_KEEP])

#: a large append spills to disk rather than growing the process (DuckDB's default is 80% of
#: RAM); 256 MB was too little to re-send 1M reports to a store that holds them (out of memory
#: in the incoming CTE); rows need not keep their order within a run (every reader sorts)
_SETTINGS = "SET memory_limit = '1GB'; SET preserve_insertion_order = false"

#: reports of the append, their last stored revision and its content hash
_ADD_OBSERVATIONS = f"""
INSERT INTO observations
WITH incoming AS MATERIALIZED (SELECT *, {_hash(OBSERVATION_COLUMNS)} AS content_hash FROM incoming_obs),
latest AS (
    SELECT observation_id, max(revision) AS revision, arg_max(content_hash, revision) AS h
    FROM observations SEMI JOIN incoming USING (observation_id) GROUP BY ALL)
SELECT i.observation_id, coalesce(l.revision, 0) + 1, $run, i.content_hash, {_OBS_COLUMNS}
FROM incoming i LEFT JOIN latest l USING (observation_id)
WHERE l.h IS DISTINCT FROM i.content_hash
"""

#: verdict rows new for their report and clause, or differing from the last one stored
_ADD_VERDICTS = f"""
INSERT INTO verdicts
WITH cur AS (
    SELECT observation_id, max(revision) AS revision
    FROM observations SEMI JOIN incoming_obs USING (observation_id) GROUP BY ALL),
last_run AS (
    SELECT observation_id, agreement_id, clause_id, max(run_id) AS run_id
    FROM verdicts SEMI JOIN incoming_obs USING (observation_id) GROUP BY ALL),
last AS (
    SELECT v.* FROM verdicts v JOIN last_run USING (observation_id, agreement_id, clause_id, run_id))
SELECT $run, b.observation_id, r.revision, {_VERDICT_COLUMNS}, NULL
FROM incoming_verdicts b JOIN cur r USING (observation_id)
LEFT JOIN last l USING (observation_id, agreement_id, clause_id)
WHERE l.run_id IS NULL OR {_CHANGED}
"""


#: every report of the append new to the store: revision 1, every verdict row kept
_NEW_OBSERVATIONS = f"""
INSERT INTO observations
SELECT observation_id, 1, $run, {_hash(OBSERVATION_COLUMNS)}, {', '.join(OBSERVATION_COLUMNS)}
FROM incoming_obs
"""
_NEW_VERDICTS = f"""
INSERT INTO verdicts SELECT $run, observation_id, 1, {', '.join(VERDICT_COLUMNS)}, NULL FROM incoming_verdicts
"""


def append(path: str | Path, result: CheckResult, *, command: str = "", webhooks: Sequence[str] = (),
           seen: Sequence[tuple[str, str]] = ()) -> dict[str, int]:
    """Append a check's observations, verdicts and run to the store at `path` (made if missing).

    In the same transaction, alerts for `webhooks` (one per URL and new or changed violation or
    possible verdict; `standoff.alerts` delivers them) and `seen` items of `standoff watch`.
    Returns the run id and how many observations, verdict rows and alerts were added.
    """
    return _append(path, result, command, webhooks, seen, new_only=False)


def append_new(path: str | Path, result: CheckResult, *, command: str = "",
               webhooks: Sequence[str] = ()) -> dict[str, int]:
    """`append` for a check none of whose report ids the store holds yet (the caller knows it,
    e.g. as the store's only writer): plain inserts, no lookup of stored rows. The store then
    holds exactly what `append` would have written."""
    return _append(path, result, command, webhooks, (), new_only=True)


def _append(path: str | Path, result: CheckResult, command: str, webhooks: Sequence[str],
            seen: Sequence[tuple[str, str]], *, new_only: bool) -> dict[str, int]:
    con = _connect(path, create=True)
    try:
        con.execute(_SETTINGS)
        con.execute("BEGIN TRANSACTION")
        run = int(con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0])
        added_obs, added = _add_rows(con, run, result, new_only)
        _add_run(con, run, result, command, added_obs, added)
        queued = outbox.enqueue(con, run, webhooks, all_new=new_only)
        outbox.mark_seen(con, run, seen)
        con.execute("COMMIT")
    except BaseException:
        con.close()  # the transaction was never committed: the store is as before
        raise
    con.close()
    return {"run_id": run, "observations_added": added_obs, "verdicts_added": added, "alerts_queued": queued}


def _add_rows(con: Any, run: int, result: CheckResult, new_only: bool = False) -> tuple[int, int]:
    """Insert the new or changed observations, then verdicts (every one if `new_only`); how many of each."""
    obs = observation_table(result)
    obs = obs.rename_columns(["observation_id" if c == "id" else c for c in obs.column_names])
    con.register("incoming_obs", obs.select(["observation_id", *OBSERVATION_COLUMNS]))
    batches = (batch.select(_VERDICT_KEEP) for batch in record_batches(result))
    con.register("incoming_verdicts", pa.RecordBatchReader.from_batches(_VERDICT_SCHEMA, batches))
    try:
        added_obs = int(con.execute(_NEW_OBSERVATIONS if new_only else _ADD_OBSERVATIONS, {"run": run}
                                    ).fetchone()[0])
        added = int(con.execute(_NEW_VERDICTS if new_only else _ADD_VERDICTS, {"run": run}).fetchone()[0])
    finally:
        con.unregister("incoming_verdicts")
        con.unregister("incoming_obs")
    return added_obs, added


def _add_run(con: Any, run: int, result: CheckResult, command: str, added_obs: int, added: int) -> None:
    version = getattr(sys.modules.get("standoff"), "__version__", "")
    con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        run, dt.datetime.now(dt.UTC).replace(tzinfo=None), command, result.pack_id, pack_hash(result.pack),
        list(result.agreements), len(result.observations), added_obs, len(result), added, version])
