"""One plain sentence per verdict."""

from __future__ import annotations

from datetime import date, timedelta

from standoff.model import Clause, Pack
from standoff.model.actor import describe_selectors

STATUS_WORD = {0: "violation", 1: "possible", 2: "compliant", 3: "not applicable"}


def km(metres: float) -> str:
    """'4.2 km' or '350 m'."""
    a = abs(metres)
    return f"{a / 1000:.1f} km" if a >= 1000 else f"{a:.0f} m"


def day_text(days: int) -> str:
    return (date(1970, 1, 1) + timedelta(days=int(days))).isoformat()


def who(pack: Pack | None, actor: str, count: float, unit: str) -> str:
    name = pack.actors[actor].name if pack and actor in pack.actors else actor or "unknown actor"
    if count == count and count > 0:  # not NaN
        return f"{name} ({int(count)} {unit or 'units'})"
    return f"{name} ({unit})" if unit else name


def zone_phrase(pack: Pack | None, clause: Clause) -> str:
    """The clause's zone in words, with feature names instead of ids."""
    zone = clause.zone
    if zone.op == "ref" and zone._target is not None:
        zone = zone.target
    text = zone.describe()
    for fid in sorted(zone.feature_ids(), key=len, reverse=True):
        if pack and fid in pack.features:
            text = text.replace(fid, pack.features[fid].name)
    return text


def feature_name(pack: Pack | None, label: str) -> str:
    fid = label.split("@")[0]
    return pack.features[fid].name if pack and fid in pack.features else fid


def located(pack: Pack | None, clause: Clause, subject: str, margin: float, tolerance: float,
            distance: float, feature_label: str, status: int) -> str:
    """Sentence for a zone verdict, e.g. '... 4.2 km (±5 km) from Line A: inside ... — violation.'"""
    tol = f" (±{km(tolerance)})" if tolerance > 0 else ""
    if distance == distance:  # a distance zone: say how far from the feature
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


def not_applicable(pack: Pack | None, clause: Clause, subject: str, reason: int, unit: str) -> str:
    """Why a clause does not apply to a report."""
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


def limit(pack: Pack | None, clause: Clause, subject: str, unit: str, lower: float, upper: float,
          window_end: int, margin: float, tolerance: float, status: int) -> str:
    """Sentence for a report counted under a limit clause."""
    maximum = (clause.max or {}).get(unit, 0)
    what = zone_phrase(pack, clause)
    if margin < -tolerance:
        return f"{subject} reported outside {what} by {km(margin)}: not counted — compliant."
    span = f"{int(lower)}" if lower == upper else f"{int(lower)}–{int(upper)}"
    return (f"{subject} counts toward the limit of {maximum} {unit} in {what}: {span} in the "
            f"{clause.window_days}-day window ending {day_text(window_end)} — {STATUS_WORD[status]}.")
