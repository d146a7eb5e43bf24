"""Compare versions of an arrangement: areas, places and observations that change, stated distances.

    >>> cmp = standoff.compare(pack, ["israel-demand-60km", "israel-demand-m5"])
    >>> cmp.areas[0].area_km2, cmp.changes[0].added_km2, [p.id for p in cmp.places]

A version's *forbidden zone* is the union of the zones of its must_not_enter and no_equipment
clauses and, for must_stay_in clauses, of the theatre outside their zone; limit clauses cap
numbers and forbid nothing, so they are left out. Areas are counted inside the theatre.
Places and observations are judged by the engine (`standoff.check`), never by the polygons.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import permutations
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from standoff.engine.check import check, select_agreements
from standoff.engine.epochs import Period
from standoff.engine.stated import RULE, StatedCheck, stated_checks
from standoff.errors import StandoffError, did_you_mean
from standoff.geo.shapes import ZoneShaper, geodesic_area_km2
from standoff.model import (
    STATUSES,
    Agreement,
    Clause,
    Observation,
    ObservationSet,
    Pack,
    StatusCode,
    matches_any,
    selector_matches,
)
from standoff.model.days import Moment, day_number
from standoff.model.unit import unit_names
from standoff.model.zone import NotZone, follow_refs

__all__ = ["AreaChange", "Comparison", "Shift", "VersionArea", "compare", "forbidden_clauses"]

FORBIDDING = ("must_not_enter", "no_equipment", "must_stay_in")
#: How the engine's statuses read for a place (a point with no actor of its own).
PLACE_WORDS = {"violation": "inside", "possible": "edge", "compliant": "outside", "not_applicable": "n/a"}


@dataclass
class VersionArea:
    """One version's forbidden zone: what it is and how large."""

    agreement_id: str
    title: str
    status: str
    clauses: list[str]
    zone: str
    area_km2: float  # inside the theatre
    total_area_km2: float  # the whole zone, as the engine evaluates it
    places_inside: int = 0


@dataclass
class AreaChange:
    """Going from one version to another: the area the second forbids and the first does not, and back."""

    from_id: str
    to_id: str
    added_km2: float  # to - from
    removed_km2: float  # from - to


@dataclass
class Shift:
    """A place or an observation whose status differs between versions."""

    id: str
    name: str
    statuses: dict[str, str]
    margins_km: dict[str, float | None]  # positive = inside the forbidden zone (by this margin)
    clauses: dict[str, str]  # the clause that decided, per version
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Comparison:
    """The result of `compare`: plain data, plus the zone and difference polygons for GeoJSON."""

    pack_id: str
    agreements: list[str]
    at: date | None
    areas: list[VersionArea]
    changes: list[AreaChange]  # every ordered pair
    places: list[Shift]  # places whose status differs across versions
    observations: list[Shift] | None  # None when no observations were given
    observation_counts: dict[str, dict[str, int]] | None
    stated: list[StatedCheck]
    notes: list[str]
    place_count: int = 0
    all_places: list[Shift] = field(default_factory=list, repr=False)  # every place, changed or not
    zones: dict[str, BaseGeometry] = field(default_factory=dict, repr=False)
    differences: dict[tuple[str, str, str], BaseGeometry] = field(default_factory=dict, repr=False)

    def area(self, agreement_id: str) -> VersionArea:
        return next(a for a in self.areas if a.agreement_id == agreement_id)

    def change(self, from_id: str, to_id: str) -> AreaChange:
        return next(c for c in self.changes if (c.from_id, c.to_id) == (from_id, to_id))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (no geometries: see `geojson`)."""
        def rounded(obj: Any) -> Any:
            if isinstance(obj, float):
                return round(obj, 2)
            if isinstance(obj, dict):
                return {k: rounded(v) for k, v in obj.items()}
            if isinstance(obj, list):
                return [rounded(v) for v in obj]
            return obj

        return {
            "pack": self.pack_id,
            "agreements": self.agreements,
            "at": self.at.isoformat() if self.at else None,
            "areas": [rounded(asdict(a)) for a in self.areas],
            "changes": [rounded({"from": c.from_id, "to": c.to_id, "added_km2": c.added_km2,
                                 "removed_km2": c.removed_km2}) for c in self.changes],
            "places_checked": self.place_count,
            "places": [rounded(asdict(p)) for p in self.places],
            "observations": None if self.observations is None else [rounded(asdict(o))
                                                                    for o in self.observations],
            "observation_counts": self.observation_counts,
            "stated": [s.to_dict() for s in self.stated],
            "notes": self.notes,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def geojson(self) -> dict[str, Any]:
        """Each version's forbidden zone and, per ordered pair, the areas added and removed (lon/lat)."""
        def feature(geom: BaseGeometry, props: dict[str, Any]) -> dict[str, Any]:
            return {"type": "Feature", "properties": props,
                    "geometry": None if geom.is_empty else shapely.geometry.mapping(geom)}

        out = [feature(self.zones[a.agreement_id], {"kind": "zone", "agreement": a.agreement_id,
                                                    "from": None, "to": None,
                                                    "area_km2": round(a.area_km2, 1)})
               for a in self.areas]
        for (a, b, kind), geom in self.differences.items():
            out.append(feature(geom, {"kind": kind, "agreement": None, "from": a, "to": b,
                                      "area_km2": round(geodesic_area_km2(geom), 1)}))
        return {"type": "FeatureCollection", "features": out}


def forbidden_clauses(agreement: Agreement, at: date | None = None, actor: str | None = None,
                      clause_ids: list[str] | None = None, equipment: str | None = None) -> list[Clause]:
    """The clauses that forbid presence somewhere (not limits), in force on `at` and binding `actor`.

    `clause_ids` keeps only those clauses; `equipment` keeps the equipment bans that name it.
    """
    def in_force(start: Moment | None, end: Moment | None) -> bool:  # at some moment of the day `at`
        lo, hi = Period(start, end).days()
        return at is None or lo <= day_number(at, 0) < hi

    if not in_force(agreement.valid_from, agreement.valid_to):
        return []
    return [c for c in agreement.clauses if c.kind in FORBIDDING and in_force(c.valid_from, c.valid_to)
            and (actor is None or matches_any(c.actor, actor))
            and (clause_ids is None or c.id in clause_ids)
            and (equipment is None or c.kind != "no_equipment"
                 or any(selector_matches(e, equipment) for e in c.equipment or []))]


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (set operations may leave lines and points behind)."""
    parts = [g for g in shapely.get_parts(shapely.make_valid(geom))
             if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _forbidden_zone(shaper: ZoneShaper, agreement: Agreement, clauses: list[Clause]) -> BaseGeometry:
    parts = [_polygonal(shaper.zone(NotZone.model_validate({"not": c.zone}) if c.kind == "must_stay_in"
                                    else c.zone, agreement))
             for c in clauses]
    return _polygonal(shapely.union_all(parts)) if parts else shapely.Polygon()


def _actor_for(pack: Pack, clause: Clause, actor: str | None = None) -> str:
    """An actor code the clause binds: `actor`, its first selector without '*', or the pack's first match."""
    if actor is not None:
        return actor
    for selector in clause.actor:
        code = selector.rstrip("*").rstrip(".")
        if code and matches_any(clause.actor, code):
            return code
    found = next((code for code in pack.actors if matches_any(clause.actor, code)), None)
    if found is None:
        raise StandoffError(f"clause {clause.id}: no actor of the pack matches {', '.join(clause.actor)}")
    return found


def _worst(status: np.ndarray, margin: np.ndarray, clause_ids: list[str]) -> tuple[int, float, str]:
    """The worst status over a version's clauses (rows), its margin and clause."""
    if status.size == 0:
        return StatusCode.NOT_APPLICABLE.value, float("nan"), ""
    order = np.lexsort((-np.nan_to_num(margin, nan=-np.inf), status))
    k = int(order[0])
    return int(status[k]), float(margin[k]), clause_ids[k]


def _root(selectors: list[str] | None) -> str | None:
    """A unit code the first equipment selector names: 'ARTY.100MM_PLUS*' -> 'ARTY.100MM_PLUS'."""
    first = selectors[0] if selectors else None
    return first.rstrip("*").rstrip(".") or "any" if first else None


def _place_rows(pack: Pack, agreement: Agreement, clauses: list[Clause], at: date | None,
                actor: str | None, equipment: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Engine status (clauses x places) and margin in metres, positive = inside the forbidden zone."""
    places = pack.places
    records = [Observation(id=p.id, actor=_actor_for(pack, c, actor), lon=p.lon, lat=p.lat,
                           unit=equipment or (_root(c.equipment) if c.kind == "no_equipment" else None))
               for c in clauses for p in places]
    result = check(ObservationSet.from_records(records, origin="gazetteer"), pack,
                   agreements=[agreement.id], at=at)
    n = len(places)
    index = {c.id: k for k, (_, c) in enumerate(result.clauses)}
    all_status, all_margin = result.grid("status"), result.grid("margin_m")
    status = np.empty((len(clauses), n), np.int8)
    margin = np.empty((len(clauses), n))
    for j, c in enumerate(clauses):
        status[j] = all_status[index[c.id], j * n:(j + 1) * n]
        sign = -1.0 if c.kind == "must_stay_in" else 1.0
        margin[j] = sign * all_margin[index[c.id], j * n:(j + 1) * n]
    return status, margin


def _place_shifts(pack: Pack, chosen: list[Agreement], clauses: dict[str, list[Clause]],
                  at: date | None, actor: str | None, equipment: str | None = None
                  ) -> tuple[list[Shift], dict[str, int]]:
    """Every place's status per version (changed or not) and the count inside per version."""
    per: dict[str, tuple[np.ndarray, np.ndarray]] = {
        a.id: _place_rows(pack, a, clauses[a.id], at, actor, equipment) for a in chosen if clauses[a.id]}
    shifts: list[Shift] = []
    inside = {a.id: 0 for a in chosen}
    for i, place in enumerate(pack.places):
        statuses: dict[str, str] = {}
        margins: dict[str, float | None] = {}
        deciders: dict[str, str] = {}
        for a in chosen:
            if a.id in per:
                s, m, cid = _worst(per[a.id][0][:, i], per[a.id][1][:, i], [c.id for c in clauses[a.id]])
            else:
                s, m, cid = StatusCode.NOT_APPLICABLE.value, float("nan"), ""
            statuses[a.id] = PLACE_WORDS[STATUSES[s]]
            margins[a.id] = None if m != m else m / 1000.0
            deciders[a.id] = cid
            inside[a.id] += statuses[a.id] == "inside"
        shifts.append(Shift(place.id, place.name, statuses, margins, deciders,
                            {"kind": place.kind, "lon": place.lon, "lat": place.lat}))
    return shifts, inside


def _observation_shifts(observations: ObservationSet, pack: Pack, chosen: list[Agreement],
                        at: date | None) -> tuple[list[Shift], dict[str, dict[str, int]]]:
    result = check(observations, pack, agreements=[a.id for a in chosen], at=at)
    n = len(observations)
    all_status, all_margin = result.grid("status"), result.grid("margin_m")
    rows_of: dict[str, list[int]] = {a.id: [] for a in chosen}
    for k, (aid, _) in enumerate(result.clauses):
        rows_of[aid].append(k)
    counts: dict[str, dict[str, int]] = {a.id: dict.fromkeys(STATUSES, 0) for a in chosen}
    shifts = []
    for i in range(n):
        statuses: dict[str, str] = {}
        margins: dict[str, float | None] = {}
        deciders: dict[str, str] = {}
        for a in chosen:
            ks = rows_of[a.id]
            sign = np.array([-1.0 if result.clauses[k][1].kind == "must_stay_in" else 1.0 for k in ks])
            s, m, cid = _worst(all_status[ks, i], sign * all_margin[ks, i],
                               [result.clauses[k][1].id for k in ks])
            statuses[a.id] = STATUSES[s]
            margins[a.id] = None if m != m else m / 1000.0
            deciders[a.id] = cid
            counts[a.id][STATUSES[s]] += 1
        if len(set(statuses.values())) > 1:
            t = observations.time[i]
            shifts.append(Shift(str(observations.id[i]), str(observations.quote[i])[:80], statuses, margins,
                                deciders, {"actor": str(observations.actor[i]),
                                           "time": None if np.isnat(t) else str(t)}))
    return shifts, counts


def _chosen(pack: Pack, agreement_ids: list[str], clauses: list[str] | None) -> list[Agreement]:
    """The agreements to compare, refusing fewer than two, repeats and unknown clause ids."""
    if len(agreement_ids) < 2:
        raise StandoffError(f"give at least two agreements to compare; got {len(agreement_ids)}")
    twice = sorted({a for a in agreement_ids if agreement_ids.count(a) > 1})
    if twice:
        raise StandoffError(f"agreement {', '.join(twice)} is given more than once")
    chosen = select_agreements(pack, list(agreement_ids))
    if clauses is not None:
        known = {c.id for a in chosen for c in a.clauses}
        for cid in clauses:
            if cid not in known:
                raise StandoffError(f"no clause '{cid}' in {', '.join(a.id for a in chosen)}"
                                    f"{did_you_mean(cid, sorted(known))}")
    return chosen


def _version_areas(shaper: ZoneShaper, chosen: list[Agreement], clauses_by: dict[str, list[Clause]]
                   ) -> tuple[dict[str, BaseGeometry], list[VersionArea]]:
    """Each agreement's forbidden zone inside the theatre, and its area in words and km²."""
    theatre = shaper.plane.to_lonlat(shaper.theatre)
    zones: dict[str, BaseGeometry] = {}
    areas = []
    for a in chosen:
        whole = _forbidden_zone(shaper, a, clauses_by[a.id])
        zones[a.id] = _polygonal(whole.intersection(theatre))
        described = "; ".join(dict.fromkeys(
            ("outside " if c.kind == "must_stay_in" else "")
            + follow_refs(c.zone).describe()
            for c in clauses_by[a.id]))
        areas.append(VersionArea(a.id, a.title, a.status, [c.id for c in clauses_by[a.id]],
                                 described or "(no clause forbids presence)",
                                 geodesic_area_km2(zones[a.id]), geodesic_area_km2(whole)))
    return zones, areas


def _area_changes(chosen: list[Agreement], zones: dict[str, BaseGeometry]
                  ) -> tuple[list[AreaChange], dict[tuple[str, str, str], BaseGeometry]]:
    """For each ordered pair of agreements, what the second adds to and removes from the first."""
    changes, differences = [], {}
    for old, new in permutations([x.id for x in chosen], 2):
        added = _polygonal(zones[new].difference(zones[old]))
        removed = _polygonal(zones[old].difference(zones[new]))
        differences[(old, new, "added")], differences[(old, new, "removed")] = added, removed
        changes.append(AreaChange(old, new, geodesic_area_km2(added), geodesic_area_km2(removed)))
    return changes, differences


def _notes(pack: Pack, at: date | None, actor: str | None, clauses_by: dict[str, list[Clause]]) -> list[str]:
    """How the comparison was made, in words, for its reader."""
    versions = f"in force on {at.isoformat()}" if at else "latest version of each feature"
    notes = [
        "forbidden zone = union of the must_not_enter and no_equipment zones and of the theatre outside "
        "must_stay_in zones; limit clauses are left out",
        f"areas: counted inside the theatre ({pack.theatre}); zone polygons built in a local azimuthal "
        "equidistant plane centred on the theatre (scale error ~0.02 %), areas measured on the WGS84 "
        f"ellipsoid; feature versions: {versions}",
        "places: each gazetteer place checked by the engine as a point (radius 0) with an actor each clause "
        "binds; inside / edge (within the boundary feature's accuracy) / outside; margin km > 0 = inside"
        + ("" if at else "; no time given, so every feature version is checked (disagreement = edge)"),
        f"stated vs measured: {RULE}",
    ]
    bound = {tuple(sorted(c.actor)) for cs in clauses_by.values() for c in cs}
    if actor is not None:
        notes.insert(1, f"only clauses that bind {actor} are counted")
    elif len(bound) > 1:
        notes.insert(1, "the clauses bind different actors (" + "; ".join(", ".join(b) for b in sorted(bound))
                     + "): each zone is their union; compare one actor with actor= (--actor)")
    return notes


def compare(pack: Pack, agreement_ids: list[str], *, observations: ObservationSet | None = None,
            at: date | None = None, actor: str | None = None, clauses: list[str] | None = None,
            equipment: str | None = None) -> Comparison:
    """Compare two or more agreements of a pack: areas, place and observation verdicts, stated km.

    `at` picks the feature versions and the clauses in force on that day; without it every
    feature's latest version is used for areas, and places (which have no time) are checked by
    the engine against every feature version. `actor` (a code such as 'IRN.IRGC') keeps only the
    clauses that bind it, and checks the places as that actor. `clauses` keeps only the clauses
    with those ids; `equipment` (a unit type such as 'sam') keeps the equipment bans that name
    it, besides the presence clauses, and checks the places as holding it.
    """
    chosen = _chosen(pack, agreement_ids, clauses)
    if equipment is not None:  # an alias names its code; 'ARTY*' stands for the class ARTY itself
        equipment = unit_names(pack.units).get(equipment.casefold(), equipment.rstrip("*").rstrip("."))
    clauses_by = {a.id: forbidden_clauses(a, at, actor, clauses, equipment) for a in chosen}
    zones, areas = _version_areas(ZoneShaper(pack, at), chosen, clauses_by)
    changes, differences = _area_changes(chosen, zones)
    every_place, inside = _place_shifts(pack, chosen, clauses_by, at, actor, equipment)
    places = [p for p in every_place if len(set(p.statuses.values())) > 1]
    for area in areas:
        area.places_inside = inside[area.agreement_id]
    obs_shifts = obs_counts = None
    if observations is not None:
        obs_shifts, obs_counts = _observation_shifts(observations, pack, chosen, at)
    return Comparison(pack.id, [a.id for a in chosen], at, areas, changes, places, obs_shifts, obs_counts,
                      stated_checks(pack, chosen, day=at), _notes(pack, at, actor, clauses_by),
                      len(pack.places), every_place, zones, differences)
