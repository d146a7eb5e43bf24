"""One plain sentence per verdict, built a batch of rows at a time from per-clause templates.

The parts that depend only on the clause (its zone in words, its kind, why it may not apply),
the feature version or the actor are made once and picked per row by index; numbers are
written by the compiled pass of `standoff.engine.assemble`. No object is made per row.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from standoff.engine.assemble import DATE, INT, KM, Text, km_codes
from standoff.engine.epochs import NEVER, SINCE_EVER, Period, period
from standoff.model import Clause, Pack
from standoff.model.actor import describe_selectors
from standoff.model.days import moment_text
from standoff.model.zone import follow_refs

STATUS_WORD = {0: "violation", 1: "possible", 2: "compliant", 3: "not applicable"}
@functools.cache
def _words() -> pa.Array:
    """The status words as an Arrow array, built on first use: the first pa.array imports pandas."""
    return pa.array([STATUS_WORD[k] for k in range(4)])


def km(metres: float) -> str:
    """'4.2 km' or '350 m'."""
    a = abs(metres)
    return f"{a / 1000:.1f} km" if a >= 1000 else f"{a:.0f} m"


def zone_phrase(pack: Pack | None, clause: Clause) -> str:
    """The clause's zone in words, with feature names instead of ids."""
    zone = follow_refs(clause.zone)
    text = zone.describe()
    for fid in sorted(zone.feature_ids(), key=len, reverse=True):
        if pack and fid in pack.features:
            text = text.replace(fid, pack.features[fid].name)
    return text


def plural(unit: str) -> str:
    """'tank' -> 'tanks'; codes, short abbreviations and words ending in s or y stay as they are."""
    if unit.isalpha() and unit.islower() and len(unit) > 3 and not unit.endswith(("s", "y")):
        return unit + "s"
    return unit


def versions_note(pack: Pack | None, label: str) -> str:
    """'LINE_B@none | LINE_B@1974, THEATRE@1' -> 'of Line B (Bravo line): 1974'.

    A no-time verdict is judged against every epoch of its features: each feature once, with its
    versions, leaving out the theatre and the epochs where a feature had no version.
    """
    versions: dict[str, list[str]] = {}
    for part in label.replace(" | ", ", ").split(", "):
        fid, _, version = part.partition("@")
        if fid and version != "none" and not (pack and fid == pack.theatre):
            seen = versions.setdefault(fid, [])
            if (v := version.split("(")[0]) not in seen:
                seen.append(v)
    return "; ".join(f"of {feature_name(pack, f)}: {', '.join(vs)}" for f, vs in versions.items())


def feature_name(pack: Pack | None, label: str) -> str:
    fid = label.split("@")[0]
    return pack.features[fid].name if pack and fid in pack.features else fid


def _str(values: np.ndarray | pa.Array) -> pa.Array:
    arr = values if isinstance(values, pa.Array) else pa.array(values, pa.string(), from_pandas=True)
    return pc.fill_null(arr, "")


def coded(values: pa.Array) -> pa.DictionaryArray:
    """Text as a dictionary without nulls ('' for null); already such a dictionary: as given."""
    if pa.types.is_dictionary(values.type) and not values.null_count and not values.dictionary.null_count:
        return values
    return pc.dictionary_encode(_str(values.cast(pa.string())))


@dataclass(frozen=True)
class Rows:
    """The columns of a batch of verdict rows that their sentences depend on."""

    clause: np.ndarray  # clause index
    status: np.ndarray
    reason: np.ndarray
    margin_m: np.ndarray
    tolerance_m: np.ndarray
    distance_m: np.ndarray
    decider: np.ndarray  # label codes
    versions: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    window_end: np.ndarray
    actor: np.ndarray  # the observation's columns, one per row
    count: np.ndarray
    unit: np.ndarray
    timeless: np.ndarray  # bool: the report has no time
    start: np.ndarray  # the report's first and last day (open for no time: engine.epochs.intervals)
    end: np.ndarray
    start_s: np.ndarray  # UTC seconds when given with a time of day (engine.epochs.instants)
    end_s: np.ndarray

    def take(self, sel: np.ndarray) -> Rows:
        return Rows(**{k: getattr(self, k)[sel] for k in self.__dataclass_fields__})


@dataclass(frozen=True)
class _Units:
    """The rows' unit types as text pieces: the distinct codes, each row's index, its piece id
    as written and in the plural, and whether the row names one."""

    listed: list[str]
    index: np.ndarray
    code: np.ndarray
    plural: np.ndarray
    given: np.ndarray


class Templates:
    """The per-clause and per-label parts of the sentences of one result."""

    def __init__(self, pack: Pack | None, clauses: Sequence[tuple[str, Clause]], labels: Sequence[str]):
        self.pack, self.clauses, self.labels = pack, list(clauses), list(labels)

    @cached_property
    def phrase(self) -> list[str]:
        return [zone_phrase(self.pack, c) for _, c in self.clauses]

    @cached_property
    def zone_what(self) -> list[str]:
        def what(c: Clause, phrase: str) -> str:
            if c.kind == "must_stay_in":
                return f"the zone “{phrase}” it must stay in"
            if c.kind == "no_activity":  # 'the no-patrol zone', 'the no-firing, no-flight zone'
                banned = ", ".join(f"no-{a.replace('_', ' ')}" for a in c.activity or [])
                return f"the {banned} zone “{phrase}”"
            return f"the zone “{phrase}”"

        return [what(c, p) for p, (_, c) in zip(self.phrase, self.clauses, strict=True)]

    @cached_property
    def by_unit(self) -> np.ndarray:
        """Clauses whose reason 3 names the report's unit type (all but no_activity)."""
        return np.array([c.kind != "no_activity" for _, c in self.clauses] + [False], bool)

    @cached_property
    def is_limit(self) -> np.ndarray:
        return np.array([c.kind == "limit" for _, c in self.clauses] + [False], bool)

    @cached_property
    def why(self) -> list[str]:
        """Why a clause does not apply, by clause * 5 + reason (reason 3 is completed per row)."""
        out = []
        for _, c in self.clauses:
            types = ", ".join(c.equipment or list(c.max or {}))
            only = "" if any(s.startswith("!") for s in c.actor) else " only"
            out += ["", f"the clause binds {describe_selectors(c.actor)}{only}",
                    "the report falls outside the period the clause was in force",
                    f"the report is not of {', '.join(c.activity or [])}" if c.kind == "no_activity"
                    else f"' is not among {types}",
                    "no version of the zone's features was in force at the report's time"]
        return out

    @cached_property
    def periods(self) -> list[Period]:
        """When each clause is in force (with its agreement's bounds when the pack is known)."""
        agreements = self.pack.agreements if self.pack else {}
        return [period(agreements[aid], c) if aid in agreements else Period(c.valid_from, c.valid_to)
                for aid, c in self.clauses]

    @cached_property
    def partly(self) -> list[str]:
        """Why a report only partly in the clause's period is at most possible, by clause."""
        def when(p: Period) -> str:
            return " ".join(w for w in (f"from {moment_text(p.start)}" if p.start else "",
                                        f"until {moment_text(p.end)}" if p.end else "") if w)
        return [f" (the clause is in force {when(p)}: only part of the report's time)" for p in self.periods]

    def partly_in_force(self, r: Rows) -> np.ndarray:
        """Rows whose report has a time that the clause's period meets without covering."""
        out = np.zeros(len(r.clause), bool)
        known = (r.start != SINCE_EVER) & (r.end != NEVER)
        for k in np.unique(r.clause):
            sel = np.flatnonzero((r.clause == k) & known)
            p = self.periods[int(k)]
            clock = r.start_s[sel], r.end_s[sel]
            out[sel] = p.meets(r.start[sel], r.end[sel], clock) & ~p.covers(r.start[sel], r.end[sel], clock)
        return out

    @cached_property
    def feature(self) -> list[str]:
        return [feature_name(self.pack, label) for label in self.labels]

    @cached_property
    def versions(self) -> list[str]:
        return [versions_note(self.pack, label) for label in self.labels]

    def fill(self, rows: Rows) -> pa.Array:
        """The sentence of every row."""
        text = Text(len(rows.status))
        self.append(text, rows)
        return text.build()

    def append(self, t: Text, r: Rows) -> None:
        """Add the slots of every row's sentence to `t`: its subject, then why it does not apply, its
        count toward a limit, or where it is against the zone; then the status and notes."""
        na = r.status == 3
        limit = self.is_limit[r.clause] & ~na
        outside = limit & (r.margin_m < -r.tolerance_m)
        counted, located = limit & ~outside, ~na & ~limit
        k = r.clause.astype(np.int64)
        units = self._subject(t, r)
        # a batch holds one clause's rows or a few: the parts no row has are skipped whole
        if na.any():
            self._not_applicable(t, r, na, k, units)
        phrase = t.add_pieces(self.phrase) + k
        margin_km = km_codes(r.margin_m) if (outside | located).any() else r.margin_m
        if outside.any():
            t.lit(" reported outside ", outside).piece(np.where(outside, phrase, -1)).lit(" by ", outside)
            t.number(margin_km, KM, when=outside).lit(": not counted — compliant.", outside)
        if counted.any():
            self._counted(t, r, counted, k, phrase, units)
        if located.any():
            self._located(t, r, located, k, margin_km)
        judged = ~na & ~outside
        t.lit(" — ", judged).piece(np.where(judged, t.add_pieces(_words()) + r.status.astype(np.int64), -1))
        if located.any():
            possible = located & (r.status == 1)
            if possible.any():
                partly = possible & self.partly_in_force(r)
                t.piece(np.where(partly, t.add_pieces(self.partly) + k, -1))
            no_time = located & r.timeless
            t.lit(" (no time given: checked against every version ", no_time)
            t.piece(np.where(no_time, t.add_pieces(self.versions) + r.versions, -1)).lit(")", no_time)
        t.lit(".", counted | located)

    def _subject(self, t: Text, r: Rows) -> _Units:
        """'Hezbollah', 'Hezbollah (tank)', 'Hezbollah (1 tank)', 'Hezbollah (12 tanks)'."""
        actors = coded(r.actor)
        pack = self.pack
        names = [pack.actors[a].name if pack and a in pack.actors else a or "unknown actor"
                 for a in actors.dictionary.to_pylist()]
        encoded = coded(r.unit)
        listed = encoded.dictionary.to_pylist()
        index = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        units = _Units(listed, index, t.add_pieces(encoded.dictionary) + index,
                       t.add_pieces([plural(u) for u in listed]) + index,
                       np.array([u != "" for u in listed], bool)[index])
        with_count = (r.count == r.count) & (r.count > 0)
        many = with_count & (r.count != 1)
        t.piece(t.add_pieces(names) + actors.indices.to_numpy(zero_copy_only=False))
        t.lit(" (", with_count | units.given).number(r.count, INT, when=with_count).lit(" ", with_count)
        t.piece(np.where(units.given, np.where(many, units.plural, units.code),
                         np.where(with_count, t.literal_id("units"), -1)))
        t.lit(")", with_count | units.given)
        return units

    def _not_applicable(self, t: Text, r: Rows, na: np.ndarray, k: np.ndarray, units: _Units) -> None:
        """': the clause binds ... — not applicable.'"""
        reason3 = na & (r.reason == 3) & self.by_unit[r.clause]
        t.lit(": ", na).lit("its unit type '", reason3)
        t.piece(np.where(reason3, np.where(units.given, units.code, t.literal_id("none")), -1))
        t.piece(np.where(na, t.add_pieces(self.why) + k * 5 + r.reason.astype(np.int64), -1))
        t.lit(" — not applicable.", na)

    def _counted(self, t: Text, r: Rows, counted: np.ndarray, k: np.ndarray, phrase: np.ndarray,
                 units: _Units) -> None:
        """' counts toward the limit of 75 tanks in …: 12–13 in the 7-day window ending …'."""
        table = np.array([[(c.max or {}).get(u, 0) for u in units.listed] for _, c in self.clauses],
                         np.float64)
        maximum = table[k, units.index] if units.listed else np.zeros(len(k))
        t.lit(" counts toward the limit of ", counted).number(maximum, INT, when=counted)
        t.lit(" ", counted).piece(np.where(counted, np.where(maximum != 1, units.plural, units.code), -1))
        t.lit(" in ", counted)
        t.piece(np.where(counted, phrase, -1)).lit(": ", counted).number(r.lower, INT, when=counted)
        spans = counted & (r.lower != r.upper)
        t.lit("–", spans).number(r.upper, INT, when=spans)
        dated, undated = counted & ~r.timeless, counted & r.timeless
        days = np.array([c.window_days for _, c in self.clauses], np.float64)
        t.lit(" in the ", dated).number(days[k], INT, when=dated).lit("-day window ending ", dated)
        t.number(r.window_end, DATE, when=dated)
        t.lit(" in any ", undated).number(days[k], INT, when=undated)
        t.lit("-day window (no time given)", undated)

    def _located(self, t: Text, r: Rows, located: np.ndarray, k: np.ndarray, margin_km: np.ndarray) -> None:
        """' reported 2.9 km (±6.0 km) from F: inside the zone “…” by 2.1 km' when the distance to a
        feature says where; otherwise ' reported 3.7 km (±1.3 km) inside the zone “…”'
        (`margin_km`: the margins as `km_codes`)."""
        m = r.margin_m
        far = located & (r.distance_m == r.distance_m)
        near = located & ~far
        tol = located & (r.tolerance_m > 0)
        tol_km = km_codes(r.tolerance_m)
        t.lit(" reported", located).lit(" ", far).number(km_codes(r.distance_m), KM, when=far)
        t.lit(" (±", tol & far).number(tol_km, KM, when=tol & far).lit(")", tol & far)
        t.lit(" from ", far).piece(np.where(far, t.add_pieces(self.feature) + r.decider, -1))
        t.lit(":", far)
        t.lit(" ", near & (m != 0)).number(margin_km, KM, when=near & (m != 0))
        t.lit(" (±", tol & near).number(tol_km, KM, when=tol & near).lit(")", tol & near)
        where = np.where(m > 0, 0, np.where(m < 0, 1, 2))
        t.lit(" ", located).piece(np.where(located, t.add_pieces(["inside", "outside", "on the edge of"])
                                           + where, -1))
        t.lit(" ", located).piece(np.where(located, t.add_pieces(self.zone_what) + k, -1))
        t.lit(" by ", far & (m != 0)).number(margin_km, KM, when=far & (m != 0))
