"""Per-clause summaries of a check: the worst window of each limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from standoff.engine.rows import Encoded, encode, is_in
from standoff.engine.sentences import STATUS_WORD, plural, zone_phrase
from standoff.model import STATUSES, Clause, LimitResult, Pack
from standoff.model.days import SINCE_EVER, day_date

#: The int64 value of NaT (a report without a time).
NAT = np.datetime64("NaT", "D").astype(np.int64)

if TYPE_CHECKING:
    from standoff.engine.result import CheckResult


def limit_results(result: CheckResult, units: Encoded | None = None) -> list[LimitResult]:
    """For each limit clause and unit type, the window with the most units against the maximum.

    `units` is the observations' unit column, dictionary-encoded, when the caller has it.
    """
    out: list[LimitResult] = []
    obs = result.observations
    if not any(c.kind == "limit" for _, c in result.clauses):
        return out
    codes, names = units or encode(obs.unit)
    for k, (agreement_id, clause) in enumerate(result.clauses):
        if clause.kind != "limit":
            continue
        rows = result.clause_rows(k)
        for unit in clause.max or {}:
            of_unit = is_in((codes, names), [unit])[result.obs_index[rows]]
            mine = rows[of_unit & (result.reason[rows] == 0)
                        & (result.margin_m[rows] >= -result.tolerance_m[rows])]
            i = result.obs_index[mine]

            def ids(at: np.ndarray, i: np.ndarray = i) -> list[str]:
                return [str(obs.id[j]) for j in i[at]]

            out.append(worst_window(
                result.pack, agreement_id, clause, unit, result.status[mine], result.lower[mine],
                result.upper[mine], result.window_end[mine], obs.time[i].astype(np.int64), ids))
    return out


def worst_window(pack: Pack | None, agreement_id: str, clause: Clause, unit: str, status: np.ndarray,
                 lower: np.ndarray, upper: np.ndarray, window_end: np.ndarray, day: np.ndarray,
                 ids: Callable[[np.ndarray], list[str]]) -> LimitResult:
    """The worst window of one limit clause and unit, from the rows it counts in the zone (in row
    order): their status, bounds and window after the windows, and their report's day (int64
    days, NaT's value when unknown); `ids(positions)` names the reports in that window."""
    maximum = (clause.max or {})[unit]
    if len(status) == 0:
        return LimitResult(
            agreement_id=agreement_id, clause_id=clause.id, unit=unit, window_start=None,
            window_end=None, lower=0, upper=0, maximum=maximum, status="compliant",
            observation_ids=[], sentence=f"No {unit} reported in {zone_phrase(pack, clause)} — compliant.")
    worst = np.lexsort((-upper, status))[0]
    end = int(window_end[worst])
    begin = end - clause.window_days + 1
    inside = np.flatnonzero(((day >= begin) & (day <= end)) | (day == SINCE_EVER) | (day == NAT))
    low, high = int(lower[worst]), int(upper[worst])
    span = f"{low}" if low == high else f"{low}–{high}"
    return LimitResult(
        agreement_id=agreement_id, clause_id=clause.id, unit=unit,
        window_start=day_date(begin), window_end=day_date(end), lower=low, upper=high,
        maximum=maximum, status=STATUSES[int(status[worst])], observation_ids=ids(inside),
        sentence=f"{span} {unit if high == 1 else plural(unit)} in {zone_phrase(pack, clause)} between "
        f"{day_date(begin)} and {day_date(end)} against a maximum of {maximum} — "
        f"{STATUS_WORD[int(status[worst])]}.")
