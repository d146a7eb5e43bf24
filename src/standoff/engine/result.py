"""The outcome of a check: verdict columns, limit results, and records built on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pyarrow as pa

from standoff.engine import sentences
from standoff.engine.epochs import intervals
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
    sentence_override: pa.Array | np.ndarray | None = None  # sentences read back from a file
    clause_offsets: np.ndarray | None = None  # rows of clause k: offsets[k] .. offsets[k + 1]
    # False where the margin was interpolated in a certified grid cell, not computed (engine.cells);
    # None: every margin exact (results read back)
    margin_exact: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.status)

    def status_names(self) -> np.ndarray:
        names: np.ndarray = np.asarray(STATUSES, dtype=object)[self.status]
        return names

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

    @cached_property
    def templates(self) -> sentences.Templates:
        """The per-clause parts of this result's sentences."""
        return sentences.Templates(self.pack, self.clauses, self.labels)

    @cached_property
    def _arrow_text(self) -> dict[str, pa.Array]:
        """The observations' actor and unit columns as Arrow strings, converted once (as a dictionary
        when they repeat: each batch then takes codes, and its sentences need not encode them)."""
        obs = self.observations
        out = {}
        for k in ("actor", "unit"):
            text = pa.array(getattr(obs, k), pa.string(), from_pandas=True)
            encoded = sentences.coded(text)
            out[k] = encoded if len(encoded.dictionary) <= max(64, len(text) // 64) else text
        return out

    def sentence_rows(self, rows: np.ndarray) -> sentences.Rows:
        """The columns the sentences of `rows` are built from."""
        obs, i = self.observations, self.obs_index[rows]
        at = pa.array(i)
        (start, end), (start_s, end_s) = self.days, self.clock
        return sentences.Rows(
            clause=self.clause_index[rows], status=self.status[rows], reason=self.reason[rows],
            margin_m=self.margin_m[rows], tolerance_m=self.tolerance_m[rows],
            distance_m=self.distance_m[rows], decider=self.decider[rows], versions=self.versions[rows],
            lower=self.lower[rows], upper=self.upper[rows], window_end=self.window_end[rows],
            actor=self._arrow_text["actor"].take(at), count=obs.count[i],
            unit=self._arrow_text["unit"].take(at), timeless=np.isnat(obs.time[i]),
            start=start[i], end=end[i], start_s=start_s[i], end_s=end_s[i])

    @cached_property
    def days(self) -> tuple[np.ndarray, np.ndarray]:
        """Each report's first and last day, as the check read them (`engine.epochs.intervals`)."""
        return intervals(self.observations)

    @cached_property
    def clock(self) -> tuple[np.ndarray, np.ndarray]:
        """Each report's start and end in UTC seconds where given (`ObservationSet.instants`)."""
        return self.observations.instants()

    def sentences(self, rows: np.ndarray | slice | None = None) -> pa.Array:
        """The sentences of `rows` (all rows when None), one Arrow string each."""
        if not isinstance(rows, np.ndarray):
            rows = np.arange(len(self))[slice(None) if rows is None else rows]
        if self.sentence_override is not None:
            return pa.array(self.sentence_override, pa.string()).take(pa.array(rows))
        step = 1 << 16
        if len(rows) <= step:
            return self.templates.fill(self.sentence_rows(rows))
        return pa.chunked_array([self.templates.fill(self.sentence_rows(rows[a:a + step]))
                                 for a in range(0, len(rows), step)], pa.string()).combine_chunks()

    def sentence(self, row: int) -> str:
        """The plain sentence for one row."""
        return str(self.sentences(np.array([row]))[0])

    @cached_property
    def clause_sources(self) -> list[str]:
        """Each clause's source: the URL (or title) of the agreement's source, else its id."""
        out = []
        for aid, clause in self.clauses:
            agreement = self.pack.agreements.get(aid) if self.pack else None
            if agreement is not None and clause in agreement.clauses:
                src = agreement.source(clause.source)
                out.append(src.url or src.title)
            else:
                out.append(clause.source)
        return out

    def verdict(self, row: int, sentence: str | None = None) -> Verdict:
        """Row `row` as a Verdict record (`sentence`: its sentence when already built)."""
        agreement_id, clause = self.clauses[int(self.clause_index[row])]
        i = int(self.obs_index[row])
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
            sentence=self.sentence(row) if sentence is None else sentence,
            quote=str(self.observations.quote[i]),
            span=self.observations.span[i] if self.observations.span else None,
            context=self.observations.context[i] if self.observations.context else "",
            source=str(self.observations.source[i]),
            clause_quote=clause.quote,
            clause_source=self.clause_sources[int(self.clause_index[row])],
        )

    @cached_property
    def verdicts(self) -> list[Verdict]:
        """Every row as a Verdict record (built on first use)."""
        # One vectorized pass for the sentences: built row by row they cost ~3 ms each.
        sentences = self.sentences().to_pylist()
        return [self.verdict(r, sentences[r]) for r in range(len(self))]
