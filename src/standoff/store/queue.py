"""The outbox as a queue: lease the alerts that are due, then settle each one (delivered or retry).

A lease moves `next_attempt_at` past the time a delivery may take, inside a transaction, so a
second deliverer on the same store does not pick the same row; a process killed mid-delivery
leaves the row due again when its lease runs out (at least once).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from standoff.store.duck import _connect
from standoff.store.outbox import utcnow

__all__ = ["connect", "lease", "outbox_counts", "seen_keys", "settle"]


def connect(path: str | Path, *, create: bool = False) -> Any:
    """A DuckDB connection to the store at `path`, its schema checked and upgraded."""
    return _connect(path, create=create)


def lease(con: Any, *, limit: int = 100, lease_s: float = 60.0) -> list[dict[str, Any]]:
    """Up to `limit` undelivered alerts whose time has come, leased for `lease_s` seconds.

    Each is a dict: idempotency_key, url, body, attempts.
    """
    now = utcnow()
    con.execute("BEGIN TRANSACTION")
    try:
        rows = con.execute("""
            SELECT idempotency_key, url, body, attempts FROM outbox
            WHERE delivered_at IS NULL AND next_attempt_at <= ?
            ORDER BY next_attempt_at, created_at, idempotency_key LIMIT ?""", [now, limit]).fetchall()
        if rows:
            con.execute("UPDATE outbox SET next_attempt_at = ? WHERE idempotency_key IN (SELECT unnest(?))",
                        [now + dt.timedelta(seconds=lease_s), [r[0] for r in rows]])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    keys = ("idempotency_key", "url", "body", "attempts")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def settle(con: Any, outcomes: list[dict[str, Any]]) -> None:
    """Record delivery outcomes: dicts with idempotency_key, delivered (bool), error, retry_in_s.

    An outcome with attempted=False (not sent: its URL failed earlier in the pass) is put back
    for `retry_in_s` without counting an attempt.
    """
    now = utcnow()
    rows = [[int(o.get("attempted", True)), now if o["delivered"] else None,
             None if o["delivered"] else now + dt.timedelta(seconds=o.get("retry_in_s", 0.0)),
             o.get("error") or None, o["idempotency_key"]] for o in outcomes]
    if rows:
        con.execute("BEGIN TRANSACTION")
        try:
            con.executemany("""UPDATE outbox SET attempts = attempts + ?, delivered_at = ?,
                               next_attempt_at = coalesce(?, next_attempt_at), last_error = ?
                               WHERE idempotency_key = ?""", rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def outbox_counts(con: Any) -> dict[str, int]:
    """How many alerts are queued, delivered and waiting after a failure."""
    row = con.execute("""SELECT count(*), count(delivered_at),
        count(*) FILTER (WHERE delivered_at IS NULL AND attempts > 0) FROM outbox""").fetchone()
    return {"queued": int(row[0]), "delivered": int(row[1]), "failing": int(row[2])}


def seen_keys(path: str | Path, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Those of `keys` (kind, key) that the store's `seen` table holds (none if there is no store)."""
    if not keys or not Path(path).is_file():
        return set()
    con = connect(path)
    try:
        rows = con.execute("""SELECT kind, key FROM seen
                              SEMI JOIN (SELECT unnest(?) AS kind, unnest(?) AS key) USING (kind, key)""",
                           [[k for k, _ in keys], [v for _, v in keys]]).fetchall()
    finally:
        con.close()
    return {(str(k), str(v)) for k, v in rows}
