"""Verdicts as columns for reports and figures: counts and worst statuses without records.

A check result holds its verdicts as arrays; building a Verdict record (with its sentence)
for each of hundreds of thousands of rows is what made reports slow. Figures and tables
need only the observation, agreement, clause and status of each row, and sentences for the
few rows a table shows (`VerdictRows.verdict`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from standoff.engine.result import CheckResult
from standoff.model import STATUSES, Verdict
from standoff.model.codes import StatusCode

__all__ = ["VerdictRows", "verdict_rows"]

#: Severity (3 violation .. 0 not_applicable) of each status code, and the status of each severity.
STATUS_RANK = np.array([s.severity for s in StatusCode], dtype=np.int8)
RANK_STATUS = np.array([s.label for s in sorted(StatusCode, key=lambda s: s.severity)], dtype=object)


@dataclass(frozen=True)
class VerdictRows:
    """One entry per verdict row: observation position, agreement, clause, status index."""

    obs: np.ndarray  # int64 position in result.observations
    agreement: np.ndarray  # object: agreement id
    clause: np.ndarray  # object: clause id
    status: np.ndarray  # int8 index into STATUSES
    n_obs: int
    source: CheckResult  # for sentences and margins on demand

    def mask(self, agreements: Iterable[str]) -> np.ndarray:
        """Rows of these agreements."""
        return np.isin(self.agreement, list(agreements))

    def worst_rank(self, agreements: Iterable[str]) -> np.ndarray:
        """Per observation, the rank (3 violation .. 0 none) of its worst verdict under `agreements`."""
        keep = self.mask(agreements) & (self.obs >= 0)
        out = np.zeros(self.n_obs, dtype=np.int8)
        np.maximum.at(out, self.obs[keep], STATUS_RANK[self.status[keep]])
        return out

    def clause_counts(self, agreement_id: str) -> dict[str, Counter[str]]:
        """Per clause of one agreement: how many verdicts of each status."""
        keep = self.agreement == agreement_id
        ids, which = np.unique(self.clause[keep].astype(str), return_inverse=True)
        counts = np.zeros((len(ids), len(STATUSES)), dtype=np.int64)
        np.add.at(counts, (which, self.status[keep]), 1)
        return {str(cid): Counter({s: int(n) for s, n in zip(STATUSES, row, strict=True) if n})
                for cid, row in zip(ids, counts, strict=True)}

    def sentences(self, rows: np.ndarray) -> list[str]:
        """The sentences of some rows, built together."""
        return [str(s) for s in self.source.sentences(np.asarray(rows, np.int64)).to_pylist()]

    def margins_m(self, rows: np.ndarray) -> np.ndarray:
        """The margins of some rows, in metres (NaN where there is none)."""
        return np.asarray(np.asarray(self.source.margin_m, dtype=float)[rows])

    def verdict(self, row: int) -> Verdict:
        """Row `row` as a Verdict record (its sentence built now)."""
        return self.source.verdict(int(row))


def verdict_rows(result: CheckResult) -> VerdictRows:
    """The verdict columns of a check result."""
    agreement = np.array([a for a, _ in result.clauses] + [""], dtype=object)
    clause = np.array([c.id for _, c in result.clauses] + [""], dtype=object)
    index = np.asarray(result.clause_index, dtype=np.int64)
    return VerdictRows(np.asarray(result.obs_index, dtype=np.int64), agreement[index],
                       clause[index], np.asarray(result.status, dtype=np.int8),
                       len(result.observations), result)
