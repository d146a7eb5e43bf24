"""Store schema 2: the alerts outbox and the `seen` table of `standoff watch`.

Both are written inside an append's transaction (`append(..., webhooks=..., seen=...)`), so a
process killed mid-append leaves neither an alert without its verdict nor an item marked seen
without its observations. Delivery (signing, POSTing, backoff) is `standoff.alerts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

#: what schema 2 adds to schema 1 (the migration from 1 to 2 runs exactly this)
TABLES_V2 = """
CREATE TABLE IF NOT EXISTS outbox (idempotency_key VARCHAR PRIMARY KEY, url VARCHAR, run_id INTEGER,
    observation_id VARCHAR, agreement_id VARCHAR, clause_id VARCHAR, status VARCHAR, body VARCHAR,
    created_at TIMESTAMP, attempts INTEGER, next_attempt_at TIMESTAMP, delivered_at TIMESTAMP,
    last_error VARCHAR);
CREATE TABLE IF NOT EXISTS seen (kind VARCHAR, key VARCHAR, run_id INTEGER, seen_at TIMESTAMP,
    PRIMARY KEY (kind, key));
"""

#: statuses that raise an alert when a verdict is new or changed
ALERT_STATUSES = ("violation", "possible")

_BODY = """to_json({event_id: k.key, run_id: v.run_id, observation_id: v.observation_id,
    agreement_id: v.agreement_id, clause_id: v.clause_id, status: v.status, previous_status: b.prev,
    change: CASE WHEN b.prev_run IS NULL THEN 'new' ELSE 'changed' END, margin_m: v.margin_m,
    sentence: v.sentence, quote: o.quote, source: o.source, time: CAST(o.time AS VARCHAR), actor: o.actor})"""


def utcnow() -> dt.datetime:
    """Now in UTC, without a zone (as the store's TIMESTAMP columns hold it)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def migrate(con: Any, version: int) -> None:
    """Bring a store of schema `version` up to schema 2 (inside the caller's transaction)."""
    if version < 2:
        con.execute(TABLES_V2)


#: earlier verdicts of the run's (report, clause) pairs: the status each had last
_BEFORE = """SELECT c.observation_id, c.agreement_id, c.clause_id, arg_max(p.status, p.run_id) AS prev,
                   max(p.run_id) AS prev_run
            FROM cur c JOIN verdicts p USING (observation_id, agreement_id, clause_id)
            WHERE p.run_id < $run GROUP BY ALL"""
#: the same for a run whose reports are all new: no earlier verdict, and no scan of the table for one
_NOTHING_BEFORE = """SELECT observation_id, agreement_id, clause_id, NULL::VARCHAR AS prev,
                           NULL::INTEGER AS prev_run FROM cur WHERE false"""


def enqueue(con: Any, run_id: int, urls: Sequence[str], *, all_new: bool = False) -> int:
    """Queue one POST per URL for each violation or possible verdict that run `run_id` added.

    Idempotent: a row's key is the SHA-256 of run, observation, agreement, clause and URL.
    `all_new`: the caller knows no report of the run was stored before (`append_new`), so every
    alert is 'new' without reading the earlier verdicts. Returns how many rows were queued.
    """
    if not urls:
        return 0
    row = con.execute(f"""
        INSERT INTO outbox
        WITH cur AS (SELECT * FROM verdicts WHERE run_id = $run AND status IN {ALERT_STATUSES}),
        before AS ({_NOTHING_BEFORE if all_new else _BEFORE}),
        hooks AS (SELECT unnest($urls) AS url)
        SELECT k.key, k.url, v.run_id, v.observation_id, v.agreement_id, v.clause_id, v.status, {_BODY},
               $now, 0, $now, NULL, NULL
        FROM cur v LEFT JOIN before b USING (observation_id, agreement_id, clause_id)
        JOIN observations o USING (observation_id, revision)
        CROSS JOIN LATERAL (SELECT h.url, sha256(concat_ws(chr(31), v.run_id, v.observation_id,
                            v.agreement_id, v.clause_id, h.url)) AS key FROM hooks h) k
        ON CONFLICT DO NOTHING
    """, {"run": run_id, "urls": list(dict.fromkeys(urls)), "now": utcnow()}).fetchone()
    return int(row[0])


def mark_seen(con: Any, run_id: int, keys: Sequence[tuple[str, str]]) -> None:
    """Record items as seen (kind such as 'guid', 'url', 'sha256'; key) in run `run_id`."""
    if keys:
        now = utcnow()
        con.executemany("INSERT INTO seen VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        [[kind, key, run_id, now] for kind, key in dict.fromkeys(keys)])
