"""The DuckDB store: one file, four tables, every append one transaction.

An observation is kept once per distinct content: re-sending an id with the same content adds
nothing, changed content adds a revision. A verdict row is kept when it is new or differs
from the last one stored for its observation, agreement and clause. A run is kept for every
append. A process killed during an append leaves the store as it was before that run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path
from typing import Any

import pyarrow as pa

from standoff.engine.result import CheckResult
from standoff.engine.table import ROW_SCHEMA, from_table
from standoff.errors import StandoffError
from standoff.model import Pack
from standoff.store import outbox

#: 2: the alerts outbox and watch's seen table (store/outbox.py); 3: verdict rows are compared
#: column by column, `verdict_hash` is no longer written (a schema-2 writer would see every
#: row as changed, so it must refuse the file)
SCHEMA_VERSION = 3
OBSERVATION_COLUMNS = ["time", "time_end", "actor", "lon", "lat", "radius_m", "count", "unit", "activity",
                       "source", "quote", "attribution", "confidence"]
VERDICT_COLUMNS = ["agreement_id", "clause_id", "status", "reason", "margin_m", "tolerance_m", "nearest_lon",
                   "nearest_lat", "distance_m", "feature_versions", "decided_by", "lower", "upper",
                   "window_end", "sentence", "clause_quote", "clause_source"]
_SQL_TYPES = {pa.string(): "VARCHAR", pa.float64(): "DOUBLE", pa.date32(): "DATE"}


def _columns(names: list[str]) -> str:
    return ", ".join(f"{n} {_SQL_TYPES[ROW_SCHEMA.field(n).type]}" for n in names)


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY, started_at TIMESTAMP, command VARCHAR,
    pack_id VARCHAR, pack_hash VARCHAR, agreements VARCHAR[], observations BIGINT,
    observations_added BIGINT, verdicts BIGINT, verdicts_added BIGINT, standoff_version VARCHAR);
CREATE TABLE IF NOT EXISTS observations (observation_id VARCHAR, revision INTEGER, run_id INTEGER,
    content_hash VARCHAR, {_columns(OBSERVATION_COLUMNS)});
CREATE TABLE IF NOT EXISTS verdicts (run_id INTEGER, observation_id VARCHAR, revision INTEGER,
    {_columns(VERDICT_COLUMNS)}, verdict_hash VARCHAR);
{outbox.TABLES_V2}"""


def _open(path: Path) -> Any:
    import duckdb

    for wait_s in (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, None):
        try:
            return duckdb.connect(str(path))
        except duckdb.Error as exc:
            # another thread closing the last connection (alerts deliver from a thread), or another
            # process's short write: wait a little; anything else is not a store
            if wait_s is None or not any(w in str(exc) for w in ("Unique file handle conflict", "set lock")):
                raise StandoffError(f"not a standoff store: {exc}", file=str(path)) from None
            time.sleep(wait_s)
    raise AssertionError("unreachable")


def _version(con: Any) -> int | None:
    """The store's schema version; None when it has no meta table."""
    import duckdb

    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        return None
    return int(row[0]) if row else 0


def _connect(path: str | Path, *, create: bool) -> Any:
    """A connection to the store at `path`, its schema checked (and an older one upgraded)."""
    path = Path(path)
    if not create and not path.is_file():
        raise StandoffError("no such store", file=str(path))
    con = _open(path)
    version = _version(con)
    if version is None:  # no meta table: an empty file, another one, or the first append is making it
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        version = _version(con) if "meta" in tables else None
    if version is None:
        if tables or not create:
            con.close()
            raise StandoffError("not a standoff store: it has other tables" if tables else
                                "an empty store: no run was appended yet", file=str(path))
        con.execute("BEGIN")
        con.execute(SCHEMA)
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    elif version > SCHEMA_VERSION:
        con.close()
        raise StandoffError(f"written by a newer standoff (store schema {version}; this one reads up to "
                            f"{SCHEMA_VERSION}): upgrade standoff to use it", file=str(path))
    elif version < SCHEMA_VERSION:  # an older store is upgraded in place, in one transaction
        con.execute("BEGIN")
        outbox.migrate(con, version)  # 1 -> 2; 2 -> 3 changes no table (verdict_hash is left NULL)
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    return con


def pack_hash(pack: Pack | None) -> str:
    """A content hash of the pack as loaded (features, actors, places, agreements)."""
    if pack is None:
        return ""
    return hashlib.sha256(pack.model_dump_json().encode()).hexdigest()[:16]


def _hash(columns: list[str], alias: str = "") -> str:
    parts = ", ".join(f"coalesce(CAST({alias}{c} AS VARCHAR), '\\N')" for c in columns)
    return f"md5(concat_ws(chr(31), {parts}))"


def _since(con: Any, since: str | int | dt.date | None) -> int:
    """The last run before the ones asked for: a run id, a date (runs on or after it), or the latest."""
    if since is None:
        return int(con.execute("SELECT coalesce(max(run_id), 1) - 1 FROM runs").fetchone()[0])
    if isinstance(since, int) or (isinstance(since, str) and since.isdigit()):
        return int(since)
    day = since if isinstance(since, dt.date) else None
    if day is None:
        try:
            day = dt.date.fromisoformat(str(since))
        except ValueError:
            raise StandoffError(f"--since: '{since}' is neither a run id nor a date such as "
                                "2018-07-23") from None
    row = con.execute("SELECT min(run_id) FROM runs WHERE started_at >= ?", [day]).fetchone()
    return int(row[0]) - 1 if row[0] is not None else int(con.execute(
        "SELECT coalesce(max(run_id), 0) FROM runs").fetchone()[0])


def history(path: str | Path, *, since: str | int | dt.date | None = None, agreement: str | None = None,
            status: str | None = None) -> pa.Table:
    """Verdicts new or changed in the runs after `since` (a run id or a date; default: the last run).

    Each row has the verdict, the run that added it, `change` (new or changed) and the status
    it had before (`previous_status`).
    """
    con = _connect(path, create=False)
    try:
        after = _since(con, since)
        where, args = ["v.run_id > ?"], list[object]([after])
        if agreement:
            where.append("v.agreement_id = ?")
            args.append(agreement)
        if status:
            where.append("v.status = ?")
            args.append(status)
        return con.execute(f"""
            WITH ordered AS (
                SELECT *, lag(status) OVER w AS previous_status, lag(run_id) OVER w AS previous_run
                FROM verdicts
                WINDOW w AS (PARTITION BY observation_id, agreement_id, clause_id ORDER BY run_id))
            SELECT v.run_id, r.started_at, v.observation_id, v.revision, v.agreement_id, v.clause_id,
                   CASE WHEN v.previous_run IS NULL THEN 'new' ELSE 'changed' END AS change,
                   v.previous_status, v.status, v.margin_m, v.feature_versions, v.sentence
            FROM ordered v JOIN runs r USING (run_id)
            WHERE {' AND '.join(where)}
            ORDER BY v.run_id, v.agreement_id, v.clause_id, v.observation_id
        """, args).arrow().read_all()
    finally:
        con.close()


def info(path: str | Path) -> dict[str, Any]:
    """Schema version, counts (observations, revisions, verdict rows, alerts and alerts waiting) and runs."""
    con = _connect(path, create=False)
    try:
        counts = con.execute("""SELECT (SELECT count(DISTINCT observation_id) FROM observations),
            (SELECT count(*) FROM observations), (SELECT count(*) FROM verdicts),
            (SELECT count(*) FROM outbox),
            (SELECT count(*) FROM outbox WHERE delivered_at IS NULL)""").fetchone()
        runs = con.execute("""SELECT run_id, started_at, command, pack_id, pack_hash, agreements,
            observations, observations_added, verdicts, verdicts_added FROM runs ORDER BY run_id"""
                           ).fetchall()
        keys = ("run_id", "started_at", "command", "pack_id", "pack_hash", "agreements", "observations",
                "observations_added", "verdicts", "verdicts_added")
        return {"schema_version": SCHEMA_VERSION, "observations": counts[0], "revisions": counts[1],
                "verdicts": counts[2], "alerts": counts[3], "alerts_waiting": counts[4],
                "runs": [dict(zip(keys, r, strict=True)) for r in runs]}
    finally:
        con.close()


def load(path: str | Path, pack: Pack | None = None, *, agreements: list[str] | None = None) -> CheckResult:
    """The latest verdict of every observation, agreement and clause in the store, as a CheckResult."""
    con = _connect(path, create=False)
    try:
        where = "" if not agreements else "WHERE agreement_id IN (SELECT unnest(?))"
        table = con.execute(f"""
            WITH latest AS (
                SELECT * FROM verdicts {where}
                QUALIFY row_number() OVER (PARTITION BY observation_id, agreement_id, clause_id
                                           ORDER BY run_id DESC) = 1)
            SELECT l.observation_id, {', '.join('o.' + c for c in OBSERVATION_COLUMNS)},
                   {', '.join('l.' + c for c in VERDICT_COLUMNS)}
            FROM latest l JOIN observations o USING (observation_id, revision)
            ORDER BY l.agreement_id, l.clause_id, l.observation_id
        """, [agreements] if agreements else []).arrow().read_all()
        meta = con.execute("SELECT pack_id, agreements FROM runs ORDER BY run_id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    aids = list(dict.fromkeys(table.column("agreement_id").to_pylist())) if len(table) else []
    return from_table(table, pack, {"pack": meta[0] if meta else "", "agreements": aids}, str(path))
