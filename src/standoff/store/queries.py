"""Reads of one report from the store: its revisions and its verdicts, with their evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from standoff.store.duck import _connect


def observation(path: str | Path, observation_id: str) -> dict[str, Any]:
    """Every stored revision of one report and every verdict row on it (oldest first).

    Returns {"revisions": Arrow table, "verdicts": Arrow table}; the verdicts carry the clause
    wording (`clause_quote`, `clause_source`) and the feature versions used. Both tables are
    empty when the store never saw the id.
    """
    con = _connect(path, create=False)
    try:
        con.execute("BEGIN TRANSACTION")  # one snapshot for both reads
        revisions = con.execute("SELECT * EXCLUDE (content_hash) FROM observations WHERE observation_id = ? "
                                "ORDER BY revision", [observation_id]).arrow().read_all()
        verdicts = con.execute("""
            SELECT v.* EXCLUDE (verdict_hash), r.started_at,
                   row_number() OVER (PARTITION BY agreement_id, clause_id ORDER BY v.run_id DESC) = 1
                       AS current
            FROM verdicts v JOIN runs r USING (run_id) WHERE observation_id = ?
            ORDER BY v.run_id, agreement_id, clause_id""", [observation_id]).arrow().read_all()
        con.execute("COMMIT")
    finally:
        con.close()
    return {"revisions": revisions, "verdicts": verdicts}


def added_in_run(path: str | Path, run_id: int) -> dict[str, tuple[int, int, int]]:
    """What one run added, per report: (revisions, verdict rows, alerts queued)."""
    con = _connect(path, create=False)
    try:
        rows = con.execute("""
            SELECT observation_id, sum(o)::BIGINT, sum(v)::BIGINT, sum(a)::BIGINT FROM (
                SELECT observation_id, 1 AS o, 0 AS v, 0 AS a FROM observations WHERE run_id = $run
                UNION ALL SELECT observation_id, 0, 1, 0 FROM verdicts WHERE run_id = $run
                UNION ALL SELECT observation_id, 0, 0, 1 FROM outbox WHERE run_id = $run)
            GROUP BY observation_id""", {"run": run_id}).fetchall()
    finally:
        con.close()
    return {str(r[0]): (int(r[1]), int(r[2]), int(r[3])) for r in rows}
