"""Event data as analysts get it: ACLED exports and GDELT 2.0 event files, known by their columns.

An ACLED export is a CSV whose header has `event_id_cnty`, `event_date`, `actor1`, `latitude`
and `longitude` (any case). A GDELT 2.0 event file has no header: tab-separated lines of 61
fields, the first a number (GLOBALEVENTID) and the second a date as eight digits (SQLDATE).
Each event becomes one observation per distinct actor it names (ACLED's actor1, assoc_actor_1,
actor2, assoc_actor_2; GDELT's Actor1Code, Actor2Code), its name mapped to the pack's actors
through their aliases (`standoff.ingest.actornames`). The mapping and the radii are in
docs/events.md.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from standoff.errors import ObservationError, message
from standoff.ingest import strict
from standoff.ingest.actornames import ActorNames, fold_name
from standoff.ingest.tabular import _Table
from standoff.model import Pack

__all__ = ["ACLED_RADIUS_M", "GDELT_COLUMNS", "GDELT_RADIUS_M", "event_format", "read_event_table"]

ACLED_NEEDS = ("event_id_cnty", "event_date", "actor1", "latitude", "longitude")
ACLED_ROLES = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
#: ACLED geo_precision -> radius (m): the town itself; near a town or a part of a region,
#: coded to the nearest town; only the region known, coded to its capital or a central place.
ACLED_RADIUS_M = {"1": 2_000.0, "2": 20_000.0, "3": 75_000.0}
#: ACLED sub_event_type -> the activity words of no_activity clauses (others: the type's own words).
ACLED_ACTIVITY = {"air/drone strike": "strike", "shelling/artillery/missile attack": "firing",
                  "armed clash": "firing", "grenade": "firing"}
_ACLED_VERBATIM = {"latitude": "lat", "longitude": "lon", "notes": "quote", "source": "source"}
_ACLED_LABELS = {"id": "event_id_cnty", "time": "event_date", "time_end": "event_date", "lon": "longitude",
                 "lat": "latitude", "radius_m": "geo_precision", "actor": "actor1", "quote": "notes"}

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{k}{f}" for k in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL")
_G = {name: j for j, name in enumerate(GDELT_COLUMNS)}
#: GDELT ActionGeo_Type -> radius (m): 1 a country (its centroid), 2 a US state, 3 a US city,
#: 4 a world city, 5 a world state (first-order division).
GDELT_RADIUS_M = {"1": 500_000.0, "2": 75_000.0, "3": 10_000.0, "4": 10_000.0, "5": 75_000.0}
_GDELT_VERBATIM = {"ActionGeo_Lat": "lat", "ActionGeo_Long": "lon", "SOURCEURL": "source"}
_GDELT_LABELS = {"id": "GLOBALEVENTID", "time": "SQLDATE", "lon": "ActionGeo_Long", "lat": "ActionGeo_Lat",
                 "radius_m": "ActionGeo_Type", "actor": "Actor1Code", "source": "SOURCEURL"}
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%d-%m-%Y")


def event_format(path: Path) -> str | None:
    """'acled', 'gdelt' or None, from the first line of a .csv, .tsv or .txt file."""
    if path.suffix.lower() not in (".csv", ".tsv", ".txt") or not path.is_file():
        return None
    with path.open("rb") as f:
        head = f.read(1 << 16).decode("utf-8", "replace").lstrip("\ufeff")
    first = head.split("\n", 1)[0].rstrip("\r")
    fields = first.split("\t")
    if len(fields) == len(GDELT_COLUMNS) and fields[0].isdigit() and re.fullmatch(r"\d{8}", fields[1]):
        return "gdelt"
    names = {n.strip().strip('"').strip().lower() for n in first.split(",")}
    return "acled" if all(n in names for n in ACLED_NEEDS) else None


def read_event_table(path: Path, pack: Pack | None) -> _Table | None:
    """The rows of an ACLED or GDELT file in our columns, or None when it is neither."""
    kind = event_format(path)
    if kind is None:
        return None
    names = ActorNames(pack) if pack is not None else None
    text = strict.read_text(path, "ACLED CSV" if kind == "acled" else "GDELT")
    return _acled(path, text, names) if kind == "acled" else _gdelt(path, text, names)


class _Codes:
    """Names mapped to actor codes, each distinct name once."""

    def __init__(self, names: ActorNames | None) -> None:
        self.names = names
        self.seen: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self.seen:
            self.seen[name] = (self.names.code(name) if self.names else None) or name
        return self.seen[name]


def _per_actor(row: dict[str, Any], event_id: str, named: list[tuple[str, str]], codes: _Codes,
               rows: list[dict[str, Any]]) -> int:
    """One row per distinct actor an event names; returns how many."""
    done: dict[str, str] = {}  # code -> id
    for role, name in named:
        code = codes(name)
        if code in done:
            continue
        obs_id = event_id if not done else f"{event_id}/{role}"
        k = 1
        while obs_id in done.values():
            k += 1
            obs_id = f"{event_id}/{role}.{k}"
        rows.append({**row, "id": obs_id, "actor": code, "actor_name": name, "actor_role": role})
        done[code] = obs_id
    return len(done)


def _day(text: str, formats: tuple[str, ...] = _DATE_FORMATS) -> date | None:
    for fmt in formats:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _acled_days(day: date, precision: str) -> tuple[date, date | None]:
    """ACLED's time_precision: 1 the day; 2 a week (either side of the date); 3 the date's month."""
    if precision == "2":
        return day - timedelta(days=6), day + timedelta(days=6)
    if precision == "3":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    return day, None


def _acled_row(path: Path, line: int, r: dict[str, str]) -> dict[str, Any]:
    """Our columns for one ACLED record (its actors are added by the caller)."""
    def bad(field: str, msg: str) -> ObservationError:
        return ObservationError(f"field '{field}': {msg}", file=str(path), line=line, field=field)

    raw_day = r.get("event_date", "")
    day = _day(raw_day)
    if day is None:
        raise bad("event_date", f"'{raw_day}' is not a date such as 2018-07-23 or 23 July 2018")
    precision = r.get("time_precision", "1").strip() or "1"
    if precision not in ("1", "2", "3"):
        raise bad("time_precision", f"'{precision}' is not 1, 2 or 3")
    start, end = _acled_days(day, precision)
    geo = r.get("geo_precision", "").strip()
    if geo not in ACLED_RADIUS_M:
        raise bad("geo_precision", f"'{geo}' is not 1, 2 or 3")
    sub = r.get("sub_event_type", "").strip()
    activity = ACLED_ACTIVITY.get(sub.lower(), fold_name(sub).replace(" ", "_"))
    row = {ours: r.get(theirs, "") for theirs, ours in _ACLED_VERBATIM.items()}
    extra = {k: v for k, v in r.items() if k not in _ACLED_VERBATIM and k != "event_date"}
    return {**extra, **row, "time": start.isoformat(), "time_end": end.isoformat() if end else "",
            "radius_m": repr(ACLED_RADIUS_M[geo]), "activity": activity}


def _acled(path: Path, text: str, names: ActorNames | None) -> _Table:
    header, records, starts = strict.csv_records(path, text)
    columns = [h.strip().lower() for h in header]
    codes = _Codes(names)
    rows: list[dict[str, Any]] = []
    where: list[tuple[int | None, int]] = []
    for record, line in zip(records, starts, strict=True):
        if len(record) > len(columns):
            raise ObservationError(message("csv-extra-fields", count=len(record), header=len(columns)),
                                   file=str(path), line=line, code="csv-extra-fields")
        r = dict(zip(columns, record, strict=False))
        event_id = r.get("event_id_cnty", "").strip()
        if not event_id:
            raise ObservationError("field 'event_id_cnty': every event needs an id", file=str(path),
                                   line=line, field="event_id_cnty")
        named = [(role, n.strip()) for role in ACLED_ROLES for n in r.get(role, "").split(";") if n.strip()]
        if not named:
            raise ObservationError("field 'actor1': every event needs an actor", file=str(path), line=line,
                                   field="actor1")
        added = _per_actor(_acled_row(path, line, r), event_id, named, codes, rows)
        where += [(line, len(where) + k + 1) for k in range(added)]
    table = _Table(path, rows, where, labels=_ACLED_LABELS, names=True)
    table.extra = _extra_names(["actor_name", "actor_role", *columns], _ACLED_VERBATIM)
    return table


def _extra_names(columns: list[str], verbatim: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(c for c in columns if c and c not in verbatim and c not in ("event_date",)))


def _gdelt_row(path: Path, line: int, f: list[str]) -> dict[str, Any] | None:
    """Our columns for one GDELT event, or None when it has no place to check."""
    def bad(field: str, msg: str) -> ObservationError:
        return ObservationError(f"field '{field}': {msg}", file=str(path), line=line, field=field)

    if not f[0].isdigit():
        raise bad("GLOBALEVENTID", f"'{f[0]}' is not a number")
    day = _day(f[1], ("%Y%m%d",)) if re.fullmatch(r"\d{8}", f[1]) else None
    if day is None:
        raise bad("SQLDATE", f"'{f[1]}' is not a date written YYYYMMDD")
    kind = f[_G["ActionGeo_Type"]].strip()
    if kind in ("", "0") or not f[_G["ActionGeo_Lat"]].strip() or not f[_G["ActionGeo_Long"]].strip():
        return None
    if kind not in GDELT_RADIUS_M:
        raise bad("ActionGeo_Type", f"'{kind}' is not one of 0 to 5")
    code = f[_G["EventCode"]].strip()
    activity = "strike" if code.startswith("195") else "firing" if code[:3] in ("190", "193", "194", "196") \
        else ""
    extra = {name: f[j] for j, name in enumerate(GDELT_COLUMNS) if name not in _GDELT_VERBATIM}
    row = {ours: f[_G[theirs]] for theirs, ours in _GDELT_VERBATIM.items()}
    return {**extra, **row, "time": day.isoformat(), "radius_m": repr(GDELT_RADIUS_M[kind]),
            "activity": activity}


def _gdelt(path: Path, text: str, names: ActorNames | None) -> _Table:
    codes = _Codes(names)
    rows: list[dict[str, Any]] = []
    where: list[tuple[int | None, int]] = []
    no_place = no_actor = 0
    for line, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
        if not raw:
            continue
        fields = raw.split("\t")
        if len(fields) != len(GDELT_COLUMNS):
            raise ObservationError(f"{len(fields)} tab-separated fields, but a GDELT 2.0 event has "
                                   f"{len(GDELT_COLUMNS)}", file=str(path), line=line)
        row = _gdelt_row(path, line, fields)
        named = [(role, fields[_G[role]].strip()) for role in ("Actor1Code", "Actor2Code")
                 if fields[_G[role]].strip()]
        if row is None or not named:
            no_place, no_actor = no_place + (row is None), no_actor + (row is not None)
            continue
        added = _per_actor(row, fields[0], named, codes, rows)
        where += [(line, len(where) + k + 1) for k in range(added)]
    table = _Table(path, rows, where, labels=_GDELT_LABELS, names=True)
    table.extra = _extra_names(["actor_name", "actor_role", *GDELT_COLUMNS], _GDELT_VERBATIM)
    left = [f"{n} without {what}" for n, what in ((no_place, "a place (ActionGeo_Type 0 or no "
                                                   "ActionGeo_Lat/Long)"), (no_actor, "an actor code")) if n]
    if left:
        table.skipped = f"{no_place + no_actor} events left out: " + ", ".join(left)
    return table
