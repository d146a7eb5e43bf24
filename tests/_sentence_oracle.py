"""The sentences of a check result built one row at a time with plain f-strings.

An independent second path for the column-at-a-time templates of `standoff.engine.sentences`
(these are the scalar functions the engine used before it built sentences per column).
"""

from __future__ import annotations

import numpy as np

from standoff.engine.sentences import STATUS_WORD, feature_name, km, zone_phrase
from standoff.model.actor import describe_selectors
from standoff.model.days import day_text


def who(pack, actor: str, count: float, unit: str) -> str:
    name = pack.actors[actor].name if pack and actor in pack.actors else actor or "unknown actor"
    if count == count and count > 0:
        return f"{name} ({int(count)} {unit or 'units'})"
    return f"{name} ({unit})" if unit else name


def located(pack, clause, subject, margin, tolerance, distance, feature_label, status) -> str:
    tol = f" (±{km(tolerance)})" if tolerance > 0 else ""
    if distance == distance:
        head = f"{subject} reported {km(distance)}{tol} from {feature_name(pack, feature_label)}"
    else:
        head = f"{subject} reported{tol}"
    where = "inside" if margin > 0 else "outside" if margin < 0 else "on the edge of"
    by = f" by {km(margin)}" if margin != 0 else ""
    what = f"the zone “{zone_phrase(pack, clause)}”"
    if clause.kind == "must_stay_in":
        what = f"{what}, where it must stay,"
    elif clause.kind == "no_activity":
        what = f"{what}, where {' and '.join(clause.activity or [])} is forbidden,"
    return f"{head}: {where} {what}{by} — {STATUS_WORD[status]}."


def not_applicable(clause, subject, reason, unit) -> str:
    if reason == 1:
        excepted = any(s.startswith("!") for s in clause.actor)
        why = f"the clause binds {describe_selectors(clause.actor)}{'' if excepted else ' only'}"
    elif reason == 2:
        why = "the report falls outside the period the clause was in force"
    elif reason == 3 and clause.kind == "no_activity":
        why = f"the report is not of {', '.join(clause.activity or [])}"
    elif reason == 3:
        types = ", ".join(clause.equipment or list(clause.max or {}))
        why = f"its unit type '{unit or 'none'}' is not among {types}"
    else:
        why = "no version of the zone's features was in force at the report's time"
    return f"{subject}: {why} — not applicable."


def limit(pack, clause, subject, unit, lower, upper, window_end, margin, tolerance, status) -> str:
    maximum = (clause.max or {}).get(unit, 0)
    what = zone_phrase(pack, clause)
    if margin < -tolerance:
        return f"{subject} reported outside {what} by {km(margin)}: not counted — compliant."
    span = f"{int(lower)}" if lower == upper else f"{int(lower)}–{int(upper)}"
    return (f"{subject} counts toward the limit of {maximum} {unit} in {what}: {span} in the "
            f"{clause.window_days}-day window ending {day_text(window_end)} — {STATUS_WORD[status]}.")


def sentence(result, row: int) -> str:
    """Row `row`'s sentence."""
    obs, (_, clause) = result.observations, result.clauses[int(result.clause_index[row])]
    i = int(result.obs_index[row])
    pack = result.pack
    subject = who(pack, str(obs.actor[i]), float(obs.count[i]), str(obs.unit[i]))
    status = int(result.status[row])
    if status == 3:
        return not_applicable(clause, subject, int(result.reason[row]), str(obs.unit[i]))
    if clause.kind == "limit":
        return limit(pack, clause, subject, str(obs.unit[i]), float(result.lower[row]),
                     float(result.upper[row]), int(result.window_end[row]), float(result.margin_m[row]),
                     float(result.tolerance_m[row]), status)
    text = located(pack, clause, subject, float(result.margin_m[row]), float(result.tolerance_m[row]),
                   float(result.distance_m[row]), result.labels[int(result.decider[row])], status)
    if np.isnat(obs.time[i]):
        text = text[:-1] + f" (no time given: checked against {result.labels[int(result.versions[row])]})."
    return text
