"""The sentences of a check result built one row at a time with plain f-strings.

An independent second path for the column-at-a-time templates of `standoff.engine.sentences`
(these are the scalar functions the engine used before it built sentences per column).
"""

from __future__ import annotations

import re

import numpy as np

from standoff.engine.sentences import STATUS_WORD, feature_name, km, zone_phrase
from standoff.model.actor import describe_selectors
from standoff.model.days import day_text


def units(unit: str, count: float) -> str:
    """English plural of plain unit words when there is not exactly one: '12 tanks', '36 artillery'."""
    simple = re.fullmatch(r"[a-z]{4,}", unit) is not None and unit[-1] not in "sy"
    return f"{unit}s" if count != 1 and simple else unit


def who(pack, actor: str, count: float, unit: str) -> str:
    name = pack.actors[actor].name if pack and actor in pack.actors else actor or "unknown actor"
    if count == count and count > 0:
        return f"{name} ({int(count)} {units(unit, count) if unit else 'units'})"
    return f"{name} ({unit})" if unit else name


def every_version(pack, label: str) -> str:
    """'A@none | A@1, B@2(x+y), THEATRE@1' -> 'of <A's name>: 1; of <B's name>: 2'."""
    seen: dict[str, list[str]] = {}
    for epoch in label.split(" | "):
        for part in filter(None, epoch.split(", ")):
            fid, version = part.split("@", 1)
            version = re.sub(r"\(.*\)$", "", version)
            if version == "none" or fid == pack.theatre or version in seen.get(fid, []):
                continue
            seen.setdefault(fid, []).append(version)
    return "; ".join(f"of {feature_name(pack, fid)}: {', '.join(v)}" for fid, v in seen.items())


def located(pack, clause, subject, margin, tolerance, distance, feature_label, status) -> str:
    tol = f" (±{km(tolerance)})" if tolerance > 0 else ""
    where = "inside" if margin > 0 else "outside" if margin < 0 else "on the edge of"
    what = f"the zone “{zone_phrase(pack, clause)}”"
    if clause.kind == "must_stay_in":
        what = f"{what} it must stay in"
    elif clause.kind == "no_activity":
        banned = ", ".join("no-" + a.replace("_", " ") for a in clause.activity or [])
        what = f"the {banned} zone “{zone_phrase(pack, clause)}”"
    if distance == distance:
        by = f" by {km(margin)}" if margin != 0 else ""
        head = f"{subject} reported {km(distance)}{tol} from {feature_name(pack, feature_label)}"
        return f"{head}: {where} {what}{by} — {STATUS_WORD[status]}."
    amount = f" {km(margin)}" if margin != 0 else ""
    return f"{subject} reported{amount}{tol} {where} {what} — {STATUS_WORD[status]}."


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


def limit(pack, clause, subject, unit, lower, upper, window_end, margin, tolerance, status,
          timeless: bool) -> str:
    maximum = (clause.max or {}).get(unit, 0)
    what = zone_phrase(pack, clause)
    if margin < -tolerance:
        return f"{subject} reported outside {what} by {km(margin)}: not counted — compliant."
    span = f"{int(lower)}" if lower == upper else f"{int(lower)}–{int(upper)}"
    window = (f"in any {clause.window_days}-day window (no time given)" if timeless else
              f"in the {clause.window_days}-day window ending {day_text(window_end)}")
    return (f"{subject} counts toward the limit of {maximum} {units(unit, maximum)} in {what}: {span} "
            f"{window} — {STATUS_WORD[status]}.")


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
                     float(result.tolerance_m[row]), status, bool(np.isnat(obs.time[i])))
    text = located(pack, clause, subject, float(result.margin_m[row]), float(result.tolerance_m[row]),
                   float(result.distance_m[row]), result.labels[int(result.decider[row])], status)
    if np.isnat(obs.time[i]):
        note = every_version(pack, result.labels[int(result.versions[row])])
        text = text[:-1] + f" (no time given: checked against every version {note})."
    return text
