"""The outcome of a check: verdict columns, limit results, and records built on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from standoff.engine import sentences
from standoff.engine.rows import COLUMNS
from standoff.model import STATUSES, Clause, LimitResult, ObservationSet, Pack, Verdict

REASONS = ("", "actor", "time", "unit", "no_feature_version")


@dataclass
class CheckResult:
    """Every (observation, clause) pair as columns; `verdicts` gives Verdict records."""

    observations: ObservationSet
    pack: Pack | None
    pack_id: str
    agreements: list[str]
    clauses: list[tuple[str, Clause]]  # (agreement id, clause)
    obs_index: np.ndarray
    clause_index: np.ndarray
    status: np.ndarray  # int8 index into STATUSES
    reason: np.ndarray  # int8 index into REASONS for not_applicable rows
    margin_m: np.ndarray
    tolerance_m: np.ndarray
    foot_lon: np.ndarray
    foot_lat: np.ndarray
    distance_m: np.ndarray
    versions: np.ndarray  # int codes into `labels`: the feature versions used, 'LINE_A@1974'
    decider: np.ndarray  # int codes into `labels`: the feature version that decided the margin
    lower: np.ndarray  # limit rows: lower bound of the worst window; 0 elsewhere
    upper: np.ndarray
    window_end: np.ndarray
    labels: list[str] = field(default_factory=lambda: [""])
    limits: list[LimitResult] = field(default_factory=list)
    sentence_override: np.ndarray | None = None  # sentences read back from a file
    clause_offsets: np.ndarray | None = None  # rows of clause k: offsets[k] .. offsets[k + 1]
    # False where the margin was interpolated in a certified grid cell, not computed (engine.cells);
    # None: every margin exact (results read back)
    margin_exact: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.status)

    def status_names(self) -> np.ndarray:
        return np.asarray(STATUSES, dtype=object)[self.status]

    def summary(self) -> list[dict[str, object]]:
        """Counts per agreement and clause: violation, possible, compliant, not_applicable.

        Pairs without a row (the clause does not bind the report) count as not_applicable.
        """
        c = len(self.clauses)
        counts = np.bincount(self.clause_index.astype(np.int64) * 4 + self.status,
                             minlength=4 * c).reshape(c, 4)
        counts[:, 3] = len(self.observations) - counts[:, :3].sum(axis=1)
        return [
            {"agreement": a, "clause": c.id, "kind": c.kind,
             **{s: int(counts[i, j]) for j, s in enumerate(STATUSES)}}
            for i, (a, c) in enumerate(self.clauses)
        ]

    def clause_rows(self, k: int) -> np.ndarray:
        """Row numbers of clause k."""
        if self.clause_offsets is not None:  # rows written clause by clause
            return np.arange(self.clause_offsets[k], self.clause_offsets[k + 1])
        order, bounds = self._by_clause
        return order[bounds[k]:bounds[k + 1]]

    @cached_property
    def _by_clause(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.clause_index, kind="stable")
        return order, np.searchsorted(self.clause_index[order], np.arange(len(self.clauses) + 1))

    def grid(self, column: str) -> np.ndarray:
        """A column as a (clauses x observations) array; pairs without a row hold the default."""
        values = getattr(self, column)
        out = np.full((len(self.clauses), len(self.observations)), COLUMNS[column][1], values.dtype)
        out[self.clause_index, self.obs_index] = values
        return out

    def sentence(self, row: int) -> str:
        """The plain sentence for one row."""
        if self.sentence_override is not None:
            return str(self.sentence_override[row])
        obs, (_, clause) = self.observations, self.clauses[int(self.clause_index[row])]
        i = int(self.obs_index[row])
        subject = sentences.who(self.pack, str(obs.actor[i]), float(obs.count[i]), str(obs.unit[i]))
        status = int(self.status[row])
        if status == 3:
            return sentences.not_applicable(self.pack, clause, subject, int(self.reason[row]),
                                            str(obs.unit[i]))
        if clause.kind == "limit":
            return sentences.limit(self.pack, clause, subject, str(obs.unit[i]),
                                   float(self.lower[row]), float(self.upper[row]),
                                   int(self.window_end[row]), float(self.margin_m[row]),
                                   float(self.tolerance_m[row]), status)
        text = sentences.located(self.pack, clause, subject, float(self.margin_m[row]),
                                 float(self.tolerance_m[row]), float(self.distance_m[row]),
                                 self.labels[int(self.decider[row])], status)
        if np.isnat(obs.time[i]):
            text = text[:-1] + f" (no time given: checked against {self.labels[int(self.versions[row])]})."
        return text

    def verdict(self, row: int) -> Verdict:
        """Row `row` as a Verdict record."""
        agreement_id, clause = self.clauses[int(self.clause_index[row])]
        i = int(self.obs_index[row])
        agreement = self.pack.agreements.get(agreement_id) if self.pack else None
        margin = float(self.margin_m[row])

        def opt(x: float) -> float | None:
            return None if x != x else x

        return Verdict(
            observation_id=str(self.observations.id[i]),
            agreement_id=agreement_id,
            clause_id=clause.id,
            status=STATUSES[int(self.status[row])],
            margin_m=opt(margin),
            tolerance_m=float(self.tolerance_m[row]),
            nearest_lon=opt(float(self.foot_lon[row])),
            nearest_lat=opt(float(self.foot_lat[row])),
            feature_versions=self.labels[int(self.versions[row])],
            sentence=self.sentence(row),
            quote=str(self.observations.quote[i]),
            span=self.observations.span[i] if self.observations.span else None,
            context=self.observations.context[i] if self.observations.context else "",
            source=str(self.observations.source[i]),
            clause_quote=clause.quote,
            clause_source=(agreement.source(clause.source).url or agreement.source(clause.source).title)
            if agreement else clause.source,
        )

    @cached_property
    def verdicts(self) -> list[Verdict]:
        """Every row as a Verdict record (built on first use)."""
        return [self.verdict(r) for r in range(len(self))]
